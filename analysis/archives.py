"""Read a .zip as a folder of its members, in memory, with limits (nothing is extracted to disk).

A folder of reports often travels as one .zip. Its members are returned as (name, bytes); the
caller (`ingest`) turns them into files like any other. Names are only names: `../../x`,
`/etc/x`, `C:\\x` and backslashes become plain paths inside the archive. Names written on
Windows without the UTF-8 flag are GBK (RELIABILITY-NOTES 13). An archive that would unpack
to far too much, or holds a flood of members, is refused before any member is read, and the
bytes actually read are counted too (declared sizes can lie). One damaged member is a
warning naming `archive.zip/member`; the others are still read.
"""
from __future__ import annotations

import io
import os
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath

# A year of a daily paper's pages is a few hundred files; tens of thousands of tiny members
# are a way to stall the reader (RELIABILITY-NOTES 13).
MAX_MEMBERS = 2000
# Members are held in memory while read, as a folder's files are: five times the per-file cap.
MAX_TOTAL_BYTES = 100 * 1024 * 1024
# Text deflates 3–10:1; a zip bomb reaches 1000:1. The same bound as the .docx pre-check.
MAX_RATIO = 100
# Below this a high ratio (a page of blank lines) costs nothing: the ratio is not checked.
RATIO_FLOOR_BYTES = 1024 * 1024
NESTED_SUFFIXES = (".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".zipx")
# Left by Finder, Explorer and friends; never the user's reports, so skipped without a word.
JUNK_DIRS = frozenset({"__macosx"})
JUNK_FILES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})
# What other formats look like from their member names (a .docx is a zip).
ZIP_FORMATS = (("word/document.xml", "docx"), ("xl/workbook.xml", "xlsx"), ("ppt/presentation.xml", "pptx"))

_UTF8_FLAG = 0x800  # general-purpose bit 11: the name is UTF-8
_ENCRYPTED_FLAG = 0x1
_CHUNK = 64 * 1024
_EOCD = struct.Struct("<4s4H2LH")  # end of central directory record
_DRIVE = re.compile(r"[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class ArchiveError(ValueError):
    """An archive refused as a whole; the message is Chinese and names the archive."""


class NotAZipError(ArchiveError):
    """Bytes that are not a zip archive at all."""


@dataclass(frozen=True)
class Member:
    """One member's bytes and its path inside the archive (`dir/name.txt`, always inside)."""

    name: str
    data: bytes

    @property
    def base_name(self) -> str:
        return PurePosixPath(self.name).name


def read_zip(source: str | os.PathLike | bytes, *, label: str, suffixes: tuple[str, ...],
             max_member_bytes: int) -> tuple[list[Member], list[str]]:
    """The members of a .zip whose suffix is in `suffixes`, and a warning for each one skipped.

    `label` names the archive in messages (`my.zip`); raise ArchiveError for an archive that is
    not a zip, holds too many members or would unpack to too much."""
    handle = io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb")
    with handle:
        _check_declared_count(handle, label)
        try:
            archive = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, ValueError, EOFError) as err:
            raise NotAZipError(f"{label}：不是有效的 ZIP 压缩包（可能已损坏），未读取") from err
        with archive:
            return _read_members(archive, label, suffixes, max_member_bytes)


def zip_format(names: list[str]) -> str | None:
    """`docx`, `xlsx` or `pptx` when a zip's member names are those of an Office document."""
    present = set(names)
    return next((kind for marker, kind in ZIP_FORMATS if marker in present), None)


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author wrote it: UTF-8 when flagged, else UTF-8 if valid,
    else GBK/GB18030 (zipfile shows unflagged names as cp437, so the bytes are recovered)."""
    name = info.filename
    if not info.flag_bits & _UTF8_FLAG:
        raw = name.encode("cp437")
        for encoding in ("utf-8", "gb18030"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
    return name


def safe_path(name: str) -> str:
    """A name's path inside the archive: no `..`, root, drive letter or backslash ('' for none)."""
    parts = [_CONTROL.sub("_", p) for p in re.split(r"[\\/]+", name) if p not in ("", ".", "..")]
    if parts and _DRIVE.fullmatch(parts[0]):
        parts = parts[1:]
    return "/".join(parts)


def _is_junk(path: str) -> bool:
    parts = path.lower().split("/")
    return any(p in JUNK_DIRS or p.startswith(".") for p in parts) or parts[-1] in JUNK_FILES


def _check_declared_count(handle, label: str) -> None:
    """Refuse a flood of members from the end record alone, before zipfile parses them all."""
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    handle.seek(max(0, size - _EOCD.size - 0xFFFF))
    tail = handle.read()
    handle.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < _EOCD.size:
        return  # not a zip: ZipFile says so
    entries = _EOCD.unpack_from(tail, at)[4]
    if entries != 0xFFFF and entries > MAX_MEMBERS:  # 0xFFFF: zip64, counted after parsing
        raise _too_many(label, entries)


