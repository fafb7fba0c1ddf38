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
    assert book.sheetnames == ["Overzicht", "Samenvatting", "Tabellen", "Per gemeente", "Grafieken",
                               "Implementatieplan"]
    texts = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [t for t in texts if isinstance(t, str) and t.startswith("=")], "results are values, not formulas"
    tables = [c.value for row in book["Tabellen"].iter_rows() for c in row]
    assert "Gemeenten (N=9)" in tables and "1, 2, 3, 4, 5, 6, 7, 8, 9" in tables
    assert book["Grafieken"]._charts, "native charts"
    plan = book["Implementatieplan"]
    headers = [c.value for c in plan[4]]
    assert headers[0] == "Ankerpunt" and "Doel" in headers and "Akkoord, naam management" in headers
    assert plan["A5"].value == "Outreach" and plan["B5"].value == 3
    assert any(dv.type == "date" for dv in plan.data_validations.dataValidation)
    key_rows = list(openpyxl.load_workbook(key)["Sleutel"].iter_rows(min_row=5, values_only=True))
    assert [r[:2] for r in key_rows] == [(n, f"Gemeente {n}") for n in range(1, 10)]


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
