"""Terugkoppeling per gemeente on the Drechtsteden sample: each workbook holds its own answers (as collect
read them), the regional counts of the report's Tabellen sheet, and no other gemeente's name."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re

import openpyxl
import pytest
from click.testing import CliRunner

from tests.support.paths import DRECHTSTEDEN
from workbook_tool.cli import main
from workbook_tool.pipeline import OutputRefused, feedback_folder

NAMES = [f"Gemeente {n}" for n in range(1, 10)]  # samples/drechtsteden-2022/gemeenten.csv


@pytest.fixture(scope="module")
def feedback(layout_2022, drechtsteden_gemeenten, tmp_path_factory):
    out = tmp_path_factory.mktemp("terugkoppeling")
    return feedback_folder(DRECHTSTEDEN / "retour", out, [layout_2022], drechtsteden_gemeenten,
                           deadline=dt.date(2026, 3, 20))


def _rows(path) -> list[tuple]:
    """The non-empty rows of the workbook's only sheet, as values."""
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Terugkoppeling"]
    return [r for r in book.active.iter_rows(values_only=True) if any(v not in (None, "") for v in r)]


def _blocks(rows: list[tuple], header: str, title_back: int) -> list[tuple[str, list[tuple]]]:
    """The question blocks of a sheet in order: (title, rows after the column header row whose column B is
    header), a block continued on the next page (its title marked '(vervolg)') joined to the one before."""
    blocks: list[tuple[str, list[tuple]]] = []
    starts = [k for k, r in enumerate(rows) if r[1] == header and not r[0]]
    for index, k in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(rows)
        before = [str(r[0]) for r in rows[max(0, k - 4):k] if r[0]]
        if blocks and any(t.endswith("(vervolg)") for t in before):
            blocks[-1][1].extend(rows[k + 1:end])
        else:
            blocks.append((str(rows[k - title_back][0]), rows[k + 1:end]))
    return blocks


def _feedback_blocks(path) -> list[tuple[str, list[tuple]]]:
    rows = _rows(path)
    end = next(k for k, r in enumerate(rows) if r[0] == "Waar u afwijkt van de regio")
    # Item rows have all three columns; an "Anders, namelijk" text spans the row.
    return [(title, [r for r in items if r[1] is not None and r[2] is not None])
            for title, items in _blocks(rows[:end], "Uw antwoord", 2)]


def test_one_workbook_per_gemeente_named_after_it(feedback):
    assert [p.name for p in feedback.files] == [f"Terugkoppeling - {name}.xlsx" for name in NAMES]
    first = _rows(feedback.files[0])
    assert first[0][0] == "Terugkoppeling: Gemeente 1"
    assert ("Regio", "Drechtsteden en Alblasserwaard", None) in first
    assert ("Ronde", "Voorjaar 2022", None) in first
    assert ("Controleer uw antwoorden en laat het de coördinator vóór 20-03-2026 weten als er iets niet "
            "klopt.", None, None) in first


def test_each_workbook_holds_exactly_its_own_answers(feedback, layout_2022):
    answers = feedback.collected.answers_frame()
    questions = [q for s in layout_2022.sheets for q in s.questions if q.kind != "fields"]
    for name, path in zip(NAMES, feedback.files, strict=True):
        own = answers[answers["gemeente"] == name]
        keys = zip(own["question_id"], own["item_id"], own["column"], strict=True)
        value = dict(zip(keys, own["value"], strict=True))
        blocks = _feedback_blocks(path)
        assert [title for title, _ in blocks] == [q.title for q in questions]
        checked = 0
        for question, (_, rows) in zip(questions, blocks, strict=True):
            assert len(rows) == len(question.items)
            if question.kind != "checklist" or len(question.columns) != 1:
                continue
            column = question.columns[0].id
            expected = [value.get((question.id, item.id, column), "") or "niet ingevuld" for item in question.items]
            assert [r[1] for r in rows] == expected, (name, question.title)
            checked += len(expected)
        assert checked > 100, "most of the questionnaire is single-column checklists"


def test_number_tables_show_the_own_figure(feedback, layout_2022):
    answers = feedback.collected.answers_frame()
    # Gemeente 1 gave the CBS stapelingseffecten figure 2665 (seed 001: "1: 2665").
    own = answers[(answers["gemeente"] == "Gemeente 1") & (answers["value"].astype(str).str.contains("2665"))]
    assert len(own) == 1
    rows = [r for title, items in _feedback_blocks(feedback.files[0]) for r in items]
    assert any("2665" in str(r[1]) for r in rows)
    others = [r for title, items in _feedback_blocks(feedback.files[1]) for r in items]
    assert not any("2665" in str(r[1]) for r in others), "Gemeente 2 does not see Gemeente 1's figure"


def _counts(text: object) -> list[str]:
    """The counts in a regional cell: '7 van 9' -> ['7']; 'Ja 6 · Nee 1 · Onbekend 2' -> ['6', '1', '2']."""
    return re.findall(r"(\d+|-)(?= · |$)", re.sub(r" van \d+", "", str(text)))


def test_regional_counts_equal_the_reports_tabellen(feedback, drechtsteden_report):
    tabellen = [r for r in openpyxl.load_workbook(drechtsteden_report.files[0])["Tabellen"].iter_rows(values_only=True)
                if any(v not in (None, "") for v in r)]
    report = []
    for title, rows in _blocks(tabellen, "Aantal", 2):
        counted = [r for r in rows if isinstance(r[1], int) or r[1] == "-"]
        report.append((title, [[str(r[c]) for c in (1, 3, 5) if r[c] is not None] for r in counted]))
    for path in feedback.files:
        blocks = _feedback_blocks(path)
        assert len(blocks) == len(report)
        for (title, rows), (_, expected) in zip(blocks, report, strict=True):
            assert [_counts(r[2]) for r in rows] == expected, title


