"""The limits checker of the national report's test finds what breaks a limit, and passes what keeps them."""

from __future__ import annotations

import io

import xlsxwriter

from tests.support.excel_limits import limit_problems, open_workbook


def _book(build) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    build(book.add_worksheet("Blad"))
    book.close()
    return buffer.getvalue()


def test_a_workbook_within_the_limits_passes():
    def build(ws):
        ws.set_landscape()
        ws.set_column(0, 0, 40)
        ws.set_column(1, 30, 9)
        ws.set_v_pagebreaks([9, 17, 25])  # the label and 8 columns of width 9 a page: they fit landscape A4
        ws.repeat_columns(0, 0)
        ws.set_row(0, 409)
        ws.write_string(0, 0, "x" * 32_766)
        ws.write(0, 30, 1)  # the last column used

    assert limit_problems(open_workbook(_book(build))) == []


def test_too_high_too_long_and_too_wide_are_found():
    def build(ws):
        ws.set_column(0, 20, 12)  # portrait, 21 columns of 12 characters, no breaks: far too wide
        ws.set_row(2, 420)
        ws.write_string(3, 1, "x" * 40_000)  # xlsxwriter cuts it at 32,767
        ws.write(0, 20, 1)  # the last column used: Excel prints the used range

    problems = limit_problems(open_workbook(_book(build)))
    assert len(problems) == 3
    assert "row 3 is 420" in problems[0]
    assert "B4 holds 32767 characters" in problems[1]
    assert "columns 1..21 need" in problems[2]


def test_a_page_across_is_too_wide_even_when_the_sheet_has_breaks():
    def build(ws):
        ws.set_column(0, 0, 40)
        ws.set_column(1, 30, 9)
        ws.set_v_pagebreaks([4])  # the second page: the label and 16 columns of 9, too wide for portrait A4
        ws.repeat_columns(0, 0)
        ws.write(0, 19, 1)

    problems = limit_problems(open_workbook(_book(build)))
    assert problems == [problems[0]] and "columns 1..20" in problems[0]
