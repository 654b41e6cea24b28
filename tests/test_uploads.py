"""Uploads: checked before writing, stored by hash, duplicates found, nothing half-written."""
import os
import time

import pytest

from analysis import load_corpus
from analysis.uploads import UploadError, clean_name, list_uploads, remove_upload, store_upload

PAGE = "成都市总工会开展送清凉活动\n本报讯 日前，四川省成都市总工会慰问户外劳动者3000余人。\n".encode("utf-8")


@pytest.mark.parametrize(
    "name, clean",
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("\\\\host\\share\\x.txt", "x.txt"),
        ("C:\\Users\\a\\报道.TXT", "报道.txt"),
        ("a\x00b\x1f<c>.txt", "a_b__c_.txt"),
        ("..", "未命名"),
    ],
)
def test_names_are_cleaned(name, clean):
    assert clean_name(name) == clean


def test_store_list_duplicate_remove(tmp_path):
    uploads = tmp_path / "uploads"
    first = store_upload(uploads, "../成都.txt", PAGE)
    assert first.path == uploads / first.sha1 / "成都.txt" and not first.duplicate
    again = store_upload(uploads, "另一个名字.txt", PAGE)
    assert again.duplicate and again.path == first.path
    assert [f.name for f in list_uploads(uploads)] == ["成都.txt"]
    corpus = load_corpus([uploads])
    assert corpus.articles["file"].tolist() == ["成都.txt"]
    remove_upload(uploads, first.sha1)
    assert list_uploads(uploads) == []


@pytest.mark.parametrize(
    "data, message",
    [(b"", "文件为空"), (bytes(range(256)) * 50, "二进制"), ("职工".encode() * 100, "文件过大")],
)
def test_bad_files_are_refused_before_anything_is_written(tmp_path, data, message):
    uploads = tmp_path / "uploads"
    with pytest.raises(UploadError, match=message):
        store_upload(uploads, "x.txt", data, max_bytes=100 if message == "文件过大" else 10**6)
    assert not uploads.exists() or list(uploads.iterdir()) == []


