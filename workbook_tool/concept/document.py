"""The concept report as a Word document (python-docx), in the form of the published report: title page,
"Over deze rapportage", Deel 1 (krachten and kansen per pillar and section, then snellere slagen and langere
adem), Deel 2 (every table, "Gemeenten (N=…) | Aantal | Nrs."), and the Implementatieplan.

Editable on purpose: real headings (Kop 1/2/3), real tables, a contents field Word fills in. The numbers come
from the Consolidation as the workbook prints them (Count.nrs_text()), never counted again here.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..consolidate import Consolidation, Count, Table
from ..report.context import ReportContext, ReportOptions
from .highlights import Candidate, HighlightRule, by_section, pace
from .wording import number_word, sentence

DRAFT = "Concept — voor de onderzoeker om aan te vullen"
FONT = "Calibri"
TEXT_WIDTH = 16.6  # cm between the margins of A4 portrait (21 - 2 x 2.2)
COUNT_WIDTH = 1.4  # cm, the Aantal column


def concept_document(result: Consolidation, options: ReportOptions | None = None, catalogue=None,
                     rule: HighlightRule | None = None) -> bytes:
    """The concept report as .docx bytes. catalogue: the interventions catalogue (for_section(id) ->
    conditions), or None: then no interventions are listed and the pace rule uses the counts only."""
    options = options or ReportOptions()
    rule = rule or HighlightRule()
    ctx = ReportContext(None, result, options)  # no workbook: only its wording (labels, notes, legend)
    doc = _new_document(result)
    _title_page(doc, ctx)
    _contents(doc)
    _about(doc, ctx)
    _part_one(doc, ctx, catalogue, rule)
    _part_two(doc, ctx)
    if result.plan:
        _plan(doc, ctx)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _new_document(result: Consolidation) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm((21 - TEXT_WIDTH) / 2))
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Title", "List Bullet", "List Bullet 2"):
        style = doc.styles[name]
        style.font.name = FONT
        style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)  # otherwise Word keeps the theme's font for some text
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.core_properties.title = f"{result.layout.title} — concept-rapportage"
    doc.core_properties.author = "workbook_tool"
    _page_number_footer(section)
    return doc


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE, TOC …) as begin/instruction/separate/result/end runs: Word and LibreOffice fill it in."""
    def char(kind: str) -> None:
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
    char("begin")
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    char("separate")
    paragraph.add_run(placeholder)
    char("end")


