"""Regional tables -> the consolidated workbook the coordinator delivers (all Dutch, values not formulas).

One module per sheet, each a function of the shared ReportContext (context.py):
overview (Overzicht), summary (Samenvatting), tables (Tabellen), per_gemeente (Per gemeente),
regions (Regio's), charts (Grafieken, plotting the rows the tables sheet reports back), plan
(Implementatieplan) and key (Sleutel, or the separate key file).
"""

from __future__ import annotations

import io
from pathlib import Path

from ..consolidate import Consolidation
from ..fileio import write_atomic
from ..xlsxkit import new_workbook
from .charts import write_charts
from .context import ReportContext, ReportOptions
from .key import key_workbook, write_key
from .overview import write_overview
from .per_gemeente import write_per_gemeente
from .plan import write_plan
from .regions import write_regions
from .summary import write_summary
from .tables import write_tables


def write_report(result: Consolidation, path: str | Path, options: ReportOptions | None = None) -> list[Path]:
    """Write the consolidated workbook (and, when anonymous, the key as a separate file); atomically."""
    options = options or ReportOptions()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, report_workbook(result, options))
    written = [path]
    if options.anonymous:
        key_path = path.with_name(f"{path.stem}-sleutel{path.suffix}")
        write_atomic(key_path, key_workbook(result))
        written.append(key_path)
    return written


def report_workbook(result: Consolidation, options: ReportOptions) -> bytes:
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    book.set_properties({"title": f"{result.layout.title} — regionale rapportage", "author": "workbook_tool"})
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


__all__ = ["ReportOptions", "key_workbook", "report_workbook", "write_report"]
