"""Layout -> the scan workbook with placeholders, built once with xlsxwriter, plus structure protection."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

from ..contract import START_TITLE
from ..errors import WorkbookToolError
from ..layout.model import Layout
from ..xlsxkit import new_workbook
from ..zipcopy import FillableZip, read_members
from .formats import Formats
from .hidden import write_lists_sheet, write_metadata_sheet
from .personalise import PLACEHOLDERS, fillable_workbook, placeholder
from .questionnaire import CellRecord, QuestionnaireSheet
from .start import Coordinator, SheetProgress, write_start_sheet

DEFAULT_PASSWORD = "preventiescanner"
# A fixed creation date keeps generated files reproducible byte for byte.
FIXED_CREATED = dt.datetime(2022, 1, 1)


class GenerateError(WorkbookToolError):
    """A workbook could not be generated (e.g. two gemeenten would get the same file name)."""


@dataclass
class Template:
    """The built workbook with placeholders, the map of its answer cells, and the workbook compressed once
    with its placeholders as gaps, from which each gemeente's copy is made (personalise)."""

    data: bytes
    cells: list[CellRecord]
    layout: Layout
    copies: FillableZip


def build_template(layout: Layout, *, password: str = DEFAULT_PASSWORD, coordinator: Coordinator = Coordinator(),
                   personalised: bool = True) -> Template:
    """Build the scan workbook once, with placeholders where gemeente, regio and ronde go (or, when not
    personalised, blank cells a person fills in)."""
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    book.set_properties({"title": layout.title, "subject": f"{layout.id} {layout.version}",
                         "author": "workbook_tool", "created": FIXED_CREATED, "comments": "Preventiescanner"})
    formats = Formats(book)
    start = book.add_worksheet(START_TITLE)  # first, so it is the first tab; written last, when progress is known
    progress: list[SheetProgress] = []
    cells: list[CellRecord] = []
    for sheet in layout.sheets:
        writer = QuestionnaireSheet(book, formats, layout, sheet, password)
        cells.extend(writer.write())
        progress.append(SheetProgress(sheet, writer.progress()))
    write_lists_sheet(book, layout)
    write_start_sheet(book, start, formats, layout, progress, coordinator, password, personalised)
    write_metadata_sheet(book, formats, layout, cells)
    start.activate()
    start.set_first_sheet()
    book.close()
    parts = read_members(buffer.getvalue())
    parts["xl/workbook.xml"] = lock_structure(parts["xl/workbook.xml"], password)
    copies = fillable_workbook(parts)
    data = copies.fill({key: placeholder(key).encode("utf-8") for key in PLACEHOLDERS})
    return Template(data=data, cells=cells, layout=layout, copies=copies)


def lock_structure(workbook_xml: bytes, password: str) -> bytes:
    """xl/workbook.xml with workbook structure protection, which xlsxwriter cannot write."""
    protection = f'<workbookProtection workbookPassword="{legacy_password_hash(password)}" lockStructure="1"/>'
    text, count = re.subn(r"(<workbookPr[^>]*/>)", lambda m: m.group(1) + protection, workbook_xml.decode("utf-8"),
                          count=1)
    if count != 1:
        raise GenerateError("interne fout: workbookPr ontbreekt in de gemaakte workbook.xml")
    return text.encode("utf-8")


def legacy_password_hash(password: str) -> str:
    """Excel's 16-bit sheet/workbook password hash (ECMA-376 Part 4, 14.7.1); a speed bump, not security."""
    value = 0
    for char in reversed(password):
        value = ((value >> 14) & 0x01) | ((value << 1) & 0x7FFF)
        value ^= ord(char)
    value = ((value >> 14) & 0x01) | ((value << 1) & 0x7FFF)
    value ^= len(password)
    value ^= 0xCE4B
    return f"{value:X}"
