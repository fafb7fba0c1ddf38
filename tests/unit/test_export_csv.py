"""CSV injection: text a spreadsheet program would take for a formula is written as text in the CSV export."""

from __future__ import annotations

import pytest

from workbook_tool.export import neutralise_formula


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])  # OWASP: what Excel reads as a formula
def test_text_starting_like_a_formula_gets_an_apostrophe(start):
    text = start + 'HYPERLINK("http://example.org","klik")'
    assert neutralise_formula(text) == "'" + text


@pytest.mark.parametrize("value", ["buurtteam", "3-4", " =1", "", "-3", "+3", "-2,5", 12, -3, 2.5, None])
def test_other_text_and_numbers_are_left_alone(value):
    assert neutralise_formula(value) == value


def test_a_sum_that_starts_with_a_sign_is_neutralised():
    assert neutralise_formula("-2+3") == "'-2+3"
