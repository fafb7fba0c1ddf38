"""A sheet laid out for A4 (the regional report, the status workbook): rows as high as their text, blocks
kept on one page, headers repeated.

A sheet writer describes its content as blocks of rows (a table with its title and headers, a chart with its
caption, an ankerpunt); `Sheet` measures every row (textfit), decides where pages break, repeats a block's
heading rows when a block longer than a page continues, and writes it all with page setup, header and footer.
Knowing every row's height is what makes the page breaks exact, and the page numbers of the contents true.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from xlsxwriter.utility import quote_sheetname

from .status import STATUS_COLOURS
from .textfit import EXCEL, MAX_ROW_HEIGHT, Program, column_points, row_height, wrap, wrapped_lines
from .xlsxkit import A4, GRID, HEADER_BORDER, HEADER_FILL, INPUT_BORDER, MUTED, NAVY

# A4 in points, and the margins every report page keeps (inches, as xlsxwriter takes them).
PAPER = (595.3, 841.9)
SIDE_MARGIN = 0.5
TOP_MARGIN = 0.75  # room for the page header above the body
BOTTOM_MARGIN = 0.75  # and for the footer below it
HEADER_MARGIN = 0.3
# Page breaks are computed a little short of the paper, so that rounding in either program never pushes a
# row onto a page of its own.
PAGE_SLACK = 0.95
WIDTH_SLACK = 0.98  # and a little short of its width
ROW_PADDING_MAX = 1.5  # the largest padding a Program puts above and below a row's lines


# The formats of every printed sheet (report, status workbook), by name; a Cell names one.
CELL = {"border": 1, "border_color": GRID}
FORMATS = {
    "title": {"bold": True, "font_size": 16, "font_color": NAVY, "text_wrap": True, "valign": "top"},
    "h1": {"bold": True, "font_size": 13, "font_color": "#FFFFFF", "bg_color": NAVY, "text_wrap": True,
           "valign": "top"},
    "h2": {"bold": True, "font_size": 11, "font_color": NAVY, "text_wrap": True, "valign": "top"},
    "header": {"bold": True, "bg_color": HEADER_FILL, "border": 1, "border_color": HEADER_BORDER, "text_wrap": True,
               "valign": "top"},
    "cell": {"text_wrap": True, "valign": "top", **CELL},
    "role": {"text_wrap": True, "valign": "top", **CELL, "italic": True},
    "subhead": {"bold": True, "italic": True, "valign": "top", "text_wrap": True, **CELL},
    "plan_head": {"bold": True, "bg_color": "#EDEDED", "valign": "top", "text_wrap": True, **CELL},
    "label": {"bold": True, "valign": "top", "text_wrap": True, **CELL},
    "link": {"font_color": "#0563C1", "underline": 1, "valign": "top", "text_wrap": True, "bold": True},
    "link_sub": {"font_color": "#0563C1", "underline": 1, "valign": "top", "text_wrap": True},
    "page": {"align": "right", "valign": "top"},
    "number": {"align": "left", "valign": "top"},
    "count": {"align": "center", "valign": "top", "text_wrap": True, **CELL},
    "note": {"italic": True, "font_size": 10, "font_color": MUTED, "text_wrap": True, "valign": "top"},
    "text": {"text_wrap": True, "valign": "top"},
    "key": {"bold": True, "valign": "top", "text_wrap": True},
    "percent": {"num_format": "0%", "align": "center", "valign": "top", **CELL},
    "yes": {"bg_color": "#C6EFCE", "font_color": "#006100", "align": "center", "valign": "top", "text_wrap": True,
            **CELL},
    "no": {"bg_color": "#FFC7CE", "font_color": "#9C0006", "align": "center", "valign": "top", "text_wrap": True,
           **CELL},
    "other": {"bg_color": "#FFEB9C", "font_color": "#9C5700", "align": "center", "valign": "top", **CELL,
              "text_wrap": True},
    "empty": {"bg_color": "#F2F2F2", "text_wrap": True, **CELL},
    "invalid": {"bg_color": "#F4B084", "font_color": "#833C0B", "font_strikeout": True, "align": "center",
                "valign": "top", **CELL, "text_wrap": True},
    "edit": {"bg_color": "#FFFFFF", "border": 1, "border_color": INPUT_BORDER, "text_wrap": True, "valign": "top"},
    "edit_date": {"bg_color": "#FFFFFF", "border": 1, "border_color": INPUT_BORDER, "num_format": "dd-mm-yyyy",
                  "valign": "top"},
}


STATUS_FORMAT = "status_"  # + a status: the "cell" format filled with the status colour


def add_formats(book) -> dict[str, object]:
    formats = {name: book.add_format({"font_name": "Calibri", **spec}) for name, spec in FORMATS.items()}
    formats.update({STATUS_FORMAT + k: book.add_format({**FORMATS["cell"], "bg_color": v})
                    for k, v in STATUS_COLOURS.items()})
    return formats


def fonts() -> dict[str, tuple[float, bool]]:
    """Font size and weight of every format: what a row's height is measured with."""
    sizes = {name: (spec.get("font_size", 11), bool(spec.get("bold"))) for name, spec in FORMATS.items()}
    return sizes | {STATUS_FORMAT + k: (11, False) for k in STATUS_COLOURS}


