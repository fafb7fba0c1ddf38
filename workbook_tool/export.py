"""Write what collect found: the long-format export (csv, parquet, xlsx) and the status workbook for reminders."""

from __future__ import annotations

import io
from pathlib import Path

from .collect import CollectError, CollectResult
from .fileio import write_atomic
from .status import STATUS_COLOURS
from .xlsxkit import HEADER_FILL, TEXT_AS_TYPED, new_workbook

EXPORT_FORMATS = (".csv", ".parquet", ".xlsx")


def write_export(result: CollectResult, path: str | Path) -> Path:
    """The answers, one row per answer cell, in the format the file name says; written atomically."""
    path = Path(path)
    frame = result.answers_frame()
    suffix = path.suffix.lower()
    buffer = io.BytesIO()
    if suffix == ".csv":
        # utf-8 with BOM so Excel shows accents; values as found are already text.
        buffer.write(frame.to_csv(index=False).encode("utf-8-sig"))
    elif suffix == ".parquet":
        try:
            frame.astype({"value": "string"}).to_parquet(buffer, index=False)
        except ImportError:
            raise CollectError("Writing parquet needs pyarrow: pip install pyarrow (or use .csv or .xlsx).") from None
    elif suffix == ".xlsx":
        with pandas_excel(buffer) as writer:
            frame.to_excel(writer, sheet_name="antwoorden", index=False)
    else:
        raise CollectError(f"Unknown export format '{path.suffix}': use one of {', '.join(EXPORT_FORMATS)}.")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, buffer.getvalue())
    return path


def pandas_excel(buffer: io.BytesIO):
    import pandas as pd

    return pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": TEXT_AS_TYPED})


def write_status_workbook(result: CollectResult, path: str | Path) -> Path:
    """A Dutch workbook for the coordinator: status per gemeente (for reminders), problems, files read."""
    path = Path(path)
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    bold = book.add_format({"bold": True, "bg_color": HEADER_FILL, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    percent = book.add_format({"num_format": "0%", "valign": "top"})
    _status_sheet(book, result, bold, wrap, percent)
    _problems_sheet(book, result, bold, wrap)
    _files_sheet(book, result, bold, wrap)
    book.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, buffer.getvalue())
    return path


def _table(ws, headers: list[str], widths: list[int], bold) -> None:
    for col, (head, width) in enumerate(zip(headers, widths, strict=True)):
        ws.write(0, col, head, bold)
        ws.set_column(col, col, width)
    ws.freeze_panes(1, 0)


def _status_sheet(book, result: CollectResult, bold, wrap, percent) -> None:
    ws = book.add_worksheet("Status")
    sheets = list(dict.fromkeys(title for s in result.status for title in s.per_sheet))
    headers = ["Gemeente", "Nr.", "Regio", "Status", "Ingevuld", "Beantwoord", "Te beantwoorden", "Fouten",
               "Waarschuwingen", "Bestand", "Contactpersoon", "E-mail"] + [f"Ingevuld: {t}" for t in sheets]
    _table(ws, headers, [28, 6, 28, 16, 10, 12, 14, 8, 14, 36, 24, 30] + [14] * len(sheets), bold)
    fills = {k: book.add_format({"bg_color": v, "valign": "top"}) for k, v in STATUS_COLOURS.items()}
    for row, s in enumerate(result.status, start=1):
        values = [s.gemeente, s.nummer, s.regio]
        for col, value in enumerate(values):
            ws.write_string(row, col, value, wrap)
        ws.write_string(row, 3, s.label, fills[s.status])
        if s.status != "missing":
            ws.write_number(row, 4, s.share, percent)
            ws.write_number(row, 5, s.answered)
            ws.write_number(row, 6, s.to_answer)
            ws.write_number(row, 7, s.errors)
            ws.write_number(row, 8, s.warnings)
        for col, value in enumerate([s.file, s.contactpersoon, s.email], start=9):
            ws.write_string(row, col, value, wrap)
        for col, title in enumerate(sheets, start=12):
            answered, total = s.per_sheet.get(title, (0, 0))
            if total:
                ws.write_number(row, col, answered / total, percent)
    if result.status:
        ws.autofilter(0, 0, len(result.status), len(headers) - 1)


def _problems_sheet(book, result: CollectResult, bold, wrap) -> None:
    ws = book.add_worksheet("Problemen")
    headers = ["Ernst", "Bestand", "Blad", "Cel", "Vraag", "Onderdeel", "Kolom", "Gevonden", "Verwacht",
               "Melding", "Code"]
    _table(ws, headers, [9, 30, 20, 7, 26, 22, 12, 24, 24, 70, 18], bold)
    severity = {"error": "fout", "warning": "waarschuwing", "info": "info"}
    order = {"error": 0, "warning": 1, "info": 2}
    for row, p in enumerate(sorted(result.problems, key=lambda p: (order[p.severity], p.file)), start=1):
        values = [severity[p.severity], p.file, p.sheet, p.cell, p.question_id, p.item_id, p.column_id,
                  p.value_found, p.expected, p.message, p.code]
        for col, value in enumerate(values):
            ws.write_string(row, col, value, wrap)
    if result.problems:
        ws.autofilter(0, 0, len(result.problems), len(headers) - 1)


def _files_sheet(book, result: CollectResult, bold, wrap) -> None:
    ws = book.add_worksheet("Bestanden")
    headers = ["Bestand", "Resultaat", "Gemeente", "Herkend via", "Vragenlijst", "Versie", "Gebruikt", "SHA-256"]
    _table(ws, headers, [36, 12, 24, 14, 24, 10, 9, 66], bold)
    used = {id(r) for r in result.used}
    outcome = {"read": "gelezen", "skipped": "overgeslagen", "failed": "niet gelezen"}
    method = {"metadata": "metadata", "names": "namen", "labels": "teksten", "": ""}
    for row, ret in enumerate(result.files, start=1):
        values = [ret.shown_path(result.folder), outcome[ret.outcome], ret.identity.gemeente,
                  method[ret.identity.method], ret.identity.layout_id, ret.identity.layout_version,
                  "ja" if id(ret) in used else "nee", ret.sha256]
        for col, value in enumerate(values):
            ws.write_string(row, col, value, wrap)
