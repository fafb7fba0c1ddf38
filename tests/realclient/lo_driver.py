"""Drive LibreOffice Calc through UNO the way a person would; run with the system python3 (python3-uno).

Usage: python3 lo_driver.py JOB.json RESULT.json

With "pipe" in the job the driver connects to the office already listening on that pipe (the tests
share one, see tests/support/office.py) and leaves it running; without, it starts an office of its own
with a temporary profile and terminates it afterwards. Two jobs only make sense with a pipe:
{"action": "ping"} waits until the office answers, {"action": "terminate"} ends it.

A job opens one workbook, optionally fills its answer cells (only unlocked cells, only values the
dropdown offers) or types text into named cells as a person would ("type_into"), can remove a sheet's
protection (job "password") to insert rows ("insert_rows") or type values far away ("type_far"),
recalculates, reads back cells, and saves as .xlsx, .ods or .xls (by the output's suffix; "save_password"
as File > Save As > Save with password). With "row_heights": true it measures, as the print check's oracle,
every used row against LibreOffice's own optimal row height (and every merged range of wrapped text).
A CSV is opened with "csv_options". The result says what LibreOffice saw (sheets, protection, locks,
validation lists) and what was filled, so the test can check the round trip.
Kept free of the project's own code on purpose: it is an independent client.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

EXPORT_FILTERS = {".xlsx": "Calc MS Excel 2007 XML", ".ods": "calc8", ".xls": "MS Excel 97", ".pdf": "calc_pdf_Export"}


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe, deadline=60, proc=None):
    """The Desktop of the office listening on pipe; waits for it to come up (an office starts slowly)."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    give_up = time.time() + deadline
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if time.time() > give_up or (proc is not None and proc.poll() is not None):
                raise RuntimeError(f"LibreOffice did not answer on pipe {pipe}") from None
            time.sleep(0.2)
    return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)


def start_office():
    profile = tempfile.mkdtemp(prefix="wt-lo-profile-")
    pipe = f"wt_{os.getpid()}_{random.randint(0, 1 << 30)}"
    proc = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
         f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        desktop = connect(pipe, proc=proc)
    except Exception:
        stop_office(proc, None, profile)
        raise
    return proc, desktop, profile


def terminate(desktop):
    try:
        desktop.terminate()
    except Exception:  # noqa: BLE001 - the office may already be gone, or drop the bridge while ending
        pass


def stop_office(proc, desktop, profile):
    if desktop is not None:
        terminate(desktop)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
    shutil.rmtree(profile, ignore_errors=True)


def list_values(doc, formula):
    """The values a list validation offers: formula is a defined name or a range."""
    name = formula.lstrip("=").strip()
    ranges = doc.NamedRanges
    if ranges.hasByName(name):
        data = ranges.getByName(name).getReferredCells().getDataArray()
    else:
        sheet_name, _, addr = name.rpartition(".")
        sheet = doc.Sheets.getByName(sheet_name.strip("$'"))
        data = sheet.getCellRangeByName(addr.replace("$", "")).getDataArray()
    return [str(row[0]) for row in data if row and str(row[0]) != ""]


def describe_cell(doc, name):
    named = doc.NamedRanges.getByName(name)
    cells = named.getReferredCells()
    cell = cells.getCellByPosition(0, 0)
    addr = cell.getCellAddress()
    sheet = doc.Sheets.getByIndex(addr.Sheet)
    validation = cell.getPropertyValue("Validation")
    info = {"sheet": sheet.Name, "row": addr.Row, "col": addr.Column,
            "locked": bool(cell.getPropertyValue("CellProtection").IsLocked),
            "formula1": validation.getFormula1()}
    return cell, info


def validation_type(validation):
    value = validation.getPropertyValue("Type")
    names = ["ANY", "WHOLE", "DECIMAL", "DATE", "TIME", "TEXT_LEN", "LIST", "CUSTOM"]
    return value.value if hasattr(value, "value") else names[int(value)]


def fill_value(rng, kind, choices):
    if kind == "choice":
        return rng.choice(choices)
    if kind == "number":
        return rng.choice([0, 1, 3, 12, 250, 2665])
    if kind == "date":
        return 46022 + rng.randint(0, 2000)  # a day serial in 2026-2031, as a typed date becomes
    words = ["buurtteam", "Wmo-loket", "café", "ervaringsdeskundige", "‘maatje’", "schuldhulp & budgetbeheer",
             "samenwerking met de GGD", "één", "regio-overleg"]
    return " ".join(rng.choice(words) for _ in range(rng.randint(1, 6)))


