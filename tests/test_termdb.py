"""The term counts on disk (analysis.termdb): the same answers as in memory, still readable
after a newer build replaced their snapshot, groups and term subsets counted as asked."""
import shutil

import numpy as np
import pandas as pd

from analysis import load_corpus
from analysis.termdb import TermCounts

SEEDS = __import__("pathlib").Path(__file__).parent.parent / "seeds"


def small():
    rows = pd.DataFrame({"article_id": ["a-0", "a-0", "a-1", "b-0", "b-0"],
                         "term": ["职工", "工会", "职工", "工会", "书屋"], "count": [2, 1, 3, 4, 1]})
    return TermCounts.from_frame(rows.astype({"article_id": "str", "term": "str"}), ["a-0", "a-1", "b-0"])


def as_table(terms, counts):
    return sorted(zip(counts["group"].tolist(), terms.terms_of(counts["term"]).tolist(),
                      counts["count"].tolist(), counts["doc_freq"].tolist()))


def test_an_article_in_two_groups_counts_in_each_and_term_subsets_are_kept_to():
    terms = small()
    rows = terms.rows_of(["a-0", "a-1", "a-0"])  # a-0 in groups 0 and 1 (two themes)
    assert as_table(terms, terms.aggregate(rows, np.array([0, 0, 1]))) == [
        (0, "工会", 1, 1), (0, "职工", 5, 2), (1, "工会", 1, 1), (1, "职工", 2, 1)]
    only = terms.aggregate(terms.rows_of(["a-0", "b-0"]), None, terms.ids_of(["工会", "没有的词"]))
    assert as_table(terms, only) == [(0, "工会", 5, 2)]
    assert terms.rows(terms.rows_of(["b-0"]), terms.ids_of(["书屋", "工会"]))["count"].tolist() == [4, 1]


def test_counts_read_from_disk_equal_the_counts_in_memory(tmp_path):
    on_disk = load_corpus([SEEDS], cache_dir=tmp_path / "cache", workers=1)
    in_memory = load_corpus([SEEDS], workers=1)
    assert on_disk.terms._table is None and in_memory.terms._table is not None
    pd.testing.assert_frame_equal(on_disk.terms.frame(), in_memory.terms.frame())
    ids = on_disk.articles["article_id"].iloc[::2]
    groups = np.arange(len(ids)) % 3
    for terms in (on_disk.terms, in_memory.terms):
        assert as_table(terms, terms.aggregate(terms.rows_of(ids), groups)) == \
            as_table(in_memory.terms, in_memory.terms.aggregate(in_memory.terms.rows_of(ids), groups))


def test_an_open_corpus_still_answers_after_a_newer_build_removed_its_snapshot(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    first = load_corpus([folder], cache_dir=tmp_path / "cache", workers=1)
    before = first.terms.frame()
    (folder / "new.txt").write_text("成都职工书屋开放\n本报讯 日前，成都市总工会新建职工书屋45家。\n", encoding="utf-8")
    load_corpus([folder], cache_dir=tmp_path / "cache", workers=1)  # writes a new snapshot, prunes the old
    assert len(list((tmp_path / "cache").glob("corpus-*"))) == 1
    pd.testing.assert_frame_equal(first.terms.frame(), before)
    rows = first.terms.rows_of(first.articles["article_id"])
    assert first.terms.aggregate(rows)["count"].sum() == before["count"].sum()


def test_the_whole_corpus_is_counted_from_stored_totals_that_equal_a_query(tmp_path, monkeypatch):
    corpus = load_corpus([SEEDS], cache_dir=tmp_path / "cache", workers=1)
    terms = corpus.terms
    every = terms.rows_of(corpus.articles["article_id"])
    whole = terms.aggregate(every[::-1])  # any order of every article
    queried = terms.aggregate(every, np.zeros(len(every)))  # grouped: always a query
    assert as_table(terms, whole) == as_table(terms, queried)
    monkeypatch.setattr(TermCounts, "_run", lambda *a: (_ for _ in ()).throw(AssertionError("queried")))
    assert as_table(terms, terms.aggregate(every)) == as_table(terms, whole)


def test_most_of_the_corpus_is_counted_as_the_totals_less_what_is_left_out(tmp_path):
    corpus = load_corpus([SEEDS], cache_dir=tmp_path / "cache", workers=1)
    terms = corpus.terms
    every = terms.rows_of(corpus.articles["article_id"])
    most = np.delete(every, [1, 5, 6])  # as when reprints are folded
    queried = terms.aggregate(most, np.zeros(len(most)))  # grouped: always a query
    assert as_table(terms, terms.aggregate(most)) == as_table(terms, queried)
    twice = np.concatenate([most, most[:3]])  # an article listed twice is counted twice
    assert as_table(terms, terms.aggregate(twice)) == as_table(terms, terms.aggregate(twice, np.zeros(len(twice))))
