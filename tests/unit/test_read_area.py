"""The fast checks of area.py say "fits" only when the exact walk would keep every cell."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from workbook_tool.read.area import Area, _has_prefixed_cell, _surely_fits, _unusual_cell_re

AREA = Area(rows=20000, columns=49)  # columns A..AW
# The spelling _unusual_cell_re replaced, kept here as the reference it must agree with.
REFERENCE_RE = re.compile(rb'<c(?=[\s>/])(?! r="(?:[A-Z]|A[A-W])\d{1,4}")')
PIECES = [b"<c", b"<c ", b'<c r="', b"<c\t", b"<c\n", b"<c>", b"<c/", b" ", b"\t", b">", b"/", b'r="', b'"', b"A",
          b"B", b"AW", b"AX", b"ZZ", b"1", b"12345", b"9999", b"<x:c", b"<x14:cfRule", b":c ", b"<col ", b"<cols>",
          b't="s"', b"<v>1</v>", b"</c>"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_the_unusual_cell_pattern_finds_what_the_reference_finds(pieces):
    xml = b"".join(pieces)
    found = _unusual_cell_re(AREA.columns).search(xml)
    expected = REFERENCE_RE.search(xml)
    assert (found and found.start()) == (expected and expected.start())


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_a_prefixed_cell_is_found_with_or_without_the_hint(pieces):
    xml = b"".join(pieces)
    assert _has_prefixed_cell(xml) == bool(re.search(rb"<\w+:c[\s>/]", xml))


def test_usual_cells_inside_fit_and_others_are_walked():
    row = b'<row r="5"><c r="%s" t="s"><v>1</v></c></row>'
    assert _surely_fits(row % b"AW9999", AREA)
    for cell in (b"AX5", b"A10000", b"AAA5"):
        assert not _surely_fits(row % cell, AREA), cell
    assert not _surely_fits(b'<row r="5"><c t="s"><v>1</v></c></row>', AREA)  # no r: counted by position
    assert not _surely_fits(b'<row r="5"><c\tr="B5"><v>1</v></c></row>', AREA)
    assert not _surely_fits(b'<x:row r="5"><x:c r="B5"><x:v>1</x:v></x:c></x:row>', AREA)
