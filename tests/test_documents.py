"""Word and PDF input: text comes out; malformed, encrypted, image-only and hostile files
are refused with a Chinese message, in a child process with limits."""
import io
import shutil
import subprocess
import zipfile

import pytest

from analysis import documents, ingest, load_corpus

REPORT = ["成都市总工会开展送清凉活动", "本报讯 日前，四川省成都市总工会慰问户外劳动者3000余人，发放慰问品价值120万元。"]


def docx_bytes(paragraphs):
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_text_becomes_articles(tmp_path):
    (tmp_path / "报道.docx").write_bytes(docx_bytes(REPORT))
    corpus = load_corpus([tmp_path])
    assert corpus.warnings == []
    article = corpus.articles.iloc[0]
    assert article["title"] == REPORT[0] and article["province"] == "四川省"
    assert corpus.files.iloc[0]["encoding"] == "docx"
    assert {m for m in corpus.metrics.frame()["surface"]} >= {"3000余人", "120万元"}


def test_the_same_report_as_docx_and_as_txt_is_named_not_silently_doubled(tmp_path):
    (tmp_path / "a_报道.docx").write_bytes(docx_bytes(REPORT))
    # The .txt copy has Windows line ends, indents and half-width commas: still the same report.
    (tmp_path / "b_报道.txt").write_bytes(("\u3000\u3000" + REPORT[0] + "\r\n\u3000\u3000" + REPORT[1].replace("，", ",")
                                          + "\r\n").encode("utf-8"))
    (tmp_path / "c_其他.txt").write_text("绵阳职工书屋覆盖全部乡镇\n本报讯 绵阳市总工会今年新建职工书屋45家，覆盖全部乡镇街道。\n",
                                        encoding="utf-8")
    corpus = load_corpus([tmp_path])
    assert corpus.warnings == ["b_报道.txt：文章与 a_报道.docx 相同（同一报道的另一份文件？），两份都已计入"]


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium prints the test PDF")
def test_pdf_text_becomes_articles(tmp_path):
    html = tmp_path / "page.html"
    html.write_text("<meta charset='utf-8'>" + "".join(f"<p>{t}</p>" for t in REPORT), encoding="utf-8")
    pdf = tmp_path / "报道.pdf"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={pdf}",
                    "--no-pdf-header-footer", html.as_uri()], capture_output=True, timeout=60, check=False)
    doc = ingest.read_document(pdf)
    assert "成都市总工会" in doc.text and "3000余人" in doc.text


def test_encrypted_pdf_is_refused():
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ingest.UnreadableDocumentError, match="x.pdf：PDF 已加密，无法读取"):
        ingest.document_from_bytes(buffer.getvalue(), name="x.pdf")


def test_image_only_pdf_is_explained():
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ingest.UnreadableDocumentError, match="没有可提取的文字"):
        ingest.document_from_bytes(buffer.getvalue(), name="scan.pdf")


@pytest.mark.parametrize("name", ["broken.pdf", "broken.docx"])
def test_malformed_documents_are_refused(name):
    with pytest.raises(ingest.UnreadableDocumentError, match=name):
        ingest.document_from_bytes(b"%PDF-1.7 not really a document \x00\x01" * 20, name=name)


def test_docx_zip_bomb_is_refused_before_parsing():
    import time

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * (50 * 1024 * 1024))
    started = time.perf_counter()
    with pytest.raises(ingest.UnreadableDocumentError, match="压缩炸弹"):
        ingest.document_from_bytes(buffer.getvalue(), name="bomb.docx")
    assert time.perf_counter() - started < 1.0


def test_a_parser_that_hangs_is_stopped(monkeypatch):
    monkeypatch.setattr(documents, "TIMEOUT_S", 0.01)
    with pytest.raises(ingest.UnreadableDocumentError, match="解析超时"):
        ingest.document_from_bytes(docx_bytes(REPORT), name="slow.docx")


def test_bad_documents_do_not_stop_the_rest_of_the_corpus(tmp_path):
    (tmp_path / "good.docx").write_bytes(docx_bytes(REPORT))
    (tmp_path / "bad.pdf").write_bytes(b"garbage")
    corpus = load_corpus([tmp_path])
    assert corpus.files["file"].tolist() == ["good.docx"]
    assert any(w.startswith("bad.pdf：") for w in corpus.warnings)


def _pdf(objects: list[bytes], trailer_extra: bytes = b"", prev_to_self: bool = False) -> bytes:
    """A PDF built by hand from numbered object bodies, with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    prev = b" /Prev %d" % xref_at if prev_to_self else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, prev, trailer_extra, xref_at)
    return bytes(out)


def _page_with_stream(stream: bytes, filters: bytes) -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        b"<< /Length %d /Filter %s >>\nstream\n" % (len(stream), filters) + stream + b"\nendstream",
    ]


def test_pdf_whose_xref_points_to_itself_is_refused_and_nothing_hangs():
    import time
    import zlib

    data = _pdf(_page_with_stream(zlib.compress(b"BT ET"), b"/FlateDecode"), prev_to_self=True)
    started = time.perf_counter()
    # Read despite the loop; the page has no text, so it is refused as such (not accepted empty).
    with pytest.raises(ingest.UnreadableDocumentError, match="^loop.pdf：没有可提取的文字"):
        ingest.document_from_bytes(data, name="loop.pdf")
    assert time.perf_counter() - started < documents.TIMEOUT_S + 5


def test_pdf_with_a_nested_flate_bomb_is_refused_with_a_message():
    import time
    import zlib

    inner = zlib.compress(b"0" * (300 * 1024 * 1024), 9)  # 300 MB of zeros
    data = _pdf(_page_with_stream(zlib.compress(inner, 9), b"[/FlateDecode /FlateDecode]"))
    assert len(data) < 1024 * 1024
    started = time.perf_counter()
    with pytest.raises(ingest.UnreadableDocumentError, match="bomb.pdf："):
        ingest.document_from_bytes(data, name="bomb.pdf")
    assert time.perf_counter() - started < documents.TIMEOUT_S + 5
