"""Errors of workbook_tool: one base class, and problems as data with a stable code and a location."""

from __future__ import annotations

from dataclasses import dataclass


class WorkbookToolError(Exception):
    """Base class of every error the tool raises on purpose; the CLI shows its message, never a traceback."""


@dataclass(frozen=True)
class LayoutProblem:
    """One thing wrong in a layout file: where (file, line, path), what, and how to fix it. The codes are
    listed in docs/layout-format.md."""

    code: str
    file: str
    line: int | None
    path: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"[{where}] {self.path}: {self.message}" if self.path else f"[{where}] {self.message}"
        return f"{text} {self.hint}".rstrip()


class LayoutInvalid(WorkbookToolError):
    """A layout file could not be loaded; `problems` lists every error found, not only the first."""

    def __init__(self, problems: list[LayoutProblem]):
        self.problems = problems
        count = len(problems)
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"{count} fout{'en' if count != 1 else ''} in de layout:\n{lines}")


class CatalogueInvalid(WorkbookToolError):
    """The interventions catalogue could not be loaded; its problems are worded and placed like a layout's."""

    def __init__(self, problems: list[LayoutProblem]):
        self.problems = problems
        count = len(problems)
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"{count} fout{'en' if count != 1 else ''} in de interventiecatalogus:\n{lines}")


@dataclass(frozen=True)
class Problem:
    """One thing the coordinator should know about a returned file: where, what was found, what was expected."""

    code: str
    severity: str  # error (needs action) | warning (check) | info (repaired by a documented rule)
    message: str
    file: str
    sheet: str = ""
    cell: str = ""
    question_id: str = ""
    item_id: str = ""
    column_id: str = ""
    value_found: str = ""
    expected: str = ""

    def __str__(self) -> str:
        cell = f"'{self.sheet}'!{self.cell}" if self.sheet and self.cell else self.sheet
        item = ".".join(x for x in (self.question_id, self.item_id) if x)
        place = " · ".join(p for p in (self.file, cell, item) if p)
        return f"[{place}] {self.message}"


# The catalogue of problems in returned files: code -> (severity, what it means). Messages are Dutch
# because they end up in the status workbook the coordinator may forward to a gemeente.
READ_CODES = {
    # the file as a whole
    "empty_file": ("error", "Het bestand is leeg (0 bytes)."),
    "lock_file": ("info", "Tijdelijk bestand van Excel of LibreOffice; overgeslagen."),
    "own_output": ("info", "Door workbook_tool zelf geschreven (rapportage, sleutel, status, export); overgeslagen."),
    "not_xlsx": ("error", "Het bestand is geen Excel-werkmap (.xlsx)."),
    "encrypted": ("error", "Het bestand is met een wachtwoord versleuteld."),
    "corrupt": ("error", "Het bestand is beschadigd of onvolledig."),
    "unsafe": ("error", "Het bestand is geweigerd omdat het onveilig of veel te groot is."),
    "not_a_scan": ("error", "Het bestand is geen scanwerkboek van deze vragenlijst."),
    "unknown_layout": ("error", "Het werkboek hoort bij een onbekende vragenlijst of versie."),
    "other_format": ("warning", "Het bestand is geen .xlsx maar .ods of .xls; de antwoorden zijn toch gelezen."),
    "metadata_missing": ("warning", "Het verborgen blad met gegevens ontbreekt of is onleesbaar."),
    "metadata_changed": ("warning", "De verborgen gegevens van het werkboek zijn gewijzigd."),
    "found_by_labels": ("warning", "Antwoorden gevonden aan de hand van de teksten, niet via de namen."),
    "moved_cells": ("warning", "Rijen of kolommen zijn verplaatst; antwoorden gevonden via de namen."),
    "label_changed": ("warning", "Op de plaats van een antwoordcel stond een ander onderdeel; gevonden aan de tekst."),
    "outside_area": ("warning", "Waarden ver buiten het gebied van de scan zijn niet gelezen."),
    "added_row": ("warning", "Er is een eigen regel toegevoegd; die is niet meegeteld."),
    "layout_changed": ("warning", "Het werkboek heeft een andere indeling dan deze versie van de vragenlijst."),
    "answer_missing": ("error", "Een antwoordcel is niet meer te vinden; het antwoord is niet gelezen."),
    "gemeente_unknown": ("warning", "De gemeente staat niet op de lijst."),
    "gemeente_missing": ("error", "Het werkboek noemt geen gemeente."),
    "duplicate": ("warning", "Er zijn meerdere bestanden van dezelfde gemeente."),
    "left_out": ("warning", "Het bestand hoort bij een andere ronde of versie en is niet meegenomen."),
    "number_conflict": ("warning", "Het nummer van een gemeente botst met de lijst of met een andere gemeente."),
    "internal": ("error", "Onverwachte fout bij het lezen; het bestand is niet verwerkt."),
    # single answers
    "not_in_list": ("error", "De waarde staat niet in de keuzelijst."),
    "normalised": ("info", "De waarde is gelijkgetrokken met de keuzelijst."),
    "not_a_number": ("error", "Er staat geen getal."),
    "not_whole": ("error", "Er staat geen geheel getal."),
    "out_of_range": ("error", "Het getal ligt buiten het toegestane bereik."),
    "range_normalised": ("info", "Het bereik is genoteerd als laag-hoog, zonder spaties (zoals 3-4)."),
    "number_as_text": ("warning", "Het getal stond als tekst; omgezet."),
    "not_a_date": ("error", "Er staat geen datum."),
    "date_as_number": ("warning", "De datum stond als getal; omgezet."),
    "date_as_text": ("warning", "De datum stond als tekst; omgezet."),
    "number_in_date_cell": ("error", "In een datumcel staat een getal (bijvoorbeeld een jaartal), geen datum."),
    "date_out_of_range": ("error", "De datum ligt buiten het toegestane bereik."),
    "too_long": ("warning", "De tekst is langer dan toegestaan."),
    "error_value": ("error", "In een antwoordcel staat een foutwaarde (zoals #DEEL/0!); geen antwoord gelezen."),
    "formula": ("warning", "In een antwoordcel staat een formule; de berekende waarde is gebruikt."),
    "anders_without_text": ("warning", "Bij 'Anders' is Ja gekozen maar niet ingevuld wat."),
    "text_without_anders": ("warning", "Bij 'Anders, namelijk' is tekst ingevuld maar niet Ja gekozen."),
    "none_but_items": ("warning", "'Geen van bovenstaande' is gekozen terwijl ook onderdelen met Ja zijn beantwoord."),
}
