"""Layout -> protected scan workbook: built once with xlsxwriter, then personalised per gemeente.

The workbook is built once per layout as a template whose gemeente-specific texts are placeholders
in the shared-strings part; a personalised copy only rewrites that part (and nothing else), so 342
copies cost little more than 342 file copies.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
import os
import re
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_col_to_name, xl_rowcol_to_cell

from . import __version__
from .errors import WorkbookToolError
from .gemeenten import Gemeente, safe_filename
from .layout.model import NAMELIJK, AnswerField, Column, Item, Layout, Question, Section, Sheet

DEFAULT_PASSWORD = "preventiescanner"
START_TITLE = "Start"
LISTS_TITLE = "lijsten"
META_TITLE = "metadata"
METADATA_FORMAT = "workbook_tool/1"

# Placeholders in the template, replaced in xl/sharedStrings.xml for each gemeente.
PLACEHOLDERS = ("gemeente", "gemeente_nr", "regio", "ronde", "contactpersoon", "email", "generated_at", "token")


def placeholder(key: str) -> str:
    return f"\u27e6{key}\u27e7"  # ⟦key⟧: never typed by a person, survives XML escaping unchanged


# Defined names: a fixed prefix so no name can read as a cell reference (A1 or R1C1), ids joined by "__".
def answer_name(question_id: str, item_id: str, column_id: str) -> str:
    return f"ans__{question_id}__{item_id}__{column_id}"


# Names of the identifying cells on the Start sheet: the reader's fallback when the metadata sheet is gone.
META_NAMES = {"gemeente": "wt_gemeente", "regio": "wt_regio", "ronde": "wt_ronde",
              "layout_id": "wt_layout_id", "layout_version": "wt_layout_version"}
RESPONDENT_FIELDS = (("naam", "Naam", "text"), ("functie", "Functie", "text"),
                     ("email", "E-mail", "text"), ("datum", "Datum", "date"))


def respondent_name(field_id: str) -> str:
    return f"wt_ingevuld_{field_id}"


def list_name(list_id: str) -> str:
    return f"lijst_{list_id}"


FIRST_ANSWER_COLUMN = 2  # column C: A holds the item number, B the label


def sheet_columns(question: Question) -> list[Column]:
    """The answer columns a question occupies on its sheet, left to right from column C: its own
    columns, then the 'namelijk' text column if an item has one. The reader relies on this order."""
    if question.kind == "fields":
        return [Column(id="antwoord", label="Antwoord", type="text")]
    columns = list(question.columns)
    if any(c.id == NAMELIJK for item in question.items for c in item.columns):
        columns.append(Column(id=NAMELIJK, label="Toelichting bij Anders, namelijk", type="text"))
    return columns


def item_label_text(item: Item) -> str:
    """The label as written in column B (the reader compares with it)."""
    return f"{item.label} (in {item.unit})" if item.unit else item.label


class GenerateError(WorkbookToolError):
    """A workbook could not be generated (e.g. two gemeenten would get the same file name)."""


@dataclass(frozen=True)
class Coordinator:
    """Who the gemeenten contact with questions; shown on the Start sheet."""

    naam: str = ""
    email: str = ""
    telefoon: str = ""


@dataclass
class CellRecord:
    """Where one answer cell was written: the map the reader uses to find answers again."""

    name: str
    sheet: str
    cell: str
    key: str
    question_id: str
    item_id: str
    column_id: str
    type: str
    choices: str


@dataclass
class Template:
    """The built workbook with placeholders, and the map of its answer cells."""

    data: bytes
    cells: list[CellRecord]
    layout: Layout
    personalised: bool


@dataclass
class _Formats:
    """The cell formats of the workbook, created once."""

    book: xlsxwriter.Workbook
    cache: dict[str, object] = field(default_factory=dict)

    def __getattr__(self, name: str):  # noqa: ANN204 - formats are xlsxwriter objects
        if name in ("book", "cache"):
            raise AttributeError(name)
        if name not in self.cache:
            self.cache[name] = self.book.add_format(FORMATS[name])
        return self.cache[name]


BASE = {"font_name": "Calibri", "font_size": 11, "valign": "top"}
INPUT = {**BASE, "locked": False, "border": 1, "border_color": "#8EA9C1", "bg_color": "#FFFFFF", "text_wrap": True}
FORMATS: dict[str, dict] = {
    "title": {**BASE, "bold": True, "font_size": 16, "font_color": "#1F3864"},
    "subtitle": {**BASE, "bold": True, "font_size": 12, "font_color": "#1F3864"},
    "text": {**BASE, "text_wrap": True},
    "muted": {**BASE, "text_wrap": True, "italic": True, "font_color": "#595959"},
    "section": {**BASE, "bold": True, "font_size": 13, "font_color": "#FFFFFF", "bg_color": "#1F3864", "valign": "vcenter"},
    "question": {**BASE, "bold": True, "text_wrap": True, "font_color": "#1F3864", "top": 1, "top_color": "#1F3864"},
    "header": {**BASE, "bold": True, "text_wrap": True, "bg_color": "#D9E1F2", "border": 1, "border_color": "#B4C6E7"},
    "label": {**BASE, "text_wrap": True, "border": 1, "border_color": "#D9D9D9"},
    "number_cell": {**BASE, "border": 1, "border_color": "#D9D9D9", "align": "right"},
    "heading": {**BASE, "bold": True, "italic": True, "text_wrap": True},
    "link": {**BASE, "font_color": "#0563C1", "underline": 1},
    "fixed": {**BASE, "bold": True, "bg_color": "#F2F2F2", "border": 1, "border_color": "#D9D9D9"},
    "input_choice": {**INPUT, "align": "center"},
    "input_text": {**INPUT},
    "input_number": {**INPUT, "num_format": "0.##", "align": "right"},
    "input_integer": {**INPUT, "num_format": "0", "align": "right"},
    "input_range": {**INPUT, "align": "right", "num_format": "@"},
    "input_date": {**INPUT, "num_format": "dd-mm-yyyy", "align": "right"},
    "percent": {**BASE, "num_format": "0%", "border": 1, "border_color": "#D9D9D9"},
    "count": {**BASE, "border": 1, "border_color": "#D9D9D9", "align": "right"},
    "count_bold": {**BASE, "bold": True, "border": 1, "border_color": "#D9D9D9", "align": "right"},
    "percent_bold": {**BASE, "bold": True, "num_format": "0%", "border": 1, "border_color": "#D9D9D9"},
    "meta_key": {**BASE, "bold": True},
    "unanswered": {"bg_color": "#FFF2CC"},
    "invalid": {"bg_color": "#F8CBAD", "font_color": "#9C0006"},
}

LABEL_WIDTH = 72
NUMBER_WIDTH = 5
INPUT_WIDTHS = {"choice": 14, "number": 12, "date": 13, "text": 44}
FIELDS_TEXT_WIDTH = 70
POINTS_PER_LINE = 15
DATE_MIN = dt.date(2000, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)
# A fixed creation date keeps generated files reproducible byte for byte.
FIXED_CREATED = dt.datetime(2022, 1, 1)


def build_template(layout: Layout, *, password: str = DEFAULT_PASSWORD, coordinator: Coordinator = Coordinator(),
                   personalised: bool = True) -> Template:
    """Build the scan workbook once, with placeholders where gemeente, regio and ronde go."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"title": layout.title, "subject": f"{layout.id} {layout.version}",
                         "author": "workbook_tool", "created": FIXED_CREATED, "comments": "Preventiescanner"})
    formats = _Formats(book)
    start = book.add_worksheet(START_TITLE)
    progress_rows: list[tuple[Sheet, list[str], int]] = []
    cells: list[CellRecord] = []
    for sheet in layout.sheets:
        writer = _SheetWriter(book, formats, layout, sheet, password)
        cells.extend(writer.write())
        progress_rows.append((sheet, writer.progress_ranges(), writer.items_to_answer))
    _write_lists_sheet(book, layout)
    _write_start(book, start, formats, layout, progress_rows, coordinator, password, personalised)
    _write_metadata(book, formats, layout, cells)
    start.activate()
    start.set_first_sheet()
    book.close()
    data = _lock_structure(buffer.getvalue(), password)
    return Template(data=data, cells=cells, layout=layout, personalised=personalised)


