"""The regional report prints whole (issue 12): no row lower than its text in LibreOffice, no page with text
under 8 pt, and the plan and voorzorgscan texts gemeenten typed in LibreOffice all on paper.

The oracles are tests/support/print_check.py: LibreOffice's own optimal row height, and the word boxes of
the PDF it prints."""

from __future__ import annotations

import random
import subprocess

import pytest

from tests.support.office import require, run_libreoffice
from tests.support.print_check import clipped_per_sheet, clipped_rows, small_text_pages
from tests.support.returns import make_return, random_answers
from workbook_tool.gemeenten import Gemeente
from workbook_tool.generate import build_template, generate
from workbook_tool.pipeline import consolidate_folder

pytestmark = pytest.mark.realclient
REGIOS = ("Regio Noord", "Regio Midden", "Regio Zuid")
SENTENCES = ["De gemeente zet samen met de woningcorporaties en de GGD een vast meldpunt op voor signalen van "
             "dreigende huisuitzetting.", "Het buurtteam neemt binnen vijf werkdagen contact op met elke inwoner "
             "die een betalingsachterstand heeft.", "Ervaringsdeskundigen denken mee over de werkwijze en "
             "toetsen twee keer per jaar of de aanpak werkt.", "Voor jongeren tot 27 jaar komt er een apart "
             "traject met begeleid wonen en schuldhulp.", "De voortgang wordt elk kwartaal besproken in het "
             "regionale overleg en waar nodig bijgesteld."]
PLAN_TEXT_ITEMS = ("doel", "motivatie", "belemmeringen", "opmerkingen", "acties", "uitvoerende", "beoogd_resultaat",
                   "evaluatie")
OPEN_VOORZORG_ITEMS = ("al_aanwezig", "kansen", "nodig")


def long_text(rng: random.Random, sentences: int) -> str:
    return " ".join(rng.sample(SENTENCES, sentences))


def long_answers(template, seed: int) -> dict:
    """random_answers with long texts: every 'Anders, namelijk' over 200 characters, plan fields and the open
    voorzorgscan answers of several sentences."""
    rng = random.Random(seed)
    answers = random_answers(template, seed)
    for record in template.cells:
        if record.type != "text":
            continue
        if record.key.endswith(".namelijk"):
            answers[record.key] = long_text(rng, 2)
        elif record.key.startswith("plan_") and record.item_id in PLAN_TEXT_ITEMS:
            answers[record.key] = long_text(rng, rng.randint(2, 4))
        elif record.key.startswith("vz_") and record.item_id in OPEN_VOORZORG_ITEMS:
            answers[record.key] = long_text(rng, rng.randint(1, 3))
    return answers


@pytest.fixture(scope="module")
def long_round(layout_2022, tmp_path_factory):
    """30 returns with long texts over three regio's, consolidated: the report's worst case in print."""
    folder = tmp_path_factory.mktemp("retour30")
    template = build_template(layout_2022)
    gemeenten = [Gemeente(f"Gemeente {n:02d}", REGIOS[n % 3], n) for n in range(1, 31)]
    for gemeente in gemeenten:
        make_return(template, gemeente, long_answers(template, gemeente.nummer), folder / f"{gemeente.naam}.xlsx")
    out = tmp_path_factory.mktemp("rapport30") / "regio.xlsx"
    return consolidate_folder(folder, out, [layout_2022], gemeenten)


def printed(xlsx, office, folder):
    pdf = folder / "rapportage.pdf"
    run_libreoffice({"input": str(xlsx), "output": str(pdf), "describe": False}, folder, office.pipe)
    return pdf


def test_drechtsteden_report_has_no_clipped_row(drechtsteden_report, office, tmp_path):
    clipped = clipped_rows(drechtsteden_report.files[0], office, tmp_path)
    assert not clipped, f"{len(clipped)} rijen te laag, per blad {clipped_per_sheet(clipped)}:\n" + "\n".join(clipped)


def test_a_round_of_30_with_long_texts_has_no_clipped_row(long_round, office, tmp_path):
    clipped = clipped_rows(long_round.files[0], office, tmp_path)
    assert not clipped, f"{len(clipped)} rijen te laag, per blad {clipped_per_sheet(clipped)}:\n" + "\n".join(clipped)