def _too_many(label: str, count: int) -> ArchiveError:
    return ArchiveError(f"{label}：压缩包内文件过多（{count} 个，上限 {MAX_MEMBERS} 个），已拒绝")


def _read_members(archive: zipfile.ZipFile, label: str, suffixes: tuple[str, ...],
                  max_member_bytes: int) -> tuple[list[Member], list[str]]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _too_many(label, len(infos))
    kind = zip_format([i.filename for i in infos])
    if kind is not None:
        raise ArchiveError(f"{label}：看起来是 {_OFFICE_NAMES[kind]}，请改为 .{kind} 后上传")
    wanted: list[tuple[zipfile.ZipInfo, str]] = []
    warnings: list[str] = []
    others: list[str] = []
    for info in infos:
        path = safe_path(member_name(info))
        if not path or info.filename.endswith(("/", "\\")) or _is_junk(path):
            continue
        suffix = PurePosixPath(path).suffix.lower()
        if suffix in NESTED_SUFFIXES:
            warnings.append(f"{label}/{path}：压缩包中的压缩包不会被打开，已跳过（请解压后单独上传）")
        elif suffix in suffixes:
            wanted.append((info, path))
        else:
            others.append(path)
    _check_sizes(label, [info for info, _ in wanted])
    members: list[Member] = []
    budget = MAX_TOTAL_BYTES
    for info, path in wanted:
        problem = _member_problem(info, max_member_bytes)
        if problem:
            warnings.append(f"{label}/{path}：{problem}")
            continue
        try:
            data = _read_counting(archive, info, min(max_member_bytes, budget))
        except _TooLarge as err:
            if budget < max_member_bytes:  # the declared sizes lied: the whole archive is hostile
                raise ArchiveError(f"{label}：解压后的内容超过声明的大小（可能是压缩炸弹），已拒绝") from err
            warnings.append(f"{label}/{path}：{_too_large(max_member_bytes)}")
            continue
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as err:
            warnings.append(f"{label}/{path}：无法解压（{_reason(err)}），已跳过")
            continue
        budget -= len(data)
        members.append(Member(path, data))
    if others:
        shown = "、".join(PurePosixPath(p).name for p in others[:3]) + ("等" if len(others) > 3 else "")
        kinds = "、".join(suffixes)
        warnings.append(f"{label}：另有 {len(others)} 个文件不是 {kinds}，已跳过（{shown}）")
    return members, warnings


_OFFICE_NAMES = {"docx": "Word 文档", "xlsx": "Excel 表格", "pptx": "PowerPoint 演示文稿"}


def _check_sizes(label: str, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse from the declared sizes: too much in total, or one member (or all) too compressed."""
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_BYTES:
        raise ArchiveError(f"{label}：解压后过大（约 {total / 1048576:.0f} MB，上限 "
                           f"{MAX_TOTAL_BYTES // 1048576} MB），已拒绝")
    packed = sum(i.compress_size for i in infos)
    suspicious = [i for i in infos if i.file_size > RATIO_FLOOR_BYTES and i.file_size > MAX_RATIO * i.compress_size]
    if suspicious or (total > RATIO_FLOOR_BYTES and total > MAX_RATIO * packed):
        raise ArchiveError(f"{label}：压缩比异常（超过 {MAX_RATIO}:1，可能是压缩炸弹），已拒绝")


def _member_problem(info: zipfile.ZipInfo, max_member_bytes: int) -> str | None:
    if info.flag_bits & _ENCRYPTED_FLAG:
        return "已加密，无法读取"
    if info.file_size > max_member_bytes:
        return _too_large(max_member_bytes, info.file_size)
    return None


def _too_large(cap: int, size: int | None = None) -> str:
    told = f"{size / 1048576:.1f} MB，" if size is not None else ""
    return f"文件过大（{told}上限 {cap / 1048576:.0f} MB），未读取"


class _TooLarge(Exception):
    pass


def _read_counting(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """The member's bytes, stopping as soon as more than `limit` come out."""
    chunks, got = [], 0
    with archive.open(info) as handle:
        while chunk := handle.read(_CHUNK):
            got += len(chunk)
            if got > limit:
                raise _TooLarge
            chunks.append(chunk)
    return b"".join(chunks)


def _reason(err: Exception) -> str:
    if isinstance(err, NotImplementedError):
        return "不支持的压缩方式"
    if isinstance(err, (zipfile.BadZipFile, zlib.error, EOFError)):
        return "数据已损坏"
    return type(err).__name__
