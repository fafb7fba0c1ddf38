"""What reading a return produces: its identity, one Answer per answer cell, and problems as data."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, overload

from ..errors import READ_CODES, Problem
from ..fileio import display_name
from ..layout.model import AnswerField, Layout
from ..values import as_found


class ReadFailure(Exception):
    """The file cannot be read as a scan workbook; carries the problem code and a precise message."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Identity:
    """Who and what a return is, and how that was established."""

    layout_id: str = ""
    layout_version: str = ""
    gemeente: str = ""
    gemeente_nr: str = ""
    regio: str = ""
    ronde: str = ""
    generated_at: str = ""
    method: str = ""  # metadata | names | labels


@dataclass(slots=True)
class Answer:
    """One answer cell of a return: where it was found, the answer, and the value exactly as found."""

    field: AnswerField
    cell: str  # "'Sheet'!C5", or "" when the cell could not be found
    value: Any
    value_as_found: str
    problem: str = ""


class Answers(Sequence[Answer]):
    """A return's answers, one per answer cell, kept as columns rather than as an object per answer.

    A national round holds 342 to 3,420 returns of some 500 answers each. As objects they cost some 250 bytes
    an answer and grew collect's and consolidate's memory with every return; here a return costs one list of
    values: the fields and the cell addresses are shared by every return made from the same workbook (see
    _shared), and the value as found and the problem are stored only where they are not the usual ones (the
    value's own text, no problem). Reading them gives the same Answer objects as before, made on the way."""

    __slots__ = ("fields", "cells", "values", "found", "problems")

    def __init__(self, fields: Sequence[AnswerField], cells: Sequence[str], values: list[Any],
                 found: dict[int, str] | None = None, problems: dict[int, str] | None = None):
        self.fields = _shared(tuple(fields))
        self.cells = _shared(tuple(cells))
        self.values = values
        self.found = found or {}  # index -> the value as found, where it is not as_found(value)
        self.problems = problems or {}  # index -> the problem code of the answer, where it has one

    @classmethod
    def of(cls, answers: Iterable[Answer]) -> Answers:
        answers = list(answers)
        found = {i: a.value_as_found for i, a in enumerate(answers) if a.value_as_found != as_found(a.value)}
        problems = {i: a.problem for i, a in enumerate(answers) if a.problem}
        return cls([a.field for a in answers], [a.cell for a in answers], [a.value for a in answers], found, problems)

    def __len__(self) -> int:
        return len(self.values)

    @overload
    def __getitem__(self, index: int) -> Answer: ...

    @overload
    def __getitem__(self, index: slice) -> list[Answer]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        value = self.values[index]
        found = self.found.get(index)
        return Answer(self.fields[index], self.cells[index], value, as_found(value) if found is None else found,
                      self.problems.get(index, ""))

    def __iter__(self) -> Iterator[Answer]:
        for index in range(len(self.values)):
            yield self[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Answers | list):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"Answers({len(self)} antwoorden)"

    def keys(self) -> tuple[str, ...]:
        """The answer keys, in the order of the values (shared by the returns of one workbook)."""
        return _keys_of(self.fields)

    def by_key(self) -> dict[str, Any]:
        """Answer key -> value (None: blank or not read)."""
        return dict(zip(self.keys(), self.values, strict=True))

    def problem(self, index: int) -> str:
        return self.problems.get(index, "")

    def value_as_found(self, index: int) -> str:
        found = self.found.get(index)
        return as_found(self.values[index]) if found is None else found

    def __getstate__(self) -> tuple:
        return self.fields, self.cells, self.values, self.found, self.problems

    def __setstate__(self, state: tuple) -> None:
        fields, cells, self.values, self.found, self.problems = state
        self.fields, self.cells = _shared(fields), _shared(cells)


# Tuples of fields and of cell addresses, one per distinct content: every return made from one workbook has
# the same ones, so 3,420 returns share one. Keyed by content (the fields by identity: they are the layout's).
_SHARED: dict[tuple, tuple] = {}
_KEYS: dict[int, tuple[str, ...]] = {}


def _shared(values: tuple) -> tuple:
    if not values:
        return values
    key = tuple(map(id, values)) if isinstance(values[0], AnswerField) else values
    return _SHARED.setdefault(key, values)


def _keys_of(fields: tuple[AnswerField, ...]) -> tuple[str, ...]:
    keys = _KEYS.get(id(fields))
    if keys is None:
        keys = _KEYS[id(fields)] = tuple(f.key for f in fields)
    return keys


@dataclass
class ReturnFile:
    """Everything read from one file: its identity, one Answer per answer cell, and the problems."""

    path: Path
    sha256: str
    outcome: str  # read | skipped | failed
    identity: Identity = field(default_factory=Identity)
    layout: Layout | None = None
    answers: Answers = field(default_factory=lambda: Answers((), (), []))
    problems: list[Problem] = field(default_factory=list)
    saved_at: str = ""  # the workbook's own last-saved time (dcterms:modified, ISO 8601), "" if unknown
    respondent: dict[str, str] = field(default_factory=dict)  # "Ingevuld door": field id -> value as found
    counts: Any = None  # completeness.Counts, once computed

    def __post_init__(self) -> None:
        if not isinstance(self.answers, Answers):
            self.answers = Answers.of(self.answers)

    @property
    def name(self) -> str:
        """The file's name as shown everywhere (status workbook, JSON, terminal), also when not valid UTF-8."""
        return display_name(self.path.name)

    def shown_path(self, folder: Path) -> str:
        """The path below the collected folder, as shown everywhere."""
        return display_name(self.path.relative_to(folder))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def problem(code: str, message: str, **where: str) -> Problem:
    """A problem found by a reading stage; read_return fills in the file it belongs to."""
    return Problem(code=code, severity=READ_CODES[code][0], message=message, file="", **where)