class _SheetWriter:
    """Writes one layout sheet: sections, questions, and each item on its own row with its answer cells."""

    def __init__(self, book: xlsxwriter.Workbook, formats: _Formats, layout: Layout, sheet: Sheet, password: str):
        self.book = book
        self.f = formats
        self.layout = layout
        self.sheet = sheet
        self.ws = book.add_worksheet(sheet.title)
        self.password = password
        self.row = 0
        self.width = 2 + self._answer_column_count()
        self.cells: list[CellRecord] = []
        self.first_cells: list[tuple[int, int]] = []  # the cell that makes an item "answered"
        self.required_cells: list[tuple[int, int]] = []  # first cells of checklist and table items
        self.validations: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
        self.items_to_answer = 0

    def _answer_column_count(self) -> int:
        return max((len(sheet_columns(q)) for q in self.sheet.questions), default=1)

    def write(self) -> list[CellRecord]:
        self._set_column_widths()
        self._write_header()
        for section in self.sheet.sections:
            self._write_band(section.title, self.f.section, height=20)
            if section.help:
                self._write_note(section.help, self.f.muted)
            for question in section.questions:
                self._write_question(section, question)
            self.row += 1
        self._apply_validations()
        self._apply_unanswered_highlight()
        self._protect_and_print()
        return self.cells

    def _set_column_widths(self) -> None:
        self.ws.set_column(0, 0, NUMBER_WIDTH)
        self.ws.set_column(1, 1, LABEL_WIDTH)
        widths: dict[int, float] = defaultdict(lambda: 10)
        for question in self.sheet.questions:
            for index, column in enumerate(sheet_columns(question)):
                wanted = self._input_width(question, column)
                widths[index] = max(widths[index], wanted)
        for index, width in widths.items():
            self.ws.set_column(2 + index, 2 + index, width)

    def _input_width(self, question: Question, column: Column) -> float:
        if question.kind == "fields":
            return FIELDS_TEXT_WIDTH
        if column.type == "choice":
            longest = max((len(c) for c in self.layout.choices_of(column)), default=8)
            return max(min(longest + 4, 34), INPUT_WIDTHS["choice"], _longest_word(column.label) + 2)
        return max(INPUT_WIDTHS[column.type], _longest_word(column.label) + 2)

    def _write_header(self) -> None:
        ws = self.ws
        ws.set_row(0, 24)
        ws.write(0, 0, self.sheet.title, self.f.title)
        ws.write(1, 0, f"Gemeente: {placeholder('gemeente')}", self.f.subtitle)
        ws.write_url(1, self.width - 1, f"internal:{quote_sheetname(START_TITLE)}!A1", self.f.link,
                     string="Naar Start", tip="Terug naar het startblad met de voortgang")
        ws.freeze_panes(2, 0)
        self.row = 3
        if self.sheet.intro:
            self._write_note(self.sheet.intro, self.f.text)
            self.row += 1

    def _write_band(self, text: str, fmt, height: float) -> None:
        self.ws.merge_range(self.row, 0, self.row, self.width - 1, text, fmt)
        self.ws.set_row(self.row, height)
        self.row += 1

    def _write_note(self, text: str, fmt) -> None:
        chars = LABEL_WIDTH + 10 * (self.width - 2)
        self.ws.merge_range(self.row, 0, self.row, self.width - 1, text.strip(), fmt)
        self.ws.set_row(self.row, POINTS_PER_LINE * _line_count(text.strip(), chars) + 3)
        self.row += 1

    def _write_question(self, section: Section, question: Question) -> None:
        self.row += 1
        self.ws.merge_range(self.row, 0, self.row, self.width - 1, question.title, self.f.question)
        self.ws.set_row(self.row, POINTS_PER_LINE * _line_count(question.title, LABEL_WIDTH + 30) + 4)
        self.row += 1
        if question.help:
            self._write_note(question.help, self.f.muted)
        columns = sheet_columns(question)
        if question.kind != "fields":
            self.ws.write(self.row, 0, "Nr.", self.f.header)
            self.ws.write(self.row, 1, "Onderdeel", self.f.header)
            for index, column in enumerate(columns):
                self.ws.write(self.row, 2 + index, column.label, self.f.header)
            self.row += 1
        position = {c.id: FIRST_ANSWER_COLUMN + i for i, c in enumerate(columns)}
        heading = None
        for number, item in enumerate(question.items, start=1):
            if item.heading and item.heading != heading:
                heading = item.heading
                self.ws.write(self.row, 1, heading, self.f.heading)
                self.row += 1
            self._write_item(section, question, item, number, position)

    def _write_item(self, section: Section, question: Question, item: Item, number: int,
                    position: dict[str, int]) -> None:
        ws = self.ws
        label = item_label_text(item)
        ws.write_number(self.row, 0, number, self.f.number_cell)
        ws.write(self.row, 1, label, self.f.label)
        text_field = question.kind == "fields" and item.columns[0].type == "text"
        lines = _line_count(label, LABEL_WIDTH + 2)
        ws.set_row(self.row, POINTS_PER_LINE * max(lines, 4 if text_field else 1) + 2)
        for index, column in enumerate(item.columns):
            col = position[column.id] if question.kind != "fields" else FIRST_ANSWER_COLUMN
            self._write_answer_cell(AnswerField(self.sheet, section, question, item, column), self.row, col)
            if index == 0:
                self.first_cells.append((self.row, col))
                if question.kind != "fields":  # open questions are not required: no "still to do" colour
                    self.required_cells.append((self.row, col))
        self.items_to_answer += 1
        self.row += 1

    def _write_answer_cell(self, answer: AnswerField, row: int, col: int) -> None:
        column = answer.column
        fmt = self._input_format(column)
        self.ws.write_blank(row, col, None, fmt)
        cell = xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)
        name = answer_name(answer.question.id, answer.item.id, column.id)
        self.book.define_name(name, f"={quote_sheetname(self.sheet.title)}!{cell}")
        self.cells.append(CellRecord(name=name, sheet=self.sheet.title, cell=cell.replace("$", ""), key=answer.key,
                                     question_id=answer.question.id, item_id=answer.item.id, column_id=column.id,
                                     type=column.type, choices=column.choices or ""))
        self.validations[_validation_signature(column, answer.item.unit)].append((row, col))

    def _input_format(self, column: Column):
        if column.type == "number":
            if column.allow_range:
                return self.f.input_range
            return self.f.input_integer if column.integer else self.f.input_number
        return getattr(self.f, f"input_{column.type}")

    def _apply_validations(self) -> None:
        for signature, cells in self.validations.items():
            options = _validation_options(self.layout, signature)
            if options is None:
                continue
            ranges = _ranges(cells)
            options["multi_range"] = " ".join(ranges)
            first = ranges[0].split(":")[0]
            self.ws.data_validation(first, options)
            if signature[0] == "choice":
                for block in ranges:
                    top_left = block.split(":")[0]
                    self.ws.conditional_format(block, {
                        "type": "formula", "format": self.f.invalid, "stop_if_true": True,
                        "criteria": f'=AND({top_left}<>"",COUNTIF({list_name(signature[1])},{top_left})=0)'})

    def _apply_unanswered_highlight(self) -> None:
        for block in _ranges(self.required_cells):
            self.ws.conditional_format(block, {"type": "blanks", "format": self.f.unanswered})

    def progress_ranges(self) -> list[str]:
        sheet = quote_sheetname(self.sheet.title)
        return [f"{sheet}!{_absolute(block)}" for block in _ranges(self.first_cells)]

    def _protect_and_print(self) -> None:
        ws = self.ws
        ws.protect(self.password, {"select_locked_cells": True, "select_unlocked_cells": True,
                                   "format_rows": True, "format_columns": True})
        ws.set_paper(9)
        ws.set_portrait() if self.width <= 4 else ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.5, right=0.5, top=0.7, bottom=0.7)
        ws.repeat_rows(0, 1)
        ws.set_header("&L&8Preventiescanner Dakloosheid&R&8&A")
        ws.set_footer("&L&8&F&R&8Pagina &P van &N")
        ws.hide_gridlines(2)


