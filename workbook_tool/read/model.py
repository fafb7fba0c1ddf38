"""What reading a return produces: its identity, one Answer per answer cell, and problems as data."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import READ_CODES, Problem
from ..fileio import display_name
from ..layout.model import AnswerField, Layout


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


@dataclass
class ReturnFile:
    """Everything read from one file: its identity, one Answer per answer cell, and the problems."""

    path: Path
    sha256: str
    outcome: str  # read | skipped | failed
    identity: Identity = field(default_factory=Identity)
    layout: Layout | None = None
    answers: list[Answer] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    saved_at: str = ""  # the workbook's own last-saved time (dcterms:modified, ISO 8601), "" if unknown
    respondent: dict[str, str] = field(default_factory=dict)  # "Ingevuld door": field id -> value as found

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