def test_no_other_gemeente_is_named(feedback):
    for name, path in zip(NAMES, feedback.files, strict=True):
        texts = [str(v) for r in _rows(path) for v in r if v is not None]
        assert any(name in t for t in texts)
        for other in NAMES:
            if other != name:
                assert not [t for t in texts if re.search(rf"{other}(?!\d)", t)], (name, other)


def test_problems_of_the_own_return_are_listed(feedback):
    rows = _rows(feedback.files[2])  # Gemeente 3: 'Anders' chosen without saying what (collect's warnings)
    start = rows.index(("Melding", "Tabblad", "Cel"))
    listed = rows[start + 1:]
    expected = [p for p in feedback.collected.problems if p.file == "Gemeente 3.xlsx"]
    assert expected and [(r[0], r[1], r[2]) for r in listed] == [(p.message, p.sheet, p.cell) for p in expected]


def test_cli_feedback_in_dutch(tmp_path, drechtsteden_gemeenten):
    out = tmp_path / "terugkoppeling"
    result = CliRunner().invoke(main, ["feedback", str(DRECHTSTEDEN / "retour"), "--gemeenten",
                                       str(DRECHTSTEDEN / "gemeenten.csv"), "--out", str(out),
                                       "--deadline", "20-03-2026"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"9 terugkoppelingen geschreven naar {out}:")
    assert "  Terugkoppeling - Gemeente 9.xlsx" in result.output
    assert sorted(p.name for p in out.iterdir()) == [f"Terugkoppeling - {name}.xlsx" for name in NAMES]


def test_cli_refuses_an_output_among_the_returns(tmp_path):
    returns = tmp_path / "retour"
    returns.mkdir()
    for source in (DRECHTSTEDEN / "retour").iterdir():
        (returns / source.name).write_bytes(source.read_bytes())
    with pytest.raises(OutputRefused):
        feedback_folder(returns, returns / "terugkoppeling")
    result = CliRunner().invoke(main, ["feedback", str(returns), "--out", str(returns / "terugkoppeling")])
    assert result.exit_code == 1
    assert "ligt in de map met retouren" in result.output


def test_mail_feedback_attaches_each_gemeentes_own_feedback(feedback, tmp_path):
    listed = tmp_path / "gemeenten.csv"
    listed.write_text("nummer,naam,regio,contactpersoon,e-mail\n" + "".join(
        f"{n},Gemeente {n},Drechtsteden en Alblasserwaard,Contact {n},g{n}@example.nl\n" for n in range(1, 10)),
        encoding="utf-8")
    out = tmp_path / "concepten"
    result = CliRunner().invoke(main, ["mail", "feedback", "--gemeenten", str(listed), "--terugkoppeling",
                                       str(feedback.files[0].parent), "--out", str(out), "--deadline", "20-03-2026",
                                       "--coordinator-naam", "A. de Vries", "--coordinator-email",
                                       "a.devries@example.nl"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"9 terugkoppelingen geschreven naar {out}:")
    message = email.message_from_bytes((out / "Terugkoppeling - Gemeente 3.eml").read_bytes(),
                                       policy=email.policy.default)
    assert message["X-Unsent"] == "1" and message["To"] == "Contact 3 <g3@example.nl>"
    body = message.get_body(("plain",)).get_content()
    assert "gemeente Gemeente 3" in body
    assert "laat het de coördinator vóór vrijdag 20 maart 2026 weten als er iets niet klopt" in body
    assert not re.search(r"Gemeente [124-9]", body)
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "Terugkoppeling - Gemeente 3.xlsx"
    assert attachment.get_content() == (feedback.files[0].parent / "Terugkoppeling - Gemeente 3.xlsx").read_bytes()


def test_mail_feedback_without_feedback_folder_says_so_in_dutch(tmp_path):
    result = CliRunner().invoke(main, ["mail", "feedback", "--gemeenten", str(DRECHTSTEDEN / "gemeenten.csv"),
                                       "--terugkoppeling", str(tmp_path / "nergens"), "--out", str(tmp_path / "uit")])
    assert result.exit_code == 1
    assert "is geen map met terugkoppelingen" in result.output


def test_differences_are_the_items_where_it_stands_apart(feedback, layout_2022):
    """From the workbook's own answer and regional count (N=9 everywhere in the sample): an item it lacks
    while at least 6 of the 8 others have it, or has while at most 2 of the 8 others have it, is listed."""
    questions = [q for s in layout_2022.sheets for q in s.questions if q.kind != "fields"]
    for path in feedback.files:
        expected = []
        for question, (_, rows) in zip(questions, _feedback_blocks(path), strict=True):
            if question.kind != "checklist" or len(question.columns) != 1:
                continue
            for item, row in zip(question.items, rows, strict=True):
                has, count = row[1] == "Ja", int(str(row[2]).split(" van ")[0])
                others = count - has
                if not item.role and ((has and others <= 2) or (not has and others >= 6)):
                    expected.append((f"{question.title}: {item.display_label}",
                                     "heeft dit wel" if has else "heeft dit niet", f"{others} van 8"))
        rows = _rows(path)
        start = rows.index(("Onderdeel", "U", "Andere gemeenten"))
        end = next(k for k, r in enumerate(rows) if r[0] == "Voorzorgscan en implementatieplan")
        several = [q.title for q in questions if q.kind == "checklist" and len(q.columns) > 1]
        listed = [r for r in rows[start + 1:end] if r[1] in ("heeft dit wel", "heeft dit niet")  # not a repeated head
                  and not any(str(r[0]).startswith(f"{t}: ") for t in several)]
        assert expected and listed == expected, path.name
