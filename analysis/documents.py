"""Text from Word (.docx) and PDF files, read in a separate process with limits.

Untrusted documents can be zip bombs or PDFs that make a parser loop; so a .docx is checked
(member count, total uncompressed size, compression ratio) before it is opened, and both
formats are parsed by `python -m analysis.documents FORMAT` in a child process with a
memory limit (RLIMIT_AS), a CPU limit and a wall-clock timeout. The parent only ever sees
text or a Chinese error.
"""
from __future__ import annotations

import io
import json
import resource
import subprocess
import sys
import zipfile

MAX_MEMBERS = 2000
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
TIMEOUT_S = 30
MEMORY_BYTES = 1024 * 1024 * 1024
CPU_SECONDS = 30


class DocumentError(ValueError):
    """A document whose text cannot be extracted; the message is Chinese and names the file."""


def extract_text(name: str, data: bytes) -> str:
    """Plain text of a .docx or .pdf file (paragraphs separated by newlines)."""
    kind = name.rsplit(".", 1)[-1].lower()
    if kind == "docx":
        _check_zip(name, data)
    elif kind != "pdf":
        raise DocumentError(f"{name}：不支持的文件类型")
    try:
        result = subprocess.run(
            [sys.executable, "-m", "analysis.documents", kind], input=data, capture_output=True,
            timeout=TIMEOUT_S, preexec_fn=_limits, check=False,
        )
    except subprocess.TimeoutExpired as err:
        raise DocumentError(f"{name}：解析超时（{TIMEOUT_S} 秒），文件可能已损坏") from err
    try:
        reply = json.loads(result.stdout.decode("utf-8"))
    except ValueError as err:
        raise DocumentError(f"{name}：文件已损坏或过于复杂，无法解析") from err
    if "error" in reply:
        raise DocumentError(f"{name}：{reply['error']}")
    return reply["text"]


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def _check_zip(name: str, data: bytes) -> None:
    """Refuse a .docx that is not a zip, or whose members would unpack to far too much."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as err:
        raise DocumentError(f"{name}：不是有效的 Word 文档（.docx）") from err
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if len(members) > MAX_MEMBERS or total > MAX_UNCOMPRESSED or total / packed > MAX_RATIO:
        raise DocumentError(f"{name}：压缩内容异常（可能是压缩炸弹），已拒绝")


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("　".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def _pdf_text(data: bytes) -> str:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise DocumentError("PDF 已加密，无法读取")
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _main(kind: str) -> int:
    data = sys.stdin.buffer.read()
    try:
        text = _docx_text(data) if kind == "docx" else _pdf_text(data)
        if not text.strip():
            raise DocumentError("没有可提取的文字（可能是扫描图片，需要先做文字识别）")
        reply = {"text": text}
    except DocumentError as err:
        reply = {"error": str(err)}
    except MemoryError:
        reply = {"error": "解析时内存超出限制，文件可能已损坏"}
    except Exception as err:  # noqa: BLE001 - a hostile file may raise anything; report, never crash
        reply = {"error": f"文件已损坏，无法解析（{type(err).__name__}）"}
    sys.stdout.write(json.dumps(reply, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1]))
