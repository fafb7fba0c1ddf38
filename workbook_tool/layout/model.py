"""The questionnaire as frozen data: layout -> sheets -> sections -> questions -> items -> answer columns."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

KINDS = ("checklist", "table", "fields")
TYPES = ("choice", "text", "number", "date")
ROLES = ("anders", "geen", "onbekend")

# The free-text cell an "Anders, namelijk" item gets next to its answer.
NAMELIJK = "namelijk"
NAMELIJK_LABEL = "Toelichting bij Anders, namelijk"
# The id of the single answer column: of a checklist without its own columns, and of every "fields" item.
SINGLE_COLUMN = "antwoord"


def answer_key(question_id: str, item_id: str, column_id: str) -> str:
    """The stable address of one answer cell across the tool: "question.item.column"."""
    return f"{question_id}.{item_id}.{column_id}"


@dataclass(frozen=True)
class Column:
    """One answer cell of an item: its id, its header label and how it is answered."""

    id: str
    label: str
    type: str = "choice"
    choices: str | None = None  # id of a choice list, for type "choice"
    integer: bool = False
    min: float | None = None
    max: float | None = None
    allow_range: bool = False  # a number column that also accepts "3-4"
    max_length: int | None = None
    help: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Item:
    """A row of a question: the label a person reads and the answer cells to its right."""

    id: str
    label: str
    columns: tuple[Column, ...]
    role: str | None = None  # anders | geen | onbekend
    heading: str | None = None  # the sub-heading the item is grouped under
    unit: str = ""
    help: str = ""
    line: int | None = None
    # Whether a gemeente must answer the item (its first answer cell): always, never, or only when the item
    # `required_when` of the same question is answered. Default: checklist and table items without a role
    # yes; items with a role and 'fields' items no.
    required: bool = True
    required_when: str | None = None

    @property
    def display_label(self) -> str:
        """The label as a person reads it in the workbook and the report: with its unit, if any."""
        return f"{self.label} (in {self.unit})" if self.unit else self.label


@dataclass(frozen=True)
class Question:
    """A table of the questionnaire: a title, its answer columns and its items."""

    id: str
    title: str
    kind: str
    columns: tuple[Column, ...]
    items: tuple[Item, ...]
    help: str = ""
    line: int | None = None

    def key(self, item: Item, column_id: str) -> str:
        return answer_key(self.id, item.id, column_id)

    def sheet_columns(self) -> tuple[Column, ...]:
        """The answer columns the question occupies, left to right: its own columns, then the 'namelijk'
        text column if an item has one. A 'fields' question has one text column. The generator writes
        this order and the reader relies on it (workbook_tool.contract.FIRST_ANSWER_COLUMN).
        Computed once per question: the reader asks for every answer cell of every return."""
        cached = self.__dict__.get("_sheet_columns")
        if cached is None:
            cached = self._own_sheet_columns()
            object.__setattr__(self, "_sheet_columns", cached)  # a frozen dataclass: a cache, not a field
        return cached

    def _own_sheet_columns(self) -> tuple[Column, ...]:
        if self.kind == "fields":
            return (Column(id=SINGLE_COLUMN, label="Antwoord", type="text"),)
        columns = list(self.columns)
        if any(c.id == NAMELIJK for item in self.items for c in item.columns):
            columns.append(Column(id=NAMELIJK, label=NAMELIJK_LABEL, type="text"))
        return tuple(columns)


@dataclass(frozen=True)
class Section:
    """A part of a sheet (e.g. Gezondheid), with its legal framework as help text."""

    id: str
    title: str
    questions: tuple[Question, ...]
    help: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Sheet:
    """One worksheet of the scan workbook: a pillar, the policy chapter, the numbers, the voorzorgscan."""

    id: str
    title: str
    sections: tuple[Section, ...]
    intro: str = ""
    line: int | None = None
    title_line: int | None = None

    @property
    def questions(self) -> Iterator[Question]:
        for section in self.sections:
            yield from section.questions


@dataclass(frozen=True)
class AnswerField:
    """One answer cell of the whole layout, with everything around it; `key` is its stable address."""

    sheet: Sheet
    section: Section
    question: Question
    item: Item
    column: Column

    @cached_property
    def key(self) -> str:
        return answer_key(self.question.id, self.item.id, self.column.id)


@dataclass(frozen=True)
class Requirement:
    """One item a gemeente must answer, as the layout declares it: the cell that answers it, the cell that asks
    for it (when it is asked only once another item is answered), and the cells whose positive answer settles
    it ("Geen van bovenstaande" or "Onbekend" answered Ja in the same column). The completeness rule of the
    whole tool: collect applies it with `asked`/`answered`, the Start sheet's formulas express the same."""

    field: AnswerField
    when: AnswerField | None = None
    settled_by: tuple[AnswerField, ...] = ()
    positive: str | None = None  # the answer of a settled_by cell that settles the item

    def asked(self, values: Mapping[str, Any]) -> bool:
        """values maps answer keys to the answers found (None or absent: blank)."""
        return self.when is None or _filled(values.get(self.when.key))

    def answered(self, values: Mapping[str, Any]) -> bool:
        return _filled(values.get(self.field.key)) or \
            any(values.get(key) == self.positive for key in self._settled_keys)

    @cached_property
    def _settled_keys(self) -> tuple[str, ...]:
        return tuple(cell.key for cell in self.settled_by)


