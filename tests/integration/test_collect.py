"""collect: a folder of returns -> answers, problems and status, exports, the CLI, worker processes.

The bad-file corpus (one precise message per bad file, bombs, mutations, Excel-made files) is in
test_collect_bad_files.py; the folders are built in conftest.py.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import openpyxl
import pandas as pd
from click.testing import CliRunner

from tests.support.paths import LAYOUT_2022
from tests.support.returns import (
    BOMB_LIMITS,
    GEMEENTEN,
    make_return,
    random_answers,
    saved_at,
    set_read_limits,
    with_metadata_cell,
    without_metadata_sheet,
    without_names,
)
from workbook_tool.cli import main
from workbook_tool.collect import collect, return_files
from workbook_tool.export import write_export, write_status_workbook
from workbook_tool.parallel import read_many
from workbook_tool.read import read_return


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_collect_reads_every_answer_exactly(returns, layout_2022, template):
    folder, answers = returns
    before = digest(folder)
    result = collect(folder, [layout_2022], GEMEENTEN)
    assert digest(folder) == before, "input files are never modified"
    frame = result.answers_frame()
    for name in ("A", "B", "C"):
        rows = frame[frame.gemeente == f"Gemeente {name}"]
        assert len(rows) == len(template.cells), "one row per answer cell"
        filled = rows[rows.value_as_found != ""]
        expected = {k: v for k, v in answers[name].items() if str(v).strip() != ""}
        assert len(filled) == len(expected), "every non-empty answer cell is in the export (counted)"
        for row in filled.itertuples():
            key = f"{row.question_id}.{row.item_id}.{row.column}"
            value = expected[key]
            if hasattr(value, "isoformat"):
                assert row.value == value.isoformat()
            else:
                assert row.value_as_found == str(value), key
                assert row.value == value, key


def test_status_against_the_list(returns, layout_2022):
    folder, _ = returns
    result = collect(folder, [layout_2022], GEMEENTEN)
    status = {s.gemeente: s for s in result.status}
    assert status["Gemeente D"].status == "missing"
    assert status["Gemeente X"].status == "unknown"
    assert status["Gemeente B"].status in ("incomplete", "problems")
    assert 0.3 < status["Gemeente B"].share < 0.9
    assert status["Gemeente C"].file == "Gemeente C.xlsx"
    assert status["Gemeente A"].contactpersoon == "Piet"
    duplicate = [p for p in result.problems if p.code == "duplicate"]
    assert duplicate and ("Gebruikt: Gemeente C.xlsx, omdat het even laat is opgeslagen en de meeste antwoorden bevat"
                          in duplicate[0].message)
    assert any(p.code == "gemeente_unknown" and p.file == "X.xlsx" for p in result.problems)
    assert result.needs_attention


def test_export_formats_and_status_workbook(returns, layout_2022, tmp_path):
    folder, _ = returns
    result = collect(folder, [layout_2022], GEMEENTEN)
    expected = result.answers_frame()
    for suffix in (".csv", ".parquet", ".xlsx"):
        path = write_export(result, tmp_path / f"export{suffix}")
        if suffix == ".csv":
            back = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        elif suffix == ".parquet":
            back = pd.read_parquet(path)
        else:
            back = pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl")
        assert list(back.columns) == list(expected.columns)
        assert len(back) == len(expected)
        assert list(back["value_as_found"].fillna("")) == list(expected["value_as_found"])
    status = write_status_workbook(result, tmp_path / "status.xlsx")
    book = openpyxl.load_workbook(status)
    assert book.sheetnames == ["Overzicht", "Status", "Problemen", "Bestanden"]
    rows = {r[0]: r for r in book["Status"].iter_rows(min_row=2, values_only=True)}
    assert rows["Gemeente D"][3] == "niet ingeleverd"


def test_the_status_overview_says_per_gemeente_what_is_still_to_do(template, layout_2022, tmp_path):
    """The printable Overzicht of the status workbook: received (the workbook's own saved time, in Dutch
    time), who filled it in, and per tab the open questions: here exactly the one question left empty."""
    answers = {k: v for k, v in random_answers(template, 3, share=1.0).items()
               if not k.startswith("gezondheid_welzijn.")}
    folder = tmp_path / "retour"
    folder.mkdir()
    saved_at(make_return(template, GEMEENTEN[0], answers, folder / "a.xlsx"), "2026-03-05T16:30:00Z")
    result = collect(folder, [layout_2022], GEMEENTEN[:2])
    book = openpyxl.load_workbook(write_status_workbook(result, tmp_path / "status.xlsx"))
    rows = [r for r in book["Overzicht"].iter_rows(values_only=True) if isinstance(r[0], int)]
    first, second = rows
    # "Ingevuld door" (column E) comes from the Start sheet: test_answers_at_their_place types it in LibreOffice.
    assert first[1:4] == (GEMEENTEN[0].naam, "onvolledig", "05-03-2026 17:30")
    assert first[7] == "Bestaanscondities: Faciliteiten om het welzijn onder inwoners te vergroten"
    assert second[1:3] == (GEMEENTEN[1].naam, "niet ingeleverd") and second[7] == "Nog niets ontvangen."
    sheet = book["Overzicht"]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9


def test_harmless_variants_are_normalised_and_reported_as_info(template, layout_2022, tmp_path):
    key = "gezondheid_welzijn.trainingen.antwoord"
    make_return(template, GEMEENTEN[0], {key: " JA\u00a0", "gezondheid_welzijn.leefstijl.antwoord": "misschien",
                                    "inzicht_verlies_na_gebeurtenis.uitzettingen_huurschulden.aantal": "1.375",
                                    "inzicht_verlies_na_gebeurtenis.uitzettingen_overlast.aantal": "3-4",
                                    "inzicht_verlies_na_gebeurtenis.huisverlatingen_huiselijk_geweld.aantal": "veel"},
                tmp_path / "a.xlsx")
    result = read_return(tmp_path / "a.xlsx", [layout_2022])
    by_key = {a.field.key: a for a in result.answers}
    assert (by_key[key].value, by_key[key].value_as_found, by_key[key].problem) == ("Ja", " JA\u00a0", "normalised")
    pasted = by_key["gezondheid_welzijn.leefstijl.antwoord"]
    assert (pasted.value, pasted.problem) == ("misschien", "not_in_list"), "kept as found, never coerced"
    problem = next(p for p in result.problems if p.code == "not_in_list")
    assert (problem.sheet, problem.question_id, problem.item_id, problem.value_found) == \
        ("Bestaanscondities", "gezondheid_welzijn", "leefstijl", "misschien")
    assert problem.cell == by_key["gezondheid_welzijn.leefstijl.antwoord"].cell.split("!")[1]
    assert "Ja, Nee" in problem.expected
    assert by_key["inzicht_verlies_na_gebeurtenis.uitzettingen_huurschulden.aantal"].value == 1375
    assert by_key["inzicht_verlies_na_gebeurtenis.uitzettingen_overlast.aantal"].value == "3-4"
    assert by_key["inzicht_verlies_na_gebeurtenis.huisverlatingen_huiselijk_geweld.aantal"].problem == "not_a_number"


def test_a_return_without_metadata_is_read_through_its_names(bad_folder, layout_2022):
    folder, _ = bad_folder
    with_meta = read_return(folder / "Gemeente A.xlsx", [layout_2022])
    without = read_return(folder / "zonder metadata.xlsx", [layout_2022])
    assert without.identity.method == "names" and without.identity.gemeente == "Gemeente A"
    assert [a.value for a in without.answers] == [a.value for a in with_meta.answers]


def test_cli_collect_table_json_and_exit_code(returns, tmp_path):
    folder, _ = returns
    listing = tmp_path / "lijst.csv"
    listing.write_text("nummer,naam,regio\n" + "".join(f"{g.nummer},{g.naam},{g.regio}\n" for g in GEMEENTEN))
    result = CliRunner().invoke(main, ["collect", str(folder), "--gemeenten", str(listing),
                                       "--export", str(tmp_path / "a.csv"), "--status", str(tmp_path / "s.xlsx")])
    assert result.exit_code == 1, result.output
    assert "Gemeente D" in result.output and "niet ingeleverd" in result.output
    assert "Traceback" not in result.output
    assert (tmp_path / "a.csv").exists() and (tmp_path / "s.xlsx").exists()
    as_json = CliRunner().invoke(main, ["collect", str(folder), "--gemeenten", str(listing), "--json",
                                        "--status", str(tmp_path / "s2.xlsx")])
    data = json.loads(as_json.output[as_json.output.index("{"):])
    assert data["needs_attention"] is True
    assert {s["gemeente"]: s["status"] for s in data["status"]}["Gemeente D"] == "niet ingeleverd"


def test_cli_collect_exit_zero_when_all_complete(template, layout_2022, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    full = {k: v for k, v in random_answers(template, 11, share=1.0).items()}
    # A consistent complete return: every item answered with the first choice, no 'Geen', anders explained.
    for record in template.cells:
        if record.type == "choice":
            full[record.key] = layout_2022.choice_lists[record.choices][-1]
    make_return(template, GEMEENTEN[0], full, folder / "a.xlsx")
    listing = tmp_path / "lijst.csv"
    listing.write_text("naam,regio\nGemeente A,Regio Noord\n")
    result = CliRunner().invoke(main, ["collect", str(folder), "--gemeenten", str(listing), "--layout",
                                       str(LAYOUT_2022), "--status", str(tmp_path / "s.xlsx")])
    assert "compleet" in result.output, result.output
    problems = [line for line in result.output.splitlines() if "FOUT" in line or "let op" in line]
    assert result.exit_code == (1 if problems else 0), result.output


def test_reading_in_worker_processes_gives_the_same_result(returns, bad_folder, layout_2022, monkeypatch):
    # Forked workers inherit the patched limits: the bombs are refused the same way in both.
    set_read_limits(monkeypatch, **BOMB_LIMITS)
    bombs = [bad_folder[0] / "zipbom.xlsx", bad_folder[0] / "reuzenblad.xlsx"]
    paths = return_files(returns[0]) + return_files(bad_folder[0])[:6] + bombs
    sequential = list(read_many(paths, [layout_2022], workers=1))
    parallel = list(read_many(paths, [layout_2022], workers=2, parallel_from=1))
    assert [r.path for r in parallel] == paths

    def summary(ret):
        answers = [(a.field.key, a.cell, a.value, a.value_as_found, a.problem) for a in ret.answers]
        return ret.outcome, ret.identity, ret.sha256, ret.saved_at, answers, ret.problems

    assert [summary(r) for r in parallel] == [summary(r) for r in sequential]
    assert any(r.saved_at for r in parallel), "the workbook's saved time crosses the process boundary"
    assert [r.problems[0].code for r in parallel[-2:]] == ["unsafe", "unsafe"]
    assert all("pakt uit tot meer dan 2 MB" in r.problems[0].message for r in parallel[-2:])
    assert all(a.field.sheet.title for r in parallel for a in r.answers)


def test_a_return_without_metadata_and_names_is_read_by_its_labels(bad_folder, layout_2022, tmp_path):
    folder, _ = bad_folder
    original = read_return(folder / "Gemeente A.xlsx", [layout_2022])
    stripped = tmp_path / "Gemeente A.xlsx"
    stripped.write_bytes(without_names(without_metadata_sheet((folder / "Gemeente A.xlsx").read_bytes())))
    result = read_return(stripped, [layout_2022])
    assert result.identity.method == "labels"
    assert result.identity.gemeente == "Gemeente A"
    assert any(p.code == "found_by_labels" for p in result.problems)
    assert [(a.field.key, a.value) for a in result.answers] == [(a.field.key, a.value) for a in original.answers]


def test_changed_metadata_is_reported(bad_folder, layout_2022, tmp_path):
    folder, _ = bad_folder
    changed = tmp_path / "gewijzigd.xlsx"
    changed.write_bytes(with_metadata_cell((folder / "Gemeente A.xlsx").read_bytes(), "B7", "Gemeente B"))
    result = read_return(changed, [layout_2022])
    codes = [p.code for p in result.problems]
    assert result.identity.gemeente == "Gemeente B"
    assert codes.count("metadata_changed") == 2, codes  # the token no longer matches, and Start disagrees
    assert any("Gemeente A" in p.message for p in result.problems if p.code == "metadata_changed")
