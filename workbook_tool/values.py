"""The documented rules that turn a cell value as found in a return into an answer, or a problem.

Rules (also in docs/reading.md):
- Text is compared after Unicode NFC, non-breaking and other odd spaces turned into plain spaces,
  runs of spaces collapsed, leading/trailing spaces removed, and case ignored. "ja", " JA " and
  "Ja\\u00a0" all become the choice "Ja"; such a repair is reported as info, never silently.
- A value that is not one of the choices stays exactly as found and is reported as an error.
- Numbers: a real number is taken as is; text that reads as a Dutch number ("78,7", "1.375",
  "12 ") is converted and reported as a warning. "3-4" is accepted only where the layout allows ranges,
  and both ends obey the column's integer, min and max; a range written otherwise ("3 – 4") is
  noted as info.
- Dates: a real date is taken; a bare day number or text such as "31-12-2026" is converted with a warning.
  A date must lie between contract.DATE_MIN and DATE_MAX. A "date" before DATE_MIN is a number typed
  into a date-formatted cell (2026 shows as 18-07-1905): as_typed gives the number back, and a number
  that is no day in the range (a year) is an error, kept as typed.
- Empty means: no value, or only spaces.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from .contract import DATE_MAX, DATE_MIN
from .layout.model import Column, Layout

SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u200b\ufeff]+")
NUMBER_NL = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
NUMBER_PLAIN = re.compile(r"^[+-]?\d+(\.\d+)?$")
RANGE = re.compile(r"^(\d[\d.,]*)\s*[-–—]\s*(\d[\d.,]*)$")  # each end read as a Dutch number
DATE_TEXT = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
EPOCH_1900 = dt.datetime(1899, 12, 30)
EPOCH_1904 = dt.datetime(1904, 1, 1)


@dataclass(frozen=True)
class Checked:
    """The outcome for one cell: the answer value (or None), and a problem code when something is off."""

    value: Any
    code: str | None = None  # None when the value is fine as found; its severity is in errors.READ_CODES
    expected: str = ""


@functools.lru_cache(maxsize=65536)
def clean_text(value: str) -> str:
    """NFC, odd spaces made plain, runs collapsed, outer spaces removed. Cached: the same labels and
    answers recur in every return of a round."""
    return SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def clip(text: str, limit: int) -> str:
    """Text cut to a limit (a message, Excel's 255 characters of a validation), marked with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and clean_text(value) == "")


def as_found(value: Any) -> str:
    """The value exactly as found, as text for the export (dates as ISO, whole floats without .0)."""
    if type(value) is str:  # most values are: the reader asks for every cell of every return
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "WAAR" if value else "ONWAAR"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value)


