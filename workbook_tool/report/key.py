"""The key from number to gemeente: a sheet of the report with --namen, a separate confidential file otherwise."""

from __future__ import annotations

import io

from ..consolidate import Consolidation
from ..xlsxkit import mark_as_output, new_workbook
from .context import add_formats


def key_workbook(result: Consolidation) -> bytes:
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    mark_as_output(book, "sleutel")
    write_key(book.add_worksheet("Sleutel"), result, add_formats(book))
    book.close()
    return buffer.getvalue()


def write_key(ws, result: Consolidation, f) -> None:
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