@dataclass
class Cell:
    col: int
    value: Any  # str, int, float or None (blank)
    fmt: str  # a format name of report.context.FORMATS
    span: int = 1  # columns merged to the right
    link: str | None = None  # an anchor: "sheet title" or "sheet title#anchor name"


@dataclass
class Row:
    cells: list[Cell] = field(default_factory=list)
    height: float | None = None  # a fixed height (a chart's row); measured from the text otherwise
    chart: Any = None  # an xlsxwriter chart placed at this row
    anchor: str | None = None  # a name the contents can link to
    keep: int = 1  # this row and the keep - 1 rows after it go on one page when they fit on one
    validation: dict | None = None  # Excel data validation for the row's input cells (format "edit…")
    # Many one-column cells after `cells`, from column `start`: (start, values, format names). Written in one
    # tight loop and never measured, so the row needs a fixed height: the national Per gemeente sheet's
    # 342 answers a row, where a Cell object for each would be most of the time spent on the report.
    plain: tuple[int, list[Any], list[str]] | None = None


@dataclass
class Block:
    """Rows that belong together: on one page when they fit; else continued, with `repeat` leading rows
    (title and column headers) written again at the top of every next page, the first marked '(vervolg)'."""

    rows: list[Row]
    repeat: int = 0


@dataclass
class PageSetup:
    landscape: bool = False
    header: str = ""  # Excel header codes (&L, &C, &R); text with & escaped
    head: list[Row] = field(default_factory=list)  # at the top of the first page only
    title_rows: list[Row] = field(default_factory=list)  # below it, printed at the top of every page
    repeat_columns: int = 0  # leading columns printed on every page when the sheet is wider than a page
    group_starts: frozenset[int] = frozenset()  # columns that start a new page across (a regio's first gemeente)


def usable(landscape: bool) -> tuple[float, float]:
    """The width and height in points of an A4 page inside the margins."""
    width, height = PAPER[::-1] if landscape else PAPER
    return width - 2 * SIDE_MARGIN * 72, height - (TOP_MARGIN + BOTTOM_MARGIN) * 72


def landscape_width() -> float:
    """The width a landscape page gives its columns, in points."""
    return usable(True)[0] * WIDTH_SLACK


