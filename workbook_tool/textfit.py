"""How much room a text needs in a cell: wrapped lines from Calibri's character widths, row heights, column widths.

Spreadsheet programs do not grow a row for wrapped text in a file they open (LibreOffice keeps the height
the file gives, Excel only grows it on an edit), so every writer sets each row's height itself, from the text,
the column width and the font. The figures below were measured in
LibreOffice (its optimal row heights for texts of known length at 9–13 pt in columns 8–70 characters wide;
tests/realclient/test_report_print.py checks the result against LibreOffice's own layout):

- LibreOffice makes a column of width w (in characters of Calibri 11) 5.55w + 3.96 pt wide and lays text
  out with the font's true widths. Excel makes it int(7w + 0.5) + 5 pixels, narrower, but it draws the text
  hinted at 7 pixels per digit instead of 7.44, narrower by the same ratio: a text wraps alike in both.
- Both keep about 2 pt on either side of the text (PADDING).
- The line distance differs: Excel puts a line of Calibri 11 every 15 pt, LibreOffice every 11.2 pt.
  A workbook a person opens gets Excel's (it fits both, with air in LibreOffice); the PDF, printed by
  LibreOffice, gets LibreOffice's own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from .fontmetrics import BOLD, REGULAR, UNKNOWN

PADDING = 5.0  # pt of a cell's width that text does not use (both sides together)
SAFETY = 0.95  # text is drawn with hinting and kerning: assume lines a little shorter than the metrics say
MAX_ROW_HEIGHT = 409  # Excel's largest row height


@dataclass(frozen=True)
class Program:
    """How a spreadsheet program spaces the lines of a wrapped cell."""

    name: str
    line_pitch: float  # line distance per pt of font size
    row_padding: float  # pt above and below the lines
    single_line: float = 0.0  # a row of one line: at least this much per pt of font size (the font's full height)
    minimum: float = 0.0  # pt: no row lower than this


EXCEL = Program("Excel", 15 / 11, 1.5)
# Measured: Calibri 11 in 4 lines 46.3 pt, in 20 lines 225.4 pt; one line 13.8 pt at 9 to 11 pt, 19.7 at 16 pt.
LIBREOFFICE = Program("LibreOffice", 1.02, 0.8, single_line=1.25, minimum=13.8)


def column_points(width: float) -> float:
    """The width in points of a column of `width` characters, as LibreOffice lays it out (and prints it)."""
    return 5.55 * width + 3.96


def width_for(text: str, size: float = 11, bold: bool = False) -> float:
    """The narrowest column width (in characters) that holds the text on one line (inverse of column_points)."""
    return ((text_points(text, size, bold) + PADDING) / SAFETY - 3.96) / 5.55


def text_points(text: str, size: float = 11, bold: bool = False) -> float:
    """The width of a line of text in points."""
    table = BOLD if bold else REGULAR
    return sum(table.get(c, UNKNOWN) for c in text) * size / 1000


@lru_cache(maxsize=65536)
def wrapped_lines(text: str, width_pt: float, size: float = 11, bold: bool = False) -> int:
    """The lines a text needs in a cell `width_pt` wide with wrapping on. Cached: a report measures the same
    'Ja' and 'Nee' in the same column widths tens of thousands of times."""
    return len(wrap(text, width_pt, size, bold))


def wrap(text: str, width_pt: float, size: float = 11, bold: bool = False) -> list[str]:
    """The text's lines in a cell `width_pt` wide: every paragraph at least one line, words kept whole where
    they fit on a line, a longer word broken where the line is full."""
    room = max(1.0, (width_pt - PADDING) * SAFETY)
    return [line for paragraph in str(text).split("\n") for line in _wrap_paragraph(paragraph, room, size, bold)]


def _wrap_paragraph(paragraph: str, room: float, size: float, bold: bool) -> list[str]:
    lines: list[str] = []
    line, used = "", 0.0
    space = _word_points(" ", size, bold)
    for word in paragraph.split(" "):
        width = _word_points(word, size, bold)
        candidate = used + space + width if line else width  # widths add up: the metrics have no kerning
        if candidate <= room:
            line, used = (f"{line} {word}" if line else word), candidate
            continue
        if line:
            lines.append(line)
        line, used = word, width
        while used > room:  # a word longer than a line continues on the next one
            cut = _longest_prefix(line, room, size, bold)
            lines.append(line[:cut])
            line = line[cut:]
            used = text_points(line, size, bold)
    return lines + [line]


@lru_cache(maxsize=65536)
def _word_points(word: str, size: float, bold: bool) -> float:
    return text_points(word, size, bold)


def _longest_prefix(word: str, room: float, size: float, bold: bool) -> int:
    cut = 1
    while cut < len(word) and text_points(word[:cut + 1], size, bold) <= room:
        cut += 1
    return cut


def row_height(lines: int, size: float = 11, program: Program = EXCEL) -> float:
    """The height in points of a row holding `lines` lines of text, rounded up to whole pixels."""
    points = max(lines * size * program.line_pitch + 2 * program.row_padding, size * program.single_line,
                 program.minimum)
    return min(MAX_ROW_HEIGHT, math.ceil(points / 0.75) * 0.75)
