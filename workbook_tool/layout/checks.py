"""Semantic checks of a loaded layout: unique ids, known choice lists, and Excel's limits."""

from __future__ import annotations

from collections.abc import Iterable

from ..contract import RESERVED_SHEET_TITLES
from ..errors import LayoutProblem
from .model import NAMELIJK, Layout
from .wording import did_you_mean

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
                problem("too_long", None, f"keuzelijst {list_id}",
                        f"keuze '{value[:40]}…' heeft {len(value)} tekens; "
                        f"een cel met een keuzelijst bevat er hoogstens {CELL_TEXT_MAX}.")

    _unique(((s.id, s.line, f"tabblad {s.id}") for s in layout.sheets), "tabblad", problem)
    _unique(((s.title.casefold(), s.line, f"tabblad {s.id}") for s in layout.sheets), TITLE, problem)
    question_ids = []
    for sheet in layout.sheets:
        _check_sheet_title(sheet.title, sheet.title_line, f"tabblad {sheet.id}", problem)
        _unique(((sec.id, sec.line, f"onderdeel {sheet.id}/{sec.id}") for sec in sheet.sections), "onderdeel",
                problem)
        for section in sheet.sections:
            for question in section.questions:
                question_ids.append((question.id, question.line, f"vraag {question.id}"))
                where = f"vraag {question.id}"
                _unique(((c.id, c.line, where) for c in question.columns), "kolom", problem)
                if any(c.id == NAMELIJK for c in question.columns):
                    col = next(c for c in question.columns if c.id == NAMELIJK)
                    problem("duplicate_id", col.line, where,
                            f"kolom-id '{NAMELIJK}' is gereserveerd voor de tekst bij 'Anders, namelijk'.",
                            "Kies een andere kolom-id.")
                _unique(((i.id, i.line, f"{where}, item {i.id}") for i in question.items), "item", problem)
                for role in ("geen", "onbekend"):
                    with_role = [i for i in question.items if i.role == role]
                    if len(with_role) > 1:
                        problem("duplicate_id", with_role[1].line, where,
                                f"meer dan één item heeft role '{role}'.", "Een vraag heeft er hoogstens één.")
                for item in question.items:
                    for column in item.columns:
                        _check_column(layout, column, f"{where}, item {item.id}", problem)
                for column in question.columns:
                    if column.help and len(column.help) > INPUT_MESSAGE_MAX:
                        problem("too_long", column.line, f"{where}, kolom {column.id}",
                                f"help heeft {len(column.help)} tekens; Excel toont er hoogstens "
                                f"{INPUT_MESSAGE_MAX} in een invoerbericht.",
                                "Maak de tekst korter, of zet de lange tekst in de 'help' van de vraag.")
    _unique(iter(question_ids), "vraag", problem)
    return problems


def _check_column(layout: Layout, column, where: str, problem) -> None:
    if column.type == "choice" and column.choices is not None and column.choices not in layout.choice_lists:
        close = [name for name in layout.choice_lists if name.startswith(column.choices[:3])]
        hint = (did_you_mean(close[0]) if close
                else "Controleer de spelling of voeg de lijst toe onder 'choice_lists'.")
        problem("unknown_choice_list", column.line, where,
                f"keuzelijst '{column.choices}' bestaat niet onder 'choice_lists'.", hint)
    if column.min is not None and column.max is not None and column.min > column.max:
        problem("bad_value", column.line, where, f"min {column.min} is groter dan max {column.max}.")


def _check_sheet_title(title: str, line: int | None, where: str, problem) -> None:
    if len(title) > SHEET_NAME_MAX:
        problem("too_long", line, where,
                f"titel van het tabblad '{title}' heeft {len(title)} tekens; Excel staat er {SHEET_NAME_MAX} toe.",
                "Maak de titel korter.")
    bad = sorted(SHEET_NAME_FORBIDDEN.intersection(title))
    if bad:
        problem("bad_value", line, where,
                f"titel van het tabblad '{title}' bevat {' '.join(bad)}; dat staat Excel niet toe in de naam van "
                "een tabblad.")
    if title.casefold() in RESERVED_SHEET_TITLES:  # the sheets the generator adds itself
        problem("bad_value", line, where, f"de titel '{title}' gebruikt het werkboek zelf al voor een tabblad.",
                "Kies een andere titel.")


TITLE = "titel van een tabblad"  # _unique's `what` for sheet titles, which must differ as ids must


def _unique(entries: Iterable[tuple[str, int | None, str]], what: str, problem) -> set[str]:
    seen: dict[str, int | None] = {}
    for key, line, where in entries:
        if not key:
            continue
        if key in seen:
            first = f" (eerst op regel {seen[key]})" if seen[key] else ""
            noun = what if what == TITLE else f"id van {what}"
            problem("duplicate_id", line, where, f"{noun} '{key}' komt twee keer voor{first}.",
                    "Ids moeten uniek zijn; geef deze een andere id." if what != TITLE
                    else "Geef een van de tabbladen een andere titel.")
        else:
            seen[key] = line
    return set(seen)
