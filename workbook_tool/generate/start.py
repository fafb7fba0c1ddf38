"""The Start sheet: who the workbook is for, how to fill it in, whom to ask, who filled it in, and progress."""

from __future__ import annotations

from dataclasses import dataclass

import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from ..contract import (
    META_NAMES,
    RESPONDENT_FIELDS,
    START_LAYOUT_FIELDS,
    START_PERSONAL_FIELDS,
    START_TITLE,
    START_TYPED_FIELDS,
    respondent_name,
)
from ..layout.model import Layout, Sheet
from ..xlsxkit import FOOTER_FILE_PAGES, POINTS_PER_LINE, date_validation, line_count, print_setup
from .formats import Formats
from .personalise import placeholder
from .questionnaire import Progress


@dataclass(frozen=True)
class Coordinator:
    """Who the gemeenten contact with questions; shown on the Start sheet."""

    naam: str = ""
    email: str = ""
    telefoon: str = ""


@dataclass(frozen=True)
class SheetProgress:
    """A questionnaire sheet as the Start sheet counts it: the formulas of its answered and asked items."""

    sheet: Sheet
    progress: Progress


INSTRUCTIONS = (
    "Opent u dit bestand vanuit uw e-mail? Klik dan bovenaan op 'Bewerken inschakelen' en sla het bestand "
    "eerst op uw computer op.",
    "Vul de tabbladen van links naar rechts in. Elke regel is één onderdeel: uw antwoord staat rechts ervan "
    "in de witte cel met rand.",
    "Klik in een antwoordcel en kies uit het keuzelijstje (het pijltje rechts van de cel). Typ of plak geen "
    "eigen teksten in een cel met een keuzelijst.",
    "Biedt uw gemeente iets anders dan genoemd? Kies bij 'Anders, namelijk' Ja en beschrijf het in de cel "
    "ernaast. Getallen vult u in als getal; kies bij een aantal ook de bron (eigen registratie of schatting).",
    "Lichtgele cellen moeten nog worden ingevuld; een rode cel bevat een waarde die niet in de lijst staat. "
    "Kiest u bij 'Geen van bovenstaande' of 'Onbekend' Ja, dan hoeven de andere onderdelen van die vraag niet. "
    "De voortgang hieronder laat zien hoeveel u hebt beantwoord en hoeveel er nog te doen is.",
    "Wijzig geen tabbladnamen en voeg geen rijen of kolommen in: de antwoorden worden automatisch ingelezen.",
    "Sla het bestand op als Excel-werkmap (.xlsx), houd de bestandsnaam aan en mail het terug naar de "
    "coördinator.",
)


def write_start_sheet(book: xlsxwriter.Workbook, ws, f: Formats, layout: Layout, progress: list[SheetProgress],
                      coordinator: Coordinator, password: str, personalised: bool) -> None:
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 50)
    ws.set_column(2, 3, 16)
    ws.write(0, 0, layout.title, f.title)
    ws.set_row(0, 26)
    row = _write_identity(book, ws, f, layout, personalised)
    if layout.description:
        ws.merge_range(row, 0, row, 3, layout.description.strip(), f.text)
        ws.set_row(row, POINTS_PER_LINE * line_count(layout.description.strip(), 110) + 4)
        row += 2
    row = _write_instructions(ws, f, row)
    row = _write_contact(ws, f, row, coordinator)
    row = _write_respondent(book, ws, f, row)
    _write_progress(ws, f, row, progress)
    ws.protect(password, {"select_locked_cells": True, "select_unlocked_cells": True})
    print_setup(ws, footer=FOOTER_FILE_PAGES, narrow_margins=False)


def _write_identity(book: xlsxwriter.Workbook, ws, f: Formats, layout: Layout, personalised: bool) -> int:
    """Gemeente, regio, ronde and number (placeholders; in a workbook for nobody in particular the first three
    are blank cells the gemeente types in), then the
    questionnaire's id and version; each named as the contract says."""
    row = 2
    for label, key in START_PERSONAL_FIELDS:
        ws.write(row, 0, label, f.meta_key)
        if personalised or key not in START_TYPED_FIELDS:
            ws.write_string(row, 1, placeholder(key), f.fixed)
        else:
            ws.write_blank(row, 1, None, f.input_text)
        book.define_name(META_NAMES[key], f"={START_TITLE}!$B${row + 1}")
        row += 1
    own = {"layout_id": layout.id, "layout_version": layout.version}
    for label, key in START_LAYOUT_FIELDS:
        ws.write(row, 0, label, f.meta_key)
        ws.write_string(row, 1, own[key], f.fixed)
        book.define_name(META_NAMES[key], f"={START_TITLE}!$B${row + 1}")
        row += 1
    return row + 1


