"""The questionnaire as frozen data: layout -> sheets -> sections -> questions -> items -> answer columns."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

KINDS = ("checklist", "table", "fields")
TYPES = ("choice", "text", "number", "date")
ROLES = ("anders", "geen", "onbekend")

# The free-text cell an "Anders, namelijk" item gets next to its answer.
NAMELIJK = "namelijk"


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

    @property
    def key(self) -> str:
        return f"{self.question.id}.{self.item.id}.{self.column.id}"


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
