"""The rules for values (docs/reading.md, "Rules for values"), one cell at a time: a value as found becomes
an answer, or stays as found with a problem code; it is never dropped or coerced into a choice."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from workbook_tool.layout import load_layout
from workbook_tool.values import as_found, as_typed, check_value, clean_text, is_empty, parse_dutch_number

LAYOUT = """\
id: regels
title: Regels
version: "1"
choice_lists:
  ja_nee: [Ja, Nee]
sheets:
  - id: blad
    title: Blad
    sections:
      - id: deel
        title: Deel
        questions:
          - id: vraag
            title: Vraag
            kind: table
            columns:
              - {id: antwoord, label: Antwoord, type: choice, choices: ja_nee}
              - {id: aantal, label: Aantal, type: number, integer: true, min: 0, allow_range: true}
              - {id: percentage, label: Percentage, type: number, min: 0, max: 100}
              - {id: weken, label: Weken, type: number, integer: true, min: 1, max: 10, allow_range: true}
              - {id: uren, label: Uren, type: number, min: 0, allow_range: true}
              - {id: datum, label: Datum, type: date}
              - {id: toelichting, label: Toelichting, type: text, max_length: 10}
            items:
              - {id: item, label: Item}
"""


@pytest.fixture(scope="module")
def layout(tmp_path_factory):
    path = tmp_path_factory.mktemp("regels") / "regels.yaml"
    path.write_text(textwrap.dedent(LAYOUT), encoding="utf-8")
    return load_layout(path)


@pytest.fixture(scope="module")
def rules(layout):
    """check(column id, value) -> (answer value, problem code or None). Severities are the catalogue's
    (errors.READ_CODES), not a rule of values."""
    columns = {c.id: c for c in layout.question("vraag").columns}

    def check(column_id, value, **options):
        checked = check_value(layout, columns[column_id], value, **options)
        return checked.value, checked.code

    return check


@pytest.mark.parametrize("found, cleaned", [
    ("  Ja\u00a0 ", "Ja"),
    ("Wmo-loket\u202f&\u2007schuldhulp", "Wmo-loket & schuldhulp"),
    ("twee   spaties\n en regel", "twee spaties en regel"),
    ("e\u0301e\u0301n", "één"),  # NFC
    ("\ufeffbom", "bom"),
])
def test_clean_text_normalises_spaces_and_unicode(found, cleaned):
    assert clean_text(found) == cleaned


def test_empty_means_no_value_or_only_spaces():
    assert all(is_empty(v) for v in (None, "", "   ", "\u00a0\u200b"))
    assert not any(is_empty(v) for v in (0, 0.0, False, "0", "-"))


@pytest.mark.parametrize("value, text", [
    (None, ""), (True, "WAAR"), (False, "ONWAAR"), (3.0, "3"), (2.5, "2.5"), (12, "12"),
    (dt.date(2026, 3, 1), "2026-03-01"), (dt.datetime(2026, 3, 1, 9, 30), "2026-03-01T09:30:00"), (" Ja ", " Ja "),
])
def test_the_value_as_found_is_kept_as_text(value, text):
    assert as_found(value) == text


@pytest.mark.parametrize("text, number", [
    ("78,7", 78.7), ("1.375", 1375), ("1.375,5", 1375.5), ("12 ", 12), ("1 375", 1375), ("-3", -3), ("3.14", 3.14),
    ("veel", None), ("3-4", None), ("1,2,3", None), ("", None),
])
def test_parse_dutch_number(text, number):
    assert parse_dutch_number(text) == number


@pytest.mark.parametrize("found, expected", [
    ("Ja", ("Ja", None)),
    (" JA\u00a0", ("Ja", "normalised")),
    ("nee", ("Nee", "normalised")),
    ("misschien", ("misschien", "not_in_list")),  # kept as found, never coerced
    ("Ja, Nee", ("Ja, Nee", "not_in_list")),
])
def test_choices(rules, found, expected):
    assert rules("antwoord", found) == expected


def test_a_value_not_in_the_list_says_what_was_expected(layout):
    column = layout.question("vraag").columns[0]
    assert check_value(layout, column, "misschien").expected == "een van: Ja, Nee"


@pytest.mark.parametrize("column, found, expected", [
    ("aantal", 4, (4, None)),
    ("aantal", 4.0, (4, None)),
    ("aantal", "1.375", (1375, "number_as_text")),
    ("aantal", "12 ", (12, "number_as_text")),
    ("aantal", "3-4", ("3-4", None)),
    ("aantal", "3 – 4", ("3-4", "range_normalised")),  # written otherwise: noted, never silent
    ("aantal", "3-4 ", ("3-4", "range_normalised")),
    ("aantal", "4-3", ("4-3", "not_a_number")),
    ("aantal", "2,5", ("2.5", "not_whole")),
    ("aantal", -1, ("-1", "out_of_range")),
    ("aantal", "veel", ("veel", "not_a_number")),
    ("aantal", True, ("WAAR", "not_a_number")),
    ("aantal", dt.date(2026, 1, 1), ("2026-01-01", "not_a_number")),
    ("percentage", "78,7", (78.7, "number_as_text")),
    ("percentage", 100, (100, None)),
    ("percentage", 100.5, ("100.5", "out_of_range")),
    ("percentage", "3-4", ("3-4", "not_a_number")),  # no range where the layout does not allow one
])
def test_numbers(rules, column, found, expected):
    assert rules(column, found) == expected


@pytest.mark.parametrize("found, code", [
    ("3-999", "out_of_range"),  # max 10
    ("0-3", "out_of_range"),  # min 1
    ("3-11", "out_of_range"),
    ("2,5-4", "not_whole"),
    ("3-4,5", "not_whole"),
    ("5-3", "not_a_number"),  # the low end first
    ("3-4-5", "not_a_number"),
])
def test_a_range_obeys_the_columns_rules_like_a_single_number(rules, found, code):
    single = {"out_of_range": "999", "not_whole": "2,5"}
    assert rules("weken", found) == (found, code)  # kept exactly as found
    if code in single:  # the same rule for a single number
        assert rules("weken", single[code])[1] == code


@pytest.mark.parametrize("column, found, expected", [
    ("weken", "1-10", ("1-10", None)),
    ("uren", "1.375-2.000", ("1.375-2.000", None)),  # Dutch thousands, as for a single number
    ("uren", "2,5-3,5", ("2,5-3,5", None)),
    ("uren", "2,5 -3,5", ("2,5-3,5", "range_normalised")),
    ("uren", "0,5—1", ("0,5-1", "range_normalised")),
])
def test_ranges_where_allowed(rules, column, found, expected):
    assert rules(column, found) == expected


@pytest.mark.parametrize("found, options, expected", [
    (dt.date(2026, 12, 31), {}, ("2026-12-31", None)),
    (dt.datetime(2026, 12, 31), {}, ("2026-12-31", None)),
    (dt.datetime(2026, 12, 31, 8, 15), {}, ("2026-12-31T08:15:00", None)),
    (46022, {}, ("2025-12-31", "date_as_number")),
    (46022, {"date1904": True}, ("2030-01-01", "date_as_number")),
    ("31-12-2026", {}, ("2026-12-31", "date_as_text")),
    ("1/2/2026", {}, ("2026-02-01", "date_as_text")),
    ("2026-12-31", {}, ("2026-12-31", None)),
    (" 2026-12-31", {}, ("2026-12-31", "date_as_text")),
    ("2026-12-31 of eerder", {}, ("2026-12-31 of eerder", "not_a_date")),
    ("31-12-2026 of eerder", {}, ("31-12-2026 of eerder", "not_a_date")),
    (2026, {}, ("2026", "number_in_date_cell")),  # a year is no day number
    (2026, {"date1904": True}, ("2026", "number_in_date_cell")),
    (36525, {}, ("36525", "number_in_date_cell")),  # 31-12-1999, before the contract's first day
    (36526, {}, ("2000-01-01", "date_as_number")),
    (dt.date(1905, 7, 18), {}, ("1905-07-18", "date_out_of_range")),
    (dt.date(2101, 1, 1), {}, ("2101-01-01", "date_out_of_range")),
    ("1-1-2101", {}, ("1-1-2101", "date_out_of_range")),
    ("31-02-2026", {}, ("31-02-2026", "not_a_date")),
    ("morgen", {}, ("morgen", "not_a_date")),
])
def test_dates(rules, found, options, expected):
    assert rules("datum", found, **options) == expected


def test_text_is_kept_as_found_and_a_long_text_is_reported(rules):
    assert rules("toelichting", " buurtteam") == (" buurtteam", None)  # 10 characters, spaces kept
    assert rules("toelichting", "schuldhulp & budgetbeheer") == ("schuldhulp & budgetbeheer", "too_long")


@pytest.mark.parametrize("date1904", [False, True])
def test_a_number_in_a_date_formatted_cell_is_read_back_as_typed(tmp_path, date1904):
    """Whatever number is typed into a date-formatted cell, as_typed gives that number back from the date
    the reader (calamine) makes of it: below DATE_MIN (2026, a year), or a time of day."""
    import xlsxwriter
    from python_calamine import CalamineWorkbook

    numbers = [1, 2, 61, 100, 366, 2026, 2026.5, 0.25, 0.75, 33000]  # before 2000 in either date system
    days = [46022, 46022.75]  # in 2026 or 2030: real dates, left alone
    path = tmp_path / "datums.xlsx"
    book = xlsxwriter.Workbook(path, {"date_1904": date1904})
    sheet = book.add_worksheet()
    shown_as_date = book.add_format({"num_format": "dd-mm-yyyy"})
    for row, number in enumerate(numbers + days):
        sheet.write_number(row, 0, number, shown_as_date)
    book.close()
    read = [row[0] for row in CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Sheet1").to_python()]
    assert all(isinstance(v, (dt.date, dt.time)) for v in read), "the reader shows them as dates"
    assert [as_typed(v, date1904) for v in read[:len(numbers)]] == numbers
    assert [as_typed(v, date1904) for v in read[len(numbers):]] == read[len(numbers):]