class Sheet:
    """One sheet of the report: its column widths, its blocks, and after `paginate` its pages."""

    def __init__(self, title: str, widths: list[float], fonts: dict[str, tuple[float, bool]], setup: PageSetup,
                 program: Program = EXCEL):
        self.title = title
        self.program = program  # whose line spacing the rows get
        self.widths = widths
        self.fonts = fonts
        self.setup = setup
        self.blocks: list[Block] = []
        self.rows: list[Row] = []  # after paginate: every row in sheet order, continuations included
        self.breaks: list[int] = []  # rows that start a new page
        self.column_breaks: list[int] = []  # columns that start a new page (a sheet wider than a page)
        self.anchors: dict[str, tuple[int, int]] = {}  # anchor -> (row, page index within the sheet)
        self._heights: dict[int, float] = {}  # id(row) -> its measured height

    def add(self, *rows: Row, repeat: int = 0) -> None:
        self.blocks.append(Block([part for row in rows for part in self._split_tall(row)], repeat))

    def _split_tall(self, row: Row) -> list[Row]:
        """A row whose text needs more than a row can be high (409 pt: the numbers of 300 gemeenten, a long
        plan) as several rows, its text continued from one to the next, so that nothing is cut off."""
        if row.height is not None or row.chart is not None:
            return [row]
        size = max((self.fonts[c.fmt][0] for c in row.cells), default=11)
        per_row = int((MAX_ROW_HEIGHT - 2 * ROW_PADDING_MAX) / (size * self.program.line_pitch)) - 1
        if all(self._line_count(cell) <= per_row for cell in row.cells if isinstance(cell.value, str)):
            return [row]  # the common case, from the cache of line counts
        lines = {id(cell): self._lines(cell) for cell in row.cells if isinstance(cell.value, str)}
        parts = max((math.ceil(len(found) / per_row) for found in lines.values()), default=1)
        if parts <= 1:
            return [row]
        split = []
        for part in range(parts):
            cells = []
            for cell in row.cells:
                if id(cell) in lines and len(lines[id(cell)]) > per_row:  # a cell that fits stays as it is
                    text = "\n".join(lines[id(cell)][part * per_row:(part + 1) * per_row])
                    cells.append(Cell(cell.col, text, cell.fmt, cell.span, cell.link if part == 0 else None))
                else:
                    cells.append(cell if part == 0 else Cell(cell.col, None, cell.fmt, cell.span))
            split.append(Row(cells, anchor=row.anchor if part == 0 else None))
        return split

    def _line_count(self, cell: Cell) -> int:
        size, bold = self.fonts[cell.fmt]
        return wrapped_lines(_display(cell.value), self._width(cell), size, bold)

    def _lines(self, cell: Cell) -> list[str]:
        size, bold = self.fonts[cell.fmt]
        return wrap(_display(cell.value), self._width(cell), size, bold)

    def _width(self, cell: Cell) -> float:
        return sum(column_points(w) for w in self.widths[cell.col:cell.col + cell.span])

    # -- measuring ----------------------------------------------------------------------------------------

    def height(self, row: Row) -> float:
        if row.height is not None:
            return row.height
        measured = self._heights.get(id(row))
        if measured is None:  # rows do not change once added: measure each once
            heights = [self._cell_height(cell) for cell in row.cells if cell.value not in (None, "")]
            measured = self._heights[id(row)] = max(heights, default=row_height(1, program=self.program))
        return measured

    def _cell_height(self, cell: Cell) -> float:
        return row_height(self._line_count(cell), self.fonts[cell.fmt][0], self.program)

    @property
    def scale(self) -> int:
        """The print scale that makes the sheet (or its repeated columns and the widest column group) as wide
        as a page: 100 when it fits."""
        widest = sum(column_points(w) for w in self.widths)
        if self.setup.repeat_columns:
            return 100
        return min(100, math.floor(self._usable()[0] * WIDTH_SLACK / widest * 100))

    def _usable(self) -> tuple[float, float]:
        return usable(self.setup.landscape)

    def page_height(self) -> float:
        """The sheet points one page holds (below the print titles)."""
        titles = sum(self.height(r) for r in self.setup.title_rows)  # printed on every page
        return self._usable()[1] * PAGE_SLACK * 100 / self.scale - titles

    # -- paginating ---------------------------------------------------------------------------------------

    def paginate(self) -> int:
        """Place the blocks on pages; returns the number of printed pages."""
        room = self.page_height()
        self.rows, self.breaks, self.anchors = [], [], {}
        used = sum(self._place(row) for row in self.setup.head)
        self.rows += self.setup.title_rows
        for block in self.blocks:
            heights = [self.height(r) for r in block.rows]
            if used and used + self._opening(block, heights, room) > room:
                used = self._new_page()
            for index, (row, height) in enumerate(zip(block.rows, heights, strict=True)):
                together = sum(heights[index:index + row.keep])
                if used and (used + height > room or (row.keep > 1 and used + together > room
                                                          and together <= room)):
                    used = self._new_page()
                    for repeated in _continued(block.rows[:block.repeat]) if index >= block.repeat else []:
                        used += self._place(repeated)
                used += self._place(row, height)
        self.column_breaks = self._column_breaks()
        return (len(self.breaks) + 1) * (len(self.column_breaks) + 1)

    @staticmethod
    def _opening(block: Block, heights: list[float], room: float) -> float:
        """What of a block must fit on the current page: all of it when it fits on a page, else its heading
        with the first row (and that row's group) after it."""
        if sum(heights) <= room:
            return sum(heights)
        first = block.rows[block.repeat].keep if block.repeat < len(block.rows) else 0
        return sum(heights[:block.repeat + first])

    def _new_page(self) -> float:
        self.breaks.append(len(self.rows))
        return 0.0

    def _place(self, row: Row, height: float | None = None) -> float:
        if row.anchor:
            self.anchors[row.anchor] = (len(self.rows), len(self.breaks))
        self.rows.append(row)
        return self.height(row) if height is None else height

    def columns_on_first_page(self) -> int:
        """How many columns the first page holds (all of them, unless the sheet is wider than a page)."""
        return (self._column_breaks() or [len(self.widths)])[0]

    def column_pages(self) -> list[tuple[int, int]]:
        """The columns of each page across besides the repeated ones, as (first, end) ranges."""
        bounds = [self.setup.repeat_columns] + self._column_breaks() + [len(self.widths)]
        return list(zip(bounds, bounds[1:], strict=False))

    def _column_breaks(self) -> list[int]:
        """For a sheet wider than a page (Per gemeente): break between columns so every page holds whole
        columns next to the repeated ones, and each group of columns (a regio) starts a page of its own."""
        if not self.setup.repeat_columns:
            return []
        room = self._usable()[0] * WIDTH_SLACK
        fixed = sum(column_points(w) for w in self.widths[:self.setup.repeat_columns])
        breaks, used = [], fixed
        for col in range(self.setup.repeat_columns, len(self.widths)):
            width = column_points(self.widths[col])
            if used > fixed and (used + width > room or col in self.setup.group_starts):
                breaks.append(col)
                used = fixed
            used += width
        return breaks

    # -- writing ------------------------------------------------------------------------------------------

    def write(self, book, formats: dict[str, Any], *, start_page: int, total_pages: int, footer_left: str) -> None:
        ws = book.add_worksheet(self.title) if self.title not in book.sheetnames else book.get_worksheet_by_name(
            self.title)
        for col, width in enumerate(self.widths):
            ws.set_column(col, col, width)
        for index, row in enumerate(self.rows):
            ws.set_row(index, self.height(row))
            for cell in row.cells:
                _write_cell(ws, index, cell, formats, self)
                if row.validation and cell.fmt.startswith("edit"):
                    ws.data_validation(index, cell.col, index, cell.col + cell.span - 1, row.validation)
            if row.plain is not None:
                _write_plain(ws, index, row.plain, formats)
            if row.chart is not None:
                ws.insert_chart(index, 0, row.chart, {"x_offset": 2, "y_offset": 2, "object_position": 3})
        self._page_setup(ws, start_page, total_pages, footer_left)

    def link_target(self, anchor: str | None) -> str:
        row = self.anchors[anchor][0] if anchor else 0
        return f"internal:{quote_sheetname(self.title)}!A{row + 1}"

    def _page_setup(self, ws, start_page: int, total_pages: int, footer_left: str) -> None:
        ws.set_paper(A4)
        if self.setup.landscape:
            ws.set_landscape()
        else:
            ws.set_portrait()
        ws.set_margins(left=SIDE_MARGIN, right=SIDE_MARGIN, top=TOP_MARGIN, bottom=BOTTOM_MARGIN)
        ws.set_print_scale(self.scale)
        if self.setup.header:
            ws.set_header(self.setup.header, {"margin": HEADER_MARGIN})
        ws.set_footer(f"&L&9{escape(footer_left)}&R&9Pagina &P van {total_pages}", {"margin": HEADER_MARGIN})
        ws.set_start_page(start_page)
        ws.hide_gridlines(2)
        if self.breaks:
            ws.set_h_pagebreaks(self.breaks)
        if self.column_breaks:
            ws.set_v_pagebreaks(self.column_breaks)
        if self.setup.title_rows:
            first = len(self.setup.head)
            ws.repeat_rows(first, first + len(self.setup.title_rows) - 1)
        if self.setup.repeat_columns:
            ws.repeat_columns(0, self.setup.repeat_columns - 1)


