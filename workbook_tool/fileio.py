"""Files on disk: atomic replacement, copying a zip (an .xlsx) with some parts changed, and the one form in
which a file name is shown."""

from __future__ import annotations

import errno
import io
import os
import re
import secrets
import shutil
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import BinaryIO


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, then rename: a reader never sees half a file."""
    write_together({Path(path): data})


Content = bytes | Callable[[BinaryIO], None]  # the bytes, or what writes them into the open file (a large export)


def write_together(files: Mapping[Path, Content]) -> None:
    """Write several files as a whole: every one of them, or (on failure) none, the previous ones kept.

    All contents go to temporary files next to their targets first (a full disk fails here, before any
    target is touched); then each previous target is kept under a hard link and the temporaries are
    renamed over the targets. When a rename fails, the targets already replaced get their previous
    content back (or are removed when they were new) and every temporary is removed. The limit: only
    a crash of the machine between two renames, or a failure of the restoring rename itself, can
    leave new and previous files side by side; a single rename is atomic on every local file system.
    Files get the mode a plain open() would give them (0666 less the umask), not mkstemp's 0600.
    An OSError names the target file, never a temporary one."""
    temporaries: dict[Path, Path] = {}
    try:
        for path, data in files.items():
            temporaries[path] = _write_temporary(path, data)
        _replace_all(temporaries)
    finally:
        for tmp in temporaries.values():
            tmp.unlink(missing_ok=True)


def _write_temporary(path: Path, data: Content) -> Path:
    """The data in a new file next to path, created with mode 0666 so the kernel applies the umask (and a
    shared folder's default ACL) exactly as for any file the user saves."""
    for _ in range(100):
        tmp = path.with_name(f".tmp-{secrets.token_hex(6)}-{path.name}")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise _naming(exc, path) from None
        try:
            with os.fdopen(fd, "wb") as handle:
                if callable(data):
                    data(handle)
                else:
                    handle.write(data)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise _naming(exc, path) from None
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return tmp
    raise FileExistsError(errno.EEXIST, "geen vrije naam voor een tijdelijk bestand", str(path))


def _replace_all(temporaries: dict[Path, Path]) -> None:
    """Rename every temporary over its target; on a failure put back what was there before."""
    previous: dict[Path, Path | None] = {}
    replaced: list[Path] = []
    try:
        for path in temporaries:
            previous[path] = _keep_previous(path)
        for path, tmp in temporaries.items():
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise _naming(exc, path) from None
            replaced.append(path)
    except BaseException:
        for path in reversed(replaced):
            _restore(path, previous.get(path))
        raise
    finally:
        for kept in previous.values():
            if kept is not None:
                kept.unlink(missing_ok=True)


def _keep_previous(path: Path) -> Path | None:
    """A second name for the target's current content (a hard link: no copy), or None when it is new."""
    if not path.exists():
        return None
    for _ in range(100):
        kept = path.with_name(f".tmp-{secrets.token_hex(6)}-vorige-{path.name}")
        try:
            os.link(path, kept)
        except FileExistsError:
            continue
        except OSError:
            try:
                shutil.copy2(path, kept)  # a file system without hard links
            except OSError as exc:
                kept.unlink(missing_ok=True)
                raise _naming(exc, path) from None
        return kept
    raise FileExistsError(errno.EEXIST, "geen vrije naam voor een tijdelijk bestand", str(path))


def _restore(path: Path, kept: Path | None) -> None:
    try:
        if kept is None:
            path.unlink(missing_ok=True)
        else:
            os.replace(kept, path)
    except OSError:
        pass  # the documented limit: the original error is the one to report


def _naming(exc: OSError, target: Path) -> OSError:
    """The same error, naming the file the user asked for instead of the temporary one."""
    return type(exc)(exc.errno, exc.strerror or str(exc), str(target))


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


# xml.sax.saxutils does the same, but importing it pulls in urllib, http and email at every command's start.
_UNESCAPED = (("&lt;", "<"), ("&gt;", ">"), ("&apos;", "'"), ("&quot;", '"'))


def xml_escape(text: str) -> str:
    """&, < and > as XML entities (text inside an element)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_unescape(text: str) -> str:
    """The five XML entities back to their characters, &amp; last (as xml.sax.saxutils.unescape)."""
    if "&" not in text:
        return text
    for entity, char in _UNESCAPED:
        text = text.replace(entity, char)
    return text.replace("&amp;", "&")
