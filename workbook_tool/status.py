"""Where each gemeente of a round stands, with the Dutch words and colours every writer shows for it."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

# Status code -> what the coordinator reads (terminal, status workbook, regional report).
STATUS_LABELS = {"complete": "compleet", "incomplete": "onvolledig", "problems": "problemen",
                 "missing": "niet ingeleverd", "unknown": "niet op de lijst",
                 "unreadable": "ingeleverd maar onleesbaar", "other_format": "ingeleverd in een ander formaat",
                 "left_out": "niet meegenomen (andere ronde of versie)"}
# Status code -> fill colour of its cell (Excel's "good", "neutral", "bad" and a grey).
STATUS_COLOURS = {"complete": "#C6EFCE", "incomplete": "#FFEB9C", "problems": "#FFC7CE", "missing": "#D9D9D9",
                  "unknown": "#FFEB9C", "unreadable": "#F4B084", "other_format": "#F4B084", "left_out": "#BDD7EE"}
# Statuses of a gemeente that sent nothing usable for this report (no answers, no completeness).
NOTHING_USED = ("missing", "unreadable", "other_format", "left_out")


def share_of(answered: int, asked: int) -> float:
    """Answered / asked rounded down to whole percents, so 100% means nothing is left to do; 1 when nothing
    is asked. The Start sheet's Percentage computes the same (ROUNDDOWN)."""
    return math.floor(100 * answered / asked) / 100 if asked else 1.0


@dataclass
class GemeenteStatus:
    """Where a gemeente stands: which file is used, how complete, how many problems."""

    gemeente: str
    nummer: str
    regio: str
    status: str  # a key of STATUS_LABELS
    answered: int = 0
    to_answer: int = 0
    errors: int = 0
    warnings: int = 0
    file: str = ""
    contactpersoon: str = ""
    email: str = ""
    per_sheet: dict[str, tuple[int, int]] = field(default_factory=dict)
    respondent: dict[str, str] = field(default_factory=dict)  # "Ingevuld door" on the Start sheet
    note: str = ""  # why a return was left out of the report
    # Sheet title -> the questions with an asked item still unanswered, in layout order; only sheets that
    # have one. What a reminder names (workbook_tool.mail).
    open_questions: dict[str, list[str]] = field(default_factory=dict)
    received: str = ""  # when the workbook was saved, by its own clock ("13-03-2026 14:05"); "" when unknown

    @property
    def used(self) -> bool:
        """A return of this gemeente is in the report's tables."""
        return self.status not in NOTHING_USED

    @property
    def share(self) -> float:
        """The share answered, rounded down to whole percents: 100% only when nothing is left to do."""
        return share_of(self.answered, self.to_answer) if self.to_answer else 0.0

    @property
    def to_do(self) -> int:
        """Asked items still unanswered: what the Start sheet shows under "Nog te doen"."""
        return self.to_answer - self.answered

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]
