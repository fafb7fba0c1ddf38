"""Regional tables -> the consolidated workbook the coordinator delivers (all Dutch, values not formulas).

One module per sheet, each a function of the shared ReportContext (context.py):
overview (Overzicht), summary (Samenvatting), tables (Tabellen), per_gemeente (Per gemeente),
regions (Regio's), charts (Grafieken, plotting the rows the tables sheet reports back), plan
(Implementatieplan) and key (Sleutel, or the separate key file).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from pathlib import Path

from ..consolidate import Consolidation
from ..fileio import write_together
from ..xlsxkit import mark_as_output, new_workbook
from .charts import write_charts
from .context import ReportContext, ReportOptions
from .key import key_workbook, write_key
from .overview import write_overview
from .per_gemeente import write_per_gemeente
from .plan import write_plan
from .regions import write_regions
from .summary import write_summary
from .tables import write_tables


def write_report(result: Consolidation, path: str | Path, options: ReportOptions | None = None,
                 made_from_report: Callable[[bytes], Mapping[Path, bytes]] | None = None) -> list[Path]:
    """Write the consolidated workbook (and, when anonymous, the key as a separate file): together or not at
    all, so a report never sits next to the key of another run. made_from_report gives further files made
    of the report's bytes (its PDF), written together with it for the same reason."""
    options = options or ReportOptions()
    path = Path(path)
    contents = {path: report_workbook(result, options)}
    if options.anonymous:
        contents[key_file(path)] = key_workbook(result)
    if made_from_report is not None:
        contents.update(made_from_report(contents[path]))
    path.parent.mkdir(parents=True, exist_ok=True)
    write_together(contents)
    return list(contents)


def key_file(report: Path) -> Path:
    """Where the key of an anonymous report goes: <report>-sleutel.xlsx next to it."""
    return report.with_name(f"{report.stem}-sleutel{report.suffix}")


def report_workbook(result: Consolidation, options: ReportOptions) -> bytes:
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    book.set_properties({"title": f"{result.layout.title} — regionale rapportage", "author": "workbook_tool"})
    mark_as_output(book, "rapportage")
    ctx = ReportContext(book, result, options)
    write_overview(ctx)
    write_summary(ctx)
    item_rows = write_tables(ctx)
    write_per_gemeente(ctx)
    if result.regions is not None:
        write_regions(ctx)
    write_charts(ctx, item_rows)
    if result.plan:
        write_plan(ctx)
    if not options.anonymous:
        write_key(book.add_worksheet("Sleutel"), result, ctx.f)
    book.close()
    return buffer.getvalue()


__all__ = ["ReportOptions", "key_file", "key_workbook", "report_workbook", "write_report"]
