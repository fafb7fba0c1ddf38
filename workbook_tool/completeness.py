"""How far a return is answered, by the layout's completeness rule (Layout.requirements): answered and asked
items, in all and per sheet, and the questions still open. Computed where the return is read (in the worker
that read it, see parallel.py), since collect asks it of every return of a round."""

from __future__ import annotations

from dataclasses import dataclass, field

from .read import ReturnFile


def completeness(ret: ReturnFile) -> Counts:
    """The return's counts, computed once (a worker computes them before sending the return back)."""
    if ret.counts is None:
        ret.counts = count(ret)
    return ret.counts


@dataclass
class Counts:
    """A return measured by the layout's completeness rule (Layout.requirements)."""

    answered: int = 0
    asked: int = 0
    per_sheet: dict[str, tuple[int, int]] = field(default_factory=dict)
    open_questions: dict[str, list[str]] = field(default_factory=dict)


def count(ret: ReturnFile) -> Counts:
    """Answered and asked items, in all and per sheet, and per sheet the questions with an asked item left
    unanswered (in layout order): one pass over the requirements, so the three can never disagree."""
    values = ret.answers.by_key()
    counts = Counts()
    per_sheet: dict[str, list[int]] = {}
    unanswered: dict[str, dict[str, str]] = {}  # sheet title -> question id -> title (titles may repeat)
    for requirement in ret.layout.requirements() if ret.layout else ():
        sheet = requirement.field.sheet.title
        entry = per_sheet.setdefault(sheet, [0, 0])
        if not requirement.asked(values):
            continue
        entry[1] += 1
        if requirement.answered(values):
            entry[0] += 1
        else:
            question = requirement.field.question
            unanswered.setdefault(sheet, {})[question.id] = question.title
    counts.per_sheet = {k: (v[0], v[1]) for k, v in per_sheet.items()}
    counts.answered = sum(a for a, _ in counts.per_sheet.values())
    counts.asked = sum(t for _, t in counts.per_sheet.values())
    counts.open_questions = {sheet: list(titles.values()) for sheet, titles in unanswered.items()}
    return counts