def _filled(value: Any) -> bool:
    return value is not None and value != ""


@dataclass(frozen=True)
class Layout:
    """A complete questionnaire version, loaded and checked."""

    id: str
    title: str
    version: str
    sheets: tuple[Sheet, ...]
    choice_lists: dict[str, tuple[str, ...]] = field(hash=False)
    description: str = ""
    source: str = ""
    # Choice lists made of a sheet's section titles (list id -> sheet id), e.g. the ankerpunten.
    section_lists: dict[str, str] = field(default_factory=dict, hash=False)

    def answer_fields(self) -> Iterator[AnswerField]:
        """Every answer cell in document order."""
        for sheet in self.sheets:
            for section in sheet.sections:
                for question in section.questions:
                    for item in question.items:
                        for column in item.columns:
                            yield AnswerField(sheet, section, question, item, column)

    def requirements(self) -> tuple[Requirement, ...]:
        """What a gemeente must answer, item by item in document order (see Requirement)."""
        return self._requirements

    @cached_property
    def _requirements(self) -> tuple[Requirement, ...]:  # built once per layout: collect asks for every return
        return tuple(requirement for sheet in self.sheets for section in sheet.sections
                     for question in section.questions
                     for requirement in self._question_requirements(sheet, section, question))

    def _question_requirements(self, sheet: Sheet, section: Section, question: Question) -> Iterator[Requirement]:
        by_id = {item.id: item for item in question.items}
        for item in question.items:
            if not item.required and item.required_when is None:
                continue
            column = item.columns[0]
            when = None
            if item.required_when is not None:
                trigger = by_id[item.required_when]
                when = AnswerField(sheet, section, question, trigger, trigger.columns[0])
            settlers = tuple(AnswerField(sheet, section, question, other, column) for other in question.items
                             if other is not item and other.role in ("geen", "onbekend") and column in other.columns)
            positive = self.positive_choice(column)
            yield Requirement(AnswerField(sheet, section, question, item, column), when,
                              settlers if positive is not None else (), positive)

    def sheet(self, sheet_id: str) -> Sheet:
        for sheet in self.sheets:
            if sheet.id == sheet_id:
                return sheet
        raise KeyError(sheet_id)

    def question(self, question_id: str) -> Question:
        for sheet in self.sheets:
            for question in sheet.questions:
                if question.id == question_id:
                    return question
        raise KeyError(question_id)

    def choices_of(self, column: Column) -> tuple[str, ...]:
        return self.choice_lists[column.choices] if column.choices else ()

    def positive_choice(self, column: Column) -> str | None:
        """The answer that counts as "offers it" (Ja): the first choice of the column's list, by convention
        of every layout. None for a column without choices."""
        choices = self.choices_of(column)
        return choices[0] if choices else None
