"""One questionnaire sheet of the scan workbook: sections, questions, and each item on its own row with its
answer cells to the right, where the contract says they are."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from ..contract import (
    FIRST_ANSWER_COLUMN,
    LABEL_COLUMN,
    LABEL_HEADER,
    NUMBER_COLUMN,
    NUMBER_HEADER,
    START_TITLE,
    answer_name,
)
from ..layout.model import AnswerField, Column, Item, Layout, Question, Requirement, Section, Sheet
from ..xlsxkit import FOOTER_FILE_PAGES, POINTS_PER_LINE, line_count, longest_word, print_setup
from .formats import FIELDS_TEXT_WIDTH, INPUT_WIDTHS, LABEL_WIDTH, NUMBER_WIDTH, Formats
from .personalise import placeholder
from .validations import absolute, invalid_choice_rule, ranges, validation_options, validation_signature


@dataclass(frozen=True)
class Progress:
    """The Start sheet's count of one questionnaire sheet, as formula expressions (without '=') that apply the
    layout's completeness rule (Layout.requirements): items answered, items asked, and the asked count of a
    blank workbook (the cached value)."""

    answered: str
    asked: str
    asked_blank: int


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


class QuestionnaireSheet:
    """Writes one layout sheet; afterwards `cells` maps its answer cells and `progress()` gives the formulas
    the Start sheet counts it with."""

    def __init__(self, book: xlsxwriter.Workbook, formats: Formats, layout: Layout, sheet: Sheet, password: str):
        self.book = book
        self.f = formats
        self.layout = layout
        self.sheet = sheet
        self.ws = book.add_worksheet(sheet.title)
        self.password = password
        self.row = 0
        self.width = FIRST_ANSWER_COLUMN + max((len(q.sheet_columns()) for q in sheet.questions), default=1)
        self.cells: list[CellRecord] = []
        self.positions: dict[str, tuple[int, int]] = {}  # answer key -> (row, col)
        self.validations: dict[tuple, list[tuple[int, int]]] = defaultdict(list)

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
        self._apply_still_to_do_highlight()
        self._protect_and_print()
        return self.cells

    def _groups(self) -> list[tuple[Requirement, list[tuple[int, int]]]]:
        """The sheet's requirements grouped by question and condition: one group is counted by one term."""
        groups: dict[tuple, tuple[Requirement, list[tuple[int, int]]]] = {}
        for requirement in self.layout.requirements():
            if requirement.field.sheet.id != self.sheet.id:
                continue
            key = (requirement.field.question.id, requirement.when and requirement.when.key,
                   tuple(cell.key for cell in requirement.settled_by), requirement.positive)
            groups.setdefault(key, (requirement, []))[1].append(self.positions[requirement.field.key])
        return list(groups.values())

    def _ref(self, field: AnswerField, prefix: str = "") -> str:
        row, col = self.positions[field.key]
        return prefix + xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)

    def _conditions(self, requirement: Requirement, prefix: str) -> tuple[str | None, str | None]:
        """Excel conditions: "the item is asked" (None: always) and "the item is settled" (None: never)."""
        asked = f'{self._ref(requirement.when, prefix)}<>""' if requirement.when else None
        settled = None
        if requirement.settled_by:
            answer = '"' + (requirement.positive or "").replace('"', '""') + '"'
            settled = f"OR({','.join(f'{self._ref(cell, prefix)}={answer}' for cell in requirement.settled_by)})"
        return asked, settled

    def progress(self) -> Progress:
        """Per group: answered = COUNTA of its cells, or all of them when settled, or 0 when not asked;
        asked = its number of cells, or 0 when not asked. Both Excel and LibreOffice compute these."""
        prefix = f"{quote_sheetname(self.sheet.title)}!"
        answered, asked, always = [], [], 0
        for requirement, cells in self._groups():
            count = len(cells)
            term = f"COUNTA({','.join(prefix + absolute(block) for block in ranges(cells))})"
            is_asked, settled = self._conditions(requirement, prefix)
            if settled:
                term = f"IF({settled},{count},{term})"
            if is_asked:
                term = f"IF({is_asked},{term},0)"
                asked.append(f"IF({is_asked},{count},0)")
            else:
                always += count
            answered.append(term)
        return Progress(answered="+".join(answered) or "0", asked="+".join([str(always)] + asked),
                        asked_blank=always)

    def _set_column_widths(self) -> None:
        self.ws.set_column(NUMBER_COLUMN, NUMBER_COLUMN, NUMBER_WIDTH)
        self.ws.set_column(LABEL_COLUMN, LABEL_COLUMN, LABEL_WIDTH)
        widths: dict[int, float] = defaultdict(lambda: 10)
        for question in self.sheet.questions:
            for index, column in enumerate(question.sheet_columns()):
                widths[index] = max(widths[index], self._input_width(question, column))
        for index, width in widths.items():
            self.ws.set_column(FIRST_ANSWER_COLUMN + index, FIRST_ANSWER_COLUMN + index, width)

    def _input_width(self, question: Question, column: Column) -> float:
        if question.kind == "fields":
            return FIELDS_TEXT_WIDTH
        if column.type == "choice":
            longest = max((len(c) for c in self.layout.choices_of(column)), default=8)
            return max(min(longest + 4, 34), INPUT_WIDTHS["choice"], longest_word(column.label) + 2)
        return max(INPUT_WIDTHS[column.type], longest_word(column.label) + 2)

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
        chars = LABEL_WIDTH + 10 * (self.width - FIRST_ANSWER_COLUMN)
        self.ws.merge_range(self.row, 0, self.row, self.width - 1, text.strip(), fmt)
        self.ws.set_row(self.row, POINTS_PER_LINE * line_count(text.strip(), chars) + 3)
        self.row += 1

    def _write_question(self, section: Section, question: Question) -> None:
        self.row += 1
        self.ws.merge_range(self.row, 0, self.row, self.width - 1, question.title, self.f.question)
        self.ws.set_row(self.row, POINTS_PER_LINE * line_count(question.title, LABEL_WIDTH + 30) + 4)
        self.row += 1
        if question.help:
            self._write_note(question.help, self.f.muted)
        columns = question.sheet_columns()
        if question.kind != "fields":
            self.ws.write(self.row, NUMBER_COLUMN, NUMBER_HEADER, self.f.header)
            self.ws.write(self.row, LABEL_COLUMN, LABEL_HEADER, self.f.header)
            for index, column in enumerate(columns):
                self.ws.write(self.row, FIRST_ANSWER_COLUMN + index, column.label, self.f.header)
            self.row += 1
        position = {c.id: FIRST_ANSWER_COLUMN + i for i, c in enumerate(columns)}
        heading = None
        for number, item in enumerate(question.items, start=1):
            if item.heading and item.heading != heading:
                heading = item.heading
                self.ws.write(self.row, LABEL_COLUMN, heading, self.f.heading)
                self.row += 1
            self._write_item(section, question, item, number, position)

    def _write_item(self, section: Section, question: Question, item: Item, number: int,
                    position: dict[str, int]) -> None:
        ws = self.ws
        label = item.display_label
        ws.write_number(self.row, NUMBER_COLUMN, number, self.f.number_cell)
        ws.write(self.row, LABEL_COLUMN, label, self.f.label)
        text_field = question.kind == "fields" and item.columns[0].type == "text"
        lines = line_count(label, LABEL_WIDTH + 2)
        ws.set_row(self.row, POINTS_PER_LINE * max(lines, 4 if text_field else 1) + 2)
        for column in item.columns:
            col = position[column.id] if question.kind != "fields" else FIRST_ANSWER_COLUMN
            self._write_answer_cell(AnswerField(self.sheet, section, question, item, column), self.row, col)
        self.row += 1

    def _write_answer_cell(self, answer: AnswerField, row: int, col: int) -> None:
        column = answer.column
        self.ws.write_blank(row, col, None, self._input_format(column))
        cell = xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)
        self.positions[answer.key] = (row, col)
        name = answer_name(answer.question.id, answer.item.id, column.id)
        self.book.define_name(name, f"={quote_sheetname(self.sheet.title)}!{cell}")
        self.cells.append(CellRecord(name=name, sheet=self.sheet.title, cell=cell.replace("$", ""), key=answer.key,
                                     question_id=answer.question.id, item_id=answer.item.id, column_id=column.id,
                                     type=column.type, choices=column.choices or ""))
        self.validations[validation_signature(column, answer.item.unit)].append((row, col))

    def _input_format(self, column: Column):
        if column.type == "number":
            if column.allow_range:
                return self.f.input_range
            return self.f.input_integer if column.integer else self.f.input_number
        return getattr(self.f, f"input_{column.type}")

    def _apply_validations(self) -> None:
        for signature, cells in self.validations.items():
            options = validation_options(self.layout, signature)
            if options is None:
                continue
            blocks = ranges(cells)
            options["multi_range"] = " ".join(blocks)
            self.ws.data_validation(blocks[0].split(":")[0], options)
            if signature[0] == "choice":
                for block in blocks:
                    self.ws.conditional_format(block, invalid_choice_rule(block, signature[1], self.f.invalid))

    def _apply_still_to_do_highlight(self) -> None:
        """Light yellow on exactly the cells the Start sheet counts as still to do (the same conditions)."""
        for requirement, cells in self._groups():
            is_asked, settled = self._conditions(requirement, "")
            for block in ranges(cells):
                top_left = block.split(":")[0]
                parts = [f'{top_left}=""'] + ([is_asked] if is_asked else []) + ([f"NOT({settled})"] if settled else [])
                criteria = f"=AND({','.join(parts)})" if len(parts) > 1 else f"={parts[0]}"
                self.ws.conditional_format(block, {"type": "formula", "criteria": criteria,
                                                   "format": self.f.unanswered})

    def _protect_and_print(self) -> None:
        ws = self.ws
        ws.protect(self.password, {"select_locked_cells": True, "select_unlocked_cells": True,
                                   "format_rows": True, "format_columns": True})
        print_setup(ws, landscape=self.width > 4, footer=FOOTER_FILE_PAGES)
        ws.repeat_rows(0, 1)
        ws.set_header("&L&8Preventiescanner Dakloosheid&R&8&A")
