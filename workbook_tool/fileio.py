"""Writing files safely: atomic replacement, and copying a zip (an .xlsx) with some parts changed."""

from __future__ import annotations

import io
import os
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