def _validation_signature(column: Column, unit: str) -> tuple:
    return (column.type, column.choices or "", column.integer, column.min, column.max, column.allow_range,
            column.max_length, column.help, unit)


def _validation_options(layout: Layout, signature: tuple) -> dict | None:
    """Excel data validation for one kind of answer cell; texts within Excel's limits (title 32, message 255)."""
    ctype, choices, integer, vmin, vmax, allow_range, max_length, help_text, unit = signature
    suffix = f" {help_text}" if help_text else ""
    if ctype == "choice":
        values = layout.choice_lists[choices]
        listed = ", ".join(values)
        message = f"Kies uit de lijst: {listed}." if len(listed) < 150 else "Kies een waarde uit de lijst."
        return {"validate": "list", "source": f"={list_name(choices)}",
                "input_title": "Kies uit de lijst", "input_message": _clip(message + suffix, 255),
                "error_title": "Kies uit de lijst", "error_type": "stop",
                "error_message": _clip("Deze waarde staat niet in de lijst. Klik op het pijltje en kies een waarde.", 225)}
    if ctype == "number":
        unit_text = f" in {unit}" if unit else ""
        if allow_range:
            return {"validate": "any", "input_title": "Aantal",
                    "input_message": _clip(f"Vul een aantal{unit_text} in, of een bereik zoals 3-4.{suffix}", 255)}
        low = vmin if vmin is not None else (0 if integer else -1e12)
        high = vmax if vmax is not None else 1e12
        kind = "geheel getal" if integer else "getal"
        bounds = f" van {_fmt_num(low)} of meer" if vmax is None else f" tussen {_fmt_num(low)} en {_fmt_num(high)}"
        return {"validate": "integer" if integer else "decimal", "criteria": "between", "minimum": low, "maximum": high,
                "input_title": "Getal", "input_message": _clip(f"Vul een {kind}{unit_text} in{bounds}.{suffix}", 255),
                "error_title": "Ongeldig getal", "error_type": "stop",
                "error_message": _clip(f"Vul een {kind}{bounds} in.", 225)}
    if ctype == "date":
        return {"validate": "date", "criteria": "between", "minimum": DATE_MIN, "maximum": DATE_MAX,
                "input_title": "Datum", "input_message": "Vul een datum in, bijvoorbeeld 31-12-2026.",
                "error_title": "Ongeldige datum", "error_type": "stop",
                "error_message": "Vul een datum in tussen 1-1-2000 en 31-12-2100, bijvoorbeeld 31-12-2026."}
    if ctype == "text":
        if not help_text and not max_length:
            return None
        options = {"input_title": "Toelichting", "input_message": _clip(help_text or "Vul hier uw tekst in.", 255)}
        if max_length:
            return {**options, "validate": "length", "criteria": "<=", "value": max_length,
                    "error_title": "Tekst te lang", "error_message": f"Gebruik hoogstens {max_length} tekens."}
        return {**options, "validate": "any"}
    return None