def _continued(rows: list[Row]) -> list[Row]:
    """The heading rows of a block again, the first one's text marked '(vervolg)'."""
    if not rows:
        return []
    first = rows[0]
    cells = [Cell(c.col, f"{c.value} (vervolg)" if i == 0 and isinstance(c.value, str) else c.value, c.fmt, c.span)
             for i, c in enumerate(first.cells)]
    return [Row(cells, first.height)] + [Row(list(r.cells), r.height) for r in rows[1:]]


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _write_cell(ws, row: int, cell: Cell, formats: dict[str, Any], sheet: Sheet) -> None:
    fmt = formats[cell.fmt]
    if cell.span > 1:
        ws.merge_range(row, cell.col, row, cell.col + cell.span - 1, None, fmt)
    if cell.link is not None:
        ws.write_url(row, cell.col, cell.link, fmt, string=str(cell.value))
    elif cell.value is None or cell.value == "":
        ws.write_blank(row, cell.col, None, fmt)
    elif isinstance(cell.value, bool) or not isinstance(cell.value, (int, float)):
        ws.write_string(row, cell.col, str(cell.value), fmt)
    else:
        ws.write_number(row, cell.col, cell.value, fmt)


def _write_plain(ws, row: int, plain: tuple[int, list[Any], list[str]], formats: dict[str, Any]) -> None:
    """Row.plain's cells: as _write_cell writes a one-column cell without a link, with the lookups hoisted."""
    start, values, names = plain
    write_blank, write_string, write_number = ws.write_blank, ws.write_string, ws.write_number
    for col, (value, name) in enumerate(zip(values, names, strict=True), start=start):
        fmt = formats[name]
        if value is None or value == "":
            write_blank(row, col, None, fmt)
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            write_string(row, col, str(value), fmt)
        else:
            write_number(row, col, value, fmt)


def escape(text: str) -> str:
    """Text for a page header or footer: '&' is a control character there."""
    return text.replace("&", "&&")
