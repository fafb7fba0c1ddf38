"""Write what collect found: the long-format export (csv, parquet, xlsx) and the status workbook for reminders."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import xlsxwriter

from .collect import EXPORT_COLUMNS, CollectError, CollectResult
from .contract import RESPONDENT_FIELDS
from .fileio import write_atomic, write_together
from .pages import STATUS_FORMAT, Cell, PageSetup, Row, Sheet, add_formats, fonts
from .status import STATUS_COLOURS, GemeenteStatus, share_of
from .xlsxkit import HEADER_FILL, TEXT_AS_TYPED, mark_as_output, new_workbook

EXPORT_FORMATS = (".csv", ".parquet", ".xlsx")
# Text a spreadsheet program opening a CSV takes for a formula (OWASP "CSV injection"): =HYPERLINK(...)
# typed by a gemeente would be evaluated on the coordinator's machine.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")  # "-3" is read as the number it is, nothing more


def write_export(result: CollectResult, path: str | Path) -> Path:
    """The answers, one row per answer cell, in the format the file name says; written atomically."""
    path = Path(path)
    writer = export_writer(result, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_together({path: writer})
    return path


def export_writer(result: CollectResult, path: Path) -> Callable[[BinaryIO], None]:
    """What writes the export in the format path's suffix names (CollectError for an unknown one), row by row
    into the file: 3,420 returns are 1.7 million rows, which as one frame or one string took gigabytes."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return lambda handle: _write_csv(result, handle)
    if suffix == ".parquet":
        try:
            import pyarrow  # noqa: F401 - refused before anything is written
        except ImportError:
            raise CollectError("Voor parquet is pyarrow nodig: pip install pyarrow (of gebruik .csv of .xlsx).") \
                from None
        return lambda handle: _write_parquet(result, handle)
    if suffix == ".xlsx":
        return lambda handle: _write_xlsx(result, handle)
    raise CollectError(f"Onbekend exportformaat '{path.suffix}': gebruik een van {', '.join(EXPORT_FORMATS)}.")


def export_bytes(result: CollectResult, path: Path) -> bytes:
    """The export's content as bytes (for a small export; write_export streams)."""
    buffer = io.BytesIO()
    export_writer(result, path)(buffer)
    return buffer.getvalue()


def _write_csv(result: CollectResult, handle: BinaryIO) -> None:
    # utf-8 with BOM so Excel shows accents; values as found are already text.
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="", write_through=False)
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in result.export_rows():
        writer.writerow([neutralise_formula(value) for value in row])
    text.flush()
    text.detach()  # the caller closes the file


def _write_xlsx(result: CollectResult, handle: BinaryIO) -> None:
    # constant_memory: each row goes to disk when the next begins, so memory does not grow with the rows.
    book = xlsxwriter.Workbook(handle, {"constant_memory": True, **TEXT_AS_TYPED})
    mark_as_output(book, "export")
    sheet = book.add_worksheet("antwoorden")
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, EXPORT_COLUMNS, bold)
    for number, row in enumerate(result.export_rows(), start=1):
        sheet.write_row(number, 0, row)
    book.close()


PARQUET_BATCH = 50_000  # rows per row group: bounded memory, and a file any reader takes in parts


def _write_parquet(result: CollectResult, handle: BinaryIO) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    # Every column as text, the value too: a column of answers mixes numbers, dates and text.
    schema = pa.schema([(name, pa.string()) for name in EXPORT_COLUMNS])
    with pq.ParquetWriter(handle, schema) as writer:
        batch: list[list] = []
        for row in result.export_rows():
            batch.append(row)
            if len(batch) == PARQUET_BATCH:
                writer.write_table(_parquet_table(batch, schema))
                batch = []
        if batch:
            writer.write_table(_parquet_table(batch, schema))


def _parquet_table(rows: list[list], schema):
    import pyarrow as pa

    columns = list(zip(*rows, strict=True)) or [()] * len(EXPORT_COLUMNS)
    return pa.table([pa.array([_text(v) for v in column], pa.string()) for column in columns], schema=schema)


def _text(value: Any) -> str | None:
    """A value as the parquet export's text: numbers as pandas printed them (12, 2.5), None stays None."""
    return value if value is None or isinstance(value, str) else str(value)


