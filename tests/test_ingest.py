import codecs
import re

import pytest

from analysis import ingest

SAMPLE = "上海市总工会举办职工技能竞赛，参赛职工四十万余人次。"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("gbk"), "gb18030"),
        (codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "utf-16"),
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_decodes_common_encodings_exactly(data, encoding):
    doc = ingest.document_from_bytes(data, name="a.txt")
    assert doc.text == SAMPLE
    assert doc.encoding == encoding
    assert doc.warnings == ()


def test_gbk_two_characters_and_gb18030_only_characters():
    assert ingest.document_from_bytes("你好".encode("gbk"), name="a.txt").text == "你好"
    rare = "工会𠀀职工䶮"  # CJK Ext-B and Ext-A: only GB18030 encodes them
    doc = ingest.document_from_bytes(rare.encode("gb18030"), name="a.txt")
    assert doc.text == rare and "\ufffd" not in doc.text


def test_big5_is_not_mistaken_for_gb18030():
    text = "臺北市總工會舉辦勞工節活動，參加勞工三千餘人。"
    doc = ingest.document_from_bytes(text.encode("big5"), name="tw.txt")
    assert doc.encoding == "big5"
    assert doc.text == text


@pytest.mark.parametrize("data", [b"", b"   \n\n  "])
def test_empty_file_is_refused_with_chinese_message(data):
    with pytest.raises(ingest.EmptyFileError, match="empty.txt：文件为空"):
        ingest.document_from_bytes(data, name="empty.txt")


def test_binary_file_is_refused():
    data = bytes(range(256)) * 40
    with pytest.raises(ingest.BinaryFileError, match="二进制"):
        ingest.document_from_bytes(data, name="x.txt")


def test_file_over_the_cap_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes("职工".encode() * 1000)
    with pytest.raises(ingest.FileTooLargeError, match="big.txt：文件过大"):
        ingest.read_document(big, max_bytes=1000)


def test_article_id_prefix_is_sha1_of_bytes(tmp_path):
    import hashlib

    path = tmp_path / "a.txt"
    path.write_bytes(SAMPLE.encode("utf-8"))
    doc = ingest.read_document(path)
    assert doc.file_id == hashlib.sha1(SAMPLE.encode("utf-8")).hexdigest()[:12]


def test_directories_expand_and_unknown_types_warn(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("职工", encoding="utf-8")
    (tmp_path / "a.txt").write_text("工会", encoding="utf-8")
    (tmp_path / "c.xyz").write_text("x", encoding="utf-8")
    files, warnings = ingest.iter_input_files([tmp_path, tmp_path / "c.xyz", tmp_path / "nope"])
    assert [f.name for f in files] == ["a.txt", "b.txt"]
    assert any("c.xyz" in w and "不支持" in w for w in warnings)
    assert any("nope" in w and "不存在" in w for w in warnings)


def test_fullwidth_digits_fold_but_chinese_punctuation_stays():
    assert ingest.normalise_text("参赛职工４０万余人次：覆盖率达９８％。") == "参赛职工40万余人次：覆盖率达98%。"


def test_undecodable_bytes_are_counted_and_reported():
    # 3 bad bytes in ~420: under the 1 % beyond which a text is refused
    data = ("上海市总工会举办劳动竞赛。" * 10).encode("gbk") + b"\xff\xff\xff" + ("职工参赛三千人。" * 10).encode("gbk")
    doc = ingest.document_from_bytes(data, name="broken.txt")
    assert doc.encoding == "gb18030"
    assert doc.text.startswith("上海市总工会举办劳动竞赛") and doc.text.endswith("职工参赛三千人。")
    assert doc.text.count("\ufffd") >= 1
    assert doc.warnings == (f"broken.txt：按 gb18030 解码时有 {doc.text.count(chr(0xfffd))} 处无法识别的字节，已用 � 代替",)


def test_the_upload_cap_matches_streamlits_upload_limit():
    """Streamlit holds uploads in RAM: its cap must be ours, so nothing bigger is ever held."""
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).parent.parent / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == ingest.DEFAULT_MAX_BYTES


REPORT = (
    "上海市总工会举办职工技能竞赛\n本报讯 日前，上海市总工会举办第十届职工技能竞赛，"
    "全市四十万余人次参赛，覆盖率达98%。\n"
) * 20


def damaged(data: bytes, bad: bytes = b"\xff", times: int = 3) -> bytes:
    """`data` with `times` stray bytes dropped in between characters (after line ends)."""
    cuts = [i + 1 for i, byte in enumerate(data) if byte == 0x0A][:times]
    pieces, start = [], 0
    for cut in cuts:
        pieces += [data[start:cut], bad]
        start = cut
    return b"".join(pieces) + data[start:]


def test_utf8_with_three_damaged_bytes_stays_utf8_and_counts_them():
    data = damaged(REPORT.encode("utf-8"))
    assert data.decode("gb18030", errors="replace").count("\ufffd") > 3  # the old choice: mojibake
    doc = ingest.document_from_bytes(data, name="damaged.txt")
    assert doc.encoding == "utf-8"
    assert doc.text.replace("\ufffd", "") == ingest.normalise_text(REPORT)
    assert doc.warnings == ("damaged.txt：按 utf-8 解码时有 3 处无法识别的字节，已用 � 代替",)


def test_a_text_more_than_one_percent_undecodable_is_refused():
    data = damaged(REPORT.encode("utf-8"), times=40)
    assert 40 > 0.01 * len(data)
    with pytest.raises(ingest.UndecodableTextError,
                       match=r"many.txt：无法确定文字编码（按 utf-8 解码仍有 40 处、.*超过 1%），未读取"):
        ingest.document_from_bytes(data, name="many.txt")


def zip_of(members: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data, message",
    [
        (zip_of({"a.txt": REPORT.encode()}), "看起来是 ZIP 压缩包，请改为 .zip 后上传"),
        (zip_of({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w/>"}), "看起来是 Word 文档，请改为 .docx 后上传"),
        (b"%PDF-1.7\n" + REPORT.encode(), "看起来是 PDF 文档，请改为 .pdf 后上传"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "看起来是图片（PNG），不是文字"),
        (b"\xff\xd8\xff\xe0" + bytes(200), "看起来是图片（JPEG）"),
        (b"GIF89a" + bytes(200), "看起来是图片（GIF）"),
        (b"Rar!\x1a\x07\x00" + bytes(200), "看起来是 RAR 压缩包，请解压后上传"),
    ],
)
def test_a_file_that_is_not_text_is_named_for_what_it_looks_like(data, message):
    with pytest.raises(ingest.BinaryFileError, match=f"renamed.txt：{re.escape(message)}"):
        ingest.document_from_bytes(data, name="renamed.txt")
