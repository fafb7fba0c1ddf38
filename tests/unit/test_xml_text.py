"""fileio's XML escaping does what xml.sax.saxutils does (which the tool no longer imports at start-up)."""

from __future__ import annotations

from xml.sax.saxutils import escape, unescape

from hypothesis import given
from hypothesis import strategies as st

from workbook_tool.fileio import xml_escape, xml_unescape

PIECES = st.lists(st.sampled_from(["&", "<", ">", "'", '"', "&amp;", "&lt;", "&gt;", "&apos;", "&quot;", "&amp;lt;",
                                   "a", "Súdwest-Fryslân", " ", "Gemeente 's-Hertogenbosch"]), max_size=12)


@given(PIECES)
def test_escape_as_saxutils(pieces):
    text = "".join(pieces)
    assert xml_escape(text) == escape(text)


@given(PIECES)
def test_unescape_as_saxutils_with_apos_and_quot(pieces):
    text = "".join(pieces)
    assert xml_unescape(text) == unescape(text, {"&apos;": "'", "&quot;": '"'})
    assert xml_unescape(xml_escape(text)) == text
