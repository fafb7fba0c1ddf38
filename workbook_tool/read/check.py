"""Every located answer cell -> an Answer: its value checked by the rules of values.py, a formula or a
changed label next to it named; then the rules across the items of a question."""

from __future__ import annotations

from typing import Any

from ..errors import READ_CODES, Problem
from ..layout.model import NAMELIJK, AnswerField, Column, Layout, Question
from ..values import as_found, as_typed, check_value, clean_text, clip, is_empty
from .grid import Grids
from .locate import Located
from .model import Answer, Answers, problem
from .structure import split_address


def check_answers(layout: Layout, located: list[Located], grids: Grids) -> tuple[Answers, list[Problem]]:
    """Each located cell's value checked: the answers as columns (model.Answers), and the problems. The usual
    cell (found, no formula or error value on its sheet) is checked inline: a return has some 500 of them,
    and this is the reader's innermost loop; any other goes through _check_answer and _missing."""
    problems: list[Problem] = []
    fields: list[AnswerField] = []
    addresses: list[str] = []
    values: list[Any] = []
    found: dict[int, str] = {}
    codes: dict[int, str] = {}
    sheets: dict[str, _SheetCells] = {}
    date1904 = grids.structure.date1904
    for index, entry in enumerate(located):
        fields.append(entry.field)
        cells = None
        if entry.place is not None:
            title = entry.place[0]
            cells = sheets.get(title)
            if cells is None:
                cells = sheets[title] = _SheetCells(grids, title)
        if cells is None or cells.formulas or cells.errors:
            answer = _missing(entry, problems) if cells is None else _check_answer(layout, entry, cells, grids,
                                                                                     problems)
            _add(answer, index, addresses, values, found, codes)
            continue
        addresses.append(entry.address)
        value = cells.at(entry.index)
        # What the person typed, not the date a date-formatted cell shows for it (2026, not 18-07-1905).
        raw = value if value is None or type(value) is str else as_typed(value, date1904)
        if raw is None or is_empty(raw):
            values.append(None)
            if raw is not None:
                found[index] = as_found(raw)  # spaces only: kept as found
            continue
        checked = check_value(layout, entry.field.column, raw, date1904=date1904)
        values.append(checked.value)
        text = as_found(raw)
        if text != as_found(checked.value):
            found[index] = text
        if checked.code:
            codes[index] = checked.code
            problems.append(_value_problem(entry, checked, text))
    return Answers(fields, addresses, values, found, codes), problems


def _add(answer: Answer, index: int, addresses: list[str], values: list[Any], found: dict[int, str],
         codes: dict[int, str]) -> None:
    addresses.append(answer.cell)
    values.append(answer.value)
    if answer.value_as_found != as_found(answer.value):
        found[index] = answer.value_as_found
    if answer.problem:
        codes[index] = answer.problem


def _value_problem(entry: Located, checked, text: str) -> Problem:
    answer_field = entry.field
    sheet, cell = entry.place
    message = (f"{READ_CODES[checked.code][1]} Gevonden: '{text}'; verwacht: {checked.expected}. "
               f"(vraag '{_short(answer_field.question.title)}', onderdeel '{_short(answer_field.item.label)}')")
    return problem(checked.code, message, sheet=sheet, cell=cell, value_found=text, expected=checked.expected,
                   **_where(answer_field))


class _SheetCells:
    """One sheet's values, formula cells and error cells, looked up once for all its answer cells (a return
    has some 500; this is the reader's innermost loop)."""

    __slots__ = ("grid", "formulas", "errors")

    def __init__(self, grids: Grids, title: str):
        self.grid = grids.grid(title)  # first: a sheet calamine cannot read fails here
        self.formulas, self.errors = grids.special_cells(title)

    def at(self, index: tuple[int, int]) -> Any:
        """The value of a cell, or None when it is empty or outside the sheet."""
        row, col = index
        grid = self.grid
        if row < len(grid) and col < len(grid[row]):
            value = grid[row][col]
            return None if value == "" else value
        return None


def _missing(entry: Located, problems: list[Problem]) -> Answer:
    answer_field = entry.field
    problems.append(problem("answer_missing", f"Het antwoord op '{_short(answer_field.item.label)}' "
                                              f"({answer_field.column.label}) is niet gevonden en niet gelezen: "
                                              f"{entry.reason}.", sheet=answer_field.sheet.title,
                            **_where(answer_field)))
    return Answer(answer_field, "", None, "", "answer_missing")


