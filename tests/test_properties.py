"""Property tests: arbitrary Unicode and bytes never raise anything but the documented errors."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import ingest
from analysis.dates import infer_year
from analysis.metrics import extract_metrics
from analysis.places import infer_region
from analysis.segment import load_segmenter
from analysis.split import split_page

# Text that looks like the domain: Chinese, digits, punctuation, newlines, plus anything.
CHINESE = st.text(alphabet=st.sampled_from(list("工会职工总工会上海市普陀区舟山鼓楼万亿千百十一二三两余多近约超以上人次元家场％%.,，。、；：“”（）()——↑图为本报讯记者\n 0123456789年月日第届周年")), max_size=400)
ANY_TEXT = st.one_of(CHINESE, st.text(max_size=300))
FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.binary(max_size=2000))
def test_any_bytes_decode_or_raise_an_ingest_error(data):
    try:
        doc = ingest.document_from_bytes(data, name="x.txt")
    except ingest.IngestError as err:
        assert "x.txt" in str(err)
    else:
        assert doc.text.strip() and len(doc.sha1) == 40


@FAST
@given(ANY_TEXT)
def test_any_text_splits_into_articles_with_bodies(text):
    for article in split_page(text):
        assert article.body.strip()
        assert isinstance(article.title, str)


@FAST
@given(ANY_TEXT)
def test_any_text_segments_into_nonempty_tokens(text):
    tokens = load_segmenter().cut(text)
    assert all(token and not token.isspace() for token in tokens)


@FAST
@given(ANY_TEXT)
def test_figures_point_back_into_the_text(text):
    for metric in extract_metrics(text):
        assert text[metric.start:metric.end] == metric.surface
        assert metric.value == metric.value  # not NaN
        assert metric.value_high is None or metric.value_high >= metric.value


@FAST
@given(ANY_TEXT, ANY_TEXT)
def test_region_and_year_inference_never_fail(title, body):
    region = infer_region({"title": title, "body": body})
    assert region.province is None or isinstance(region.province, str)
    guess = infer_year(title + body)
    assert guess.year is None or 1949 <= guess.year <= 2100
