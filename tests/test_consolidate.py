"""Consolidation reproduces the published reports: seed 001 (Drechtsteden, N=9) and seed 000 (three regions)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import openpyxl
import pytest
import yaml

from tests.lo import require
from tests.test_layout_vs_seed import match_phrase, part_two_tokens, tokens
from workbook_tool.collect import collect
from workbook_tool.consolidate import Thresholds, consolidate
from workbook_tool.gemeenten import load_gemeenten, numbered
from workbook_tool.layout import load_layout
from workbook_tool.pipeline import consolidate_folder

ROOT = Path(__file__).resolve().parents[1]
DRECHTSTEDEN = ROOT / "samples" / "drechtsteden-2022"
THREE_REGIONS = ROOT / "samples" / "three-regions-2021"
PUBLISHED = yaml.safe_load((DRECHTSTEDEN / "seed001-tabellen.yaml").read_text(encoding="utf-8"))

# Where the printed Aantal disagrees with the printed Nrs. list. The sample follows the list, so the
# consolidated Aantal is the length of the list here.
MISPRINTS = {
    ("wonen_openbare_orde", "anders", "antwoord"): "printed '2 8': Aantal 2 but one number",
    ("herstelzorg_na_vertrek_instelling", "beschermd_wonen", "antwoord"): "printed '8 1,2,3,4,5,6,7': 7 numbers",
}
# Printed values the layout cannot hold as they are; the sample stores the nearest valid answer.
DEVIATIONS = {
    ("inzicht_huisvesting_urgentie", "contingent_woningen", 6): ("3/4", "3-4 woningen"),
}


@pytest.fixture(scope="module")
def layout_2022_only():
    return load_layout(ROOT / "layouts" / "preventiescanner-2022.yaml")


@pytest.fixture(scope="module")
def drechtsteden(layout_2022_only):
    gemeenten = numbered(load_gemeenten(DRECHTSTEDEN / "gemeenten.csv"))
    collected = collect(DRECHTSTEDEN / "retour", [layout_2022_only], gemeenten)
    return consolidate(collected.answers_frame(), layout_2022_only)


def checklist_cells():
    for question_id, items in PUBLISHED.items():
        for item_id, columns in items.items():
            for column_id, cell in columns.items():
                if isinstance(cell, dict) and "aantal" in cell:
                    yield question_id, item_id, column_id, cell


def test_the_transcribed_tables_match_the_seed_text(layout_2022_only):
    """The sample's source is checked against the report itself: after each item label the seed prints
    exactly the transcribed 'Aantal Nrs.' (per column), and the misprints are the listed ones."""
    seed = part_two_tokens()
    text_of = " ".join(seed)
    cursor = 0
    checked = 0
    for sheet in layout_2022_only.sheets:
        for question in sheet.questions:
            if question.kind != "checklist" or question.id not in PUBLISHED:
                continue
            for index, item in enumerate(question.items):
                label = tokens(item.label)
                start = next(p for p in range(cursor, len(seed)) if seed[p] == label[0]
                             and match_phrase(seed, p, label) is not None)
                end = match_phrase(seed, start, label)
                following = question.items[index + 1] if index + 1 < len(question.items) else None
                stop = len(seed) if following is None else next(
                    p for p in range(end, len(seed)) if seed[p] == tokens(following.label)[0]
                    and match_phrase(seed, p, tokens(following.label)) is not None)
                span = re.sub(r"\s*,\s*", ",", " ".join(seed[start:stop]).replace("*", ""))
                expected = []
                for column in question.columns:
                    cell = PUBLISHED[question.id][item.id].get(column.id)
                    expected.append("- -" if cell is None else
                                    f"{cell['aantal']} {','.join(map(str, cell['nrs'])) or '0'}")
                assert " ".join(expected) in span, (question.id, item.id, expected, span[-120:])
                checked += 1
                cursor = end
    assert checked == len({(q, i) for q, i, _, _ in checklist_cells()})
    assert text_of  # the seed was read
    misprints = {(q, i, c) for q, i, c, cell in checklist_cells() if cell["aantal"] != len(cell["nrs"])}
    assert misprints == set(MISPRINTS)


def test_consolidation_reproduces_every_aantal_and_nrs_of_seed_001(drechtsteden):
    assert drechtsteden.n == 9
    compared = 0
    for question_id, item_id, column_id, cell in checklist_cells():
        table = drechtsteden.table(question_id)
        row = table.row(item_id)
        index = [c.id for c in table.question.columns].index(column_id)
        got = row.cells[index]
        expected_count = len(cell["nrs"]) if (question_id, item_id, column_id) in MISPRINTS else cell["aantal"]
        assert (got.count, got.nrs) == (expected_count, cell["nrs"]), (question_id, item_id, column_id)
        for nr, text in cell.get("namelijk", {}).items():
            assert any(n == nr and text in t for n, t in row.texts), (question_id, item_id, nr)
        compared += 1
    assert compared == len(list(checklist_cells()))


def test_two_column_tables_mark_items_not_asked(drechtsteden):
    table = drechtsteden.table("onderdak_opties")
    assert table.headers == ["Na een ingrijpende levensgebeurtenis", "Na het verlaten van een instelling"]
    hostel = next(r for r in table.rows if r.item.id.startswith("hostel"))
    assert hostel.cells[0].count is None and hostel.cells[0].nrs_text() == "-"


def test_consolidation_reproduces_bijlage_2(drechtsteden):
    compared = 0
    for question_id, items in PUBLISHED.items():
        table = drechtsteden.table(question_id)
        if table.question.kind == "checklist":
            continue
        for item_id, published in items.items():
            row = table.row(item_id)
            per_gemeente = published.get("per_gemeente", {})
            if "Aantal" in table.headers and table.headers == ["Aantal"]:
                cell = row.cells[0]
                assert cell.count == published["printed"]["Aantal"], (question_id, item_id)
                assert cell.nrs == sorted(per_gemeente)
                for nr, values in per_gemeente.items():
                    assert cell.details[nr].startswith(str(values["aantal"])), (question_id, item_id, nr)
                compared += 1
                continue
            for choice, cell in zip(table.headers, row.cells):
                listed = sorted(nr for nr, v in per_gemeente.items() if v.get("antwoord") == choice)
                assert cell.nrs == listed, (question_id, item_id, choice)
                if "printed" in published:
                    assert cell.count == published["printed"].get(choice, 0), (question_id, item_id, choice)
                for nr in listed:
                    values = per_gemeente[nr]
                    detail = cell.details.get(nr, "")
                    if (question_id, item_id, nr) in DEVIATIONS:
                        assert DEVIATIONS[(question_id, item_id, nr)][1] in detail
                        continue
                    for key in ("aantal", "toelichting"):
                        if key in values:
                            assert str(values[key]) in detail, (question_id, item_id, nr, key, detail)
                    if "bron" in values:
                        assert f"({values['bron'][0]})" in detail
                compared += 1
    assert compared >= 30
    sample = drechtsteden.table("inzicht_monitorinformatie").row("samenloop_regelingen").cells[0].nrs_text()
    assert sample.startswith("1: 2665, 2: 19920 in het jaar 2020, 3: 5755")


def test_the_2021_sample_reproduces_seed_000_per_regio():
    published = yaml.safe_load((THREE_REGIONS / "seed000-tabellen.yaml").read_text(encoding="utf-8"))
    layout = load_layout(ROOT / "layouts" / "preventiescanner-2021.yaml")
    gemeenten = numbered(load_gemeenten(THREE_REGIONS / "gemeenten.csv"))
    collected = collect(THREE_REGIONS / "retour", [layout], gemeenten)
    result = consolidate(collected.answers_frame(), layout)
    assert result.n == 20
    regions = result.regions
    columns = [f"{r['label']} (n={r['n']})" for r in published["regions"].values()]
    assert [c for c in regions.columns if "(n=" in c] == columns == ["Regio 1 (n=6)", "Regio 2 (n=6)", "Regio 3 (n=8)"]
    compared = 0
    for question_id, items in published["counts"].items():
        for item_id, counts in items.items():
            row = regions[(regions.question_id == question_id) & (regions.item_id == item_id)].iloc[0]
            assert [row[c] for c in columns] == counts, (question_id, item_id)
            compared += 1
    assert compared == 41


def test_thresholds_pick_krachten_and_kansen(drechtsteden, layout_2022_only, tmp_path):
    krachten = {(h.question.id, h.item.id, h.column.id) for h in drechtsteden.krachten}
    kansen = {(h.question.id, h.item.id, h.column.id) for h in drechtsteden.kansen}
    assert ("gezondheid_welzijn", "trainingen", "antwoord") in krachten  # 9 of 9
    assert ("gezondheid_welzijn", "ehealth", "antwoord") in kansen  # 3 of 9
    assert not krachten & kansen
    assert all(h.count / h.n >= 0.75 for h in drechtsteden.krachten)
    gemeenten = numbered(load_gemeenten(DRECHTSTEDEN / "gemeenten.csv"))
    strict = consolidate(collect(DRECHTSTEDEN / "retour", [layout_2022_only], gemeenten).answers_frame(),
                         layout_2022_only, Thresholds(kracht=1.0, kans=0.0))
    assert all(h.count == 9 for h in strict.krachten) and all(h.count == 0 for h in strict.kansen)


@pytest.fixture(scope="module")
def report(layout_2022_only, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "regio.xlsx"
    gemeenten = numbered(load_gemeenten(DRECHTSTEDEN / "gemeenten.csv"))
    outcome = consolidate_folder(DRECHTSTEDEN / "retour", out, [layout_2022_only], gemeenten)
    return outcome


def test_report_sheets_values_and_key(report):
    path, key = report.files
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
    from tests.returns import make_return, random_answers
    from workbook_tool.gemeenten import Gemeente
    from workbook_tool.generate import build_template

    template = build_template(layout_2022)
    folder = tmp_path_factory.mktemp("names")
    names = ["Dordrecht", "Zwijndrecht", "Papendrecht"]
    for index, name in enumerate(names):
        make_return(template, Gemeente(name, "Drechtsteden", None), random_answers(template, index), folder / f"{name}.xlsx")
    return folder, names


def test_report_converts_to_pdf_with_tables_and_charts(report, tmp_path):
    require("libreoffice")
    require("pdftotext")
    path = report.files[0]
    done = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                          capture_output=True, text=True, timeout=300)
    pdf = tmp_path / "regio.pdf"
    assert pdf.exists(), done.stderr
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Tabellen per vraag" in text and "Faciliteiten om het welzijn onder inwoners te vergroten" in text
    assert "Gemeenten (N=9)" in text
    pages = text.split("\f")
    chart_pages = [p for p in pages if "Aantal gemeenten (N=9)" in p]  # the axis title exists only in charts
    assert len(chart_pages) >= 3
    assert "Krachten" in text and "Kansen" in text


def test_samples_are_rebuilt_byte_for_byte(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_samples", ROOT / "scripts" / "build_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    layout = load_layout(ROOT / "layouts" / "preventiescanner-2022.yaml")
    gemeenten = load_gemeenten(DRECHTSTEDEN / "gemeenten.csv")
    files = module.build(layout, gemeenten, lambda g: module.drechtsteden_answers(layout, PUBLISHED, g.nummer),
                         tmp_path, "Voorjaar 2022")
    assert len(files) == 9
    for path in files:
        assert path.read_bytes() == (DRECHTSTEDEN / "retour" / path.name).read_bytes(), path.name
