"""The on-disk cache: warm loads equal cold ones, one new file is the only one analysed,
damaged entries are rebuilt, moved files keep their new names."""
import shutil
from collections import OrderedDict

import pandas as pd
import pytest

from analysis import cache as cache_module
from analysis import corpus as corpus_module
from analysis import pipeline
from analysis import load_corpus

SEEDS = __import__("pathlib").Path(__file__).parent.parent / "seeds"


@pytest.fixture
def fresh_memory(monkeypatch):
    monkeypatch.setattr(cache_module, "_FILE_CACHE", OrderedDict())


def count_analyses(monkeypatch):
    calls = []
    original = pipeline.analyse_document

    def counting(doc, segmenter):
        calls.append(doc.name)
        return original(doc, segmenter)

    monkeypatch.setattr(pipeline, "analyse_document", counting)
    return calls


def test_warm_load_from_disk_equals_cold_build(tmp_path, fresh_memory, monkeypatch):
    cold = load_corpus([SEEDS], cache_dir=tmp_path / "cache", workers=1)
    monkeypatch.setattr(cache_module, "_FILE_CACHE", OrderedDict())
    calls = count_analyses(monkeypatch)
    warm = load_corpus([SEEDS], cache_dir=tmp_path / "cache", workers=1)
    assert calls == []
    pd.testing.assert_frame_equal(cold.articles, warm.articles)
    pd.testing.assert_frame_equal(cold.terms.frame(), warm.terms.frame())
    pd.testing.assert_frame_equal(cold.metrics.frame(), warm.metrics.frame())


def test_adding_one_file_analyses_only_that_file(tmp_path, fresh_memory, monkeypatch):
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    load_corpus([folder], cache_dir=tmp_path / "cache", workers=1)
    monkeypatch.setattr(cache_module, "_FILE_CACHE", OrderedDict())
    calls = count_analyses(monkeypatch)
    (folder / "new.txt").write_text("成都职工书屋开放\n本报讯 日前，成都市总工会新建职工书屋45家。\n", encoding="utf-8")
    corpus = load_corpus([folder], cache_dir=tmp_path / "cache", workers=1)
    assert calls == ["new.txt"] and len(corpus.files) == 6


def test_damaged_snapshots_are_rebuilt_not_shown(tmp_path, fresh_memory, monkeypatch):
    store = tmp_path / "cache"
    cold = load_corpus([SEEDS], cache_dir=store, workers=1)
    for parquet in store.rglob("articles.parquet"):
        parquet.write_bytes(b"PAR1 not really")  # a truncated file, footer missing
    monkeypatch.setattr(cache_module, "_FILE_CACHE", OrderedDict())
    warm = load_corpus([SEEDS], cache_dir=store, workers=1)
    pd.testing.assert_frame_equal(cold.articles, warm.articles)


def test_moved_file_keeps_its_new_name_and_path(tmp_path, fresh_memory):
    store = tmp_path / "cache"
    first = tmp_path / "a"
    first.mkdir()
    shutil.copy(SEEDS / "001_30390a7628cb219f.txt", first / "普陀.txt")
    load_corpus([first], cache_dir=store, workers=1)
    second = tmp_path / "b"
    second.mkdir()
    shutil.copy(first / "普陀.txt", second / "改名.txt")
    corpus = load_corpus([second], cache_dir=store, workers=1)
    assert set(corpus.articles["file"]) == {"改名.txt"} and set(corpus.metrics.frame()["file"]) == {"改名.txt"}
    assert corpus.articles["path"].iloc[0].endswith("改名.txt")


def test_a_read_only_cache_costs_speed_not_results(tmp_path, fresh_memory, monkeypatch):
    monkeypatch.setattr(cache_module, "write", lambda *a, **k: (_ for _ in ()).throw(OSError("read-only")))
    corpus = load_corpus([SEEDS], cache_dir=tmp_path / "cache", workers=1)
    assert len(corpus.articles) == 17


