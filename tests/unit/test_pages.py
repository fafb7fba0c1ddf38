"""Laying a report sheet out on A4 pages (report/pages.py) and measuring text (textfit.py), on made-up rows
with fixed heights, so that the expected pages can be counted by hand."""

from __future__ import annotations

from workbook_tool.pages import Block, Cell, PageSetup, Row, Sheet
from workbook_tool.textfit import EXCEL, LIBREOFFICE, row_height, text_points, wrap, wrapped_lines

FONTS = {"cell": (11, False), "h2": (11, True)}


def sheet_of(room: float) -> Sheet:
    """A portrait sheet whose page holds `room` points of rows."""
    sheet = Sheet("Test", [90], FONTS, PageSetup())
    sheet.page_height = lambda: room  # the paper's size is not what these tests are about
    return sheet


def rows(n: int, height: float = 10, text: str = "r") -> list[Row]:
    return [Row([Cell(0, f"{text}{i}", "cell")], height=height) for i in range(n)]


def test_a_block_that_does_not_fit_the_rest_of_a_page_starts_a_new_one():
    sheet = sheet_of(100)
    sheet.add(*rows(6, text="a"))  # 60 pt
    sheet.add(*rows(5, text="b"))  # 50 pt: does not fit in the 40 pt left
    assert sheet.paginate() == 2
    assert sheet.breaks == [6]


def test_a_block_longer_than_a_page_continues_with_its_heading_marked_vervolg():
    sheet = sheet_of(100)
    heading = [Row([Cell(0, "Vraag", "h2")], height=10), Row([Cell(0, "Kop", "cell")], height=10)]
    sheet.blocks.append(Block(heading + rows(15), repeat=2))  # 170 pt
    assert sheet.paginate() == 2
    first_of_page_two = sheet.rows[sheet.breaks[0]:]
    assert [r.cells[0].value for r in first_of_page_two[:3]] == ["Vraag (vervolg)", "Kop", "r8"]
    assert sum(r.height for r in sheet.rows[:sheet.breaks[0]]) <= 100


def test_rows_kept_together_move_to_the_next_page_together():
    sheet = sheet_of(100)
    block = rows(8)  # 80 pt, then 40 pt more: the block flows over two pages
    block[7].keep = 4  # r7 with k0, k1 and k2 (40 pt) would end at 110 pt: they move together
    sheet.add(*block, *rows(4, text="k"))
    sheet.paginate()
    assert sheet.rows[sheet.breaks[0]].cells[0].value == "r7"


def test_a_row_is_as_high_as_its_longest_wrapped_text():
    sheet = Sheet("Test", [20, 40], FONTS, PageSetup())
    text = "woord " * 30  # 180 characters
    row = Row([Cell(0, "kort", "cell"), Cell(1, text.strip(), "cell")])
    assert sheet.height(row) == row_height(wrapped_lines(text.strip(), 5.55 * 40 + 3.96), 11, EXCEL)
    assert sheet.height(row) > row_height(3)


def test_wrap_breaks_between_words_and_long_words_where_the_line_is_full():
    width = text_points("aaaa bbbb") + 5 / 0.95 + 5.5  # room for 'aaaa bbbb' and not for one more word
    assert wrap("aaaa bbbb cccc", width) == ["aaaa bbbb", "cccc"]
    assert wrap("eerste\ntweede", 500) == ["eerste", "tweede"]
    long = "x" * 200
    assert "".join(wrap(long, 100)) == long and len(wrap(long, 100)) > 1


def test_libreoffice_spaces_lines_closer_than_excel():
    # Measured in LibreOffice: 4 lines of Calibri 11 need 46.26 pt, 20 lines 225.35 pt.
    assert 46 <= row_height(4, 11, LIBREOFFICE) <= 48
    assert 225 <= row_height(20, 11, LIBREOFFICE) <= 228
    assert row_height(2, 11, EXCEL) == 33  # Excel: 15 pt a line, plus the padding


def test_a_text_too_long_for_one_row_continues_in_the_rows_below():
    sheet = Sheet("Test", [20, 40], FONTS, PageSetup())
    numbers = ", ".join(str(n) for n in range(1, 343))  # the Nrs. of 342 gemeenten
    sheet.add(Row([Cell(0, "Onderdeel", "cell"), Cell(1, numbers, "cell")]))
    rows = sheet.blocks[0].rows
    assert len(rows) > 1
    assert all(sheet.height(r) <= 409 for r in rows)
    assert [r.cells[0].value or None for r in rows] == ["Onderdeel"] + [None] * (len(rows) - 1)
    assert " ".join(r.cells[1].value.replace("\n", " ") for r in rows) == numbers