def test_a_crash_mid_write_leaves_no_file_in_the_corpus(tmp_path, monkeypatch):
    uploads = tmp_path / "uploads"
    monkeypatch.setattr(os, "rename", lambda *a: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        store_upload(uploads, "a.txt", PAGE)
    assert list(uploads.iterdir()) == []
    assert load_corpus([uploads]).files.empty


def test_half_written_staging_directories_are_never_read(tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / ".incoming-x").mkdir(parents=True)
    (uploads / ".incoming-x" / "a.txt").write_bytes(PAGE[:10])
    assert list_uploads(uploads) == [] and load_corpus([uploads]).files.empty


def test_remove_refuses_a_path():
    with pytest.raises(UploadError):
        remove_upload("/tmp", "../../etc")


def test_staging_left_by_an_interrupted_upload_is_removed_later_but_a_live_one_is_kept(tmp_path):
    uploads = tmp_path / "uploads"
    stale, live = uploads / ".incoming-old", uploads / ".incoming-new"
    for folder in (stale, live):
        folder.mkdir(parents=True)
        (folder / "a.txt").write_bytes(PAGE[:10])
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    store_upload(uploads, "b.txt", PAGE)
    assert not stale.exists() and live.exists()
    assert [f.name for f in list_uploads(uploads)] == ["b.txt"]


def test_a_zip_is_stored_whole_and_read_as_its_members(tmp_path):
    from zips import zip_bytes

    uploads = tmp_path / "uploads"
    other = "苏州工会送清凉\n本报讯 苏州市总工会慰问职工3000人次。\n".encode("gbk")
    stored = store_upload(uploads, "报道.zip", zip_bytes({"六月/成都.txt": PAGE, "苏州.txt": other}, gbk_names=True))
    assert stored.members == 2 and stored.path == uploads / stored.sha1 / "报道.zip"
    corpus = load_corpus([uploads])
    assert sorted(corpus.files["file"]) == ["成都.txt", "苏州.txt"]
    assert f"{stored.path}/六月/成都.txt" in set(corpus.files["path"])
    remove_upload(uploads, stored.sha1)
    assert load_corpus([uploads]).files.empty


@pytest.mark.parametrize(
    "members, message",
    [({"a.jpg": b"\xff\xd8\xff"}, "报道.zip：压缩包里没有可读的 .txt、.docx 或 .pdf 文件，未保存"),
     ({"bomb.txt": b"0" * (20 * 1024 * 1024)}, "报道.zip：压缩比异常（超过 100:1，可能是压缩炸弹），已拒绝，未保存")],
)
def test_a_zip_without_reports_or_a_bomb_is_refused_before_anything_is_written(tmp_path, members, message):
    from zips import zip_bytes

    uploads = tmp_path / "uploads"
    with pytest.raises(UploadError, match=message):
        store_upload(uploads, "报道.zip", zip_bytes(members), max_bytes=10**8)
    assert not uploads.exists() or list(uploads.iterdir()) == []


def test_a_zip_renamed_txt_is_refused_with_what_it_is(tmp_path):
    from zips import zip_bytes

    with pytest.raises(UploadError, match="报道.txt：看起来是 ZIP 压缩包，请改为 .zip 后上传，未保存"):
        store_upload(tmp_path / "uploads", "报道.txt", zip_bytes({"a.txt": PAGE}))


# ---- recycle bin ---------------------------------------------------------------------------

from analysis.edit_log import read_edits  # noqa: E402
from analysis.uploads import (  # noqa: E402
    add_upload, delete_upload, empty_trash, list_trash, restore_upload,
)


def test_deleting_moves_to_the_bin_and_restoring_brings_the_same_bytes_back(tmp_path):
    stored = add_upload(tmp_path, "成都.txt", PAGE)
    trashed = delete_upload(tmp_path, stored.sha1)
    assert list_uploads(tmp_path / "uploads") == [] and load_corpus([tmp_path / "uploads"]).files.empty
    assert [(t.name, t.sha1, t.size) for t in list_trash(tmp_path / "trash")] == [("成都.txt", stored.sha1, len(PAGE))]
    assert trashed.path.read_bytes() == PAGE
    back = restore_upload(tmp_path, trashed.entry)
    assert not back.duplicate and back.path.read_bytes() == PAGE
    assert list_trash(tmp_path / "trash") == []
    assert load_corpus([tmp_path / "uploads"]).articles["file"].tolist() == ["成都.txt"]
    assert [e.action for e in read_edits(tmp_path)] == ["restore", "delete", "upload"]


def test_restoring_content_that_is_in_the_corpus_again_moves_nothing_and_says_so(tmp_path):
    first = add_upload(tmp_path, "成都.txt", PAGE)
    trashed = delete_upload(tmp_path, first.sha1)
    add_upload(tmp_path, "又传了一次.txt", PAGE)
    again = restore_upload(tmp_path, trashed.entry)
    assert again.duplicate and again.name == "又传了一次.txt"
    assert [f.name for f in list_uploads(tmp_path / "uploads")] == ["又传了一次.txt"]
    assert [t.entry for t in list_trash(tmp_path / "trash")] == [trashed.entry]  # the copy stays in the bin


def test_emptying_the_bin_deletes_only_the_bin_and_logs_what_went(tmp_path):
    kept = add_upload(tmp_path, "留着.txt", PAGE)
    other = add_upload(tmp_path, "删掉.txt", PAGE.replace(b"3000", b"4000"))
    delete_upload(tmp_path, other.sha1)
    gone = empty_trash(tmp_path)
    assert [t.name for t in gone] == ["删掉.txt"]
    assert list_trash(tmp_path / "trash") == [] and not any((tmp_path / "trash").iterdir())
    assert [f.sha1 for f in list_uploads(tmp_path / "uploads")] == [kept.sha1]
    latest = read_edits(tmp_path)[0]
    assert (latest.action, latest.old) == ("empty_trash", ["删掉.txt"])
    assert empty_trash(tmp_path) == [] and read_edits(tmp_path)[0].action == "empty_trash"  # nothing new logged


def test_a_purge_cut_short_leaves_nothing_half_listed_and_is_finished_next_time(tmp_path):
    stored = add_upload(tmp_path, "成都.txt", PAGE)
    trashed = delete_upload(tmp_path, stored.sha1)
    os.rename(trashed.path.parent, tmp_path / "trash" / f".purge-{trashed.entry}")  # the crash point
    assert list_trash(tmp_path / "trash") == []
    empty_trash(tmp_path)
    assert not any((tmp_path / "trash").iterdir())


def test_bin_entries_and_hashes_are_checked(tmp_path):
    with pytest.raises(UploadError, match="无效"):
        restore_upload(tmp_path, "../../etc")
    with pytest.raises(UploadError, match="无效"):
        delete_upload(tmp_path, "../uploads")
    with pytest.raises(UploadError, match="已不在语料中"):
        delete_upload(tmp_path, "0" * 40)
    with pytest.raises(UploadError, match="回收站中已没有"):
        restore_upload(tmp_path, "20240101T120000000000-" + "0" * 40)


def test_the_same_file_deleted_twice_is_two_bin_entries(tmp_path):
    first = delete_upload(tmp_path, add_upload(tmp_path, "a.txt", PAGE).sha1)
    second = delete_upload(tmp_path, add_upload(tmp_path, "b.txt", PAGE).sha1)
    assert [t.entry for t in list_trash(tmp_path / "trash")] == [second.entry, first.entry]
