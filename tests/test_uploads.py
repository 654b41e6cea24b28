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
