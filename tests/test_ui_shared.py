"""Results shared by every session (ui/shared.py) and run timing (ui/page.py), outside any page."""
import threading

from analysis import load_corpus
from ui import page, shared


def test_a_view_is_built_once_for_all_sessions_and_again_for_a_new_corpus(tmp_path):
    results = shared._SharedResults(size=4)
    corpus = load_corpus([tmp_path])  # empty corpus frames: identity is what matters here
    calls = []

    def build():
        calls.append(1)
        return object()

    first = results.get(corpus, ("map", None), build)
    threads = [threading.Thread(target=lambda: results.get(corpus, ("map", None), build)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.get(corpus, ("map", None), build) is first and len(calls) == 1
    other = load_corpus([tmp_path])  # the data changed: a new Corpus object
    assert results.get(other, ("map", None), build) is not first and len(calls) == 2
    for n in range(6):  # bounded: old keys fall out
        results.get(other, ("k", n), build)
    assert len(results.entries) == 4


def test_each_script_run_is_timed_into_the_file_named_by_the_environment(tmp_path, monkeypatch):
    target = tmp_path / "runs.tsv"
    monkeypatch.setenv(page.TIMINGS_ENV, str(target))
    with page.timed_run("terms"):
        pass
    with page.timed_run(""):
        pass
    lines = [line.split("\t") for line in target.read_text(encoding="utf-8").splitlines()]
    assert [page for page, _ in lines] == ["terms", "overview"] and all(float(s) >= 0 for _, s in lines)