def edit_like_a_person(doc, job):
    """What a gemeente does after removing a sheet's protection, in the job's order: type a formula into a
    named cell, type own text and values into cells (an added row), delete rows or columns, delete names.

    Job keys: "unprotect": [sheet], "formulas": {name: "=1/0"}, "set_cells": [{"sheet", "cell", "string"}],
    "delete_rows" / "delete_columns": [{"sheet", "at", "count"}] (zero-based), "delete_names": [name]."""
    sheets = doc.Sheets
    for sheet_name in job.get("unprotect", []):
        sheets.getByName(sheet_name).unprotect(job.get("password", ""))
    for name, formula in job.get("formulas", {}).items():
        cell, _ = describe_cell(doc, name)
        cell.setFormula(formula)
    for change in job.get("set_cells", []):
        sheets.getByName(change["sheet"]).getCellRangeByName(change["cell"]).setString(change["string"])
    for change in job.get("delete_rows", []):
        sheets.getByName(change["sheet"]).Rows.removeByIndex(change["at"], change["count"])
    for change in job.get("delete_columns", []):
        sheets.getByName(change["sheet"]).Columns.removeByIndex(change["at"], change["count"])
    for name in job.get("delete_names", []):
        if doc.NamedRanges.hasByName(name):
            doc.NamedRanges.removeByName(name)


HUNDREDTH_MM_PER_PT = 2540 / 72  # LibreOffice measures in 1/100 mm; a point is 1/72 inch
SCRATCH_SHEET = "__row_height_scratch__"


def to_pt(hundredth_mm):
    return round(hundredth_mm / HUNDREDTH_MM_PER_PT, 2)


def used_end(sheet):
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    end = cursor.getRangeAddress()
    return end.EndRow, end.EndColumn


def row_texts(sheet, end_row, end_col, merged_at):
    """Per row the non-empty texts of its cells outside merged ranges (which optimal height ignores, and
    measure_merged measures): which row is meant, and whether it holds text at all."""
    data = sheet.getCellRangeByPosition(0, 0, end_col, end_row).getDataArray()
    return [[str(value) for c, value in enumerate(row) if str(value).strip() and (r, c) not in merged_at]
            for r, row in enumerate(data)]


def measure_rows(sheet, merged_at):
    """Every used row: its height now, and the height LibreOffice's optimal row height gives it (on this
    document, which is closed without saving). Optimal height ignores merged cells: see measure_merged."""
    end_row, end_col = used_end(sheet)
    rows = sheet.getCellRangeByPosition(0, 0, end_col, end_row).Rows
    actual = [rows.getByIndex(r).Height for r in range(end_row + 1)]
    visible = [bool(rows.getByIndex(r).IsVisible) for r in range(end_row + 1)]
    optimal = []
    for r in range(end_row + 1):  # row by row: set on the whole range at once, some rows came out too low
        row = rows.getByIndex(r)
        row.OptimalHeight = True
        optimal.append(row.Height)
    texts = row_texts(sheet, end_row, end_col, merged_at)
    return [{"row": r + 1, "height_pt": to_pt(actual[r]), "optimal_pt": to_pt(optimal[r]), "visible": visible[r],
             "texts": texts[r]} for r in range(end_row + 1)], actual


def merged_text_cells(sheet):
    """(cell, merged range address) for every merged range whose first cell holds text."""
    found = []
    content = sheet.queryContentCells(4)  # com.sun.star.sheet.CellFlags.STRING
    cells = content.getCells().createEnumeration()
    while cells.hasMoreElements():
        cell = cells.nextElement()
        cursor = sheet.createCursorByRange(cell)
        cursor.collapseToMergedArea()
        area = cursor.getRangeAddress()
        if area.EndRow > area.StartRow or area.EndColumn > area.StartColumn:
            found.append((cell, area))
    return found


def scratch_sheet(doc):
    sheets = doc.Sheets
    if not sheets.hasByName(SCRATCH_SHEET):
        sheets.insertNewByName(SCRATCH_SHEET, sheets.Count)
    return sheets.getByName(SCRATCH_SHEET)