def _check_answer(layout: Layout, entry: Located, cells: _SheetCells, grids: Grids,
                  problems: list[Problem]) -> Answer:
    answer_field = entry.field
    sheet, cell = entry.place
    value = cells.at(entry.index)
    # What the person typed, not the date a date-formatted cell shows for it (2026, not 18-07-1905).
    raw = value if type(value) is str else as_typed(value, grids.structure.date1904)
    address = entry.address
    error = cells.errors.get(cell) if cells.errors else None
    if error is not None:
        source = " (uitkomst van een formule)" if cell in cells.formulas else ""
        problems.append(problem("error_value", f"In de antwoordcel staat de foutwaarde {error}{source}; er is "
                                               "geen antwoord gelezen. "
                                               f"(vraag '{_short(answer_field.question.title)}', onderdeel "
                                               f"'{_short(answer_field.item.label)}')", sheet=sheet, cell=cell,
                                value_found=error, **_where(answer_field)))
        return Answer(answer_field, address, None, error, "error_value")
    if cell in cells.formulas:
        problems.append(problem("formula", READ_CODES["formula"][1], sheet=sheet, cell=cell,
                                value_found=as_found(raw), **_where(answer_field)))
    if raw is None or is_empty(raw):
        return Answer(answer_field, address, None, as_found(raw), "")
    found = as_found(raw)
    checked = check_value(layout, answer_field.column, raw, date1904=grids.structure.date1904)
    if checked.code:
        problems.append(_value_problem(entry, checked, found))
    return Answer(answer_field, address, checked.value, found, checked.code or "")


UNREAD = {"answer_missing", "error_value"}  # problems of answers that were not read at all


def check_consistency(layout: Layout, answers: Answers) -> list[Problem]:
    """Cross-item checks within a question: 'Anders' without its text, 'Geen' with items ticked."""
    by_key = _ByKey(answers)
    problems: list[Problem] = []
    for sheet in layout.sheets:
        for question in sheet.questions:
            for column in question.columns:
                if column.type != "choice":
                    continue
                positive = layout.positive_choice(column)
                problems += _anders_problems(question, column, positive, by_key)
                problems += _none_problems(question, column, positive, by_key)
    return problems


def _anders_problems(question: Question, column: Column, positive: str | None,
                     by_key: _ByKey) -> list[Problem]:
    problems = []
    for item in question.items:
        if item.role != "anders" or column not in item.columns:
            continue
        answer = by_key.get(question.key(item, column.id))
        text = by_key.get(question.key(item, NAMELIJK))
        if answer is None or text is None or {answer.problem, text.problem} & UNREAD:
            continue  # an answer that could not be read says nothing about its partner
        where = {"question_id": question.id, "item_id": item.id, "column_id": column.id}
        sheet, cell = split_address(answer.cell)
        if answer.value == positive and text.value is None:
            problems.append(problem("anders_without_text", f"Bij '{item.label}' is {positive} gekozen, maar niet "
                                                           "ingevuld wat.", sheet=sheet, cell=cell, **where))
        if text.value is not None and answer.value is None and len(question.columns) == 1:
            sheet, cell = split_address(text.cell)
            problems.append(problem("text_without_anders", f"Bij '{item.label}' staat een toelichting, maar is "
                                                           f"geen {positive} gekozen.", sheet=sheet, cell=cell,
                                    value_found=as_found(text.value), **where))
    return problems


def _none_problems(question: Question, column: Column, positive: str | None,
                   by_key: _ByKey) -> list[Problem]:
    none_items = [i for i in question.items if i.role == "geen" and column in i.columns]
    if not none_items:
        return []
    none_answer = by_key.get(question.key(none_items[0], column.id))
    if none_answer is None or none_answer.value != positive:
        return []
    ticked = [i.id for i in question.items if i.role is None and column in i.columns
              and getattr(by_key.get(question.key(i, column.id)), "value", None) == positive]
    if not ticked:
        return []
    sheet, cell = split_address(none_answer.cell)
    return [problem("none_but_items", f"'{none_items[0].label}' is gekozen, maar ook {len(ticked)} onderdelen met "
                                      f"{positive}.", sheet=sheet, cell=cell,
                    question_id=question.id, item_id=none_items[0].id, column_id=column.id)]


class _ByKey:
    """A return's answers by key, each made when asked for (only the items of these rules are)."""

    def __init__(self, answers: Answers):
        self.answers = answers
        self.index = {key: i for i, key in enumerate(answers.keys())}

    def get(self, key: str) -> Answer | None:
        index = self.index.get(key)
        return None if index is None else self.answers[index]


def _where(answer_field: AnswerField) -> dict[str, str]:
    return {"question_id": answer_field.question.id, "item_id": answer_field.item.id,
            "column_id": answer_field.column.id}


def _short(text: str) -> str:
    return clip(clean_text(text), 60)
