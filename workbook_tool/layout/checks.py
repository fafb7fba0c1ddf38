"""Semantic checks of a loaded layout: unique ids, known choice lists, and Excel's limits."""

from __future__ import annotations

from collections.abc import Iterable

from ..contract import RESERVED_SHEET_TITLES
from ..errors import LayoutProblem
from .model import NAMELIJK, Layout

# Excel refuses these characters in a sheet name and cuts names at 31 characters.
SHEET_NAME_FORBIDDEN = set('[]:*?/\\')
SHEET_NAME_MAX = 31
# Excel's limit for a data-validation input message (MS-OI29500 2.1.613).
INPUT_MESSAGE_MAX = 255
CELL_TEXT_MAX = 255


def check_layout(layout: Layout, file: str) -> list[LayoutProblem]:
    """Every semantic problem of the layout, in document order."""
    problems: list[LayoutProblem] = []

    def problem(code: str, line: int | None, where: str, message: str, hint: str = "") -> None:
        problems.append(LayoutProblem(code, file, line, where, message, hint))

    for list_id, values in layout.choice_lists.items():
        for value in values:
            if len(value) > CELL_TEXT_MAX:
                problem("too_long", None, f"choice_lists.{list_id}",
                        f"choice '{value[:40]}…' has {len(value)} characters; "
                        f"a dropdown cell holds at most {CELL_TEXT_MAX}.")

    _unique(((s.id, s.line, f"sheet {s.id}") for s in layout.sheets), "sheet", problem)
    _unique(((s.title.casefold(), s.line, f"sheet {s.id}") for s in layout.sheets), "sheet title", problem)
    question_ids = []
    for sheet in layout.sheets:
        _check_sheet_title(sheet.title, sheet.title_line, f"sheet {sheet.id}", problem)
        _unique(((sec.id, sec.line, f"section {sheet.id}/{sec.id}") for sec in sheet.sections), "section", problem)
        for section in sheet.sections:
            for question in section.questions:
                question_ids.append((question.id, question.line, f"question {question.id}"))
                where = f"question {question.id}"
                _unique(((c.id, c.line, where) for c in question.columns), "column", problem)
                if any(c.id == NAMELIJK for c in question.columns):
                    col = next(c for c in question.columns if c.id == NAMELIJK)
                    problem("duplicate_id", col.line, where,
                            f"column id '{NAMELIJK}' is reserved for the text of 'Anders, namelijk'.",
                            "Choose another column id.")
                _unique(((i.id, i.line, f"{where} item {i.id}") for i in question.items), "item", problem)
                for role in ("geen", "onbekend"):
                    with_role = [i for i in question.items if i.role == role]
                    if len(with_role) > 1:
                        problem("duplicate_id", with_role[1].line, where,
                                f"more than one item has role '{role}'.", "A question has at most one.")
                for item in question.items:
                    for column in item.columns:
                        _check_column(layout, column, f"{where} item {item.id}", problem)
                for column in question.columns:
                    if column.help and len(column.help) > INPUT_MESSAGE_MAX:
                        problem("too_long", column.line, f"{where} column {column.id}",
                                f"help has {len(column.help)} characters; "
                                f"Excel shows at most {INPUT_MESSAGE_MAX} in an input message.",
                                "Shorten it, or move the long text to the question's 'help'.")
    _unique(iter(question_ids), "question", problem)
    return problems


def _check_column(layout: Layout, column, where: str, problem) -> None:
    if column.type == "choice" and column.choices is not None and column.choices not in layout.choice_lists:
        close = [name for name in layout.choice_lists if name.startswith(column.choices[:3])]
        hint = f"Did you mean '{close[0]}'?" if close else "Check the spelling or add the list under 'choice_lists'."
        problem("unknown_choice_list", column.line, where,
                f"choice list '{column.choices}' is not defined under 'choice_lists'.", hint)
    if column.min is not None and column.max is not None and column.min > column.max:
        problem("bad_value", column.line, where, f"min {column.min} is larger than max {column.max}.")


def _check_sheet_title(title: str, line: int | None, where: str, problem) -> None:
    if len(title) > SHEET_NAME_MAX:
        problem("too_long", line, where,
                f"sheet title '{title}' has {len(title)} characters; Excel allows {SHEET_NAME_MAX}.",
                "Shorten the title.")
    bad = sorted(SHEET_NAME_FORBIDDEN.intersection(title))
    if bad:
        problem("bad_value", line, where,
                f"sheet title '{title}' contains {' '.join(bad)}, which Excel does not allow in a sheet name.")
    if title.casefold() in RESERVED_SHEET_TITLES:  # the sheets the generator adds itself
        problem("bad_value", line, where, f"sheet title '{title}' is used by the workbook itself.",
                "Choose another title.")


def _unique(entries: Iterable[tuple[str, int | None, str]], what: str, problem) -> set[str]:
    seen: dict[str, int | None] = {}
    for key, line, where in entries:
        if not key:
            continue
        if key in seen:
            first = f" (first at line {seen[key]})" if seen[key] else ""
            noun = what if what == "sheet title" else f"{what} id"
            problem("duplicate_id", line, where, f"{noun} '{key}' is used twice{first}.",
                    "Ids must be unique; give this one another id." if what != "sheet title" else "Rename one sheet.")
        else:
            seen[key] = line
    return set(seen)