def _write_instructions(ws, f: Formats, row: int) -> int:
    ws.write(row, 0, "Zo vult u de scan in", f.subtitle)
    row += 1
    for number, text in enumerate(INSTRUCTIONS, start=1):
        ws.write_number(row, 0, number, f.count)
        ws.merge_range(row, 1, row, 3, text, f.text)
        ws.set_row(row, POINTS_PER_LINE * line_count(text, 80) + 2)
        row += 1
    return row + 1


def _write_contact(ws, f: Formats, row: int, coordinator: Coordinator) -> int:
    ws.write(row, 0, "Vragen? Neem contact op met de coördinator", f.subtitle)
    row += 1
    for label, value in (("Naam", coordinator.naam), ("E-mail", coordinator.email), ("Telefoon", coordinator.telefoon)):
        if value:
            ws.write(row, 0, label, f.meta_key)
            ws.write_string(row, 1, value, f.text)
            row += 1
    ws.write(row, 0, "Contactpersoon gemeente", f.meta_key)
    ws.write_string(row, 1, f"{placeholder('contactpersoon')} {placeholder('email')}".strip(), f.text)
    return row + 2


def _write_respondent(book: xlsxwriter.Workbook, ws, f: Formats, row: int) -> int:
    ws.write(row, 0, "Ingevuld door", f.subtitle)
    row += 1
    for field_id, label, ftype in RESPONDENT_FIELDS:
        ws.write(row, 0, label, f.meta_key)
        ws.write_blank(row, 1, None, f.input_date if ftype == "date" else f.input_text)
        cell = xl_rowcol_to_cell(row, 1)
        if ftype == "date":
            ws.data_validation(cell, date_validation(input_message="Vul de datum in, bijvoorbeeld 31-12-2026."))
        book.define_name(respondent_name(field_id), f"={START_TITLE}!${cell[0]}${row + 1}")
        row += 1
    return row + 1


def _write_progress(ws, f: Formats, row: int, progress: list[SheetProgress]) -> None:
    """Per sheet: items answered, items still to do, and the percentage (rounded down, so 100% means done), by
    the layout's completeness rule; collect counts the same (workbook_tool.collect._counts)."""
    ws.write(row, 0, "Voortgang", f.subtitle)
    row += 1
    for col, head in enumerate(("Tabblad", "Beantwoord", "Nog te doen", "Percentage")):
        ws.write(row, col, head, f.header)
    row += 1
    first = row
    for entry in progress:
        title = entry.sheet.title
        counts = entry.progress
        ws.write_url(row, 0, f"internal:{quote_sheetname(title)}!A1", f.link, string=title, tip=f"Ga naar {title}")
        ws.write_formula(row, 1, f"={counts.answered}", f.count, 0)
        ws.write_formula(row, 2, f"={counts.asked}-B{row + 1}", f.count, counts.asked_blank)
        ws.write_formula(row, 3, _percentage(row), f.percent, 0 if counts.asked_blank else 1)
        row += 1
    ws.write(row, 0, "Totaal", f.meta_key)
    ws.write_formula(row, 1, f"=SUM(B{first + 1}:B{row})", f.count_bold, 0)
    asked_blank = sum(p.progress.asked_blank for p in progress)
    ws.write_formula(row, 2, f"=SUM(C{first + 1}:C{row})", f.count_bold, asked_blank)
    ws.write_formula(row, 3, _percentage(row), f.percent_bold, 0 if asked_blank else 1)


def _percentage(row: int) -> str:
    """Answered / (answered + still to do), rounded down; 100% when nothing is asked."""
    b, c = f"B{row + 1}", f"C{row + 1}"
    return f"=IF({b}+{c}=0,1,ROUNDDOWN({b}/({b}+{c}),2))"
