"""Files on disk: atomic replacement, copying a zip (an .xlsx) with some parts changed, and the one form in
which a file name is shown."""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, then rename: a reader never sees half a file."""
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def rewrite_zip(data: bytes, changes: dict[str, Callable[[bytes], bytes]]) -> bytes:
    """Copy a zip, passing the named parts through their change function; order and names kept."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename in changes:
                content = changes[info.filename](content)
            target.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def display_name(path: str | os.PathLike) -> str:
    """A file name as people read it, also when it is not valid UTF-8 (what unzipping a Windows zip leaves:
    b"S\\xfadwest-Frysl\\xe2n.xlsx"). Python keeps such bytes as lone surrogates, which no file, workbook or
    terminal accepts; each is shown as its Windows-1252 character ("Súdwest-Fryslân"), or, for the five bytes
    Windows-1252 leaves undefined, as its value in hex ("<81>": no two files shown alike, and no file on
    Windows can be named so)."""
    return _ESCAPED_BYTE.sub(_cp1252_char, os.fspath(path))


def _cp1252_char(match: re.Match) -> str:
    byte = ord(match.group()) - 0xDC00
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return f"<{byte:02X}>"
