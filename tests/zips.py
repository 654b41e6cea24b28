"""Small .zip archives built in tests, including ones made the way Windows tools make them."""
from __future__ import annotations

import io
import zipfile


def zip_bytes(members: dict[str, bytes], *, gbk_names: bool = False,
              compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip holding `members` (name → bytes). With `gbk_names`, names are stored as GBK bytes
    without the UTF-8 flag (bit 11), as Windows zippers do; zipfile itself would write UTF-8
    and set the flag, so each name is written as an ASCII placeholder of the same length and
    its bytes are swapped in afterwards (local header and central directory alike)."""
    swaps: dict[bytes, bytes] = {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for n, (name, data) in enumerate(members.items()):
            if gbk_names and not name.isascii():
                raw = name.encode("gbk")
                placeholder = f"@{n:04d}".encode().ljust(len(raw), b"~")
                assert len(placeholder) == len(raw), name
                swaps[placeholder] = raw
                name = placeholder.decode()
            archive.writestr(name, data)
    data = buffer.getvalue()
    for placeholder, raw in swaps.items():
        assert data.count(placeholder) == 2
        data = data.replace(placeholder, raw)
    return data
