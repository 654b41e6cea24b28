import codecs

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
    data = ("上海市总工会举办劳动竞赛。" * 5).encode("gbk") + b"\xff\xff\xff" + ("职工参赛三千人。" * 5).encode("gbk")
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
