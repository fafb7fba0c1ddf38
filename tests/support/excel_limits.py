"""Check a written workbook against Excel's limits and A4 printing, as Excel and LibreOffice open it.

Excel's limits (Microsoft, "Excel specifications and limits"): a row at most 409 points high, a cell at most
32,767 characters (xlsxwriter cuts a longer string to exactly that length, so a cell of that length counts as
cut), 16,384 columns. Printable: every printed page's columns (the repeated print-title columns plus those
between two vertical page breaks) fit the paper's width inside the margins at the sheet's print scale.
The widths are worked out here from the file, not with the tool's own layout code: a column whose width in the
file is W (the width a person sets plus 5/7 for the cell's padding) is int(7W + 0.5) pixels in Excel and 5.55W
points in LibreOffice; the wider of the two counts.
"""

from __future__ import annotations

import io

import openpyxl
from openpyxl.utils import column_index_from_string

MAX_ROW_POINTS = 409
MAX_CELL_CHARS = 32_767
MAX_COLUMNS = 16_384
A4_POINTS = (595.3, 841.9)  # portrait width, height
DEFAULT_WIDTH = 8.43


def open_workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def limit_problems(book) -> list[str]:
    """Every place where the workbook breaks a limit, as 'sheet: what'; empty when it keeps them all."""
    problems = []
    for ws in book.worksheets:
        problems += [f"{ws.title}: {p}" for p in _row_problems(ws) + _cell_problems(ws)]
        if ws.sheet_state == "visible":
            problems += [f"{ws.title}: {p}" for p in _print_problems(ws)]
    return problems


def _row_problems(ws) -> list[str]:
    return [f"row {index} is {dim.height} pt high" for index, dim in ws.row_dimensions.items()
            if dim.height is not None and dim.height > MAX_ROW_POINTS]


def _cell_problems(ws) -> list[str]:
    problems = []
    if ws.max_column > MAX_COLUMNS:
        problems.append(f"{ws.max_column} columns")
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and len(cell.value) >= MAX_CELL_CHARS:
                problems.append(f"{cell.coordinate} holds {len(cell.value)} characters (cut at Excel's limit)")
    return problems


def column_points(width: float) -> float:
    """The wider of Excel's and LibreOffice's rendering of a column's width in the file, in points."""
    return max(int(7 * width + 0.5) * 0.75, 5.55 * width)


def widths(ws) -> list[float]:
    """The width of every used column, 1-based index - 1."""
    found = [DEFAULT_WIDTH] * ws.max_column
    for letter, dim in ws.column_dimensions.items():
        if dim.width is None:
            continue
        for index in range(dim.min or column_index_from_string(letter), (dim.max or dim.min or 1) + 1):
            if index <= len(found):
                found[index - 1] = dim.width
    return found


def printed_pages_across(ws) -> list[list[int]]:
    """The columns (1-based) on each page across: print-title columns first, then those between breaks."""
    repeated = _title_columns(ws)
    # a break's id is the last column before it; a break past the last used column prints nothing
    breaks = sorted(brk.id for brk in ws.col_breaks.brk if brk.id < ws.max_column)
    bounds = [0] + breaks + [ws.max_column]
    pages = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        body = [c for c in range(start + 1, end + 1) if c not in repeated]
        if body:
            pages.append(repeated + body)
    return pages


def _title_columns(ws) -> list[int]:
    if not ws.print_title_cols:
        return []
    first, last = ws.print_title_cols.replace("$", "").split(":")
    return list(range(column_index_from_string(first), column_index_from_string(last) + 1))


def page_width(ws) -> float:
    """The room across a printed page in points, at the sheet's print scale."""
    paper = A4_POINTS[1] if ws.page_setup.orientation == "landscape" else A4_POINTS[0]
    margins = (ws.page_margins.left + ws.page_margins.right) * 72
    return (paper - margins) * 100 / (ws.page_setup.scale or 100)


def _print_problems(ws) -> list[str]:
    found = widths(ws)
    room = page_width(ws)
    problems = []
    for page in printed_pages_across(ws):
        needed = sum(column_points(found[c - 1]) for c in page)
        if needed > room:
            problems.append(f"columns {page[0]}..{page[-1]} need {needed:.0f} pt across, a page has {room:.0f}")
    return problems
