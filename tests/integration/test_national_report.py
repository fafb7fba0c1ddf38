"""The national form of the report: a round of 342 gemeenten in 25 regio's, built in-process from a synthetic
answers frame (tests/support/national.py), written and opened again with openpyxl.

The workbook must keep Excel's limits (no row over 409 points, no cell cut at 32,767 characters, every
printed page as wide as A4 allows: tests/support/excel_limits.py), and every regio's counts must add up to
the total. The expected counts and N's are worked out here from the answers frame itself."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pytest

from tests.support.excel_limits import limit_problems, open_workbook, printed_pages_across
from tests.support.national import national_frame, national_gemeenten
from workbook_tool.consolidate import consolidate
from workbook_tool.errors import READ_CODES
from workbook_tool.report import ReportOptions, report_workbook

COUNT = 342
REGIONS = 25
PARTIAL = "Regio 02"  # its gemeenten answered only the first sheet (national_frame)


@pytest.fixture(scope="module")
def gemeenten():
    return national_gemeenten(COUNT, REGIONS)


@pytest.fixture(scope="module")
def frame(layout_2022, gemeenten):
    return national_frame(layout_2022, gemeenten, partial_regio=PARTIAL)


@pytest.fixture(scope="module")
def book(layout_2022, gemeenten, frame):
    result = consolidate(frame, layout_2022, listed=gemeenten)
    return open_workbook(report_workbook(result, ReportOptions(ronde="Landelijk 2026")))


@pytest.fixture(scope="module")
def regio_of(gemeenten):
    return {g.naam: g.regio for g in gemeenten}


@pytest.fixture(scope="module")
def valid(frame):
    """The answers that count: filled and not failed (an error of the reader's catalogue)."""
    errors = {code for code, (severity, _) in READ_CODES.items() if severity == "error"}
    return frame[(frame["value"].astype(str) != "") & ~frame["problem"].isin(errors)]


def test_the_national_workbook_keeps_excels_limits(book):
    assert limit_problems(book) == []


def test_the_national_form_has_no_regios_sheet_and_says_it_is_national(book):
    assert "Regio's" not in book.sheetnames
    assert book["Overzicht"]["A1"].value.endswith("— landelijke rapportage")


def test_no_note_sends_the_reader_to_numbers_that_are_not_there(book):
    """Tabellen hold no Nrs. in the national form: the notes point to Per gemeente for who answered what."""
    notes = [cell.value for ws in book.worksheets for row in ws.iter_rows(max_row=4) for cell in row
             if isinstance(cell.value, str)]
    assert not [n for n in notes if "nummers van de gemeenten" in n]
    charts = [n for n in notes if n.startswith("Per vraag het aantal gemeenten")]
    assert len(charts) == 1 and "staat op het tabblad Per gemeente" in charts[0]


# -- Tabellen ------------------------------------------------------------------------------------------------

def _tables(ws, titles: set[str]):
    """From the Tabellen sheet: {(question, line, occurrence): (total, {regio: count})} and {(question, regio): N}.
    A label can occur twice in a question (two "Anders, namelijk:" under different headings): the occurrence
    tells them apart, counted afresh in every group of regio's (but not on a page where a group continues)."""
    counts: dict[tuple[str, str, int], tuple[object, dict[str, object]]] = {}
    ns: dict[tuple[str, str], int] = {}
    question, regios, continued, seen = None, [], False, Counter()
    for row in ws.iter_rows(values_only=True):
        first = row[0]
        if isinstance(first, str) and first.removesuffix(" (vervolg)") in titles:
            question, regios, continued = first.removesuffix(" (vervolg)"), [], first.endswith(" (vervolg)")
        elif isinstance(row[1], str) and row[1].startswith("Totaal (N="):
            regios = [re.fullmatch(r"(.+) \(N=(\d+)\)", head).groups() for head in row[2:] if head]
            ns.update({(question, regio): int(n) for regio, n in regios})
            seen = seen if continued else Counter()
        elif regios and first and row[1] is not None:
            seen[first] += 1
            total, by_regio = counts.setdefault((question, first, seen[first]), (row[1], {}))
            assert total == row[1], f"{question} / {first}: the total differs between the groups"
            for (regio, _n), value in zip(regios, row[2:], strict=False):
                assert regio not in by_regio, f"{question} / {first}: {regio} twice"
                by_regio[regio] = value
    return counts, ns


def _checklist_lines(layout):
    """(question title, line label, occurrence, question, item, column) of every checklist item column, as
    Tabellen names it."""
    for sheet in layout.sheets:
        for question in sheet.questions:
            if question.kind != "checklist":
                continue
            seen = Counter()
            for item in question.items:
                for column in question.columns:
                    several = len(question.columns) > 1
                    label = f"{item.display_label}: {column.label}" if several else item.display_label
                    seen[label] += 1
                    yield question.title, label, seen[label], question, item, column


def test_every_regios_counts_add_up_to_the_total(book, layout_2022):
    titles = {q.title for s in layout_2022.sheets for q in s.questions}
    counts, _ns = _tables(book["Tabellen"], titles)
    regions = {f"Regio {n:02d}" for n in range(1, REGIONS + 1)}
    assert len(counts) > 300
    for line, (total, by_regio) in counts.items():
        assert set(by_regio) == regions, line
        if total == "-":
            assert set(by_regio.values()) == {"-"}, line
        else:
            assert sum(by_regio.values()) == total, line


def test_the_counts_and_ns_per_regio_are_those_of_the_answers(book, layout_2022, valid, regio_of):
    titles = {q.title for s in layout_2022.sheets for q in s.questions}
    counts, ns = _tables(book["Tabellen"], titles)
    answered = defaultdict(set)  # question id -> gemeenten with a valid answer in any of its cells
    for question_id, gemeente in zip(valid["question_id"], valid["gemeente"], strict=True):
        answered[question_id].add(gemeente)
    positive = Counter()  # (question, item, column, regio) -> gemeenten with the first choice (Ja)
    for q, i, c, v, g in zip(valid["question_id"], valid["item_id"], valid["column"], valid["value"],
                             valid["gemeente"], strict=True):
        positive[(q, i, c, regio_of[g])] += v == "Ja"
    checked = 0
    for title, label, occurrence, question, item, column in _checklist_lines(layout_2022):
        total, by_regio = counts[(title, label, occurrence)]
        if column not in item.columns:
            assert total == "-"
            continue
        expected = {f"Regio {n:02d}": positive[(question.id, item.id, column.id, f"Regio {n:02d}")]
                    for n in range(1, REGIONS + 1)}
        assert by_regio == expected, (title, label)
        assert total == sum(expected.values())
        checked += 1
    assert checked > 250
    for sheet in layout_2022.sheets:
        for question in sheet.questions:
            if question.kind == "fields":
                continue
            per_regio = Counter(regio_of[g] for g in answered[question.id])
            for n in range(1, REGIONS + 1):
                assert ns[(question.title, f"Regio {n:02d}")] == per_regio[f"Regio {n:02d}"], question.id
            if sheet is not layout_2022.sheets[0]:
                assert ns[(question.title, PARTIAL)] == 0, "the regio answered only the first sheet"


def test_a_count_shows_its_share_of_the_n(book):
    """'12 (86%)': the cell holds 12, its number format adds its share of the N in its column's header (the
    regio's or the total's; those N's are checked against the answers above)."""
    ns, shown = [], 0
    for row in book["Tabellen"].iter_rows():
        if isinstance(row[1].value, str) and row[1].value.startswith("Totaal (N="):
            ns = [int(re.search(r"\(N=(\d+)\)", c.value).group(1)) if c.value else None for c in row[1:]]
        elif ns and isinstance(row[1].value, int):
            for cell, n in zip(row[1:], ns, strict=False):
                if isinstance(cell.value, int) and n:
                    assert cell.number_format == f'0" ({round(100 * cell.value / n)}%)"', cell.coordinate
                    shown += 1
    assert shown > 5000


# -- Per gemeente ---------------------------------------------------------------------------------------------

def test_per_gemeente_has_each_regio_on_pages_of_its_own(book, gemeenten):
    ws = book["Per gemeente"]
    regio_row, number_row = next((r, r + 1) for r in range(1, 10) if ws.cell(r, 1).value == "Regio")
    numbers = [ws.cell(number_row, c).value for c in range(2, ws.max_column + 1)]
    assert sorted(int(n) for n in numbers) == list(range(1, COUNT + 1))
    regio_of = {str(g.nummer): g.regio for g in gemeenten}
    starts = {}
    for col in range(2, ws.max_column + 1):
        head = ws.cell(regio_row, col).value
        if head:
            starts[col] = head
    firsts = sorted(starts)
    for first, end in zip(firsts, firsts[1:] + [ws.max_column + 1], strict=True):
        regio = re.fullmatch(r"(.+) \(n=\d+\)", starts[first]).group(1)
        assert {regio_of[str(ws.cell(number_row, c).value)] for c in range(first, end)} == {regio}
    page_starts = {page[1] for page in printed_pages_across(ws)}  # page[0] is the repeated label column
    assert set(firsts) <= page_starts, "every regio starts a page across"


def test_per_gemeente_holds_every_answer(book, frame, layout_2022):
    fields = {q.id for s in layout_2022.sheets for q in s.questions if q.kind == "fields"}
    shown = frame[~frame["question_id"].isin(fields)]
    expected = int(((shown["value"].astype(str) != "") | (shown["value_as_found"].astype(str) != "")).sum())
    ws = book["Per gemeente"]
    number_row = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Onderdeel")
    found = sum(1 for row in ws.iter_rows(min_row=number_row + 1, min_col=2, values_only=True)
                for value in row if value not in (None, ""))
    assert found == expected


# -- Implementatieplan ----------------------------------------------------------------------------------------

def test_the_plan_is_a_summary_per_ankerpunt_that_adds_up(book):
    ws = book["Implementatieplan"]
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) < 500, "no plan of every gemeente"
    totals, anchor, per_regio = {}, None, Counter()
    in_overview = False
    for row in rows:
        first = row[0]
        if first == "Alle gemeenten":
            in_overview = True
        elif isinstance(first, str) and first.startswith("Ankerpunt: "):
            in_overview, anchor, per_regio = False, first.removeprefix("Ankerpunt: "), Counter()
        elif in_overview and isinstance(row[1], int):
            totals[first] = row[1:]
        elif anchor and isinstance(first, str) and first.startswith("Regio ") and isinstance(row[1], int):
            per_regio.update({i: v for i, v in enumerate(row[1:]) if isinstance(v, int)})
        elif anchor and first == "Totaal":
            assert tuple(per_regio[i] for i in range(len(row) - 1)) == tuple(row[1:]) == totals[anchor], anchor
    assert len(totals) == 12 and all(t[0] > 0 for t in totals.values())