def _write_lists_sheet(book: xlsxwriter.Workbook, layout: Layout) -> None:
    # Lists on a hidden sheet, referenced by name: Excel drops inline lists over 255 characters.
    ws = book.add_worksheet(LISTS_TITLE)
    for col, (list_id, values) in enumerate(layout.choice_lists.items()):
        ws.write(0, col, list_id)
        for row, value in enumerate(values, start=1):
            ws.write_string(row, col, value)
        letter = xl_col_to_name(col)
        book.define_name(list_name(list_id), f"={LISTS_TITLE}!${letter}$2:${letter}${len(values) + 1}")
    ws.protect()
    ws.very_hidden()


def _write_start(book, ws, f: _Formats, layout: Layout, progress: list[tuple[Sheet, list[str], int]],
                 coordinator: Coordinator, password: str, personalised: bool) -> None:
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 50)
    ws.set_column(2, 3, 16)
    ws.hide_gridlines(2)
    ws.write(0, 0, layout.title, f.title)
    ws.set_row(0, 26)
    row = 2
    fixed = f.fixed if personalised else f.input_text
    for label, key in (("Gemeente", "gemeente"), ("Regio", "regio"), ("Ronde", "ronde")):
        ws.write(row, 0, label, f.meta_key)
        if personalised:
            ws.write_string(row, 1, placeholder(key), fixed)
        else:
            ws.write_blank(row, 1, None, fixed)
        book.define_name(META_NAMES[key], f"={START_TITLE}!$B${row + 1}")
        row += 1
    for label, key, value in (("Vragenlijst", "layout_id", layout.id), ("Versie", "layout_version", layout.version)):
        ws.write(row, 0, label, f.meta_key)
        ws.write_string(row, 1, value, f.fixed)
        book.define_name(META_NAMES[key], f"={START_TITLE}!$B${row + 1}")
        row += 1
    row += 1
    if layout.description:
        ws.merge_range(row, 0, row, 3, layout.description.strip(), f.text)
        ws.set_row(row, POINTS_PER_LINE * _line_count(layout.description.strip(), 110) + 4)
        row += 2
    row = _write_instructions(ws, f, row)
    row = _write_contact(ws, f, row, coordinator)
    row = _write_respondent(book, ws, f, row)
    _write_progress(ws, f, row, progress)
    ws.protect(password, {"select_locked_cells": True, "select_unlocked_cells": True})
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_footer("&L&8&F&R&8Pagina &P van &N")


