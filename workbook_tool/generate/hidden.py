"""The two very hidden sheets: the dropdown lists, and the metadata the reader identifies a return by."""

from __future__ import annotations

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from .. import __version__
from ..contract import (
    CELL_MAP_COLUMNS,
    CELLS_TITLE,
    FIXED_ENTRIES,
    LISTS_TITLE,
    META_TITLE,
    METADATA_FORMAT,
    layout_fingerprint,
    list_name,
    names_digest,
)
from ..layout.model import Layout
from .formats import Formats
from .personalise import PLACEHOLDERS, placeholder
from .questionnaire import CellRecord


def write_lists_sheet(book: xlsxwriter.Workbook, layout: Layout) -> None:
    """One column per choice list, each referenced by a defined name (the dropdowns' source)."""
    ws = book.add_worksheet(LISTS_TITLE)
    for col, (list_id, values) in enumerate(layout.choice_lists.items()):
        ws.write(0, col, list_id)
        for row, value in enumerate(values, start=1):
            ws.write_string(row, col, value)
        letter = xl_col_to_name(col)
        book.define_name(list_name(list_id), f"={LISTS_TITLE}!${letter}$2:${letter}${len(values) + 1}")
    ws.protect()
    ws.very_hidden()


def write_metadata_sheet(book: xlsxwriter.Workbook, f: Formats, layout: Layout, cells: list[CellRecord]) -> None:
    """Identity entries (personal ones as placeholders) on the metadata sheet, the map of every answer cell on
    a sheet of its own (contract.py: format 2)."""
    ws = book.add_worksheet(META_TITLE)
    fixed = {"format": METADATA_FORMAT, "layout_id": layout.id, "layout_version": layout.version,
             "layout_hash": layout_fingerprint(layout),
             "names_hash": names_digest((record.name, record.sheet, record.cell) for record in cells),
             "tool_version": __version__}
    entries = [(key, fixed[key]) for key in FIXED_ENTRIES] + [(key, placeholder(key)) for key in PLACEHOLDERS]
    for row, (key, value) in enumerate(entries):
        ws.write_string(row, 0, key, f.meta_key)
        ws.write_string(row, 1, value)
    ws.protect()
    ws.very_hidden()
    cells_sheet = book.add_worksheet(CELLS_TITLE)
    for col, head in enumerate(CELL_MAP_COLUMNS):
        cells_sheet.write_string(0, col, head, f.meta_key)
    for row, record in enumerate(cells, start=1):
        for col, head in enumerate(CELL_MAP_COLUMNS):
            cells_sheet.write_string(row, col, getattr(record, head))
    cells_sheet.protect()
    cells_sheet.very_hidden()
