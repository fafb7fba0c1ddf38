"""Returns saved as .ods (LibreOffice offers ODF first when saving) or .xls (Excel 97-2003), read anyway.

These formats have no defined names and no workbook.xml: calamine gives the sheets and their values,
the return is identified through its metadata sheet (LibreOffice keeps it, hidden) or its labels, and
its answers are located through the metadata's cell map or the labels. Formula cells are not told
apart. Their sheets cannot be trimmed to the reading area before calamine builds its dense grid, so
calamine reads them in a child process with a memory limit: a value typed far away costs that process,
never the batch.
"""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from typing import Any

from ..fileio import rewrite_zip
from .area import CELLS_NAMED, Area
from .model import ReadFailure
from .structure import cell_name

FORMATS = {"ods": "een OpenDocument-rekenblad (.ods)", "xls": "een Excel 97-2003-werkmap (.xls)"}
CHILD_MEMORY_BYTES = 1536 * 1024 * 1024  # address space of the child: a return needs under 200 MB
CHILD_SECONDS = 120
EXIT_UNREADABLE = 3
INDENTATION_RE = re.compile(rb">[ \t\r]*\n\s*<")
CHILD = "import sys; from workbook_tool.read.other import child_main; sys.exit(child_main())"


@dataclass
class OtherBook:
    """What calamine read: sheets in order with their state, the values within the area, and the value
    cells outside it per sheet (the first few named, and their number)."""

    sheets: dict[str, str]
    grids: dict[str, list[list[Any]]]
    outside: dict[str, tuple[list[str], int]]


def read_other_format(data: bytes, kind: str, area: Area) -> OtherBook:
    """The workbook read by calamine in a child process with bounded memory; ReadFailure when it cannot."""
    what = FORMATS[kind]
    try:
        done = subprocess.run([sys.executable, "-c", CHILD, kind, str(area.rows), str(area.columns)], input=data,
                              capture_output=True, timeout=CHILD_SECONDS, check=False,
                              preexec_fn=_limit_memory if os.name == "posix" else None)
    except subprocess.TimeoutExpired:
        raise ReadFailure("unsafe", f"Het bestand is {what}; het lezen duurde langer dan {CHILD_SECONDS} seconden "
                                    "en is afgebroken. Vraag de gemeente het op te slaan als Excel-werkmap "
                                    "(.xlsx).") from None
    if done.returncode == EXIT_UNREADABLE and b"PasswordError" in done.stderr:  # an .xls saved with a password
        raise ReadFailure("encrypted", f"Het bestand is {what} die met een wachtwoord is versleuteld. Vraag de "
                                       "gemeente een kopie zonder wachtwoord te sturen, als Excel-werkmap (.xlsx).")
    if done.returncode == EXIT_UNREADABLE and b"Cell limit exceeded" not in done.stderr:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["onbekende fout"]
        raise ReadFailure("corrupt", f"Het bestand is {what}, maar kan niet worden gelezen ({reason[0]}). Vraag "
                                     "de gemeente het op te slaan als Excel-werkmap (.xlsx).")
    if done.returncode != 0:  # killed or aborted at the memory limit: a sheet reaching absurdly far
        raise ReadFailure("unsafe", f"Het bestand is {what} met een blad dat te groot is om te lezen (waarden ver "
                                    "buiten het gebied van de scan?). Vraag de gemeente het op te slaan als "
                                    "Excel-werkmap (.xlsx) zonder waarden buiten de vragenlijst.")
    sheets, grids, outside = pickle.loads(done.stdout)  # noqa: S301 - our own child's plain values
    return OtherBook(sheets, grids, outside)


def _limit_memory() -> None:
    import resource  # POSIX only; on Windows the child runs without the limit

    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY_BYTES, CHILD_MEMORY_BYTES))


def _read_in_child(data: bytes, kind: str, area: Area) -> tuple:
    from python_calamine import CalamineWorkbook

    if kind == "ods":
        data = rewrite_zip(data, {"content.xml": _without_indentation})
    # From a file with its suffix: calamine's guess from the bytes alone turns an .ods that exceeds its
    # cell limit into "Cannot detect file format".
    with tempfile.TemporaryDirectory(prefix="wt-other-") as folder:
        path = os.path.join(folder, f"return.{kind}")
        with open(path, "wb") as handle:
            handle.write(data)
        book = CalamineWorkbook.from_path(path)
    sheets = {meta.name: "visible" if str(meta.visible).endswith("Visible") else "hidden"
              for meta in book.sheets_metadata}
    grids: dict[str, list[list[Any]]] = {}
    outside: dict[str, tuple[list[str], int]] = {}
    for title in sheets:
        sheet = book.get_sheet_by_name(title)
        first_row, first_col = sheet.start or (0, 0)  # the values start there; the grid starts at A1
        rows: list[list[Any]] = [[] for _ in range(min(first_row, area.rows))]
        named, count = [], 0
        for row_index, row in enumerate(sheet.iter_rows(), start=first_row):
            for col_index, value in enumerate(row, start=first_col):
                if value != "" and not area.holds(row_index, col_index):
                    count += 1
                    if len(named) < CELLS_NAMED:
                        named.append(cell_name(row_index, col_index))
            if row_index < area.rows:
                rows.append(([""] * first_col + list(row))[:area.columns])
        grids[title] = rows
        if count:
            outside[title] = (named, count)
    return sheets, grids, outside


def _without_indentation(xml: bytes) -> bytes:
    """content.xml without the line breaks and indentation between elements that Gnumeric writes and
    calamine's ODS reader stops at ("Expecting 'table-cell', found 'Text'"). Only whitespace that holds a
    line break: in a cell's text a line break is an element (<text:line-break/>), so no value changes."""
    return INDENTATION_RE.sub(b"><", xml)


def child_main() -> int:
    """The child: argv kind rows columns, the file's bytes on stdin, a pickled tuple on stdout."""
    kind, area = sys.argv[1], Area(rows=int(sys.argv[2]), columns=int(sys.argv[3]))
    try:
        book = _read_in_child(sys.stdin.buffer.read(), kind, area)
    except MemoryError:
        return 1
    except Exception as exc:  # noqa: BLE001 - calamine's own error types; the parent words the message
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    sys.stdout.buffer.write(pickle.dumps(book))  # a tuple: classes of __main__ would not unpickle
    return 0

