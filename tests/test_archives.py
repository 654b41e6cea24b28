"""A .zip read as a folder of its members: names, traversal, nesting, bombs, one bad member."""
import io
import time
import zipfile

import pytest

from analysis import archives, ingest, load_corpus
from zips import zip_bytes

PAGE = "成都市总工会开展送清凉活动\n本报讯 日前，四川省成都市总工会慰问户外劳动者3000余人。\n".encode("utf-8")
OTHER = "苏州工会送清凉\n本报讯 苏州市总工会慰问职工3000人次。\n".encode("gbk")


def members(data: bytes, **kwargs):
    return ingest.archive_files(data, path="my.zip", label="my.zip", **kwargs)


def test_members_become_files_named_by_base_name_with_the_archive_path():
    raws, warnings = members(zip_bytes({"报道/成都.txt": PAGE, "苏州.txt": OTHER}))
    assert warnings == []
    assert [(r.name, r.path, r.label) for r in raws] == [
        ("成都.txt", "my.zip/报道/成都.txt", "my.zip/报道/成都.txt"),
        ("苏州.txt", "my.zip/苏州.txt", "my.zip/苏州.txt"),
    ]
    import hashlib

    assert raws[0].sha1 == hashlib.sha1(PAGE).hexdigest()  # article ids: the member's bytes


def test_gbk_names_without_the_utf8_flag_are_decoded():
    data = zip_bytes({"职工报道/上海.txt": PAGE, "工会.txt": OTHER}, gbk_names=True)
    infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert not infos[0].flag_bits & 0x800 and infos[0].filename == "╓░╣ñ▒¿╡└/╔╧║ú.txt"
    raws, _ = members(data)
    assert [r.path for r in raws] == ["my.zip/职工报道/上海.txt", "my.zip/工会.txt"]


@pytest.mark.parametrize(
    "name, inside",
    [("../../x.txt", "x.txt"), ("/etc/x.txt", "etc/x.txt"), ("C:\\Users\\a\\x.txt", "Users/a/x.txt"),
     ("dir\\sub\\x.txt", "dir/sub/x.txt"), ("a/../../b/./x.txt", "a/b/x.txt")],
)
def test_traversal_names_stay_inside_the_archive(name, inside):
    raws, _ = members(zip_bytes({name: PAGE}))
    assert raws[0].path == f"my.zip/{inside}" and raws[0].name == "x.txt"


def test_junk_is_skipped_silently_and_nested_archives_and_other_types_are_named():
    data = zip_bytes({
        "a.txt": PAGE, "dir/": b"", "__MACOSX/._a.txt": b"\x00\x05", ".DS_Store": b"\x00", "x/Thumbs.db": b"\x00",
        "旧报道.zip": zip_bytes({"b.txt": OTHER}), "更多.rar": b"Rar!\x1a\x07\x00", "照片.jpg": b"\xff\xd8\xff",
    })
    raws, warnings = members(data)
    assert [r.name for r in raws] == ["a.txt"]
    assert warnings == [
        "my.zip/旧报道.zip：压缩包中的压缩包不会被打开，已跳过（请解压后单独上传）",
        "my.zip/更多.rar：压缩包中的压缩包不会被打开，已跳过（请解压后单独上传）",
        "my.zip：另有 1 个文件不是 .txt、.docx、.pdf，已跳过（照片.jpg）",
    ]


def test_a_ratio_bomb_is_refused_before_reading():
    data = zip_bytes({"a.txt": PAGE, "bomb.txt": b"0" * (20 * 1024 * 1024)})
    started = time.perf_counter()
    with pytest.raises(ingest.ArchiveRefusedError, match="my.zip：压缩比异常（超过 100:1，可能是压缩炸弹），已拒绝"):
        members(data, max_bytes=50 * 1024 * 1024)
    assert time.perf_counter() - started < 1.0