@pytest.mark.parametrize("report", ["drechtsteden_report", "long_round"])
def test_no_page_prints_text_under_8_pt(report, request, office, tmp_path):
    require("pdftotext")
    small = small_text_pages(printed(request.getfixturevalue(report).files[0], office, tmp_path), min_pt=8.0)
    summary = "\n".join(f"pagina {page}: {len(words)} woorden, bijv. {', '.join(words[:5])}"
                        for page, words in small.items())
    assert not small, f"{len(small)} pagina's met tekst kleiner dan 8 pt:\n{summary}"


# Twelve texts, each with a word found nowhere else, typed in LibreOffice into the plan and the voorzorgscan.
TYPED = {
    "Gemeente Aalburg-Oost": {
        "ans__plan_prioriteit_1__doel__antwoord": "Doel Kwartelkoning: geen enkele uitzetting zonder gesprek vooraf.",
        "ans__plan_prioriteit_1__acties__antwoord": "Acties Zilverreiger: huisbezoek binnen vijf werkdagen na "
                                                    "de eerste melding van een achterstand.",
        "ans__vz_outreach__kansen__antwoord": "Kansen Boomvalk: samen met de kerken een inloop op zaterdag.",
        "ans__vz_outreach__nodig__antwoord": "Nodig Grutto: twee extra outreachwerkers en een vaste plek.",
    },
    "Gemeente Beekdal": {
        "ans__plan_prioriteit_1__doel__antwoord": "Doel Ijsvogel: jongeren tot 27 jaar vinden binnen een maand "
                                                  "een plek om te wonen.",
        "ans__plan_prioriteit_1__beoogd_resultaat__antwoord": "Resultaat Roerdomp: de helft minder jongeren op "
                                                              "straat in twee jaar.",
        "ans__vz_bemoeizorg__al_aanwezig__antwoord": "Aanwezig Wielewaal: een bemoeizorgteam van de GGD.",
        "ans__vz_bemoeizorg__kansen__antwoord": "Kansen Patrijs: de huisartsen eerder betrekken bij signalen.",
    },
    "Gemeente Cranendonk-West": {
        "ans__plan_prioriteit_1__doel__antwoord": "Doel Korhoen: iedere inwoner met schulden krijgt een vaste "
                                                  "contactpersoon.",
        "ans__plan_prioriteit_1__uitvoerende__antwoord": "Uitvoerende Goudplevier: het buurtteam met de "
                                                         "schuldhulpverlening.",
        "ans__vz_informatie_advies__al_aanwezig__antwoord": "Aanwezig Tureluur: een digitaal loket en een "
                                                            "spreekuur in de bibliotheek.",
        "ans__vz_informatie_advies__nodig__antwoord": "Nodig Kemphaan: folders in eenvoudige taal en vertalingen.",
    },
}
DISTINCTIVE = ["Kwartelkoning", "Zilverreiger", "Boomvalk", "Grutto", "Ijsvogel", "Roerdomp", "Wielewaal", "Patrijs",
               "Korhoen", "Goudplevier", "Tureluur", "Kemphaan"]


@pytest.fixture(scope="module")
def typed_round(layout_2022, office, tmp_path_factory):
    """Three generated workbooks in which a person typed the TYPED texts in LibreOffice (a priority's
    ankerpunt and the voorzorgscan's 'Ja' chosen as well), saved as .xlsx and consolidated into a PDF."""
    blank = tmp_path_factory.mktemp("blank")
    returns = tmp_path_factory.mktemp("getypt")
    jobs = tmp_path_factory.mktemp("jobs")
    gemeenten = [Gemeente(naam, REGIOS[n % 3], n + 1) for n, naam in enumerate(TYPED)]
    generated = generate(layout_2022, blank, gemeenten, ronde="2026")
    choices = {"ans__plan_prioriteit_1__ankerpunt__antwoord": "Outreach",
               "ans__vz_outreach__aan_de_slag__antwoord": "Ja", "ans__vz_bemoeizorg__aan_de_slag__antwoord": "Ja",
               "ans__vz_informatie_advies__aan_de_slag__antwoord": "Ja"}
    for gemeente, workbook in zip(gemeenten, sorted(generated.files), strict=True):
        assert gemeente.naam in workbook.name
        run_libreoffice({"input": str(workbook), "output": str(returns / workbook.name), "describe": False,
                         "type_into": {**choices, **TYPED[gemeente.naam]}}, jobs, office.pipe)
    out = tmp_path_factory.mktemp("rapport") / "regio.xlsx"
    return consolidate_folder(returns, out, [layout_2022], gemeenten, anonymous=False, pdf=True)


