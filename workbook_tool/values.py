"""The documented rules that turn a cell value as found in a return into an answer, or a problem.

Rules (also in docs/reading.md):
- Text is compared after Unicode NFC, non-breaking and other odd spaces turned into plain spaces,
  runs of spaces collapsed, leading/trailing spaces removed, and case ignored. "ja", " JA " and
  "Ja\\u00a0" all become the choice "Ja"; such a repair is reported as info, never silently.
- A value that is not one of the choices stays exactly as found and is reported as an error.
- Numbers: a real number is taken as is; text that reads as a Dutch number ("78,7", "1.375",
  "12 ") is converted and reported as a warning. "3-4" is accepted only where the layout allows ranges.
- Dates: a real date is taken; a bare day number or text such as "31-12-2026" is converted with a warning.
- Empty means: no value, or only spaces.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from .layout.model import Column, Layout

SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u200b\ufeff]+")
NUMBER_NL = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
NUMBER_PLAIN = re.compile(r"^[+-]?\d+(\.\d+)?$")
RANGE = re.compile(r"^(\d+(?:[.,]\d+)?)\s*[-–]\s*(\d+(?:[.,]\d+)?)$")
DATE_TEXT = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
EPOCH_1900 = dt.datetime(1899, 12, 30)
EPOCH_1904 = dt.datetime(1904, 1, 1)


@dataclass(frozen=True)
class Checked:
    """The outcome for one cell: the answer value (or None), and a problem code when something is off."""

    value: Any
    code: str | None = None  # None when the value is fine as found; its severity is in errors.READ_CODES
    expected: str = ""


def clean_text(value: str) -> str:
    return SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def clip(text: str, limit: int) -> str:
    """Text cut to a limit (a message, Excel's 255 characters of a validation), marked with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and clean_text(value) == "")


def as_found(value: Any) -> str:
    """The value exactly as found, as text for the export (dates as ISO, whole floats without .0)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "WAAR" if value else "ONWAAR"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value)


def check_value(layout: Layout, column: Column, value: Any, *, date1904: bool = False) -> Checked:
    """Check a non-empty cell value against its column; never drops or silently changes a value."""
    if column.type == "choice":
        return _check_choice(layout.choices_of(column), value)
    if column.type == "number":
        return _check_number(column, value)
    if column.type == "date":
        return _check_date(value, date1904)
    return _check_text(column, value)


def _check_choice(choices: tuple[str, ...], value: Any) -> Checked:
    expected = "een van: " + ", ".join(choices)
    text = as_found(value)
    if text in choices:
        return Checked(text)
    folded = clean_text(text).casefold()
    for choice in choices:
        if choice.casefold() == folded:
            return Checked(choice, "normalised", expected)
    return Checked(text, "not_in_list", expected)


def _check_number(column: Column, value: Any) -> Checked:
    expected = _number_expectation(column)
    if isinstance(value, bool):
        return Checked(as_found(value), "not_a_number", expected)
    if isinstance(value, (int, float)):
        return _bounds(column, float(value), None, expected)
    if isinstance(value, (dt.date, dt.datetime)):
        return Checked(as_found(value), "not_a_number", expected)
    text = clean_text(str(value))
    if column.allow_range and RANGE.match(text):
        low, high = (float(p.replace(",", ".")) for p in RANGE.match(text).groups())
        if low <= high and (column.min is None or low >= column.min):
            return Checked(text.replace("–", "-").replace(" ", ""))
    number = parse_dutch_number(text)
    if number is None:
        return Checked(as_found(value), "not_a_number", expected)
    return _bounds(column, number, "number_as_text", expected)


def _bounds(column: Column, number: float, code: str | None, expected: str) -> Checked:
    if column.integer and not float(number).is_integer():
        return Checked(as_found(number), "not_whole", expected)
    if (column.min is not None and number < column.min) or (column.max is not None and number > column.max):
        return Checked(as_found(number), "out_of_range", expected)
    value: int | float = int(number) if float(number).is_integer() else number
    return Checked(value, code, expected)


def parse_dutch_number(text: str) -> float | None:
    """'78,7' -> 78.7, '1.375' -> 1375, '12' -> 12; anything else None."""
    text = text.replace(" ", "")
    if NUMBER_NL.match(text):
        return float(text.replace(".", "").replace(",", "."))
    if NUMBER_PLAIN.match(text):
        return float(text)
    return None


def _number_expectation(column: Column) -> str:
    kind = "een geheel getal" if column.integer else "een getal"
    parts = [kind]
    if column.min is not None:
        parts.append(f"vanaf {as_found(column.min)}")
    if column.max is not None:
        parts.append(f"tot en met {as_found(column.max)}")
    if column.allow_range:
        parts.append("of een bereik zoals 3-4")
    return " ".join(parts)


def _check_date(value: Any, date1904: bool) -> Checked:
    expected = "een datum"
    if isinstance(value, dt.datetime):
        return Checked(value.date().isoformat() if value.time() == dt.time() else value.isoformat())
    if isinstance(value, dt.date):
        return Checked(value.isoformat())
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < 2958466:
        epoch = EPOCH_1904 if date1904 else EPOCH_1900
        return Checked((epoch + dt.timedelta(days=float(value))).date().isoformat(), "date_as_number",
                       expected)
    text = clean_text(str(value))
    for pattern, order in ((DATE_TEXT, (2, 1, 0)), (ISO_DATE, (0, 1, 2))):
        match = pattern.match(text)
        if match:
            parts = [int(g) for g in match.groups()]
            try:
                day = dt.date(parts[order[0]], parts[order[1]], parts[order[2]])
            except ValueError:
                break
            return Checked(day.isoformat(), "date_as_text" if pattern is DATE_TEXT else None, expected)
    return Checked(as_found(value), "not_a_date", expected)


def _check_text(column: Column, value: Any) -> Checked:
    text = as_found(value)
    if column.max_length and len(text) > column.max_length:
        return Checked(text, "too_long", f"hoogstens {column.max_length} tekens")
    return Checked(text)
