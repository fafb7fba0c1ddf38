"""The regional report: its sheets, values (not formulas), charts, implementatieplan and the number key;
anonymous by default, with names on request. The PDF conversion is in realclient/test_report_pdf.py."""

from __future__ import annotations

import openpyxl
import pytest

from tests.support.returns import make_return, random_answers
from workbook_tool.gemeenten import Gemeente
from workbook_tool.generate import build_template
from workbook_tool.pipeline import consolidate_folder


def test_report_sheets_values_and_key(drechtsteden_report):
    path, key = drechtsteden_report.files
    assert key.name == "regio-sleutel.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Inhoud", "Overzicht", "Samenvatting", "Tabellen", "Per gemeente", "Grafieken",
                               "Implementatieplan", "Grafiekgegevens"]
    assert book["Grafiekgegevens"].sheet_state == "hidden"
    texts = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [t for t in texts if isinstance(t, str) and t.startswith("=")], "results are values, not formulas"
    tables = [c.value for row in book["Tabellen"].iter_rows() for c in row]
    assert "Gemeenten (N=9)" in tables and "1, 2, 3, 4, 5, 6, 7, 8, 9" in tables
    assert book["Grafieken"]._charts, "native charts"
    key_rows = list(openpyxl.load_workbook(key)["Sleutel"].iter_rows(min_row=5, values_only=True))
    assert [r[:2] for r in key_rows] == [(n, f"Gemeente {n}") for n in range(1, 10)]


def test_overview_stores_counts_as_numbers_and_names_the_questionnaire(drechtsteden_report):
    sheet = openpyxl.load_workbook(drechtsteden_report.files[0])["Overzicht"]
    facts = {r[0]: r[3] for r in sheet.iter_rows(values_only=True) if r[0] and r[3] is not None}
    assert facts["Gemeenten in deze rapportage (N)"] == 9 and facts["Compleet"] == 8
    assert facts["Vragenlijst"] == "Preventiescanner Dakloosheid (versie 2022.1)"
    assert facts["Problemen bij het inlezen"].startswith("0 fouten, 7 waarschuwingen")
    numbers = [r[0] for r in sheet.iter_rows(values_only=True) if isinstance(r[0], int)]
    assert numbers == list(range(1, 10))


def test_every_page_has_the_report_header_and_numbered_footer(drechtsteden_report):
    book = openpyxl.load_workbook(drechtsteden_report.files[0])
    for sheet in book.worksheets:
        if sheet.sheet_state == "hidden":
            continue
        assert "regionale rapportage" in sheet.oddHeader.left.text
        assert "Drechtsteden en Alblasserwaard" in sheet.oddHeader.right.text
        assert sheet.oddFooter.left.text == sheet.title and "Pagina &P van" in sheet.oddFooter.right.text
        assert sheet.page_setup.paperSize == 9 and int(sheet.page_setup.scale or 100) >= 90


def test_contents_links_to_every_sheet_and_pillar(drechtsteden_report):
    book = openpyxl.load_workbook(drechtsteden_report.files[0])
    links = {c.value.strip(): c.hyperlink.location for row in book["Inhoud"].iter_rows() for c in row
             if c.hyperlink is not None}
    for title in ("Overzicht", "Samenvatting", "Tabellen", "Per gemeente", "Grafieken", "Implementatieplan"):
        assert links[title].startswith(f"'{title}'!A") or links[title].startswith(f"{title}!A")
    target = links["Voorzorg"]  # the first 'Voorzorg' entry: the pillar in Tabellen
    sheet, cell = target.split("!")
    assert book[sheet.strip("'")][cell].value == "Voorzorg"


def test_implementatieplan_holds_each_gemeentes_plan(drechtsteden_report):
    sheet = openpyxl.load_workbook(drechtsteden_report.files[0])["Implementatieplan"]
    rows = [tuple(v for v in r if v not in (None, "")) for r in sheet.iter_rows(values_only=True)]
    assert ("Outreach", 3, "2, 4, 8", "1: 2, 4; 2: 8") in rows
    assert ("Gemeente 2 — plan, prioriteit 1",) in rows
    assert ("Doel", "Voorbeelddoel gemeente 2") in rows and ("Beoogde datum gereed", "31-12-2023") in rows
    assert ("Wat biedt mijn gemeente al?", "Voorbeeldantwoord gemeente 4: bestaand aanbod.") in rows
    assert any(dv.type == "date" for dv in sheet.data_validations.dataValidation), "the regional plan's dates"


def test_anoniem_hides_names_and_namen_shows_them(tmp_path, layout_2022, template_for_names):
    folder, names = template_for_names
    anonymous = consolidate_folder(folder, tmp_path / "a.xlsx", [layout_2022]).files
    named = consolidate_folder(folder, tmp_path / "n.xlsx", [layout_2022], anonymous=False).files
    assert len(anonymous) == 2 and len(named) == 1

    def all_text(path):
        book = openpyxl.load_workbook(path)
        return " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value)

    assert not any(name in all_text(anonymous[0]) for name in names)
    assert all(name in all_text(named[0]) for name in names)
    assert "Sleutel" in openpyxl.load_workbook(named[0]).sheetnames
    assert all(name in all_text(anonymous[1]) for name in names)


@pytest.fixture(scope="module")
def template_for_names(layout_2022, tmp_path_factory):
    template = build_template(layout_2022)
    folder = tmp_path_factory.mktemp("names")
    names = ["Dordrecht", "Zwijndrecht", "Papendrecht"]
    for index, name in enumerate(names):
        make_return(template, Gemeente(name, "Drechtsteden", None), random_answers(template, index),
                    folder / f"{name}.xlsx")
    return folder, names
