"""Regional tables -> the consolidated workbook the coordinator delivers (all Dutch, values not formulas).

One module per sheet, each a function of the shared ReportContext (context.py) that describes the sheet as
blocks of rows: contents (Inhoud, with links and page numbers), overview (Overzicht), summary (Samenvatting),
tables (Tabellen), per_gemeente (Per gemeente), regions (Regio's), charts (Grafieken, plotting a hidden sheet
of their own), plan (Implementatieplan) and key (Sleutel, or the separate key file). pages.py lays the blocks
out on A4 pages (row heights from the text, page breaks, repeated headers) and writes them; this module
numbers the pages through the whole report.

A report of more than 40 gemeenten (national.NATIONAL_ABOVE) is a landelijke rapportage: Tabellen count per
regio instead of listing numbers, Per gemeente goes regio by regio (and is left out beyond a national round,
national.PER_GEMEENTE_UP_TO), the Regio's sheet is left out and the Implementatieplan is a summary per
ankerpunt; see national.py for the rule and the why. The regional form is unchanged by it.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

from ..consolidate import Consolidation
from ..fileio import write_together
from ..pages import Sheet
from ..textfit import LIBREOFFICE
from ..xlsxkit import mark_as_output, new_workbook
from .charts import SHEET_TITLE as CHARTS_TITLE
from .charts import build_charts, write_chart_data
from .charts import pillar_anchor as charts_pillar
from .contents import SHEET_TITLE as CONTENTS_TITLE
from .contents import Entry, build_contents
from .context import ReportContext, ReportOptions
from .key import build_key, key_workbook
from .national import has_per_gemeente
from .overview import build_overview
from .per_gemeente import build_per_gemeente
from .plan import build_plan
from .regions import build_regions
from .summary import build_summary
from .tables import SHEET_TITLE as TABLES_TITLE
from .tables import build_tables
from .tables import pillar_anchor as tables_pillar


def write_report(result: Consolidation, path: str | Path, options: ReportOptions | None = None,
                 printed: Callable[[bytes], Mapping[Path, bytes]] | None = None,
                 extra: Mapping[Path, bytes] | None = None) -> list[Path]:
    """Write the consolidated workbook (and, when anonymous, the key as a separate file): together or not at
    all, so a report never sits next to the key of another run. printed gives the files made of the report as
    LibreOffice prints it (its PDF), extra other files of the same run (the concept report), written together
    with it for the same reason."""
    options = options or ReportOptions()
    path = Path(path)
    contents = {path: report_workbook(result, options)}
    if options.anonymous:
        contents[key_file(path)] = key_workbook(result, options)
    if printed is not None:
        # The PDF gets a layout of its own: rows spaced as LibreOffice, which prints it, spaces lines.
        contents.update(printed(report_workbook(result, replace(options, program=LIBREOFFICE))))
    contents.update(extra or {})
    path.parent.mkdir(parents=True, exist_ok=True)
    write_together(contents)
    return list(contents)


def key_file(report: Path) -> Path:
    """Where the key of an anonymous report goes: <report>-sleutel.xlsx next to it."""
    return report.with_name(f"{report.stem}-sleutel{report.suffix}")


def report_workbook(result: Consolidation, options: ReportOptions) -> bytes:
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    ctx = ReportContext(book, result, options)
    book.set_properties({"title": f"{result.layout.title} — {ctx.kind}", "author": "workbook_tool"})
    mark_as_output(book, "rapportage")
    sheets = [build_overview(ctx), build_summary(ctx), build_tables(ctx)]
    if has_per_gemeente(result):  # not beyond a national round: see national.py
        sheets.append(build_per_gemeente(ctx))
    if result.regions is not None and not ctx.national:  # national: Tabellen hold the counts per regio
        sheets.append(build_regions(ctx))
    charts, chart_data = build_charts(ctx)
    sheets.append(charts)
    if result.plan:
        sheets.append(build_plan(ctx))
    if not options.anonymous:
        sheets.append(build_key(ctx))
    contents, start_pages, total = _paginate(ctx, sheets)
    for sheet in [contents, *sheets]:
        sheet.write(book, ctx.f, start_page=start_pages[sheet.title], total_pages=total, footer_left=sheet.title)
    write_chart_data(book, chart_data)
    book.close()
    return buffer.getvalue()


def _paginate(ctx: ReportContext, sheets: list[Sheet]) -> tuple[Sheet, dict[str, int], int]:
    """Lay every sheet out on pages and number the pages through the whole report, the contents first (its
    length does not depend on the numbers in it, so a draft of it counts its pages)."""
    pages = {sheet.title: sheet.paginate() for sheet in sheets}
    by_title = {sheet.title: sheet for sheet in sheets}
    entries = _entries(ctx, sheets)
    start = 1 + build_contents(ctx, entries, by_title, {}).paginate()
    start_pages = {CONTENTS_TITLE: 1}
    for sheet in sheets:
        start_pages[sheet.title] = start
        start += pages[sheet.title]
    contents = build_contents(ctx, entries, by_title, start_pages)
    contents.paginate()
    return contents, start_pages, start - 1


def _entries(ctx: ReportContext, sheets: list[Sheet]) -> list[Entry]:
    """The contents: every sheet, and the pillars of the tables and the charts."""
    entries = []
    for sheet in sheets:
        entries.append(Entry(sheet.title, sheet.title))
        parts = {TABLES_TITLE: tables_pillar, CHARTS_TITLE: charts_pillar}.get(sheet.title)
        if parts is None:
            continue
        entries += [Entry(pillar.title, sheet.title, parts(pillar.id), level=1)
                    for pillar in ctx.result.layout.sheets if parts(pillar.id) in sheet.anchors]
    return entries


__all__ = ["ReportOptions", "key_file", "key_workbook", "report_workbook", "write_report"]