def test_parallel_build_equals_serial(tmp_path, fresh_memory, monkeypatch):
    serial = load_corpus([SEEDS], workers=1)
    monkeypatch.setattr(cache_module, "_FILE_CACHE", OrderedDict())
    parallel = load_corpus([SEEDS], workers=2)
    pd.testing.assert_frame_equal(serial.articles, parallel.articles)
    pd.testing.assert_frame_equal(serial.metrics.frame(), parallel.metrics.frame())


def test_adding_a_file_reuses_the_last_snapshot_not_every_entry(tmp_path, fresh_memory, monkeypatch):
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    store = tmp_path / "cache"
    before = load_corpus([folder], cache_dir=store, workers=1)
    monkeypatch.setattr(cache_module, "_FILE_CACHE", OrderedDict())
    reads = []
    original_read = cache_module.read
    monkeypatch.setattr(cache_module, "read", lambda d, k, **kw: reads.append(k) or original_read(d, k, **kw))
    (folder / "new.txt").write_text("成都职工书屋开放\n本报讯 日前，成都市总工会新建职工书屋45家。\n", encoding="utf-8")
    after = load_corpus([folder], cache_dir=store, workers=1)
    assert reads and all(k.startswith("corpus-") for k in reads)
    assert len(after.articles) == len(before.articles) + 1
    old = after.articles[after.articles["file"] != "new.txt"].reset_index(drop=True)
    pd.testing.assert_frame_equal(old, before.articles)


def test_a_dictionary_edit_resegments_without_splitting_again(tmp_path, fresh_memory, monkeypatch):
    store = tmp_path / "cache"
    before = load_corpus([SEEDS], cache_dir=store, workers=1)
    monkeypatch.setattr(cache_module, "_FILE_CACHE", OrderedDict())
    calls = count_analyses(monkeypatch)
    after = load_corpus([SEEDS], cache_dir=store, workers=1, extra_words=("深学笃行",))
    assert calls == []  # nothing split again
    assert "深学笃行" in set(after.terms.frame()["term"]) and "深学笃行" not in set(before.terms.frame()["term"])
    pd.testing.assert_frame_equal(before.articles.drop(columns="tokens"), after.articles.drop(columns="tokens"))


def test_warm_start_decodes_nothing_and_repeats_every_warning(tmp_path, fresh_memory, monkeypatch):
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    # 3 bad bytes in ~450: under the 1 % beyond which a text is refused
    (folder / "broken_gbk.txt").write_bytes(("上海市总工会举办劳动竞赛" * 15).encode("gbk") + b"\xff\xfe\x81"
                                            + ("职工参赛" * 10).encode("gbk"))
    cold = load_corpus([folder], cache_dir=tmp_path / "cache", workers=1)
    assert any("binary.txt" in w and "二进制" in w for w in cold.warnings)
    assert any("broken_gbk.txt" in w and "无法识别的字节" in w for w in cold.warnings)
    monkeypatch.setattr(cache_module, "_FILE_CACHE", OrderedDict())
    decoded = []
    original = corpus_module.ingest.RawFile.decode
    monkeypatch.setattr(corpus_module.ingest.RawFile, "decode",
                        lambda raw: decoded.append(raw.name) or original(raw))
    warm = load_corpus([folder], cache_dir=tmp_path / "cache", workers=1)
    assert decoded == []
    assert warm.warnings == cold.warnings
    pd.testing.assert_frame_equal(cold.files, warm.files)
    pd.testing.assert_frame_equal(cold.articles, warm.articles)


def test_renamed_file_is_reported_under_its_new_name(tmp_path, fresh_memory):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "old.txt").write_bytes(b"\x00\x01\x02\x03" * 500)
    first = load_corpus([folder], cache_dir=tmp_path / "cache", workers=1)
    assert any(w.startswith("old.txt") for w in first.warnings)
    (folder / "old.txt").rename(folder / "new.txt")
    second = load_corpus([folder], cache_dir=tmp_path / "cache", workers=1)
    assert any(w.startswith("new.txt") for w in second.warnings)
    assert not any("old.txt" in w for w in second.warnings)