def _page_number_footer(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Pagina ")
    _field(paragraph, "PAGE", "1")


def _page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _title_page(doc, ctx: ReportContext) -> None:
    result = ctx.result
    for _ in range(6):
        doc.add_paragraph()
    doc.add_paragraph(f"{result.layout.title}", style="Title")
    lines = [f"Regionale rapportage {ctx.regio}".strip(),
             f"Ronde {ctx.options.ronde}" if ctx.options.ronde else "",
             f"{number_word(result.n).capitalize()} gemeenten (N={result.n})",
             ctx.date.strftime("%d-%m-%Y")]
    for line in filter(None, lines):
        doc.add_paragraph(line).runs[0].font.size = Pt(14)
    draft = doc.add_paragraph().add_run(DRAFT)
    draft.bold, draft.font.size = True, Pt(14)
    doc.add_paragraph(f"Bron: {ctx.questionnaire}. Deze tekst is door workbook_tool gemaakt uit de tabellen; de "
                      "onderzoeker vult hem aan, herschrijft en kiest.")
    _page_break(doc)


def _contents(doc) -> None:
    doc.add_paragraph("Inhoud", style="Title").runs[0].font.size = Pt(20)
    # Word fills the contents in when the document is opened (it asks first); LibreOffice via Extra > Bijwerken.
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    doc.settings.element.append(update)
    _field(doc.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u',
           "Klik met de rechtermuisknop en kies 'Veld bijwerken' om de inhoudsopgave te maken.")
    _page_break(doc)


def _about(doc, ctx: ReportContext) -> None:
    doc.add_heading("Over deze rapportage", level=1)
    who = ("Gemeenten staan alleen met hun nummer in deze rapportage; de sleutel (nummer en naam) staat in een "
           "apart bestand en gaat niet mee." if ctx.options.anonymous else
           "Gemeenten staan met nummer en naam in deze rapportage.")
    for text in [
        f"Deze rapportage bundelt de antwoorden van {number_word(ctx.result.n)} gemeenten op de "
        f"{ctx.questionnaire}. Deel 1 beschrijft per pijler de krachten en kansen van de regio; Deel 2 geeft "
        "alle tabellen; daarna volgt het implementatieplan per ankerpunt.",
        "In de tabellen is Aantal het aantal gemeenten dat het onderdeel biedt (antwoord 'Ja'); Nrs. zijn de "
        "nummers van die gemeenten. Bij een tabel met meer antwoordkolommen staat per kolom een Aantal en Nrs.",
        "N is per tabel het aantal gemeenten dat de vraag beantwoordde. Een gemeente die een vraag helemaal "
        "openliet telt in die tabel niet mee en staat eronder genoemd.",
        who,
        "Deel 1 is een concept: de krachten en kansen zijn gekozen met een vaste regel uit de aantallen (zie "
        "'Hoe de krachten en kansen gekozen zijn' in Deel 1). De onderzoeker vult aan en herschrijft.",
    ]:
        doc.add_paragraph(text)


# Deel 1 ------------------------------------------------------------------------------------------------------

def _part_one(doc, ctx: ReportContext, catalogue, rule: HighlightRule) -> None:
    _page_break(doc)
    doc.add_heading("Deel 1 — Krachten en kansen", level=1)
    doc.add_heading("Hoe de krachten en kansen gekozen zijn", level=2)
    doc.add_paragraph(
        f"Per onderdeel (sectie) van de vragenlijst: een kracht is wat meer dan {_pct(rule.kracht_share)} van de "
        f"gemeenten heeft en hoogstens {_pct(rule.kracht_band)} van de gemeenten onder het best verspreide item "
        f"van dat onderdeel ligt; een kans is wat hoogstens {_pct(rule.kans_share)} van de gemeenten heeft en "
        "minder dan elke kracht van het onderdeel. Dit is een concept voor de onderzoeker.")
    sections = by_section(ctx.result, rule)
    current = None
    for sheet, section, found in sections:
        if sheet is not current:
            current = sheet
            doc.add_heading(sheet.title, level=2)
        doc.add_heading(section.title, level=3)
        conditions = list(catalogue.for_section(section.id)) if catalogue is not None else None
        _bullets(doc, ctx, "Krachten", found.krachten, kans=False)
        _bullets(doc, ctx, "Kansen", found.kansen, kans=True, conditions=conditions)
    _pace(doc, ctx, sections, catalogue, rule)


def _pct(share: float) -> str:
    return f"{round(share * 100)}%"


def _bullets(doc, ctx: ReportContext, title: str, found: Sequence[Candidate], *, kans: bool,
             conditions=None) -> None:
    paragraph = doc.add_paragraph()
    paragraph.add_run(f"{title}:").bold = True
    if not found:
        doc.add_paragraph("Geen volgens de regel; de onderzoeker kan er zelf een noemen.", style="List Bullet")
        return
    for candidate in found:
        doc.add_paragraph(_sentence(ctx, candidate, kans), style="List Bullet")
        for condition in conditions or []:
            for intervention in condition.interventions:
                _intervention(doc, intervention)


def _sentence(ctx: ReportContext, c: Candidate, kans: bool) -> str:
    multi = len(c.table.question.columns) > 1
    return sentence(c.count, c.n, c.nrs, c.item.label, c.table.question.title, kans=kans,
                    column_label=c.column.label if multi else "", gemeente=ctx.gemeente_label)


def _intervention(doc, intervention) -> None:
    """'Naam — erkend, effectief — first line of the description', the level in italics."""
    paragraph = doc.add_paragraph(style="List Bullet 2")
    paragraph.add_run(intervention.name)
    if intervention.level:
        paragraph.add_run(" — ")
        paragraph.add_run(intervention.level).italic = True
    summary = (intervention.description or "").strip().splitlines()
    if summary:
        paragraph.add_run(f" — {summary[0]}")


def _pace(doc, ctx: ReportContext, sections, catalogue, rule: HighlightRule) -> None:
    doc.add_heading("Snellere slagen en langere adem", level=2)
    doc.add_paragraph().add_run(
        "Concept. Een snellere slag is een kans die al enkele gemeenten in de regio hebben (meer dan "
        f"{_pct(rule.adem_share)}) en waarvoor, als de interventiecatalogus is meegegeven, een erkende interventie "
        "bestaat. Een langere adem is een kans die (bijna) geen gemeente heeft, of waarvoor de catalogus geen "
        f"erkende interventie kent. Per pijler staan er hoogstens {number_word(rule.per_pillar)} van elk. Of een "
        "kans structurele voorzieningen vraagt, beoordeelt de onderzoeker.").italic = True
    levels_of = {section.id: (None if catalogue is None else
                              [i.level for c in catalogue.for_section(section.id) for i in c.interventions])
                 for _, section, _ in sections}
    pillars = dict.fromkeys(sheet for sheet, _, _ in sections)
    for sheet in pillars:
        kansen = [k for s, _, found in sections if s is sheet for k in found.kansen]
        fast, slow = pace(kansen, levels_of, rule)
        doc.add_heading(sheet.title, level=3)
        for title, listed in (("Snellere slagen", fast), ("Langere adem", slow)):
            doc.add_paragraph().add_run(f"{title}:").bold = True
            for kans in listed:
                doc.add_paragraph(_sentence(ctx, kans, kans=True), style="List Bullet")
            if not listed:
                doc.add_paragraph("Geen volgens de regel.", style="List Bullet")


# Deel 2 ------------------------------------------------------------------------------------------------------

def _part_two(doc, ctx: ReportContext) -> None:
    _page_break(doc)
    doc.add_heading("Deel 2 — Tabellen", level=1)
    doc.add_paragraph("Aantal: het aantal gemeenten dat het onderdeel biedt (antwoord 'Ja'). Nrs.: de nummers van "
                      "die gemeenten. " + ctx.source_note())
    current = None
    for table in ctx.result.tables:
        if table.sheet is not current:
            current = table.sheet
            doc.add_heading(current.title, level=2)
        _table(doc, ctx, table)


def n_text(table: Table) -> str:
    """The label column's header, as the published report: 'Gemeenten (N=9)'; who is outside N is said below."""
    return f"Gemeenten (N={table.n})"


def _table(doc, ctx: ReportContext, table: Table) -> None:
    doc.add_heading(table.question.title, level=3)
    if table.section.title != table.question.title:
        doc.add_paragraph(table.section.title).runs[0].italic = True
    multi = len(table.headers) > 1
    heading_rows = 2 if multi else 1
    grid = doc.add_table(rows=heading_rows, cols=1 + 2 * len(table.headers))
    grid.style = "Table Grid"
    _headers(grid, table, multi)
    heading = None
    for row in table.rows:
        if row.item.heading and row.item.heading != heading:
            heading = row.item.heading
            cells = grid.add_row().cells
            merged = cells[0].merge(cells[-1])
            merged.text = heading
            merged.paragraphs[0].runs[0].bold = True
        cells = grid.add_row().cells
        cells[0].text = row.item.display_label
        if row.item.role:
            cells[0].paragraphs[0].runs[0].italic = True
        for index, count in enumerate(row.cells):
            cells[1 + 2 * index].text, cells[2 + 2 * index].text = _count_texts(count)
    _widths(grid, len(table.headers))
    _small(grid)
    _notes(doc, ctx, table)


def _headers(grid, table: Table, multi: bool) -> None:
    top = grid.rows[0].cells
    top[0].text = n_text(table)
    if not multi:
        top[1].text, top[2].text = "Aantal", "Nrs."
    else:
        below = grid.rows[1].cells
        top[0].merge(below[0])
        for index, head in enumerate(table.headers):
            pair = top[1 + 2 * index].merge(top[2 + 2 * index])
            pair.text = head
            below[1 + 2 * index].text, below[2 + 2 * index].text = "Aantal", "Nrs."
    for row in grid.rows[: 2 if multi else 1]:
        _repeat_header(row)
        for cell in row.cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True


def _repeat_header(row) -> None:
    """The heading rows come back on every page a long table continues on."""
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _count_texts(count: Count) -> tuple[str, str]:
    """Aantal and Nrs. exactly as the workbook prints them: '-' when the column is not asked of the item."""
    return ("-" if count.count is None else str(count.count)), count.nrs_text()


def _widths(grid, pairs: int) -> None:
    label = 7.0 if pairs == 1 else 5.5
    nrs = (TEXT_WIDTH - label) / pairs - COUNT_WIDTH
    _set_widths(grid, [label] + [COUNT_WIDTH, nrs] * pairs)


def _set_widths(grid, widths: list[float]) -> None:
    """Column widths in cm, on the grid (LibreOffice reads these) and on every cell (Word reads those)."""
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Cm(width)
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Cm(width)


def _small(grid) -> None:
    for row in grid.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)
                for run in paragraph.runs:
                    run.font.size = Pt(9)


