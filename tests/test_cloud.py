"""The word cloud draws Chinese glyphs with the provisioned font, not empty boxes."""
import io
from pathlib import Path

import numpy as np
import wordcloud
from PIL import Image

from analysis import load_stopwords, term_table
from ui.cloud import find_cjk_font, font_covers, wordcloud_image, wordcloud_png

LATIN_ONLY_FONT = str(Path(wordcloud.__file__).parent / "DroidSansMono.ttf")


def seed_frequencies(seed_corpus, n=60):
    table = term_table(seed_corpus.articles, seed_corpus.terms, stopwords=load_stopwords(), top=n)
    return dict(zip(table["term"], table["count"]))


def test_found_font_covers_every_character_of_the_cloud(seed_corpus):
    font = find_cjk_font()
    words = "".join(seed_frequencies(seed_corpus))
    assert font_covers(font, words)
    assert not font_covers(LATIN_ONLY_FONT, words)  # the check itself can fail


def test_cloud_with_cjk_font_differs_from_latin_only_rendering(seed_corpus):
    freqs = seed_frequencies(seed_corpus)
    cjk = np.asarray(wordcloud_image(freqs, width=400, height=240).convert("L"), dtype=float)
    boxes = np.asarray(
        wordcloud_image(freqs, font_path=LATIN_ONLY_FONT, width=400, height=240).convert("L"), dtype=float
    )
    assert cjk.std() > 10  # something is drawn
    assert np.abs(cjk - boxes).mean() > 5


def test_png_is_a_valid_image(seed_corpus):
    png = wordcloud_png(seed_frequencies(seed_corpus), width=300, height=200)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (300, 200)


def test_region_colours_are_stable_and_every_province_has_its_own():
    from analysis.gazetteer import load_gazetteer
    from ui.charts import region_color

    assert region_color("上海市") == region_color("上海市")
    provinces = {p.name for p in load_gazetteer().places if p.level == "province"}
    assert len(provinces) >= 31
    assert len({region_color(p) for p in provinces}) == len(provinces)


def test_every_chart_can_export_the_numbers_it_shows(seed_corpus):
    from analysis import load_stopwords, term_table
    from analysis.themes import load_lexicon, theme_shares, with_themes
    from ui.charts import figure_data, theme_heatmap, top_terms_bar

    table = term_table(seed_corpus.articles, seed_corpus.terms, stopwords=load_stopwords(), top=5)
    bars = figure_data(top_terms_bar(table))
    assert set(zip(bars["词语"], bars["词频"])) == set(zip(table["term"], table["count"]))
    lexicon, min_hits = load_lexicon()
    shares = theme_shares(with_themes(seed_corpus.with_texts(), lexicon, min_hits), list(lexicon), by="province")
    cells = figure_data(theme_heatmap(shares, group_label="省份", title="t"))
    assert len(cells) == len(shares)
    row = shares.iloc[0]
    assert cells[(cells["行"] == row["group"]) & (cells["列"] == row["theme"])]["值"].iloc[0] == row["score"]


def test_keyness_labels_never_print_over_each_other(seed_corpus):
    import numpy as np

    from analysis import load_stopwords
    from analysis.compare import compare_groups
    from ui.charts import LABEL_GAP_X, LABEL_GAP_Y, keyness_scatter

    table = compare_groups(seed_corpus.articles, seed_corpus.terms, by="province", a=["上海市"],
                           stopwords=load_stopwords(), min_count=1)
    trace = keyness_scatter(table, label_a="上海市", label_b="其余", title="t").data[0]
    points = [(np.log10(x), np.log10(y)) for x, y, label in zip(trace.x, trace.y, trace.text) if label]
    assert len(points) >= 5  # the strongest terms are still named
    for i, (x1, y1) in enumerate(points):
        for x2, y2 in points[i + 1:]:
            assert abs(x1 - x2) > LABEL_GAP_X or abs(y1 - y2) > LABEL_GAP_Y
    assert len(trace.x) == len(table)  # every term keeps its point
