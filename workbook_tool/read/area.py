"""The area of a sheet the reader needs, and a copy of the workbook whose sheets keep only that area.

calamine builds a dense grid from A1 to the last cell of a sheet when the sheet is loaded, so one value
typed far away (AMJ1048576, after unprotecting the sheet) costs gigabytes before any row limit applies.
Before calamine sees a sheet, the cells actually present are found cheaply (the <dimension ref> is only a
claim); a sheet that reaches beyond the area is handed to calamine as a copy without the cells outside it,
and those cells are named in a warning. Normal files pass untouched.
"""

from __future__ import annotations

import functools
import re
import zipfile
from dataclasses import dataclass

from ..fileio import rewrite_zip
from .container import read_part
from .structure import Structure, cell_index, cell_name

PREFIXED_CELL_RE = re.compile(rb"<\w+:c[\s>/]")
# A literal start lets the search skip ahead at C speed; every prefixed cell contains it, so the precise
# PREFIXED_CELL_RE runs only on the rare sheet that has one of these (x14:conditionalFormatting, ...).
PREFIXED_CELL_HINT_RE = re.compile(rb":c[\s>/]")
ROW_RE = re.compile(rb"<(?:\w+:)?row\b[^>]*?(?:/>|>.*?</(?:\w+:)?row>)", re.S)
CELL_RE = re.compile(rb"<(?:\w+:)?c\b[^>]*?(?:/>|>.*?</(?:\w+:)?c>)", re.S)
OPEN_TAG_ATTR_R_RE = re.compile(rb'^<[^>]*?\sr="([A-Z]{0,3})(\d{0,7})"')
DIMENSION_RE = re.compile(rb'<(?:\w+:)?dimension\s+ref="[^"]*"\s*/>')
CONTENT_RE = re.compile(rb"<(?:\w+:)?(?:v|is|f)\b")
CELLS_NAMED = 5  # cells named in the warning; the rest counted


@dataclass(frozen=True)
class Area:
    """The top-left rows x columns of every sheet: all the reader looks at."""

    rows: int
    columns: int

    def holds(self, row: int, col: int) -> bool:
        return row < self.rows and col < self.columns



@functools.lru_cache(maxsize=8)
def _unusual_cell_re(columns: int) -> re.Pattern[bytes]:
    """A cell not in the usual spelling <c r="B12" whose column is among the first `columns` and whose row has
    at most four digits: without r, another attribute first, far right or far down. A match sends the sheet
    through the exact walk; one regex at C speed, searched from the literal "<c"."""
    by_first: dict[str, list[str]] = {}
    for col in range(columns):
        letters = cell_name(0, col)[:-1]
        by_first.setdefault(letters[:-1], []).append(letters[-1])
    allowed = "|".join(f"{first}[{last[0]}-{last[-1]}]" for first, last in by_first.items())
    # "<c" then a non-space delimiter, or a space not followed by a usual r: the same as
    # <c(?=[\s>/])(?! r="...") but with fewer steps per cell
    return re.compile(rb'<c(?:[>/\t\n\r\f\v]| (?!r="(?:' + allowed.encode() + rb')\d{1,4}"))')


@dataclass
class Outside:
    """Cells with a value outside the area, per sheet title (cell names in the order found) and counted."""

    cells: dict[str, list[str]]
    counts: dict[str, int]


def within_area(data: bytes, archive: zipfile.ZipFile, structure: Structure, area: Area,
                parts: dict[str, bytes]) -> tuple[bytes, Outside]:
    """The workbook as calamine should see it: unchanged when every sheet lies within the area, else a copy
    in memory whose oversized sheets keep only the cells inside it; and the value cells left out. The sheet
    parts read are left in `parts` (the formula scan needs them again)."""
    changes = {}
    outside = Outside({}, {})
    for title, (part, _state) in structure.sheets.items():
        if not part or part not in archive.NameToInfo:
            continue
        xml = parts[part] = read_part(archive, part)
        if _surely_fits(xml, area):
            continue
        trimmed, dropped, count = trim_sheet(xml, area)
        if trimmed is xml:
            continue
        changes[part] = lambda _old, new=trimmed: new
        if count:
            outside.cells[title], outside.counts[title] = dropped, count
    if not changes:
        return data, outside
    return rewrite_zip(data, changes), outside


def _surely_fits(xml: bytes, area: Area) -> bool:
    """True when every cell is in the usual spelling (<c r="B12" ...>) and inside the area: a few scans at
    C speed, no Python per cell. False says only "walk it": cells without r, prefixed or far away."""
    return not _unusual_cell_re(area.columns).search(xml) and not _has_prefixed_cell(xml)


def _has_prefixed_cell(xml: bytes) -> bool:
    return PREFIXED_CELL_HINT_RE.search(xml) is not None and PREFIXED_CELL_RE.search(xml) is not None


def trim_sheet(xml: bytes, area: Area) -> tuple[bytes, list[str], int]:
    """The sheet's XML without the rows and cells outside the area (positions as calamine counts them: a
    row or cell without r follows the one before); and the first value cells left out, and their number.
    Cells are in ascending order, so leaving out cells never moves a kept cell without r. The same object
    is returned when nothing lies outside."""
    dropped: list[str] = []
    count = 0
    out = []
    last = 0
    row_index = -1
    cut = False
    for row_match in ROW_RE.finditer(xml):
        row_xml = row_match.group()
        ref = OPEN_TAG_ATTR_R_RE.match(row_xml)
        row_index = int(ref.group(2)) - 1 if ref and ref.group(2) else row_index + 1
        kept = []
        col_index = -1
        row_cut = 0
        for cell_match in CELL_RE.finditer(row_xml):
            cell_xml = cell_match.group()
            cell_ref = OPEN_TAG_ATTR_R_RE.match(cell_xml)
            if cell_ref and cell_ref.group(1) and cell_ref.group(2):
                row, col_index = cell_index(cell_ref.group(1).decode() + cell_ref.group(2).decode())
            else:
                row, col_index = row_index, col_index + 1
            if area.holds(row, col_index):
                kept.append(cell_xml)
            elif CONTENT_RE.search(cell_xml):
                count += 1
                if len(dropped) < CELLS_NAMED:
                    dropped.append(cell_name(row, col_index))
            row_cut = row_cut or not area.holds(row, col_index)
        cut = cut or row_cut or row_index >= area.rows
        out.append(xml[last:row_match.start()])
        last = row_match.end()
        if row_index < area.rows:
            out.append(_rebuilt_row(row_xml, kept) if row_cut else row_xml)
    if not cut:
        return xml, [], 0
    out.append(xml[last:])
    trimmed = b"".join(out)
    dimension = f'<dimension ref="A1:{cell_name(area.rows - 1, area.columns - 1)}"/>'.encode()
    return DIMENSION_RE.sub(dimension, trimmed, count=1), dropped, count


def _rebuilt_row(row_xml: bytes, cells: list[bytes]) -> bytes:
    """The row element with only the given cells (its own attributes kept)."""
    if row_xml.endswith(b"/>") and b">" not in row_xml[:-2]:
        return row_xml
    open_end = row_xml.index(b">") + 1
    close_start = row_xml.rindex(b"</")
    return row_xml[:open_end] + b"".join(cells) + row_xml[close_start:]