INSTRUCTIONS = (
    "Opent u dit bestand vanuit uw e-mail? Klik dan bovenaan op 'Bewerken inschakelen' en sla het bestand "
    "eerst op uw computer op.",
    "Vul de tabbladen van links naar rechts in. Elke regel is één onderdeel: uw antwoord staat rechts ervan "
    "in de witte cel met rand.",
    "Klik in een antwoordcel en kies uit het keuzelijstje (het pijltje rechts van de cel). Typ of plak geen "
    "eigen teksten in een cel met een keuzelijst.",
    "Biedt uw gemeente iets anders dan genoemd? Kies bij 'Anders, namelijk' Ja en beschrijf het in de cel "
    "ernaast. Getallen vult u in als getal; kies bij een aantal ook de bron (eigen registratie of schatting).",
    "Lichtgele cellen zijn nog niet ingevuld; een rode cel bevat een waarde die niet in de lijst staat. "
    "De voortgang hieronder laat zien hoeveel u al hebt ingevuld.",
    "Wijzig geen tabbladnamen en voeg geen rijen of kolommen in: de antwoorden worden automatisch ingelezen.",
    "Sla het bestand op als Excel-werkmap (.xlsx), houd de bestandsnaam aan en mail het terug naar de "
    "coördinator.",
)


