"""The values of a return's sheets, read with python-calamine on first use, and which cells hold formulas."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from python_calamine import CalamineWorkbook

from ..errors import Problem
from .area import Area, within_area
from .container import read_part
from .model import ReadFailure, problem
from .other import OtherBook
from .structure import Structure, cell_index

MAX_ROWS_READ = 20000


class Grids:
    """Sheet values indexed [row][col] from A1 (empty cells as ''): of an .xlsx loaded per sheet when first
    asked, of an .ods or .xls all read at once (see other.py); and the problems of reading them."""

    def __init__(self, structure: Structure, problems: list[Problem], book: CalamineWorkbook | None = None,
                 archive: zipfile.ZipFile | None = None, parts: dict[str, bytes] | None = None,
                 grids: dict[str, list[list[Any]]] | None = None):
        self.structure = structure
        self.problems = problems
        self.book = book
        self.archive = archive
        self.parts = parts or {}
        self.grids = grids or {}
        self.formula_cells: dict[str, set[str]] = {}
        self.error_cells: dict[str, dict[str, str]] = {}

    @classmethod
    def of_xlsx(cls, data: bytes, archive: zipfile.ZipFile, structure: Structure, area: Area) -> Grids:
        parts: dict[str, bytes] = {}
        data, outside = within_area(data, archive, structure, area, parts)
        problems = [_outside_problem(title, cells, outside.counts[title]) for title, cells in outside.cells.items()]
        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        except Exception as exc:  # noqa: BLE001 - calamine raises its own error types
            raise ReadFailure("corrupt", f"Het werkboek kan niet worden gelezen ({exc}).") from None
        return cls(structure, problems, book=book, archive=archive, parts=parts)

    @classmethod
    def of_other_format(cls, book: OtherBook) -> Grids:
        """No defined names, no date system to mind (calamine gives dates as dates), no formulas told apart."""
        structure = Structure(sheets={title: ("", state) for title, state in book.sheets.items()}, names={},
                              date1904=False)
        problems = [_outside_problem(title, cells, count) for title, (cells, count) in book.outside.items()]
        return cls(structure, problems, grids=book.grids)

    def has_sheet(self, title: str) -> bool:
        return title in self.structure.sheets

    def grid(self, title: str) -> list[list[Any]]:
        if title not in self.grids and self.book is not None:
            try:
                sheet = self.book.get_sheet_by_name(title)
                self.grids[title] = sheet.to_python(skip_empty_area=False, nrows=MAX_ROWS_READ)
            except Exception as exc:  # noqa: BLE001
                raise ReadFailure("corrupt", f"Blad '{title}' kan niet worden gelezen ({exc}).") from None
        return self.grids.get(title, [])

    def value_at(self, title: str, cell: str) -> Any:
        """The value of a cell, or None when it is empty or outside the sheet."""
        row, col = cell_index(cell)
        grid = self.grid(title)
        if row < len(grid) and col < len(grid[row]):
            value = grid[row][col]
            return None if value == "" else value
        return None

    def is_formula(self, title: str, cell: str) -> bool:
        self._scan(title)
        return cell in self.formula_cells[title]

    def error_at(self, title: str, cell: str) -> str | None:
        """The error value a cell holds ("#DIV/0!"), which calamine reads as empty; None for any other cell
        (and for .ods/.xls, whose error cells calamine does not tell apart). Reads the sheet first, as before:
        a sheet calamine cannot read fails here too."""
        self.grid(title)
        self._scan(title)
        return self.error_cells[title].get(cell)

    def special_cells(self, title: str) -> tuple[set[str], dict[str, str]]:
        """The sheet's formula cells and error cells (cell -> error), for a caller that asks about many."""
        self._scan(title)
        return self.formula_cells[title], self.error_cells[title]

    def _scan(self, title: str) -> None:
        """The sheet's formula and error cells, looked for in its XML the first time a cell of it is asked
        about: only sheets with answers are scanned, never the metadata, lists or Start sheet."""
        if title in self.formula_cells:
            return
        xml = self._sheet_xml(title)
        self.formula_cells[title] = formula_cells(xml)
        self.error_cells[title] = error_cells(xml)

    def _sheet_xml(self, title: str) -> bytes:
        """The sheet's XML as within_area read it (b"" for .ods/.xls and a sheet without a part)."""
        part = self.structure.sheets.get(title, ("", ""))[0]
        if part in self.parts:
            return self.parts[part]
        if part and self.archive is not None and part in self.archive.NameToInfo:
            return read_part(self.archive, part)
        return b""


def _outside_problem(title: str, cells: list[str], count: int) -> Problem:
    more = f" en {count - len(cells)} andere" if count > len(cells) else ""
    return problem("outside_area", f"Op blad '{title}' staan waarden ver buiten het gebied van de scan "
                                   f"({', '.join(cells)}{more}); die zijn niet gelezen. Staat daar een antwoord, "
                                   "vraag de gemeente het in de juiste cel te zetten.",
                   sheet=title, cell=cells[0], value_found=f"{count} cel{'len' if count != 1 else ''}")


def formula_cells(xml: bytes) -> set[str]:
    """Cells that hold a formula (<f> inside <c>); cheap when there are none, as in a filled-in return."""
    if b"<f>" not in xml and b"<f " not in xml:  # not <formula1> of a validation, not <font>
        return set()
    text = xml.decode("utf-8", "replace")
    return {m.group(1) for m in re.finditer(r'<c r="([A-Z]{1,3}\d+)"[^>]*>(?:(?!</c>).){0,200}?<f[ >/]', text, re.S)}


ERROR_CELL_RE = re.compile(r'<c r="([A-Z]{1,3}\d+)"[^>]*?\bt="e"[^>]*>(?:(?!</c>).)*?<v>([^<]*)</v>', re.S)


def error_cells(xml: bytes) -> dict[str, str]:
    """Cells whose value is an error (t="e": "#DIV/0!", "#N/A", ...) -> the error; calamine gives them as ''."""
    if b't="e"' not in xml:
        return {}
    return {m.group(1): m.group(2) for m in ERROR_CELL_RE.finditer(xml.decode("utf-8", "replace"))}
