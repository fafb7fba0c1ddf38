"""The key from number to gemeente: a sheet of the report with --namen, a separate confidential file otherwise."""

from __future__ import annotations

import io

from ..consolidate import Consolidation
from ..pages import Cell, Row, Sheet
from ..xlsxkit import mark_as_output, new_workbook
from .context import ReportContext, ReportOptions

WIDTHS = [8, 40, 40]


def key_workbook(result: Consolidation, options: ReportOptions | None = None) -> bytes:
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    mark_as_output(book, "sleutel")
    ctx = ReportContext(book, result, options or ReportOptions())
    sheet = build_key(ctx)
    pages = sheet.paginate()
    sheet.write(book, ctx.f, start_page=1, total_pages=pages, footer_left="Sleutel (vertrouwelijk)")
    book.close()
    return buffer.getvalue()


def build_key(ctx: ReportContext) -> Sheet:
    sheet = ctx.sheet("Sleutel", WIDTHS)
    sheet.add(Row([Cell(0, "Sleutel: nummer en gemeente", "title", 3)]),
              Row([Cell(0, "Vertrouwelijk: alleen voor de coördinator. De rapportage noemt gemeenten bij nummer.",
                        "note", 3)]),
              Row())
    rows = [Row([Cell(0, "Nr.", "header"), Cell(1, "Gemeente", "header"), Cell(2, "Regio", "header")])]
    for record in ctx.result.gemeenten:
        rows.append(Row([Cell(0, record.nummer, "count"), Cell(1, record.gemeente, "cell"),
                         Cell(2, record.regio, "cell")]))
    sheet.add(*rows, repeat=1)
    return sheet