def _write_instructions(ws, f: _Formats, row: int) -> int:
    ws.write(row, 0, "Zo vult u de scan in", f.subtitle)
    row += 1
    for number, text in enumerate(INSTRUCTIONS, start=1):
        ws.write_number(row, 0, number, f.count)
        ws.merge_range(row, 1, row, 3, text, f.text)
        ws.set_row(row, POINTS_PER_LINE * _line_count(text, 80) + 2)
        row += 1
    return row + 1


def _write_contact(ws, f: _Formats, row: int, coordinator: Coordinator) -> int:
    ws.write(row, 0, "Vragen? Neem contact op met de coördinator", f.subtitle)
    row += 1
    for label, value in (("Naam", coordinator.naam), ("E-mail", coordinator.email), ("Telefoon", coordinator.telefoon)):
        if value:
            ws.write(row, 0, label, f.meta_key)
            ws.write_string(row, 1, value, f.text)
            row += 1
    ws.write(row, 0, "Contactpersoon gemeente", f.meta_key)
    ws.write_string(row, 1, f"{placeholder('contactpersoon')} {placeholder('email')}".strip(), f.text)
    return row + 2


def _write_respondent(book, ws, f: _Formats, row: int) -> int:
    ws.write(row, 0, "Ingevuld door", f.subtitle)
    row += 1
    for field_id, label, ftype in RESPONDENT_FIELDS:
        ws.write(row, 0, label, f.meta_key)
        ws.write_blank(row, 1, None, f.input_date if ftype == "date" else f.input_text)
        cell = xl_rowcol_to_cell(row, 1)
        if ftype == "date":
            ws.data_validation(cell, {"validate": "date", "criteria": "between", "minimum": DATE_MIN,
                                      "maximum": DATE_MAX, "input_title": "Datum",
                                      "input_message": "Vul de datum in, bijvoorbeeld 31-12-2026.",
                                      "error_title": "Ongeldige datum",
                                      "error_message": "Vul een datum in, bijvoorbeeld 31-12-2026."})
        book.define_name(respondent_name(field_id), f"={START_TITLE}!${cell[0]}${row + 1}")
        row += 1
    return row + 1