def needed_height(doc, sheet, cell, area):
    """The height a merged range's text needs: the same text, font, wrap, indent and margins in one cell of
    the merged range's total width on a scratch sheet, given LibreOffice's optimal row height."""
    width = sum(sheet.Columns.getByIndex(c).Width for c in range(area.StartColumn, area.EndColumn + 1))
    scratch = scratch_sheet(doc)
    scratch.Columns.getByIndex(0).Width = width
    probe = scratch.getCellByPosition(0, 0)
    for name in ("CharHeight", "CharWeight", "CharPosture", "CharFontName", "IsTextWrapped", "ParaIndent",
                 "ParaTopMargin", "ParaBottomMargin", "ParaLeftMargin", "ParaRightMargin", "Orientation"):
        probe.setPropertyValue(name, cell.getPropertyValue(name))
    probe.setString(cell.getString())
    row = scratch.Rows.getByIndex(0)
    row.OptimalHeight = True
    return row.Height


def measure_merged(doc, sheet, merged, actual):
    """Every merged range of wrapped text: the height its text needs against the rows it covers."""
    measured = []
    for cell, area in merged:
        if not cell.getPropertyValue("IsTextWrapped"):
            continue
        # The rows' heights from before measure_rows set them optimal; rows past the used area (which ends
        # at a merged range's first row) are still untouched.
        covered = sum(actual[r] if r < len(actual) else sheet.Rows.getByIndex(r).Height
                      for r in range(area.StartRow, area.EndRow + 1))
        measured.append({"first_row": area.StartRow + 1, "last_row": area.EndRow + 1,
                       "first_col": area.StartColumn + 1, "last_col": area.EndColumn + 1,
                       "height_pt": to_pt(covered), "needed_pt": to_pt(needed_height(doc, sheet, cell, area)),
                       "text": cell.getString()})
    return measured


def page_scale(doc, sheet):
    """The print scale LibreOffice applies to the sheet (PageScale %, or fit to ScaleToPagesX pages wide)."""
    style = doc.StyleFamilies.getByName("PageStyles").getByName(sheet.PageStyle)
    return {"page_scale": int(style.PageScale), "pages_x": int(style.ScaleToPagesX),
            "pages_y": int(style.ScaleToPagesY), "pages": int(style.ScaleToPages)}


def row_heights(doc):
    """For every sheet: each used row's height against its optimal height, each merged range of wrapped
    text against the height it needs, and the page scale. Heights in points. Changes the document (the
    rows get their optimal height, a scratch sheet is added): the job must not save it."""
    sheets = doc.Sheets
    names = [sheets.getByIndex(i).Name for i in range(sheets.Count)]
    measured = []
    for name in names:
        sheet = sheets.getByName(name)
        if not sheet.IsVisible:  # neither seen nor printed (the charts' data): not worth minutes of measuring
            measured.append({"name": name, "visible": False, "rows": [], "merged": [], **page_scale(doc, sheet)})
            continue
        merged = merged_text_cells(sheet)
        rows, actual = measure_rows(sheet, {(area.StartRow, area.StartColumn) for _, area in merged})
        measured.append({"name": name, "visible": bool(sheet.IsVisible), "rows": rows,
                         "merged": measure_merged(doc, sheet, merged, actual),
                         **page_scale(doc, sheet)})
    return measured


def run(job):
    action = job.get("action", "open")
    if job.get("pipe"):
        desktop = connect(job["pipe"])
        if action == "ping":
            return {"connected": True, "errors": []}
        if action == "terminate":
            terminate(desktop)
            return {"terminated": True, "errors": []}
        return run_job(desktop, job)
    if action != "open":
        raise SystemExit(f"action {action!r} needs a pipe")
    proc, desktop, profile = start_office()
    try:
        return run_job(desktop, job)
    finally:
        stop_office(proc, desktop, profile)


