"""Regional tables -> the consolidated workbook the coordinator delivers (all Dutch, values not formulas)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from .collect import STATUS_LABELS, GemeenteStatus
from .consolidate import Consolidation, Count, Table
from .generate import DATE_MAX, DATE_MIN, write_atomic

LABEL_WIDTH = 70
COUNT_WIDTH = 8
NRS_WIDTH = 28


@dataclass
class ReportOptions:
    """What the report shows besides the tables."""

    anonymous: bool = True  # numbers only; the key goes to a separate file
    ronde: str = ""
    regio: str = ""
    date: dt.date | None = None
    invited: int | None = None  # size of the gemeenten list, when there is one
    status: list[GemeenteStatus] | None = None
    problems: tuple[int, int] = (0, 0)  # errors, warnings found while reading


FORMATS = {
    "title": {"bold": True, "font_size": 16, "font_color": "#1F3864"},
    "h1": {"bold": True, "font_size": 13, "font_color": "#FFFFFF", "bg_color": "#1F3864"},
    "h2": {"bold": True, "font_size": 11, "font_color": "#1F3864", "text_wrap": True, "valign": "top"},
    "header": {"bold": True, "bg_color": "#D9E1F2", "border": 1, "border_color": "#B4C6E7", "text_wrap": True,
               "valign": "top"},
    "cell": {"text_wrap": True, "valign": "top", "border": 1, "border_color": "#D9D9D9"},
    "role": {"text_wrap": True, "valign": "top", "border": 1, "border_color": "#D9D9D9", "italic": True},
    "subhead": {"bold": True, "italic": True, "valign": "top", "border": 1, "border_color": "#D9D9D9"},
    "count": {"align": "center", "valign": "top", "border": 1, "border_color": "#D9D9D9"},
    "note": {"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"},
    "text": {"text_wrap": True, "valign": "top"},
    "key": {"bold": True, "valign": "top"},
    "percent": {"num_format": "0%", "align": "center", "valign": "top", "border": 1, "border_color": "#D9D9D9"},
    "yes": {"bg_color": "#C6EFCE", "font_color": "#006100", "align": "center", "border": 1, "border_color": "#D9D9D9"},
    "no": {"bg_color": "#FFC7CE", "font_color": "#9C0006", "align": "center", "border": 1, "border_color": "#D9D9D9"},
    "other": {"bg_color": "#FFEB9C", "font_color": "#9C5700", "align": "center", "border": 1,
              "border_color": "#D9D9D9", "text_wrap": True},
    "empty": {"bg_color": "#F2F2F2", "border": 1, "border_color": "#D9D9D9"},
    "edit": {"bg_color": "#FFFFFF", "border": 1, "border_color": "#8EA9C1", "text_wrap": True, "valign": "top"},
    "edit_date": {"bg_color": "#FFFFFF", "border": 1, "border_color": "#8EA9C1", "num_format": "dd-mm-yyyy",
                  "valign": "top"},
}
STATUS_FILL = {"complete": "#C6EFCE", "incomplete": "#FFEB9C", "problems": "#FFC7CE", "missing": "#D9D9D9",
               "unknown": "#FFEB9C"}


def write_report(result: Consolidation, path: str | Path, options: ReportOptions = ReportOptions()) -> list[Path]:
    """Write the consolidated workbook (and, when anonymous, the key as a separate file); atomically."""
    path = Path(path)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"title": f"{result.layout.title} — regionale rapportage", "author": "workbook_tool"})
    writer = _ReportWriter(book, result, options)
    writer.write()
    book.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, buffer.getvalue())
    written = [path]
    if options.anonymous:
        key_path = path.with_name(f"{path.stem}-sleutel{path.suffix}")
        write_atomic(key_path, key_workbook(result))
        written.append(key_path)
    return written


def key_workbook(result: Consolidation) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    formats = {k: book.add_format(v) for k, v in FORMATS.items()}
    _write_key(book.add_worksheet("Sleutel"), result, formats)
    book.close()
    return buffer.getvalue()


def _write_key(ws, result: Consolidation, f) -> None:
    ws.write(0, 0, "Sleutel: nummer en gemeente", f["title"])
    ws.write(1, 0, "Vertrouwelijk: alleen voor de coördinator. De rapportage noemt gemeenten bij nummer.", f["note"])
    for col, head in enumerate(("Nr.", "Gemeente", "Regio")):
        ws.write(3, col, head, f["header"])
    for row, record in enumerate(result.gemeenten.itertuples(), start=4):
        ws.write_number(row, 0, record.nummer, f["count"])
        ws.write_string(row, 1, record.gemeente, f["cell"])
        ws.write_string(row, 2, record.regio or "", f["cell"])
    ws.set_column(0, 0, 6)
    ws.set_column(1, 2, 34)


class _ReportWriter:
    def __init__(self, book: xlsxwriter.Workbook, result: Consolidation, options: ReportOptions):
        self.book = book
        self.result = result
        self.options = options
        self.f = {k: book.add_format(v) for k, v in FORMATS.items()}
        self.status_fill = {k: book.add_format({**FORMATS["cell"], "bg_color": v}) for k, v in STATUS_FILL.items()}
        self.date = options.date or dt.date.today()
        self.table_rows: dict[str, tuple[int, int]] = {}  # question id -> first and last item row on Tabellen

    # -- common --------------------------------------------------------------------------------
    def source_note(self, n: int | None = None) -> str:
        layout = self.result.layout
        parts = [f"Bron: {layout.title}, vragenlijst {layout.id} versie {layout.version}"]
        if self.options.ronde:
            parts.append(f"ronde {self.options.ronde}")
        parts.append(f"N = {self.result.n if n is None else n} gemeenten")
        parts.append(f"opgemaakt {self.date.strftime('%d-%m-%Y')}")
        return "; ".join(parts) + "."

    def gemeente_label(self, nr: int) -> str:
        if self.options.anonymous:
            return str(nr)
        name = self.result.gemeenten.set_index("nummer").loc[nr, "gemeente"]
        return f"{nr} {name}"

    def print_setup(self, ws, landscape: bool = False) -> None:
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        if landscape:
            ws.set_landscape()
        ws.set_margins(left=0.5, right=0.5, top=0.7, bottom=0.7)
        ws.set_footer("&L&8&A&R&8Pagina &P van &N")
        ws.hide_gridlines(2)

    def write(self) -> None:
        self.overview()
        self.summary()
        self.tables()
        self.per_gemeente()
        if self.result.regions is not None:
            self.regions()
        self.charts()
        if self.result.plan:
            self.plan()
        if not self.options.anonymous:
            _write_key(self.book.add_worksheet("Sleutel"), self.result, self.f)

    # -- Overzicht -----------------------------------------------------------------------------
    def overview(self) -> None:
        ws = self.book.add_worksheet("Overzicht")
        f, result, options = self.f, self.result, self.options
        ws.set_column(0, 0, 36)
        ws.set_column(1, 1, 34)
        ws.set_column(2, 7, 15)
        ws.write(0, 0, f"{result.layout.title} — regionale rapportage", f["title"])
        regions = sorted({r for r in result.gemeenten["regio"].fillna("") if r})
        status = options.status or []
        returned = [s for s in status if s.status not in ("missing",)] if status else []
        facts = [("Regio", options.regio or ", ".join(regions) or "-"), ("Ronde", options.ronde or "-"),
                 ("Datum", self.date.strftime("%d-%m-%Y")),
                 ("Vragenlijst", f"{result.layout.id} versie {result.layout.version}"),
                 ("Gemeenten uitgenodigd", str(options.invited) if options.invited is not None else "-"),
                 ("Gemeenten in deze rapportage (N)", str(result.n))]
        if status:
            counts = {k: sum(s.status == k for s in status) for k in STATUS_LABELS}
            facts += [("Ingeleverd", str(len(returned))), ("Compleet", str(counts["complete"])),
                      ("Onvolledig", str(counts["incomplete"])), ("Met problemen", str(counts["problems"])),
                      ("Niet ingeleverd", str(counts["missing"]))]
        errors, warnings = options.problems
        facts.append(("Problemen bij het inlezen", f"{errors} fouten, {warnings} waarschuwingen "
                                                    "(zie het statuswerkboek van collect)"))
        row = 2
        for label, value in facts:
            ws.write(row, 0, label, f["key"])
            ws.write_string(row, 1, value, f["text"])
            row += 1
        row += 1
        ws.write(row, 0, "Gemeenten", f["h2"])
        row += 1
        headers = ["Nr."] + ([] if options.anonymous else ["Gemeente"]) + ["Regio", "Status", "Ingevuld", "Fouten",
                                                                           "Waarschuwingen"]
        for col, head in enumerate(headers):
            ws.write(row, col, head, f["header"])
        row += 1
        numbers = dict(zip(result.gemeenten["gemeente"], result.gemeenten["nummer"]))
        rows = status or [GemeenteStatus(g, str(numbers[g]), r, "complete")
                          for g, r in zip(result.gemeenten["gemeente"], result.gemeenten["regio"])]
        for s in sorted(rows, key=lambda s: (int(s.nummer) if str(s.nummer).isdigit() else 10**6, s.gemeente)):
            values = [s.nummer or "-"] + ([] if options.anonymous else [s.gemeente]) + [s.regio or ""]
            for col, value in enumerate(values):
                ws.write_string(row, col, str(value), f["cell"])
            col = len(values)
            ws.write_string(row, col, STATUS_LABELS[s.status], self.status_fill[s.status])
            if s.status != "missing" and s.to_answer:
                ws.write_number(row, col + 1, s.share, f["percent"])
                ws.write_number(row, col + 2, s.errors, f["count"])
                ws.write_number(row, col + 3, s.warnings, f["count"])
            row += 1
        row += 1
        notes = ["Aantal: het aantal gemeenten dat het onderdeel biedt (antwoord 'Ja'). Nrs.: de nummers van die "
                 "gemeenten.", self.source_note()]
        if options.anonymous:
            notes.append("Gemeenten worden met een nummer aangeduid; de sleutel staat in een apart bestand.")
        for note in notes:
            ws.merge_range(row, 0, row, 6, note, f["note"])
            ws.set_row(row, 30)
            row += 1
        self.print_setup(ws)

    # -- Samenvatting --------------------------------------------------------------------------
    def summary(self) -> None:
        ws = self.book.add_worksheet("Samenvatting")
        f, result = self.f, self.result
        ws.set_column(0, 0, 24)
        ws.set_column(1, 1, 80)
        ws.set_column(2, 2, 12)
        ws.write(0, 0, "Samenvatting: krachten en kansen per pijler", f["title"])
        t = result.thresholds
        ws.merge_range(1, 0, 1, 2, f"Krachten: onderdelen die ten minste {t.kracht:.0%} van de gemeenten bieden. "
                                   f"Kansen: onderdelen die ten hoogste {t.kans:.0%} van de gemeenten bieden. "
                                   + self.source_note(), f["note"])
        ws.set_row(1, 32)
        row = 3
        for sheet in result.layout.sheets:
            strengths = [h for h in result.krachten if h.sheet is sheet]
            chances = [h for h in result.kansen if h.sheet is sheet]
            if not strengths and not chances:
                continue
            ws.merge_range(row, 0, row, 2, sheet.title, f["h1"])
            row += 1
            for label, group in (("Krachten", strengths), ("Kansen", chances)):
                ws.write(row, 0, label, f["h2"])
                ws.write(row, 1, "Onderdeel", f["header"])
                ws.write(row, 2, "Aantal", f["header"])
                row += 1
                if not group:
                    ws.write(row, 1, "Geen", f["note"])
                    row += 1
                section = None
                for h in group:
                    if h.section is not section:
                        section = h.section
                        ws.write(row, 0, section.title, f["text"])
                    suffix = f" ({h.column.label})" if len(h.question.columns) > 1 else ""
                    ws.write_string(row, 1, h.item.label + suffix, f["cell"])
                    ws.write_string(row, 2, f"{h.count} van {h.n}", f["count"])
                    ws.set_row(row, 15 * _lines(h.item.label + suffix, 80) + 2)
                    row += 1
                row += 1
        self.print_setup(ws)

    # -- Tabellen ------------------------------------------------------------------------------
    def tables(self) -> None:
        ws = self.book.add_worksheet("Tabellen")
        self.tables_sheet = ws
        f = self.f
        ws.set_column(0, 0, LABEL_WIDTH)
        for index in range(3):
            ws.set_column(1 + 2 * index, 1 + 2 * index, COUNT_WIDTH)
            ws.set_column(2 + 2 * index, 2 + 2 * index, NRS_WIDTH)
        ws.write(0, 0, "Tabellen per vraag", f["title"])
        ws.write(1, 0, self.source_note(), f["note"])
        ws.freeze_panes(2, 0)
        row = 3
        current_sheet = None
        for table in self.result.tables:
            if table.sheet is not current_sheet:
                current_sheet = table.sheet
                ws.merge_range(row, 0, row, 6, current_sheet.title, f["h1"])
                row += 2
            row = self.table(ws, table, row) + 2
        self.print_setup(ws, landscape=True)

    def table(self, ws, table: Table, row: int) -> int:
        f = self.f
        question = table.question
        ws.write(row, 0, question.title, f["h2"])
        row += 1
        ws.write(row, 0, table.section.title, f["note"])
        ws.write(row, 1, f"Gemeenten (N={table.n})", f["key"])
        row += 1
        if len(table.headers) == 1:
            ws.write(row, 0, "", f["header"])
            ws.write(row, 1, "Aantal", f["header"])
            ws.write(row, 2, "Nrs.", f["header"])
        else:
            # Several answer columns side by side: the column label over its own Aantal | Nrs. pair.
            ws.write(row, 0, "", f["header"])
            for index, head in enumerate(table.headers):
                ws.merge_range(row, 1 + 2 * index, row, 2 + 2 * index, head, f["header"])
            ws.set_row(row, 15 * max(_lines(h, COUNT_WIDTH + NRS_WIDTH) for h in table.headers) + 2)
            row += 1
            ws.write(row, 0, "", f["header"])
            for index in range(len(table.headers)):
                ws.write(row, 1 + 2 * index, "Aantal", f["header"])
                ws.write(row, 2 + 2 * index, "Nrs.", f["header"])
        row += 1
        first = row
        heading = None
        for table_row in table.rows:
            if table_row.item.heading and table_row.item.heading != heading:
                heading = table_row.item.heading
                ws.write(row, 0, heading, f["subhead"])
                row += 1
            item = table_row.item
            label = f"{item.label} (in {item.unit})" if item.unit else item.label
            ws.write_string(row, 0, label, f["role"] if item.role else f["cell"])
            for index, cell in enumerate(table_row.cells):
                self.count_cells(ws, row, 1 + 2 * index, cell)
            # Explicit heights: LibreOffice does not grow rows for wrapped text in an imported .xlsx.
            lines = max([_lines(label, LABEL_WIDTH)] + [_lines(c.nrs_text(), NRS_WIDTH) for c in table_row.cells])
            ws.set_row(row, 15 * lines + 2)
            row += 1
        self.table_rows[question.id] = (first, row - 1)
        texts = [(r.item, r.texts) for r in table.rows if r.texts]
        for item, entries in texts:
            lines = "\n".join(f"Gemeente {self.gemeente_label(nr)}: {text}" for nr, text in entries)
            ws.merge_range(row, 0, row, 4, f"{item.label} {lines}" if "\n" not in lines else f"{item.label}\n{lines}",
                           f["text"])
            ws.set_row(row, 15 * (lines.count("\n") + 2))
            row += 1
        ws.write(row, 0, self.source_note(table.n), f["note"])
        return row

    def count_cells(self, ws, row: int, col: int, cell: Count) -> None:
        if cell.count is None:
            ws.write_string(row, col, "-", self.f["count"])
            ws.write_string(row, col + 1, "-", self.f["count"])
            return
        ws.write_number(row, col, cell.count, self.f["count"])
        ws.write_string(row, col + 1, cell.nrs_text(), self.f["cell"])

    # -- Per gemeente --------------------------------------------------------------------------
    def per_gemeente(self) -> None:
        ws = self.book.add_worksheet("Per gemeente")
        f, result = self.f, self.result
        numbers = list(result.gemeenten["nummer"])
        ws.write(0, 0, "Antwoorden per gemeente", f["title"])
        ws.write(1, 0, "Groen: Ja. Rood: Nee. Geel: een ander antwoord of een getal. Grijs: niet ingevuld. "
                       + self.source_note(), f["note"])
        ws.set_column(0, 0, 60)
        ws.set_column(1, 1, 14)
        ws.set_column(2, 2 + len(numbers), 6 if self.options.anonymous else 12)
        headers = ["Onderdeel", "Kolom"] + [self.gemeente_label(n) for n in numbers]
        row = 3
        for col, head in enumerate(headers):
            ws.write(row, col, head, f["header"])
        ws.freeze_panes(row + 1, 2)
        row += 1
        question = None
        for values in result.matrix.to_dict(orient="records"):
            if values["question_id"] != question:
                question = values["question_id"]
                ws.merge_range(row, 0, row, len(headers) - 1, f"{values['sheet']}: {values['question']}", f["h2"])
                row += 1
            ws.write_string(row, 0, values["item"], f["cell"])
            ws.write_string(row, 1, "" if values["column_id"] == "antwoord" else values["column"], f["cell"])
            ws.set_row(row, 15 * _lines(values["item"], 60) + 2)
            for index, nr in enumerate(numbers):
                value = values[nr]
                fmt = self.answer_format(value, values["positive"])
                if isinstance(value, (int, float)):
                    ws.write_number(row, 2 + index, value, fmt)
                else:
                    ws.write_string(row, 2 + index, str(value), fmt)
            row += 1
        self.print_setup(ws, landscape=True)

    def answer_format(self, value, positive: str):
        if value in ("", None):
            return self.f["empty"]
        if positive and value == positive:
            return self.f["yes"]
        if value in ("Nee",):
            return self.f["no"]
        return self.f["other"]

    # -- Regio's -------------------------------------------------------------------------------
    def regions(self) -> None:
        ws = self.book.add_worksheet("Regio's")
        f, frame = self.f, self.result.regions
        region_columns = [c for c in frame.columns if c.endswith(")") and "(n=" in c]
        ws.write(0, 0, "Aantal gemeenten per regio", f["title"])
        ws.write(1, 0, self.source_note(), f["note"])
        ws.set_column(0, 0, 70)
        ws.set_column(1, len(region_columns), 14)
        row = 3
        for question_id, block in frame.groupby("question_id", sort=False):
            first = block.iloc[0]
            ws.write(row, 0, f"{first['sheet']}: {first['question']}", f["h2"])
            row += 1
            ws.write(row, 0, "Gemeenten", f["header"])
            for col, name in enumerate(region_columns, start=1):
                ws.write(row, col, name, f["header"])
            row += 1
            multi = block["column_id"].nunique() > 1
            for record in block.itertuples(index=False):
                values = dict(zip(block.columns, record))
                label = f"{values['item']} ({values['column']})" if multi else values["item"]
                ws.write_string(row, 0, label, f["cell"])
                ws.set_row(row, 15 * _lines(label, 70) + 2)
                for col, name in enumerate(region_columns, start=1):
                    value = values[name]
                    if value is None or value != value:
                        ws.write_string(row, col, "-", f["count"])
                    else:
                        ws.write_number(row, col, int(value), f["count"])
                row += 1
            row += 1
        self.print_setup(ws, landscape=True)

    # -- Grafieken -----------------------------------------------------------------------------
    def charts(self) -> None:
        ws = self.book.add_worksheet("Grafieken")
        f = self.f
        ws.set_column(0, 0, 40)
        ws.write(0, 0, "Grafieken per pijler: aantal gemeenten per onderdeel", f["title"])
        ws.write(1, 0, self.source_note(), f["note"])
        row = 3
        current_sheet = None
        for table in self.result.tables:
            if table.question.kind != "checklist":
                continue
            if table.sheet is not current_sheet:
                current_sheet = table.sheet
                ws.write(row, 0, current_sheet.title, f["h2"])
                row += 2
            chart, height_rows = self.chart_for(table)
            ws.insert_chart(row, 0, chart, {"x_offset": 5})
            row += height_rows + 2
        self.print_setup(ws)

    def chart_for(self, table: Table):
        first, _ = self.table_rows[table.question.id]
        asked = [r for r in table.rows if not r.item.role]
        count = len(asked)
        chart = self.book.add_chart({"type": "bar"})
        sheet = quote_sheetname("Tabellen")
        # Item rows of a checklist are contiguous on the Tabellen sheet, role rows (Anders, ...) last.
        last = first + count - 1
        for index, column in enumerate(table.question.columns):
            col = 1 + 2 * index
            chart.add_series({
                "name": column.label if len(table.question.columns) > 1 else "Aantal gemeenten",
                "categories": f"={sheet}!{xl_rowcol_to_cell(first, 0, True, True)}:{xl_rowcol_to_cell(last, 0, True, True)}",
                "values": f"={sheet}!{xl_rowcol_to_cell(first, col, True, True)}:{xl_rowcol_to_cell(last, col, True, True)}",
                "data_labels": {"value": True},
            })
        chart.set_title({"name": _clip(table.question.title, 90), "name_font": {"size": 11}})
        chart.set_x_axis({"min": 0, "max": table.n, "major_unit": max(1, table.n // 10),
                          "name": f"Aantal gemeenten (N={table.n})"})
        chart.set_y_axis({"reverse": True, "num_font": {"size": 7}})
        chart.set_legend({"position": "bottom"} if len(table.question.columns) > 1 else {"none": True})
        height = max(260, 90 + 36 * count * len(table.question.columns))
        chart.set_size({"width": 900, "height": height})
        return chart, height // 20 + 1

    # -- Implementatieplan ---------------------------------------------------------------------
    def plan(self) -> None:
        ws = self.book.add_worksheet("Implementatieplan")
        f, result = self.f, self.result
        ws.write(0, 0, "Implementatieplan voorzorg: ankerpunten in de regio", f["title"])
        ws.merge_range(1, 0, 1, 8, "Per ankerpunt: hoeveel en welke gemeenten ermee aan de slag gaan, hun "
                                   "antwoorden op de drie vragen van de voorzorgscan en de prioriteit die zij het gaven. "
                                   "De witte kolommen vult u samen met de gemeenten in. " + self.source_note(), f["note"])
        ws.set_row(1, 45)
        answer_labels = list(dict.fromkeys(label for anchor in result.plan for label in anchor.answers))
        headers = ["Ankerpunt", "Aantal gemeenten", "Nrs.", "Prioriteit (nrs.)"] + answer_labels + \
            [item.label for item in result.plan_fields]
        row = 3
        for col, head in enumerate(headers):
            ws.write(row, col, head, f["header"])
        ws.set_row(row, 45)
        ws.set_column(0, 0, 30)
        ws.set_column(1, 1, 10)
        ws.set_column(2, 3, 14)
        ws.set_column(4, 3 + len(answer_labels), 40)
        ws.set_column(4 + len(answer_labels), len(headers) - 1, 18)
        ws.freeze_panes(row + 1, 1)
        for anchor in result.plan:
            row += 1
            ws.write_string(row, 0, anchor.title, f["cell"])
            ws.write_number(row, 1, len(anchor.working_on), f["count"])
            ws.write_string(row, 2, ", ".join(self.gemeente_label(n) for n in anchor.working_on), f["cell"])
            ws.write_string(row, 3, "; ".join(f"{p}: {', '.join(self.gemeente_label(n) for n in nrs)}"
                                              for p, nrs in sorted(anchor.priorities.items())), f["cell"])
            for offset, label in enumerate(answer_labels):
                text = "\n".join(f"{self.gemeente_label(nr)}: {value}" for nr, value in anchor.answers.get(label, []))
                ws.write_string(row, 4 + offset, text, f["cell"])
            for offset, item in enumerate(result.plan_fields):
                col = 4 + len(answer_labels) + offset
                if item.columns[0].type == "date":
                    ws.write_blank(row, col, None, f["edit_date"])
                    ws.data_validation(row, col, row, col, {
                        "validate": "date", "criteria": "between", "minimum": DATE_MIN, "maximum": DATE_MAX,
                        "input_title": "Datum", "input_message": "Vul een datum in, bijvoorbeeld 31-12-2026.",
                        "error_title": "Ongeldige datum", "error_message": "Vul een datum in, bijvoorbeeld 31-12-2026."})
                else:
                    ws.write_blank(row, col, None, f["edit"])
            ws.set_row(row, 60)
        self.print_setup(ws, landscape=True)


def _lines(text: str, width: int) -> int:
    """Lines a wrapped text needs in a column of `width` characters (a little slack for proportional fonts)."""
    return sum(max(1, -(-len(part) // int(width * 1.1))) for part in text.split("\n"))


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