def _notes(doc, ctx: ReportContext, table: Table) -> None:
    """Under the table: who is not in N, the 'Anders, namelijk' texts, the source legend, the excluded answers."""
    notes = []
    if table.not_in:
        notes.append("Niet beantwoord door gemeente " + ", ".join(ctx.gemeente_label(nr) for nr in table.not_in) + ".")
    for row in table.rows:
        for nr, text in row.texts:
            notes.append(f"{row.item.label.rstrip(': ')} — gemeente {ctx.gemeente_label(nr)}: {text}")
    legend = ctx.source_legend(table.question.columns)
    if legend:
        notes.append(legend)
    if table.excluded:
        notes.append("Niet meegeteld: " + "; ".join(
            f"gemeente {ctx.gemeente_label(x.nr)} bij '{x.item.label}' ({x.reason}: '{x.value_as_found}')"
            for x in table.excluded) + ".")
    for note in notes:
        paragraph = doc.add_paragraph(note)
        paragraph.runs[0].font.size = Pt(9)
        paragraph.paragraph_format.space_after = Pt(2)
    doc.add_paragraph()


# Implementatieplan -----------------------------------------------------------------------------------------

def _plan(doc, ctx: ReportContext) -> None:
    _page_break(doc)
    doc.add_heading("Implementatieplan per ankerpunt", level=1)
    doc.add_paragraph("Per ankerpunt van de voorzorgscan: welke gemeenten eraan werken, hun antwoorden op de scan "
                      "en het plan van elke gemeente die het als prioriteit koos.")
    for anchor in ctx.result.plan:
        doc.add_heading(anchor.title, level=2)
        working = ", ".join(ctx.gemeente_label(nr) for nr in anchor.working_on) or "geen"
        doc.add_paragraph(f"Gemeenten die eraan werken: {working}.")
        if anchor.priorities:
            doc.add_paragraph("Prioriteit: " + "; ".join(
                f"{rank}: gemeente {', '.join(ctx.gemeente_label(nr) for nr in nrs)}"
                for rank, nrs in sorted(anchor.priorities.items())) + ".")
        for question, answers in anchor.answers.items():
            if answers:
                doc.add_paragraph().add_run(question).bold = True
                for nr, text in answers:
                    doc.add_paragraph(f"Gemeente {ctx.gemeente_label(nr)}: {text}", style="List Bullet")
        for plan in anchor.plans:
            doc.add_heading(f"Gemeente {ctx.gemeente_label(plan.nr)} — prioriteit {plan.priority}", level=3)
            filled = [(label, text) for label, text in plan.fields if text]
            if not filled:
                doc.add_paragraph("Het plan is niet ingevuld.")
                continue
            grid = doc.add_table(rows=0, cols=2)
            grid.style = "Table Grid"
            for label, text in filled:
                cells = grid.add_row().cells
                cells[0].text, cells[1].text = label, text
                cells[0].paragraphs[0].runs[0].bold = True
            _set_widths(grid, [5.0, TEXT_WIDTH - 5.0])
            _small(grid)
            doc.add_paragraph()