def as_typed(value: Any, date1904: bool = False) -> Any:
    """The value as the person typed it, where the reader shows a date-formatted number as a date.

    A date before contract.DATE_MIN cannot be an answer, so it is a number typed into a date-formatted
    cell (a year, 2026, shows as 18-07-1905): its day number is what the cell held. A time of day is
    a fraction of a day in such a cell. The reader (calamine) keeps the time of day to the millisecond,
    so the number is rounded to 8 decimals; it turns 0 and negative numbers into 00:00, which cannot be
    told apart."""
    if isinstance(value, dt.time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        return _whole_if_possible(round(seconds / 86400, 8))
    if isinstance(value, dt.date) and _day_of(value) < DATE_MIN:
        return _whole_if_possible(round(_serial(value, date1904), 8))
    return value


def _day_of(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _serial(value: dt.date, date1904: bool) -> float:
    """The day number behind a date, the inverse of the reader's conversion."""
    moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
    if date1904:
        epoch = EPOCH_1904
    else:
        # Excel counts 29-02-1900, a day that never was: day numbers before March 1900 start a day later.
        epoch = EPOCH_1900 if moment >= dt.datetime(1900, 3, 1) else EPOCH_1900 + dt.timedelta(days=1)
    return (moment - epoch) / dt.timedelta(days=1)


def _whole_if_possible(number: float) -> int | float:
    return int(number) if float(number).is_integer() else number


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
    text = as_found(value)
    canonical = _canonical(choices).get(text)
    if canonical is not None:
        return Checked(canonical)  # the list's own string: one object for the Ja of every return
    expected = "een van: " + ", ".join(choices)
    folded = clean_text(text).casefold()
    for choice in choices:
        if choice.casefold() == folded:
            return Checked(choice, "normalised", expected)
    return Checked(text, "not_in_list", expected)


@functools.lru_cache(maxsize=256)
def _canonical(choices: tuple[str, ...]) -> dict[str, str]:
    return {choice: choice for choice in choices}


def _check_number(column: Column, value: Any) -> Checked:
    expected = _number_expectation(column)
    if isinstance(value, bool):
        return Checked(as_found(value), "not_a_number", expected)
    if isinstance(value, (int, float)):
        return _bounds(column, float(value), None, expected)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return Checked(as_found(value), "not_a_number", expected)
    text = clean_text(str(value))
    if column.allow_range and RANGE.match(text):
        return _check_range(column, value, text, expected)
    number = parse_dutch_number(text)
    if number is None:
        return Checked(as_found(value), "not_a_number", expected)
    return _bounds(column, number, "number_as_text", expected)


def _check_range(column: Column, value: Any, text: str, expected: str) -> Checked:
    """'3-4' where the layout allows a range: each end is a number the column accepts, the low end first.
    The answer is the range as written, spaces and the kind of dash made plain ('3 – 4' -> '3-4', info)."""
    low_text, high_text = RANGE.match(text).groups()
    low, high = parse_dutch_number(low_text), parse_dutch_number(high_text)
    if low is None or high is None or low > high:
        return Checked(as_found(value), "not_a_number", expected)
    for end in (low, high):
        broken = _bounds(column, end, None, expected).code
        if broken:
            return Checked(as_found(value), broken, expected)
    written = f"{low_text}-{high_text}"
    return Checked(written, None if written == as_found(value) else "range_normalised", expected)


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
    expected = f"een datum van {DATE_MIN:%d-%m-%Y} tot en met {DATE_MAX:%d-%m-%Y}"
    if isinstance(value, (dt.date, dt.datetime)):
        answer = value.date().isoformat() if isinstance(value, dt.datetime) and value.time() == dt.time() \
            else value.isoformat()
        return _date_in_range(_day_of(value), answer, None, value, expected)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _date_from_number(value, date1904, expected)
    if isinstance(value, dt.time):
        return Checked(as_found(value), "not_a_date", expected)
    text = clean_text(str(value))
    for pattern, order in ((DATE_TEXT, (2, 1, 0)), (ISO_DATE, (0, 1, 2))):
        match = pattern.match(text)
        if match:
            parts = [int(g) for g in match.groups()]
            try:
                day = dt.date(parts[order[0]], parts[order[1]], parts[order[2]])
            except ValueError:
                break
            # ISO text exactly as an answer is written is not changed; anything else is converted.
            code = None if pattern is ISO_DATE and text == value else "date_as_text"
            return _date_in_range(day, day.isoformat(), code, value, expected)
    return Checked(as_found(value), "not_a_date", expected)


def _date_from_number(value: float, date1904: bool, expected: str) -> Checked:
    """A day number (a cell without date format) is a date only when that day lies in the contract's range;
    otherwise, as 2026 for a year, it is a number in a date cell, kept as typed."""
    epoch = EPOCH_1904 if date1904 else EPOCH_1900
    low, high = (_serial(dt.datetime.combine(d, dt.time()), date1904) for d in (DATE_MIN, DATE_MAX))
    if not low <= value < high + 1:
        return Checked(as_found(value), "number_in_date_cell", expected)
    moment = epoch + dt.timedelta(days=float(value))
    answer = moment.date().isoformat() if moment.time() == dt.time() else moment.isoformat()
    return Checked(answer, "date_as_number", expected)


def _date_in_range(day: dt.date, answer: str, code: str | None, value: Any, expected: str) -> Checked:
    if not DATE_MIN <= day <= DATE_MAX:
        return Checked(as_found(value), "date_out_of_range", expected)
    return Checked(answer, code, expected)


def _check_text(column: Column, value: Any) -> Checked:
    text = as_found(value)
    if column.max_length and len(text) > column.max_length:
        return Checked(text, "too_long", f"hoogstens {column.max_length} tekens")
    return Checked(text)