# -- the rule -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("count", "national"), [(40, False), (41, True)])
def test_more_than_forty_gemeenten_make_a_landelijke_rapportage(layout_2022, count, national):
    gemeenten = national_gemeenten(count, 4)
    result = consolidate(national_frame(layout_2022, gemeenten, partial_regio=""), layout_2022, listed=gemeenten)
    book = open_workbook(report_workbook(result, ReportOptions()))
    assert ("Regio's" not in book.sheetnames) is national
    headers = {cell.value for row in book["Tabellen"].iter_rows(max_row=12) for cell in row}
    assert ("Nrs." not in headers) is national
    assert limit_problems(book) == []


def test_beyond_a_national_round_per_gemeente_is_left_out_and_the_report_says_where_the_answers_are(layout_2022):
    gemeenten = national_gemeenten(401, REGIONS)
    result = consolidate(national_frame(layout_2022, gemeenten, partial_regio=""), layout_2022, listed=gemeenten)
    book = open_workbook(report_workbook(result, ReportOptions()))
    assert "Per gemeente" not in book.sheetnames
    notes = [row[0] for row in book["Overzicht"].iter_rows(values_only=True) if row[0]]
    assert any("workbook-tool collect --export" in str(note) for note in notes)
    assert limit_problems(book) == []
