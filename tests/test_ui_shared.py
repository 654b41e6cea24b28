"""Results shared by every session (ui/memo.py, ui/shared.py) and run timing (ui/page.py),
outside any page."""
import threading

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis import load_corpus, open_corpus
from ui import memo, page
from ui.shared import SharedSelection


def test_a_view_is_built_once_for_all_sessions_and_again_for_a_new_corpus(tmp_path):
    results = memo._SharedResults(size=4)
    corpus = load_corpus([tmp_path])  # empty corpus frames: identity is what matters here
    calls = []

    def build():
        calls.append(1)
        return object()

    first = results.get(("map", None), build, owner=corpus)
    threads = [threading.Thread(target=lambda: results.get(("map", None), build, owner=corpus)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.get(("map", None), build, owner=corpus) is first and len(calls) == 1
    other = load_corpus([tmp_path])  # the data changed: a new Corpus object
    assert results.get(("map", None), build, owner=other) is not first and len(calls) == 2
    for n in range(6):  # bounded: old keys fall out
        results.get(("k", n), build, owner=other)
    assert len(results.entries) == 4


def test_the_shared_results_stay_within_their_memory_budget():
    results = memo._SharedResults(size=1000, budget=10 * 2**20)
    for n in range(40):  # 40 frames of ~1 MB each into a 10 MB budget
        results.get(("frame", n), lambda n=n: pd.DataFrame({"x": np.arange(125_000, dtype="int64") + n}))
        assert results.held <= results.budget
    assert 8 <= len(results.entries) <= 10 and ("frame", 39) in results.entries and ("frame", 0) not in results.entries
    huge = results.get(("huge",), lambda: np.zeros(2**20))  # 8 MB: over a quarter of the budget
    assert huge.size == 2**20 and ("huge",) not in results.entries


def test_approx_bytes_counts_what_frames_figures_and_images_hold():
    frame = pd.DataFrame({"term": ["职工"] * 10_000, "count": np.arange(10_000)})
    assert memo.approx_bytes(frame) >= 10_000 * 8
    figure = go.Figure(go.Scatter(x=list(range(50_000)), y=list(range(50_000))))
    assert 800_000 <= memo.approx_bytes(figure) <= 20_000_000
    assert memo.approx_bytes(b"x" * 300_000) >= 300_000


def test_a_memoized_chart_is_built_once_per_content_of_its_frames():
    memo.RESULTS.clear()
    calls = []

    @memo.memoized
    def bar(table: pd.DataFrame, *, title: str):
        calls.append(title)
        return go.Figure(go.Bar(x=table["term"], y=table["count"]), layout={"title": title})

    table = pd.DataFrame({"term": ["职工", "工会"], "count": [3, 2]})
    first = bar(table, title="高频词")
    assert bar(table.copy(), title="高频词") is first  # equal content, another object
    assert bar(table.assign(count=[3, 1]), title="高频词") is not first  # one cell differs
    assert bar(table, title="其他") is not first
    assert calls == ["高频词", "高频词", "其他"]


def test_a_shared_selection_answers_each_question_once_for_every_session(monkeypatch):
    corpus = open_corpus(["seeds"])
    memo.RESULTS.clear()  # another test of this process may have asked the same questions
    calls = []
    original = type(corpus).terms

    def counted(self, *args, **kwargs):
        calls.append(len(self))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(type(corpus), "terms", counted)
    one, two = SharedSelection(corpus.filter(province="上海")), SharedSelection(corpus.filter(province="上海"))
    assert one.terms(top=5) is two.terms(top=5) and len(calls) == 1  # two sessions, same articles
    assert one.terms(top=6) is not one.terms(top=5) and len(calls) == 2  # another question
    other = SharedSelection(corpus.filter(province="浙江"))
    assert set(other.terms(top=5)["term"]) != set() and len(calls) == 3  # other articles
    narrowed = one.subset(one.selection.head(1))
    assert isinstance(narrowed, SharedSelection) and len(narrowed) == 1
    assert narrowed.terms(top=5).equals(corpus.filter(province="上海").subset(one.selection.head(1)).terms(top=5))


def test_each_script_run_is_timed_into_the_file_named_by_the_environment(tmp_path, monkeypatch):
    target = tmp_path / "runs.tsv"
    monkeypatch.setenv(page.TIMINGS_ENV, str(target))
    with page.timed_run("terms"):
        pass
    with page.timed_run(""):
        pass
    lines = [line.split("\t") for line in target.read_text(encoding="utf-8").splitlines()]
    assert [page for page, _, _ in lines] == ["terms", "overview"]
    assert all(float(wall) >= 0 and float(cpu) >= 0 for _, wall, cpu in lines)


def test_the_dashboard_sees_its_own_uploads_at_once_and_edits_behind_its_back_within_the_full_check(
        tmp_path, monkeypatch):
    from analysis import store_upload
    from ui import corpus_cache

    home = str(tmp_path)
    store_upload(tmp_path / "uploads", "a.txt", "上海职工书屋开放\n本报讯 上海市总工会新建职工书屋。\n".encode())
    first = corpus_cache._version(home)
    assert corpus_cache._version(home) == first
    stored = store_upload(tmp_path / "uploads", "b.txt", "南京工会\n本报讯 南京市总工会举办培训。\n".encode())
    second = corpus_cache._version(home)
    assert second != first  # the app's own upload: seen on the next run
    stored.path.write_text("南京工会\n本报讯 南京市总工会举办技能培训。\n", encoding="utf-8")  # edited in place
    monkeypatch.setattr(corpus_cache, "FULL_CHECK_S", 0.0)
    assert corpus_cache._version(home) != second