def _write_progress(ws, f: _Formats, row: int, progress: list[tuple[Sheet, list[str], int]]) -> None:
    ws.write(row, 0, "Voortgang", f.subtitle)
    row += 1
    for col, head in enumerate(("Tabblad", "Beantwoord", "Te beantwoorden", "Percentage")):
        ws.write(row, col, head, f.header)
    row += 1
    first = row
    for sheet, ranges, total in progress:
        ws.write_url(row, 0, f"internal:{quote_sheetname(sheet.title)}!A1", f.link, string=sheet.title,
                     tip=f"Ga naar {sheet.title}")
        # COUNTA with one argument per block of answer cells: both Excel and LibreOffice accept it.
        ws.write_formula(row, 1, f"=COUNTA({','.join(ranges)})" if ranges else "=0", f.count, 0)
        ws.write_number(row, 2, total, f.count)
        ws.write_formula(row, 3, f"=IF(C{row + 1}=0,0,B{row + 1}/C{row + 1})", f.percent, 0)
        row += 1
    ws.write(row, 0, "Totaal", f.meta_key)
    ws.write_formula(row, 1, f"=SUM(B{first + 1}:B{row})", f.count_bold, 0)
    ws.write_formula(row, 2, f"=SUM(C{first + 1}:C{row})", f.count_bold, sum(p[2] for p in progress))
    ws.write_formula(row, 3, f"=IF(C{row + 1}=0,0,B{row + 1}/C{row + 1})", f.percent_bold, 0)


def _write_metadata(book, f: _Formats, layout: Layout, cells: list[CellRecord]) -> None:
    ws = book.add_worksheet(META_TITLE)
    entries = [("format", METADATA_FORMAT), ("layout_id", layout.id), ("layout_version", layout.version),
               ("layout_hash", layout_fingerprint(layout)), ("tool_version", __version__)]
    entries += [(key, placeholder(key)) for key in PLACEHOLDERS]
    for row, (key, value) in enumerate(entries):
        ws.write_string(row, 0, key, f.meta_key)
        ws.write_string(row, 1, value)
    row = len(entries) + 1
    headers = ("name", "sheet", "cell", "key", "question_id", "item_id", "column_id", "type", "choices")
    for col, head in enumerate(headers):
        ws.write_string(row, col, head, f.meta_key)
    for record in cells:
        row += 1
        for col, head in enumerate(headers):
            ws.write_string(row, col, getattr(record, head))
    ws.protect()
    ws.very_hidden()


def layout_fingerprint(layout: Layout) -> str:
    """A short hash of everything that decides where answers are and what they may be."""
    digest = hashlib.sha256()
    for answer in layout.answer_fields():
        column = answer.column
        digest.update(f"{answer.key}|{column.type}|{column.choices}|{answer.sheet.title}\n".encode())
    for list_id, values in layout.choice_lists.items():
        digest.update(f"{list_id}={'|'.join(values)}\n".encode())
    return digest.hexdigest()[:16]


def metadata_token(layout_id: str, version: str, gemeente: str, regio: str, ronde: str, nummer: str) -> str:
    """Tamper evidence, not security: a changed gemeente or version no longer matches its token."""
    text = "|".join((layout_id, version, gemeente, regio, ronde, nummer))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _lock_structure(data: bytes, password: str) -> bytes:
    """Add workbook structure protection, which xlsxwriter cannot write, to xl/workbook.xml."""
    protection = f'<workbookProtection workbookPassword="{_legacy_password_hash(password)}" lockStructure="1"/>'

    def add_protection(xml: bytes) -> bytes:
        text = xml.decode("utf-8")
        text, count = re.subn(r"(<workbookPr[^>]*/>)", lambda m: m.group(1) + protection, text, count=1)
        if count != 1:
            raise GenerateError("internal: workbookPr not found in the generated workbook.xml")
        return text.encode("utf-8")

    return rewrite_zip(data, {"xl/workbook.xml": add_protection})


def _legacy_password_hash(password: str) -> str:
    """Excel's 16-bit sheet/workbook password hash (ECMA-376 Part 4, 14.7.1); a speed bump, not security."""
    value = 0
    for char in reversed(password):
        value = ((value >> 14) & 0x01) | ((value << 1) & 0x7FFF)
        value ^= ord(char)
    value = ((value >> 14) & 0x01) | ((value << 1) & 0x7FFF)
    value ^= len(password)
    value ^= 0xCE4B
    return f"{value:X}"