def test_a_dictionary_edit_resegments_stored_articles_with_progress(tmp_path, fresh_memory, monkeypatch):
    cold = load_corpus([SEEDS], cache_dir=tmp_path / "cache", workers=1)
    monkeypatch.setattr(cache_module, "_FILE_CACHE", OrderedDict())
    calls = count_analyses(monkeypatch)
    reports = []
    edited = load_corpus([SEEDS], cache_dir=tmp_path / "cache", workers=1, extra_words=("劳模工匠联学",),
                         on_progress=lambda done, total, name: reports.append((done, total, name)))
    assert calls == []  # nothing split again: only segmented
    assert reports[-1] == (len(cold.articles), len(cold.articles), pipeline.RESEGMENT_LABEL)
    assert (edited.terms.frame()["term"] == "劳模工匠联学").any() and not (cold.terms.frame()["term"] == "劳模工匠联学").any()


def test_the_in_memory_file_cache_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(cache_module, "_FILE_CACHE", OrderedDict())
    monkeypatch.setattr(cache_module, "FILE_CACHE_ENTRIES", 3)
    for n in range(5):
        (tmp_path / f"{n}.txt").write_text(f"第{n}篇报道\n本报讯 日前，成都市总工会慰问户外劳动者{n + 1}00余人。\n", encoding="utf-8")
    load_corpus([tmp_path])
    assert len(cache_module._FILE_CACHE) == 3
    assert len(load_corpus([tmp_path]).articles) == 5  # the evicted files are analysed again


def _hashes_read(monkeypatch):
    """Names of the files whose bytes load_corpus reads to hash them."""
    read = []
    original = corpus_module.ingest.Path.read_bytes
    monkeypatch.setattr(corpus_module.ingest.Path, "read_bytes",
                        lambda path: read.append(path.name) or original(path))
    return read


@pytest.fixture
def no_racy_window(monkeypatch):
    """Files count as written long before they were hashed (tests write them just before)."""
    monkeypatch.setattr(cache_module, "RACY_NS", 0)


def test_a_warm_start_reads_no_file_unchanged_since_it_was_hashed(tmp_path, fresh_memory, no_racy_window,
                                                                  monkeypatch):
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    cold = load_corpus([folder], cache_dir=tmp_path / "cache", workers=1)
    read = _hashes_read(monkeypatch)
    warm = load_corpus([folder], cache_dir=tmp_path / "cache", workers=1)
    assert read == []
    pd.testing.assert_frame_equal(cold.articles, warm.articles)
    pd.testing.assert_frame_equal(cold.files, warm.files)


def test_a_file_edited_in_place_is_read_again_even_with_the_same_size_and_time(tmp_path, fresh_memory,
                                                                              no_racy_window, monkeypatch):
    import os

    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    load_corpus([folder], cache_dir=tmp_path / "cache", workers=1)
    target = sorted(folder.iterdir())[0]
    stat = target.stat()
    data = target.read_bytes()
    edited = data.replace("工会".encode(), "协会".encode(), 1)
    assert edited != data and len(edited) == len(data)
    target.write_bytes(edited)
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # size and mtime as before; ctime moved
    read = _hashes_read(monkeypatch)
    corpus = load_corpus([folder], cache_dir=tmp_path / "cache", workers=1)
    assert read == [target.name]
    assert corpus.files.set_index("file").loc[target.name, "sha1"] == __import__("hashlib").sha1(edited).hexdigest()


def test_a_file_hashed_just_after_it_was_written_is_hashed_again(tmp_path, fresh_memory, monkeypatch):
    # within the timestamp's resolution a second write could go unseen ("racy git")
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    load_corpus([folder], cache_dir=tmp_path / "cache", workers=1)
    read = _hashes_read(monkeypatch)
    load_corpus([folder], cache_dir=tmp_path / "cache", workers=1)
    assert sorted(read) == sorted(p.name for p in folder.iterdir())
