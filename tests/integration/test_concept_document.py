"""The concept report (.docx) of the Drechtsteden sample, read back with python-docx: Deel 2 holds the same
Aantal and Nrs. as the consolidated tables and as the published report (seed 001), Deel 1 lists the
catalogue's interventions under each kans, and consolidate --concept writes it next to the workbook."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
import yaml
from click.testing import CliRunner
from docx import Document

from tests.support.paths import DRECHTSTEDEN
from workbook_tool.cli import main
from workbook_tool.concept import DRAFT, HighlightRule, concept_document
from workbook_tool.pdf import office_to_pdf, soffice_available
from workbook_tool.report import ReportOptions

PUBLISHED = yaml.safe_load((DRECHTSTEDEN / "seed001-tabellen.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def result(drechtsteden_report):
    return drechtsteden_report.consolidation


@pytest.fixture(scope="module")
def doc(result):
    return Document(io.BytesIO(concept_document(result, ReportOptions(ronde="2022"))))


def count_tables(doc):
    """The Deel 2 tables: those headed 'Gemeenten (N=…)', in document order."""
    return [t for t in doc.tables if t.rows[0].cells[0].text.startswith("Gemeenten (N=")]


def data_rows(grid, header_rows: int) -> list[list[str]]:
    """The item rows of a table: without its header rows and the merged sub-heading rows."""
    rows = [[c.text for c in row.cells] for row in grid.rows[header_rows:]]
    return [r for r in rows if len(set(r)) > 1]


def test_every_table_of_deel_2_has_the_consolidations_aantal_and_nrs(doc, result):
    grids = count_tables(doc)
    assert len(grids) == len(result.tables) == 28
    for grid, table in zip(grids, result.tables, strict=True):
        assert grid.rows[0].cells[0].text == f"Gemeenten (N={table.n})"
        rows = data_rows(grid, 2 if len(table.headers) > 1 else 1)
        assert len(rows) == len(table.rows), table.question.id
        for cells, row in zip(rows, table.rows, strict=True):
            assert cells[0] == row.item.display_label
            for index, count in enumerate(row.cells):
                aantal = "-" if count.count is None else str(count.count)
                assert (cells[1 + 2 * index], cells[2 + 2 * index]) == (aantal, count.nrs_text()), row.item.id


def test_deel_2_prints_the_published_aantal_and_nrs_of_seed_001(doc, result):
    grids = {t.question.id: g for t, g in zip(result.tables, count_tables(doc), strict=True)}
    compared = 0
    for question_id, items in PUBLISHED.items():
        table = result.table(question_id)
        if table.question.kind != "checklist":
            continue
        rows = data_rows(grids[question_id], 2 if len(table.headers) > 1 else 1)
        by_item = dict(zip([r.item.id for r in table.rows], rows, strict=True))
        for item_id, columns in items.items():
            for column_id, cell in columns.items():
                index = [c.id for c in table.question.columns].index(column_id)
                # A misprint prints an Aantal that disagrees with its list; the report follows the list.
                aantal = len(cell["nrs"]) if cell.get("misprint") else cell["aantal"]
                nrs = ", ".join(map(str, cell["nrs"])) or "0"
                assert by_item[item_id][1 + 2 * index: 3 + 2 * index] == [str(aantal), nrs], (question_id, item_id)
                compared += 1
    assert compared == 291  # every checklist cell transcribed from seed 001


def test_bijlage_2_tables_keep_their_details_and_the_source_legend(doc, result):
    grids = {t.question.id: g for t, g in zip(result.tables, count_tables(doc), strict=True)}
    grid = grids["inzicht_monitorinformatie"]
    assert [c.text for c in grid.rows[0].cells][1::2] == ["Ja", "Nee", "Onbekend"]
    assert [c.text for c in grid.rows[1].cells][1:3] == ["Aantal", "Nrs."]
    row = next(r for r in data_rows(grid, 2) if r[0].startswith("Huishoudens met samenloop"))
    assert row[2].startswith("1: 2665, 2: 19920 in het jaar 2020, 3: 5755")
    texts = [p.text for p in doc.paragraphs]
    assert any(t.startswith("Bron: a) ") for t in texts)
    # An "Anders, namelijk" text of seed 001 under its table.
    assert any("gemeente 6: schuldhulpmaatje" in t for t in texts)


def test_the_document_is_a_word_report_with_headings_a4_page_numbers_and_the_draft_mark(doc):
    headings = {p.text: p.style.name for p in doc.paragraphs if p.style.name.startswith("Heading")}
    assert headings["Deel 1 — Krachten en kansen"] == "Heading 1"
    assert headings["Deel 2 — Tabellen"] == "Heading 1"
    assert headings["Implementatieplan per ankerpunt"] == "Heading 1"
    assert headings["Bestaanscondities"] == "Heading 2"
    assert headings["Gezondheid"] == "Heading 3"
    assert headings["Snellere slagen en langere adem"] == "Heading 2"
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert "PAGE" in section.footer.paragraphs[0]._p.xml
    assert any(p.text == DRAFT for p in doc.paragraphs)
    assert doc.styles["Normal"].font.name == "Calibri"


def paragraphs_under(doc, heading: str) -> list:
    """The paragraphs under the first heading with this text, up to the next heading."""
    found, inside = [], False
    for p in doc.paragraphs:
        if p.style.name.startswith("Heading"):
            if inside:
                break
            inside = p.text == heading
        elif inside:
            found.append(p)
    return found


def paragraphs_after(doc, heading: str) -> list[str]:
    return [p.text for p in paragraphs_under(doc, heading)]


def test_deel_1_gezondheid_reads_as_the_published_krachten_and_kansen(doc):
    texts = paragraphs_after(doc, "Gezondheid")
    assert texts[0] == "Krachten:"
    assert texts[1].startswith("Alle negen gemeenten bieden trainingen die welzijn en gezondheid beïnvloeden")
    assert ("Zeven van de negen gemeenten (1, 2, 3, 4, 7, 8, 9) bieden psycho-educatie, dat is info & advies en "
            "voorlichting") in " ".join(texts)
    kansen = texts[texts.index("Kansen:") + 1:]
    assert kansen == [
        "Slechts drie gemeenten (2, 3, 7) bieden EHealth programma’s voor behoud of verbetering van de eigen "
        "gezondheid, zoals ‘Grip op je dip’.",
        "Vijf van de negen gemeenten (2, 6, 7, 8, 9) bieden KOPP (Kinderen van Ouders met Psychische Problemen) "
        "en/of KOV (Kinderen van Ouders met een Verslaving) groep.",
    ]


def test_anonymous_by_default_names_with_namen(result):
    anonymous = Document(io.BytesIO(concept_document(result, ReportOptions())))
    named = Document(io.BytesIO(concept_document(result, ReportOptions(anonymous=False))))
    text = "\n".join(p.text for p in anonymous.paragraphs)
    assert "Gemeente 3" not in text.replace("Gemeente 3 —", "")  # only 'Gemeente 3 — prioriteit', a number
    assert "(2, 3, 7)" in text
    assert "(2 Gemeente 2, 3 Gemeente 3, 7 Gemeente 7)" in "\n".join(p.text for p in named.paragraphs)


@dataclass(frozen=True)
class Intervention:
    id: str
    name: str
    level: str
    description: str


@dataclass(frozen=True)
class Condition:
    id: str
    pillar: str
    title: str
    sections: tuple[str, ...]
    available: tuple = ()
    interventions: tuple[Intervention, ...] = ()
    examples: tuple = ()


class FakeCatalogue:
    def __init__(self, conditions: list[Condition]):
        self.conditions = conditions

    def for_section(self, section_id: str) -> list[Condition]:
        return [c for c in self.conditions if section_id in c.sections]


CATALOGUE = FakeCatalogue([
    Condition("c1", "bestaanscondities", "Gezond leven", ("gezondheid",), interventions=(
        Intervention("i1", "Grip op je dip", "erkend, effectief", "Online cursus voor jongeren.\nTweede regel."),
        Intervention("i2", "Buurtsportcoach", "inspirerend", ""))),
    Condition("c2", "herstelzorg", "Straat", ("dakloze_mensen",), interventions=(
        Intervention("i3", "Straatteam", "inspirerend", "Outreach op straat."),)),
])


def test_each_kans_lists_its_sections_interventions_with_the_level_in_italics(result):
    doc = Document(io.BytesIO(concept_document(result, ReportOptions(), catalogue=CATALOGUE)))
    section = paragraphs_under(doc, "Gezondheid")
    kansen = section[[p.text for p in section].index("Kansen:") + 1:]
    assert [p.text for p in kansen] == [
        kansen[0].text,
        "Grip op je dip — erkend, effectief — Online cursus voor jongeren.",
        "Buurtsportcoach — inspirerend",
        kansen[3].text,
        "Grip op je dip — erkend, effectief — Online cursus voor jongeren.",
        "Buurtsportcoach — inspirerend",
    ]
    assert kansen[0].text.startswith("Slechts drie gemeenten (2, 3, 7)")
    assert [r.text for r in kansen[1].runs if r.italic] == ["erkend, effectief"]
    assert kansen[1].style.name == "List Bullet 2"
    # No interventions under a section the catalogue does not name, nor under the krachten.
    assert all(p.style.name != "List Bullet 2" for p in paragraphs_under(doc, "Wonen"))
    krachten = section[:[p.text for p in section].index("Kansen:")]
    assert all(p.style.name != "List Bullet 2" for p in krachten)


def test_with_a_catalogue_a_kans_without_erkend_intervention_is_langere_adem(result):
    every = HighlightRule(per_pillar=50)  # every kans of the pillar, not the three the report names
    doc = Document(io.BytesIO(concept_document(result, ReportOptions(), catalogue=CATALOGUE, rule=every)))
    herstelzorg = [p.text for p in doc.paragraphs]
    pace = herstelzorg[herstelzorg.index("Snellere slagen en langere adem"):]
    part = pace[pace.index("Herstelzorg"): pace.index("Wonen op maat")]
    slow = part[part.index("Langere adem:") + 1:]
    # Dakloze mensen has only an 'inspirerend' intervention: its kansen (outreach, 4 of 9) are langere adem.
    assert any(t.startswith("Vier van de negen gemeenten (") and "outreach" in t for t in slow)
    fast = part[part.index("Snellere slagen:") + 1: part.index("Langere adem:")]
    assert not any("outreach" in t for t in fast)


def test_the_implementatieplan_has_each_gemeentes_plan(doc, result):
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("Implementatieplan per ankerpunt")
    anchor = result.plan[0]
    assert anchor.title in texts[start:]
    plan = anchor.plans[0]
    assert f"Gemeente {plan.nr} — prioriteit {plan.priority}" in texts[start:]
    filled = [(label, text) for label, text in plan.fields if text]
    plan_tables = [t for t in doc.tables if not t.rows[0].cells[0].text.startswith("Gemeenten (N=")]
    assert [(r.cells[0].text, r.cells[1].text) for r in plan_tables[0].rows] == filled


@pytest.mark.skipif(not soffice_available(), reason="LibreOffice (soffice) is not installed")
def test_libreoffice_prints_the_concept_as_pdf(result):
    printed = office_to_pdf(concept_document(result, ReportOptions()), ".docx")
    assert printed.startswith(b"%PDF")


def test_consolidate_concept_writes_the_docx_next_to_the_report(tmp_path):
    out = tmp_path / "regio.xlsx"
    outcome = CliRunner().invoke(main, ["consolidate", str(DRECHTSTEDEN / "retour"), "--out", str(out),
                                        "--gemeenten", str(DRECHTSTEDEN / "gemeenten.csv"), "--concept"])
    assert outcome.exit_code == 0, outcome.output
    concept = tmp_path / "regio-concept.docx"
    assert f"Conceptrapportage (Word, om aan te vullen): {concept}\n" in outcome.output
    assert out.exists() and (tmp_path / "regio-sleutel.xlsx").exists()
    doc = Document(str(concept))
    assert len(count_tables(doc)) == 28
    help_text = CliRunner().invoke(main, ["consolidate", "--help"]).output
    assert "--concept" in help_text and "conceptrapportage in Word" in help_text


def test_each_kans_lists_the_bundled_catalogues_interventions_for_its_condition(result):
    """With the real catalogue (seed 003): under every kans of a section, exactly the interventions of the
    catalogue's conditions for that section, in the catalogue's order."""
    from workbook_tool.interventions import load_catalogue

    catalogue = load_catalogue(layout=result.layout)
    doc = Document(io.BytesIO(concept_document(result, ReportOptions(), catalogue=catalogue)))
    checked = 0
    for section_id, title in (("gezondheid", "Gezondheid"), ("inkomen", "Inkomen")):
        expected = [i.name for c in catalogue.for_section(section_id) for i in c.interventions]
        assert expected, section_id
        section = paragraphs_under(doc, title)
        texts = [p.text for p in section]
        kansen = section[texts.index("Kansen:") + 1:]
        groups: list[list[str]] = []
        for p in kansen:
            if p.style.name == "List Bullet 2":
                groups[-1].append(p.text.split(" — ")[0])
            elif p.style.name == "List Bullet":
                groups.append([])
        assert groups and all(group == expected for group in groups), (section_id, groups[:1], expected)
        checked += len(groups)
    assert checked >= 2