def rewrite_zip(data: bytes, changes: dict[str, callable]) -> bytes:
    """Copy a zip, passing the named parts through their change function; order and names kept."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename in changes:
                content = changes[info.filename](content)
            target.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def personalise(template: Template, values: dict[str, str]) -> bytes:
    """The template with its placeholders replaced by this gemeente's values (XML-escaped)."""
    replacements = {placeholder(k): escape(values.get(k, "")) for k in PLACEHOLDERS}
    pattern = re.compile("|".join(re.escape(p) for p in replacements))

    def fill(xml: bytes) -> bytes:
        return pattern.sub(lambda m: replacements[m.group(0)], xml.decode("utf-8")).encode("utf-8")

    return rewrite_zip(template.data, {"xl/sharedStrings.xml": fill})


def values_for(layout: Layout, gemeente: Gemeente | None, regio: str, ronde: str, generated_at: str) -> dict[str, str]:
    naam = gemeente.naam if gemeente else ""
    regio = (gemeente.regio if gemeente and gemeente.regio else regio) or ""
    nummer = str(gemeente.nummer) if gemeente and gemeente.nummer is not None else ""
    return {"gemeente": naam, "gemeente_nr": nummer, "regio": regio, "ronde": ronde,
            "contactpersoon": gemeente.contactpersoon if gemeente else "", "email": gemeente.email if gemeente else "",
            "generated_at": generated_at,
            "token": metadata_token(layout.id, layout.version, naam, regio, ronde, nummer)}


@dataclass
class GenerateResult:
    """What `generate` wrote."""

    files: list[Path]
    answer_cells: int
    template: Template


def generate(layout: Layout, out_dir: str | Path, gemeenten: Iterable[Gemeente] | None = None, *,
             regio: str = "", ronde: str = "", password: str = DEFAULT_PASSWORD,
             coordinator: Coordinator = Coordinator(), file_prefix: str = "",
             now: dt.datetime | None = None) -> GenerateResult:
    """Write one personalised workbook per gemeente into out_dir (or one blank workbook without a list)."""
    out_dir = Path(out_dir)
    gemeenten = list(gemeenten or [])
    now = now or dt.datetime.now().replace(microsecond=0)
    generated_at = now.isoformat(sep=" ")
    template = build_template(layout, password=password, coordinator=coordinator, personalised=bool(gemeenten))
    targets = _target_files(layout, out_dir, gemeenten, file_prefix)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = []
    for gemeente, path in targets:
        data = personalise(template, values_for(layout, gemeente, regio, ronde, generated_at))
        write_atomic(path, data)
        files.append(path)
    return GenerateResult(files=files, answer_cells=len(template.cells), template=template)


def _target_files(layout: Layout, out_dir: Path, gemeenten: list[Gemeente], prefix: str) -> list[tuple[Gemeente | None, Path]]:
    if not gemeenten:
        return [(None, out_dir / f"{prefix}{safe_filename(layout.title)} (blanco).xlsx")]
    targets = []
    seen: dict[str, str] = {}
    for gemeente in gemeenten:
        name = f"{prefix}{safe_filename(gemeente.naam)}.xlsx"
        if name.casefold() in seen:
            raise GenerateError(f"gemeenten '{seen[name.casefold()]}' and '{gemeente.naam}' would both be written "
                                f"to '{name}'. Make the names differ in more than punctuation.")
        seen[name.casefold()] = gemeente.naam
        targets.append((gemeente, out_dir / name))
    return targets


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


def _ranges(cells: list[tuple[int, int]]) -> list[str]:
    """Group cells into rectangular column runs: [(4,2),(5,2),(7,2)] -> ['C5:C6', 'C8']."""
    blocks: list[str] = []
    by_col: dict[int, list[int]] = defaultdict(list)
    for row, col in cells:
        by_col[col].append(row)
    for col in sorted(by_col):
        rows = sorted(set(by_col[col]))
        start = prev = rows[0]
        for row in rows[1:] + [None]:
            if row is not None and row == prev + 1:
                prev = row
                continue
            a, b = xl_rowcol_to_cell(start, col), xl_rowcol_to_cell(prev, col)
            blocks.append(a if a == b else f"{a}:{b}")
            if row is not None:
                start = prev = row
    return blocks


def _absolute(block: str) -> str:
    return ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", part) for part in block.split(":"))


def _line_count(text: str, chars_per_line: float) -> int:
    return sum(max(1, math.ceil(len(line) / chars_per_line)) for line in text.splitlines() or [""])


def _longest_word(text: str) -> int:
    return max((len(w) for w in text.split()), default=0)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fmt_num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")