def neutralise_formula(value: Any) -> Any:
    """Text that a spreadsheet would take for a formula gets a leading apostrophe, so it is shown as the text
    it is; numbers, and text that is only a number, are left alone (the xlsx and parquet exports keep text
    as text and need none of this)."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def write_status_workbook(result: CollectResult, path: str | Path) -> Path:
    """A Dutch workbook for the coordinator: status per gemeente (for reminders), problems, files read."""
    path = Path(path)
    data = status_workbook_bytes(result)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)
    return path


def status_workbook_bytes(result: CollectResult) -> bytes:
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    mark_as_output(book, "status")
    bold = book.add_format({"bold": True, "bg_color": HEADER_FILL, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    percent = book.add_format({"num_format": "0%", "valign": "top"})
    _reminder_sheet(book, result)
    _status_sheet(book, result, bold, wrap, percent)
    _problems_sheet(book, result, bold, wrap)
    _files_sheet(book, result, bold, wrap)
    book.close()
    return buffer.getvalue()


# Overzicht, landscape A4: who still has to do what, to send reminders from.
REMINDER_WIDTHS = [5, 20, 14, 11, 18, 8, 7, 49]
REMINDER_HEADERS = ["Nr.", "Gemeente", "Status", "Ontvangen", "Ingevuld door", "Ingevuld", "Fouten", "Nog te doen"]


def _reminder_sheet(book, result: CollectResult) -> None:
    """Per gemeente its status, when its workbook was saved, who filled it in, and per tab the questions still
    open (or what was wrong with the file): printed on A4 as it is, as the coordinator's list for reminders."""
    full = len(REMINDER_WIDTHS)
    sheet = Sheet("Overzicht", REMINDER_WIDTHS, fonts(),
                  PageSetup(landscape=True, header="&L&9Preventiescanner Dakloosheid — status van de ronde"))
    returned = [s for s in result.status if s.status != "missing"]
    complete = [s for s in result.status if s.status == "complete"]
    sheet.add(Row([Cell(0, "Status van de ronde", "title", full)]),
              Row([Cell(0, f"{len(returned)} van de {len(result.status)} gemeenten hebben iets ingeleverd, "
                           f"{len(complete)} compleet. Ontvangen: wanneer het werkboek is opgeslagen, volgens het "
                           "werkboek zelf. De fouten per cel staan op het tabblad Problemen.", "note", full)]), Row())
    rows = [Row([Cell(col, head, "header") for col, head in enumerate(REMINDER_HEADERS)])]
    for s in sorted(result.status, key=_by_number):
        rows.append(Row([Cell(0, int(s.nummer) if str(s.nummer).isdigit() else s.nummer, "count"),
                         Cell(1, s.gemeente, "cell"), Cell(2, s.label, STATUS_FORMAT + s.status),
                         Cell(3, s.received, "cell"), Cell(4, _respondent(s), "cell"),
                         Cell(5, s.share if s.used and s.to_answer else None, "percent"),
                         Cell(6, s.errors if s.used else None, "count"), Cell(7, still_to_do(s), "cell")]))
    sheet.add(*rows, repeat=1)
    pages = sheet.paginate()
    sheet.write(book, add_formats(book), start_page=1, total_pages=pages, footer_left="Status van de ronde")


def still_to_do(s: GemeenteStatus) -> str:
    """What a reminder asks of the gemeente: per tab the open questions, the errors to correct, or the file."""
    if s.status == "missing":
        return "Nog niets ontvangen."
    if not s.used:
        return s.note or f"Het bestand is {s.label}: vraag een nieuw, leesbaar .xlsx-bestand."
    lines = [f"{tab}: {'; '.join(questions)}" for tab, questions in s.open_questions.items()]
    if s.errors:
        lines.append(f"{s.errors} {'fout' if s.errors == 1 else 'fouten'} te verbeteren (zie Problemen).")
    return "\n".join(lines) or "Niets."


def _respondent(s: GemeenteStatus) -> str:
    return ", ".join(v for v in (s.respondent.get("naam", ""), s.respondent.get("functie", "")) if v)


def _by_number(s: GemeenteStatus) -> tuple[int, str]:
    return (int(s.nummer) if str(s.nummer).isdigit() else 10**6, s.gemeente)


def _table(ws, headers: list[str], widths: list[int], bold) -> None:
    for col, (head, width) in enumerate(zip(headers, widths, strict=True)):
        ws.write(0, col, head, bold)
        ws.set_column(col, col, width)
    ws.freeze_panes(1, 0)


def _status_sheet(book, result: CollectResult, bold, wrap, percent) -> None:
    ws = book.add_worksheet("Status")
    sheets = list(dict.fromkeys(title for s in result.status for title in s.per_sheet))
    respondent = [f"Ingevuld door: {label.lower()}" for _f, label, _t in RESPONDENT_FIELDS]
    headers = ["Gemeente", "Nr.", "Regio", "Status", "Ingevuld", "Beantwoord", "Nog te doen", "Fouten",
               "Waarschuwingen", "Bestand", "Contactpersoon", "E-mail"] + [f"Ingevuld: {t}" for t in sheets]
    widths = [28, 6, 28, 16, 10, 12, 14, 8, 14, 36, 24, 30] + [14] * len(sheets)
    # The wide table to filter and sort; Overzicht is the one to print.
    _table(ws, headers + respondent, widths + [12 if t == "date" else 26 for _f, _l, t in RESPONDENT_FIELDS], bold)
    fills = {k: book.add_format({"bg_color": v, "valign": "top"}) for k, v in STATUS_COLOURS.items()}
    for row, s in enumerate(result.status, start=1):
        values = [s.gemeente, s.nummer, s.regio]
        for col, value in enumerate(values):
            ws.write_string(row, col, value, wrap)
        ws.write_string(row, 3, s.label, fills[s.status])
        if s.used:
            ws.write_number(row, 4, s.share, percent)
            ws.write_number(row, 5, s.answered)
            ws.write_number(row, 6, s.to_do)
            ws.write_number(row, 7, s.errors)
            ws.write_number(row, 8, s.warnings)
        for col, value in enumerate([s.file, s.contactpersoon, s.email], start=9):
            ws.write_string(row, col, value, wrap)
        for col, title in enumerate(sheets, start=12):
            if title in s.per_sheet:
                ws.write_number(row, col, share_of(*s.per_sheet[title]), percent)
        for col, (field_id, _label, _type) in enumerate(RESPONDENT_FIELDS, start=12 + len(sheets)):
            ws.write_string(row, col, s.respondent.get(field_id, ""), wrap)
    if result.status:
        ws.autofilter(0, 0, len(result.status), len(headers) + len(respondent) - 1)


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
