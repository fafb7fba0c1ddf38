"""collect: a folder of returns -> answers, problems and status; bad files get a precise message each."""

from __future__ import annotations

import hashlib
import json
import random
import time
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from tests.returns import (huge_sheet, make_return, other_version, random_answers, with_entity_bomb,
                           without_metadata_sheet, zip_bomb)
from workbook_tool.cli import main
from workbook_tool.collect import collect
from workbook_tool.export import write_export, write_status_workbook
from workbook_tool.gemeenten import Gemeente
from workbook_tool.generate import build_template, write_atomic
from workbook_tool.read import read_return

ROOT = Path(__file__).resolve().parents[1]
EXCEL_MADE = ROOT / "tests" / "data" / "excel-made"
LIST = [Gemeente("Gemeente A", "Regio Noord", 1, "Piet", "piet@a.example"), Gemeente("Gemeente B", "Regio Noord", 2),
        Gemeente("Gemeente C", "Regio Zuid", 3), Gemeente("Gemeente D", "Regio Zuid", 4)]


@pytest.fixture(scope="module")
def template(layout_2022):
    return build_template(layout_2022)


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def returns(template, tmp_path_factory):
    """A returns folder: A complete, B partly filled, C twice (older and newer), D missing, X not on the list."""
    folder = tmp_path_factory.mktemp("returns")
    full = {k: v for k, v in random_answers(template, 1, share=1.0).items()}
    answers = {"A": full, "B": random_answers(template, 2, share=0.5), "C": random_answers(template, 3, 0.8)}
    make_return(template, LIST[0], answers["A"], folder / "Gemeente A.xlsx")
    make_return(template, LIST[1], answers["B"], folder / "Gemeente B.xlsx")
    make_return(template, LIST[2], random_answers(template, 4, 0.3), folder / "Gemeente C (eerste versie).xlsx")
    (folder / "sub").mkdir()
    make_return(template, LIST[2], answers["C"], folder / "sub" / "Gemeente C.xlsx")
    make_return(template, Gemeente("Gemeente X", "Regio Oost", 9), random_answers(template, 5), folder / "X.xlsx")
    return folder, answers


def test_collect_reads_every_answer_exactly(returns, layout_2022, template):
    folder, answers = returns
    before = digest(folder)
    result = collect(folder, [layout_2022], LIST)
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
    result = collect(folder, [layout_2022], LIST)
    status = {s.gemeente: s for s in result.status}
    assert status["Gemeente D"].status == "missing"
    assert status["Gemeente X"].status == "unknown"
    assert status["Gemeente B"].status in ("incomplete", "problems")
    assert 0.3 < status["Gemeente B"].share < 0.7
    assert status["Gemeente C"].file == "Gemeente C.xlsx"
    assert status["Gemeente A"].contactpersoon == "Piet"
    duplicate = [p for p in result.problems if p.code == "duplicate"]
    assert duplicate and "Gebruikt: Gemeente C.xlsx, omdat het de meeste antwoorden bevat" in duplicate[0].message
    assert any(p.code == "gemeente_unknown" and p.file == "X.xlsx" for p in result.problems)
    assert result.needs_attention


def test_export_formats_and_status_workbook(returns, layout_2022, tmp_path):
    folder, _ = returns
    result = collect(folder, [layout_2022], LIST)
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
    assert book.sheetnames == ["Status", "Problemen", "Bestanden"]
    rows = {r[0]: r for r in book["Status"].iter_rows(min_row=2, values_only=True)}
    assert rows["Gemeente D"][3] == "niet ingeleverd"