def test_too_much_in_total_is_refused(monkeypatch):
    monkeypatch.setattr(archives, "MAX_TOTAL_BYTES", 1000)
    with pytest.raises(ingest.ArchiveRefusedError, match="my.zip：解压后过大"):
        members(zip_bytes({f"{n}.txt": PAGE for n in range(20)}, compression=zipfile.ZIP_STORED))


def test_too_many_members_are_refused_fast():
    data = zip_bytes({f"{n}.txt": b"x" for n in range(archives.MAX_MEMBERS + 1)}, compression=zipfile.ZIP_STORED)
    started = time.perf_counter()
    with pytest.raises(ingest.ArchiveRefusedError, match=f"my.zip：压缩包内文件过多（{archives.MAX_MEMBERS + 1} 个"):
        members(data)
    assert time.perf_counter() - started < 1.0


def test_declared_sizes_that_lie_are_caught_while_reading():
    """A member that says it is small but inflates to more than the cap is stopped while read."""
    big = PAGE * 2000
    data = bytearray(zip_bytes({"a.txt": PAGE, "liar.txt": big}))
    # Rewrite liar.txt's declared size (local header and central directory) to 10 bytes.
    import struct

    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            if struct.unpack_from("<L", data, at + offset)[0] == len(big):
                struct.pack_into("<L", data, at + offset, 10)
            start = at + 4
    raws, warnings = members(bytes(data), max_bytes=len(PAGE) * 10)
    assert [r.name for r in raws] == ["a.txt"]
    assert len(warnings) == 1 and warnings[0].startswith("my.zip/liar.txt：")


def test_an_oversized_or_encrypted_member_is_a_warning_and_the_others_are_read():
    data = bytearray(zip_bytes({"a.txt": PAGE, "big.txt": PAGE * 100, "secret.txt": OTHER, "z.txt": OTHER + b"!"}))
    for at in _all(data, b"PK\x01\x02"):  # set the "encrypted" bit of secret.txt in the central directory
        if data[at + 46:at + 56] == b"secret.txt":
            data[at + 8] |= 0x01
    raws, warnings = members(bytes(data), max_bytes=len(PAGE) * 10)
    assert [r.name for r in raws] == ["a.txt", "z.txt"]
    assert warnings == ["my.zip/big.txt：文件过大（0.0 MB，上限 0 MB），未读取", "my.zip/secret.txt：已加密，无法读取"]


def _all(data: bytes, signature: bytes):
    start = 0
    while (at := data.find(signature, start)) >= 0:
        yield at
        start = at + 4


def test_one_broken_docx_never_loses_the_other_members(tmp_path):
    archive = tmp_path / "my.zip"
    archive.write_bytes(zip_bytes({"报道/成都.txt": PAGE, "报道/坏.docx": b"PK\x03\x04 broken", "苏州.txt": OTHER}))
    corpus = load_corpus([archive])
    assert sorted(set(corpus.articles["file"])) == ["成都.txt", "苏州.txt"]
    assert set(corpus.articles["path"]) == {f"{archive}/报道/成都.txt", f"{archive}/苏州.txt"}
    assert any(w.startswith("my.zip/报道/坏.docx：") for w in corpus.warnings), corpus.warnings


def test_a_folder_holding_a_zip_reads_its_members(tmp_path):
    (tmp_path / "a.txt").write_bytes(OTHER)
    (tmp_path / "my.zip").write_bytes(zip_bytes({"b.txt": PAGE}))
    corpus = load_corpus([tmp_path])
    assert sorted(corpus.files["file"]) == ["a.txt", "b.txt"]


@pytest.mark.parametrize(
    "data, message",
    [(b"just some text", "my.zip：不是有效的 ZIP 压缩包（可能已损坏），未读取"),
     (b"%PDF-1.7 a pdf", "my.zip：看起来是 PDF 文档，请改为 .pdf 后上传"),
     (zip_bytes({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w/>"}),
      "my.zip：看起来是 Word 文档，请改为 .docx 后上传")],
)
def test_a_zip_that_is_not_a_folder_of_reports_says_what_it_is(data, message):
    with pytest.raises(ingest.ArchiveRefusedError, match=message):
        members(data)