def run_job(desktop, job):
    """Open the job's workbook in the office, do what the job says, and close it again."""
    result = {"errors": []}
    url = uno.systemPathToFileUrl(os.path.abspath(job["input"]))
    load = [prop("Hidden", True)]
    if job.get("csv_options"):
        # Open a CSV as a person does, with the import dialog's settings (e.g. "44,34,76,1": comma, double
        # quote, UTF-8, from line 1); formulas in it are evaluated as LibreOffice does by default.
        load += [prop("FilterName", "Text - txt - csv (StarCalc)"), prop("FilterOptions", job["csv_options"])]
    doc = desktop.loadComponentFromURL(url, "_blank", 0, tuple(load))
    if doc is None:
        raise RuntimeError("LibreOffice could not open the workbook")
    try:
        sheets = doc.Sheets
        result["sheets"] = [{"name": sheets.getByIndex(i).Name, "visible": bool(sheets.getByIndex(i).IsVisible),
                             "protected": bool(sheets.getByIndex(i).isProtected())} for i in range(sheets.Count)]
        names = [n for n in doc.NamedRanges.ElementNames]
        result["names"] = names
        rng = random.Random(job.get("seed", 1))
        fill_share = job.get("fill_share", 1.0)
        cells = {}
        filled = {}
        describe = job.get("describe", True) and job.get("describe_cells", True)  # slow: one UNO call per cell
        for name in sorted(names) if describe else ():
            if not name.startswith(job.get("answer_prefix", "ans__")):
                continue
            if doc.NamedRanges.getByName(name).getReferredCells() is None:
                continue  # a name whose cell was deleted (#REF!)
            cell, info = describe_cell(doc, name)
            info["validation"] = validation_type(cell.getPropertyValue("Validation"))
            if info["validation"] == "LIST":
                info["choices"] = list_values(doc, info["formula1"])
            cells[name] = info
            if not job.get("fill") or info["locked"] or rng.random() > fill_share:
                continue
            kind = job["types"].get(name, "text")
            if kind == "choice" and info["validation"] != "LIST":
                result["errors"].append(f"{name}: a choice cell without a dropdown in LibreOffice")
                continue
            value = fill_value(rng, kind, info.get("choices", []))
            if isinstance(value, str):
                cell.setString(value)
            else:
                cell.setValue(value)
            filled[name] = value
        result["cells"] = cells
        result["filled"] = filled
        for change in job.get("insert_rows", []):
            # What a user does after removing the protection: insert rows above some answers.
            sheet = sheets.getByName(change["sheet"])
            sheet.unprotect(job.get("password", ""))
            sheet.Rows.insertByIndex(change["at"], change["count"])
        for far in job.get("type_far", []):
            # What a user does after removing the protection: type a value far away (AMJ1048576, XFD2000).
            sheet = sheets.getByName(far["sheet"])
            sheet.unprotect(job.get("password", ""))
            cell = sheet.getCellRangeByName(far["cell"])
            if isinstance(far["value"], str):
                cell.setString(far["value"])
            else:
                cell.setValue(far["value"])
        for name, text in job.get("set_strings", {}).items():
            cell, _ = describe_cell(doc, name)
            cell.setString(text)
        for name, typed in job.get("type_into", {}).items():
            # setFormula reads the text as typed input: "2026" becomes the number 2026 in the cell's own
            # format (a date cell shows it as a date), other text stays text.
            cell, _ = describe_cell(doc, name)
            cell.setFormula(typed)
        edit_like_a_person(doc, job)
        doc.calculateAll()
        result["read"] = {}
        for sheet_name in job.get("read_sheets", []):
            sheet = sheets.getByName(sheet_name)
            cursor = sheet.createCursor()
            cursor.gotoEndOfUsedArea(False)
            end = cursor.getRangeAddress()
            data = sheet.getCellRangeByPosition(0, 0, end.EndColumn, end.EndRow).getDataArray()
            result["read"][sheet_name] = [list(row) for row in data]
        if job.get("row_heights"):
            if job.get("output"):
                raise RuntimeError("row_heights changes the document: a job with it must not save")
            result["row_heights"] = row_heights(doc)
        if job.get("output"):
            out_url = uno.systemPathToFileUrl(os.path.abspath(job["output"]))
            # .xlsx as Excel 2007-365 saves it, .ods (LibreOffice's own format, offered first when saving),
            # .xls (Excel 97-2003), or a PDF of every sheet as LibreOffice prints it.
            export_filter = EXPORT_FILTERS[os.path.splitext(job["output"])[1].lower()]
            options = (prop("FilterName", export_filter),)
            if job.get("save_password"):  # File > Save As > "Save with password"
                options += (prop("Password", job["save_password"]),)
            doc.storeToURL(out_url, options)
    finally:
        try:
            doc.close(True)  # a shared office must not keep this job's document open
        except Exception:  # noqa: BLE001 - the job's own error, if any, is the one to report
            pass
    return result


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        job = json.load(handle)
    output = run(job)
    with open(sys.argv[2], "w", encoding="utf-8") as handle:
        json.dump(output, handle, ensure_ascii=False, default=str)