def test_harmless_variants_are_normalised_and_reported_as_info(template, layout_2022, tmp_path):
    key = "gezondheid_welzijn.trainingen.antwoord"
    make_return(template, LIST[0], {key: " JA\u00a0", "gezondheid_welzijn.leefstijl.antwoord": "misschien",
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


def fake_ole(marker: str) -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + marker.encode("utf-16-le") + b"\0" * 1000


@pytest.fixture(scope="module")
def bad_folder(template, layout_2022, tmp_path_factory):
    """One file per bad-input case, and the expected (outcome, problem code) for each."""
    folder = tmp_path_factory.mktemp("bad")
    good = make_return(template, LIST[0], random_answers(template, 7), folder / "Gemeente A.xlsx")
    data = good.read_bytes()
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(good, "rb") as source, open(folder / "versleuteld.xlsx", "wb") as target:
        OOXMLFile(source).encrypt("geheim", target)
    cases = {
        "Gemeente A.xlsx": ("read", None),
        "versleuteld.xlsx": ("failed", "encrypted"),
        "oud.xls": ("failed", "not_xlsx"),
        "scan.ods": ("failed", "not_xlsx"),
        "antwoorden.csv": ("failed", "not_xlsx"),
        "scan.pdf": ("failed", "not_xlsx"),
        "hernoemd.xlsx": ("failed", "not_xlsx"),
        "leeg.xlsx": ("failed", "empty_file"),
        "afgebroken.xlsx": ("failed", "corrupt"),
        "~$Gemeente A.xlsx": ("skipped", "lock_file"),
        ".~lock.Gemeente A.xlsx#": ("skipped", "lock_file"),
        "andere versie.xlsx": ("failed", "unknown_layout"),
        "zonder metadata.xlsx": ("read", "metadata_missing"),
        "zipbom.xlsx": ("failed", "unsafe"),
        "entiteiten.xlsx": ("failed", "unsafe"),
        "entiteiten in teksten.xlsx": ("failed", "unsafe"),
        "reuzenblad.xlsx": ("failed", "unsafe"),
        "eigen rekenblad.xlsx": ("failed", "not_a_scan"),
    }
    (folder / "oud.xls").write_bytes(fake_ole("Workbook"))
    import zipfile
    with zipfile.ZipFile(folder / "scan.ods", "w") as ods:
        ods.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        ods.writestr("content.xml", "<office:document-content/>")
    (folder / "antwoorden.csv").write_text("vraag;antwoord\ntrainingen;Ja\n", encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    (folder / "hernoemd.xlsx").write_text("Dit is eigenlijk een tekstbestand.\n", encoding="utf-8")
    (folder / "leeg.xlsx").write_bytes(b"")
    (folder / "afgebroken.xlsx").write_bytes(data[: len(data) // 2])
    (folder / "~$Gemeente A.xlsx").write_bytes(b"\x05Piet  " + b"\0" * 150)
    (folder / ".~lock.Gemeente A.xlsx#").write_text("Piet,pc01,Piet,23.11.2026 10:00,file:///home;\n")
    other = other_version(layout_2022, "2099.1")
    make_return(other, LIST[1], {}, folder / "andere versie.xlsx")
    (folder / "zonder metadata.xlsx").write_bytes(without_metadata_sheet(data))
    (folder / "zipbom.xlsx").write_bytes(zip_bomb())
    (folder / "entiteiten.xlsx").write_bytes(with_entity_bomb(data))
    (folder / "entiteiten in teksten.xlsx").write_bytes(with_entity_bomb(data, "xl/sharedStrings.xml"))
    (folder / "reuzenblad.xlsx").write_bytes(huge_sheet())
    (folder / "eigen rekenblad.xlsx").write_bytes((EXCEL_MADE / "autofilter01.xlsx").read_bytes())
    return folder, cases


def test_every_bad_file_gets_its_own_precise_message_and_the_batch_goes_on(bad_folder, layout_2022):
    folder, cases = bad_folder
    before = digest(folder)
    started = time.perf_counter()
    result = collect(folder, [layout_2022], LIST)
    elapsed = time.perf_counter() - started
    assert digest(folder) == before
    seen = {str(f.path.relative_to(folder)): f for f in result.files}
    assert set(seen) == set(cases)
    for name, (outcome, code) in cases.items():
        ret = seen[name]
        assert ret.outcome == outcome, (name, [str(p) for p in ret.problems])
        if code:
            found = [p for p in ret.problems if p.code == code]
            assert found, (name, [str(p) for p in ret.problems])
            assert found[0].file == name and len(found[0].message) > 20
    assert {s.gemeente for s in result.status if s.status != "missing"} >= {"Gemeente A"}
    assert elapsed < 60, "bombs are refused within bounded time"


def test_a_return_without_metadata_is_read_through_its_names(bad_folder, layout_2022):
    folder, _ = bad_folder
    with_meta = read_return(folder / "Gemeente A.xlsx", [layout_2022])
    without = read_return(folder / "zonder metadata.xlsx", [layout_2022])
    assert without.identity.method == "names" and without.identity.gemeente == "Gemeente A"
    assert [a.value for a in without.answers] == [a.value for a in with_meta.answers]


def test_random_byte_mutations_never_crash(bad_folder, layout_2022, tmp_path):
    folder, _ = bad_folder
    data = (folder / "Gemeente A.xlsx").read_bytes()
    rng = random.Random(20261123)
    outcomes = set()
    for index in range(300):
        mutated = bytearray(data)
        if index % 10 == 0:
            mutated = mutated[: rng.randint(0, len(mutated))]
        else:
            for _ in range(rng.randint(1, 30)):
                mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        path = tmp_path / f"mutant{index}.xlsx"
        path.write_bytes(bytes(mutated))
        started = time.perf_counter()
        result = read_return(path, [layout_2022])
        assert time.perf_counter() - started < 10
        outcomes.add(result.outcome)
        if result.outcome == "failed":
            assert result.problems and result.problems[0].message
            assert result.problems[0].code != "internal", str(result.problems[0])
    assert "failed" in outcomes


def test_workbooks_made_by_excel_are_refused_clearly(layout_2022):
    files = sorted(EXCEL_MADE.glob("*.xlsx"))
    assert len(files) >= 490
    codes = {}
    for path in files:
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        result = read_return(path, [layout_2022])
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before
        assert result.outcome == "failed", path.name
        codes[path.name] = result.problems[0].code
    assert set(codes.values()) <= {"not_a_scan", "corrupt", "unsafe"}, \
        {k: v for k, v in codes.items() if v not in ("not_a_scan",)}
    assert list(codes.values()).count("not_a_scan") > 480


def test_outputs_are_written_atomically(tmp_path, monkeypatch):
    target = tmp_path / "export.csv"
    target.write_bytes(b"old complete content")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(target, b"new content")
    assert target.read_bytes() == b"old complete content"
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"], "no temporary file left behind"


def test_cli_collect_table_json_and_exit_code(returns, tmp_path):
    folder, _ = returns
    listing = tmp_path / "lijst.csv"
    listing.write_text("nummer,naam,regio\n" + "".join(f"{g.nummer},{g.naam},{g.regio}\n" for g in LIST))
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
    make_return(template, LIST[0], full, folder / "a.xlsx")
    listing = tmp_path / "lijst.csv"
    listing.write_text("naam,regio\nGemeente A,Regio Noord\n")
    result = CliRunner().invoke(main, ["collect", str(folder), "--gemeenten", str(listing), "--layout",
                                       str(ROOT / "layouts" / "preventiescanner-2022.yaml"),
                                       "--status", str(tmp_path / "s.xlsx")])
    assert "compleet" in result.output, result.output
    problems = [line for line in result.output.splitlines() if "FOUT" in line or "let op" in line]
    assert result.exit_code == (1 if problems else 0), result.output


def test_reading_in_worker_processes_gives_the_same_result(returns, bad_folder, layout_2022):
    from workbook_tool.collect import read_many, return_files

    paths = return_files(returns[0]) + return_files(bad_folder[0])[:6]
    sequential = list(read_many(paths, [layout_2022], workers=1))
    parallel = list(read_many(paths, [layout_2022], workers=2, parallel_from=1))
    assert [r.path for r in parallel] == paths

    def summary(ret):
        return (ret.outcome, ret.identity, ret.sha256, [(a.field.key, a.cell, a.value, a.value_as_found, a.problem)
                                                        for a in ret.answers], ret.problems)

    assert [summary(r) for r in parallel] == [summary(r) for r in sequential]
    assert all(a.field.sheet.title for r in parallel for a in r.answers)


def test_a_return_without_metadata_and_names_is_read_by_its_labels(bad_folder, layout_2022, tmp_path):
    from tests.returns import without_metadata_sheet, without_names

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
    from tests.returns import with_metadata_cell

    folder, _ = bad_folder
    changed = tmp_path / "gewijzigd.xlsx"
    changed.write_bytes(with_metadata_cell((folder / "Gemeente A.xlsx").read_bytes(), "B6", "Gemeente B"))
    result = read_return(changed, [layout_2022])
    codes = [p.code for p in result.problems]
    assert result.identity.gemeente == "Gemeente B"
    assert codes.count("metadata_changed") == 2, codes  # the token no longer matches, and Start disagrees
    assert any("Gemeente A" in p.message for p in result.problems if p.code == "metadata_changed")
