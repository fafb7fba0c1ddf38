"""Property: whatever is typed into the answer cells of a generated workbook (text, numbers, dates, in cells of
every column type), reading it back either gives an answer equal to what the cell held, or a problem that names
the cell. Nothing is changed without a problem."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook_tool.fill import fill_template
from workbook_tool.gemeenten import Gemeente
from workbook_tool.generate import build_template, personalise, values_for
from workbook_tool.read import read_return

EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's 1900 date system (from 1 March 1900 on)
# What people type: words, numbers written the Dutch way, ranges, dates as text, formula-like text, odd spaces.
TYPED_TEXT = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30),
    st.sampled_from(["Ja", "ja", " JA\u00a0", "Nee", "misschien", "3-4", "3 – 4", "4-3", "3-999", "2,5-3", "78,7",
                     "1.375", "12 ", "-3", "2026", "31-12-2026", "2026-12-31", "2026-12-31 of eerder", "1-1-1999",
                     "=HYPERLINK(\"http://example.org\",\"klik\")", "+31 6", "@SUM(1)", "0", "Anders"]),
)
NUMBERS = st.one_of(st.integers(min_value=-10**6, max_value=3 * 10**6),
                    st.integers(min_value=-10**6, max_value=10**7).map(lambda n: n / 100))
DATES = st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2200, 12, 31))


def typed_value(record):
    kinds = [TYPED_TEXT, NUMBERS, st.booleans()]
    if record.type == "date":
        kinds.append(DATES)
    return st.one_of(*kinds)


EXCEL_LAST_DAY = 2958465  # 9999-12-31: a larger number in a date cell is no date, just the number typed


def what_the_cell_held(record, value) -> str:
    """The value as the person put it in the cell, written as text by the documented rules: whole numbers
    without .0, dates as ISO, WAAR/ONWAAR. A date cell shows a number as a date: from 2000 on it is that date
    (typing 46022 or 31-12-2025 is the same), before 2000 it is the day number typed (2026, a year)."""
    if isinstance(value, bool):
        return "WAAR" if value else "ONWAAR"
    if record.type == "date" and isinstance(value, (int, float)) and 0 < value <= EXCEL_LAST_DAY:
        moment = dt.datetime.combine(EPOCH, dt.time()) + dt.timedelta(days=value)
        if moment >= dt.datetime(2000, 1, 1):
            return moment.date().isoformat() if moment.time() == dt.time() else moment.isoformat()
    if isinstance(value, dt.date):
        days = (value - EPOCH).days
        return str(days) if value < dt.date(2000, 1, 1) else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def test_nothing_typed_is_changed_without_a_problem_naming_the_cell(layout_2022, tmp_path_factory):
    template = build_template(layout_2022)
    data = personalise(template, values_for(layout_2022, Gemeente("Gemeente P", "R", 1), "R", "2026", "x"))
    folder = tmp_path_factory.mktemp("values-prop")
    by_type = {kind: [c for c in template.cells if c.type == kind] for kind in ("choice", "number", "date", "text")}
    cells = st.one_of(*(st.sampled_from(records) for records in by_type.values()))

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(cells, min_size=1, max_size=12, unique_by=lambda c: c.key).flatmap(
        lambda chosen: st.fixed_dictionaries({c.key: typed_value(c) for c in chosen})))
    def check(typed):
        typed = {k: v for k, v in typed.items() if not (isinstance(v, str) and v.strip(" \u00a0\t\r\n") == "")}
        path = folder / "p.xlsx"
        path.write_bytes(fill_template(template, data, typed))
        result = read_return(path, [layout_2022])
        records = {c.key: c for c in template.cells}
        answers = {a.field.key: a for a in result.answers}
        named = {(p.sheet, p.cell) for p in result.problems if p.code not in ("anders_without_text",
                                                                              "text_without_anders", "none_but_items")}
        for key, value in typed.items():
            record, answer = records[key], answers[key]
            held = what_the_cell_held(record, value)
            # calamine makes 0 and negative numbers in a date-formatted cell 00:00, and day 60 (Excel's
            # 29-02-1900, a day that never was) a real day next to it: what was typed is lost.
            lost = record.type == "date" and isinstance(value, (int, float)) and not isinstance(value, bool) \
                and (value <= 0 or 60 <= value < 61)
            if not lost:
                assert answer.value_as_found == held, (key, value)
            unchanged = _equal(record.type, answer.value, value, held)
            if not unchanged:
                assert answer.problem, (key, value, answer.value)
                assert (record.sheet, record.cell) in named, (key, value, answer.value, answer.problem)

    check()


def _equal(kind: str, answer, value, held: str) -> bool:
    """Whether the answer is what the cell held: text and choices exactly; a number as that number; a date as
    its ISO day (a date cell holding a real date)."""
    if kind == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return isinstance(answer, (int, float)) and answer == value
    if kind == "date" and (isinstance(value, dt.date) or _is_iso(held)):
        return answer == held
    return answer == held


def _is_iso(text: str) -> bool:
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return True