def test_plan_and_voorzorg_texts_typed_in_libreoffice_are_all_in_the_pdf(typed_round):
    require("pdftotext")
    pdf = typed_round.files[-1]
    assert pdf.suffix == ".pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    joined = " ".join(text.split())  # a text broken over lines is still found
    missing = [word for word in DISTINCTIVE if word not in joined]
    assert not missing, f"{len(missing)} van de 12 getypte teksten ontbreken in de PDF: {missing}"


def test_the_pdf_layout_has_no_clipped_row(drechtsteden_report, office, tmp_path):
    """The PDF is printed from a layout with LibreOffice's own line spacing (closer than Excel's): it must fit
    LibreOffice exactly as well."""
    from workbook_tool.report import report_workbook
    from workbook_tool.report.context import ReportOptions
    from workbook_tool.textfit import LIBREOFFICE

    xlsx = tmp_path / "voor-pdf.xlsx"
    xlsx.write_bytes(report_workbook(drechtsteden_report.consolidation,
                                     ReportOptions(ronde="Voorjaar 2022", program=LIBREOFFICE)))
    clipped = clipped_rows(xlsx, office, tmp_path)
    assert not clipped, f"{len(clipped)} rijen te laag, per blad {clipped_per_sheet(clipped)}:\n" + "\n".join(clipped)


def test_contents_page_numbers_are_the_pages_of_the_pdf(layout_2022, drechtsteden_gemeenten, tmp_path):
    """Every entry of the contents points to the page of the PDF where that sheet or pillar is printed, and
    the footers count the pages of the whole report."""
    require("pdftotext")
    from tests.support.paths import DRECHTSTEDEN

    outcome = consolidate_folder(DRECHTSTEDEN / "retour", tmp_path / "regio.xlsx", [layout_2022],
                                 drechtsteden_gemeenten, pdf=True)
    pdf = next(p for p in outcome.files if p.suffix == ".pdf")
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True).stdout.split("\f")[:-1]
    assert f"Pagina 1 van {len(pages)}" in pages[0]
    contents = pages[0].split("Pagina", 1)[1].splitlines()  # below the heading "Inhoud … Pagina"
    entries = [line.split() for line in contents
               if line.strip() and line.split()[-1].isdigit() and "Pagina" not in line]  # not the footer
    sheets = ("Overzicht", "Samenvatting", "Tabellen", "Per gemeente", "Grafieken", "Implementatieplan")
    checked = 0
    for words in entries:
        title, page = " ".join(words[:-1]), int(words[-1])
        if title in sheets:
            assert f"{title} " in pages[page - 1].splitlines()[-1] or title in pages[page - 1][-200:], title
            assert f"Pagina {page} van {len(pages)}" in pages[page - 1]
            checked += 1
        else:  # a pillar: its title is printed on that page
            assert title in pages[page - 1], f"{title} niet op pagina {page}"
    assert checked == len(sheets)


def test_the_status_workbook_has_no_clipped_row(office, tmp_path, layout_2022, drechtsteden_gemeenten):
    """The status workbook's printable Overzicht (open questions per tab can run to many lines)."""
    from tests.support.paths import DRECHTSTEDEN
    from workbook_tool.collect import collect
    from workbook_tool.export import write_status_workbook

    result = collect(DRECHTSTEDEN / "retour", [layout_2022], drechtsteden_gemeenten)
    status = write_status_workbook(result, tmp_path / "status.xlsx")
    clipped = [c for c in clipped_rows(status, office, tmp_path) if c.startswith("'Overzicht'")]
    assert not clipped, "\n".join(clipped)
