"""The values of a return's sheets, read with python-calamine on first use, and which cells hold formulas."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from python_calamine import CalamineWorkbook

from .container import read_part
from .model import ReadFailure
from .structure import Structure, cell_index

MAX_ROWS_READ = 20000


class Grids:
    """Sheet values indexed [row][col] from A1 (empty cells as ''), loaded per sheet when first asked."""

    def __init__(self, data: bytes, archive: zipfile.ZipFile, structure: Structure):
        self.archive = archive
        self.structure = structure
        self.grids: dict[str, list[list[Any]]] = {}
        self.formula_cells: dict[str, set[str]] = {}
        self.error_cells: dict[str, dict[str, str]] = {}
        try:
            self.book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        except Exception as exc:  # noqa: BLE001 - calamine raises its own error types
            raise ReadFailure("corrupt", f"Het werkboek kan niet worden gelezen ({exc}).") from None

    def has_sheet(self, title: str) -> bool:
        return title in self.structure.sheets

    def grid(self, title: str) -> list[list[Any]]:
        if title not in self.grids:
            part = self.structure.sheets.get(title, ("", ""))[0]
            if part and part in self.archive.namelist():
                xml = read_part(self.archive, part)
                self.formula_cells[title] = formula_cells(xml)
                self.error_cells[title] = error_cells(xml)
            try:
                sheet = self.book.get_sheet_by_name(title)
                self.grids[title] = sheet.to_python(skip_empty_area=False, nrows=MAX_ROWS_READ)
            except Exception as exc:  # noqa: BLE001
                raise ReadFailure("corrupt", f"Blad '{title}' kan niet worden gelezen ({exc}).") from None
        return self.grids[title]

    def value_at(self, title: str, cell: str) -> Any:
        """The value of a cell, or None when it is empty or outside the sheet."""
        row, col = cell_index(cell)
        grid = self.grid(title)
        if row < len(grid) and col < len(grid[row]):
            value = grid[row][col]
            return None if value == "" else value
        return None

    def is_formula(self, title: str, cell: str) -> bool:
        return cell in self.formula_cells.get(title, ())

    def error_at(self, title: str, cell: str) -> str | None:
        """The error value a cell holds ("#DIV/0!"), which calamine reads as empty; None for any other cell."""
        self.grid(title)
        return self.error_cells.get(title, {}).get(cell)


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
