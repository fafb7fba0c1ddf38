"""generate: the scan workbook, inspected as a file (locks, dropdowns, names, metadata, personalisation),
and the generate command with a gemeenten list."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import struct
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.utils.cell import range_boundaries

from tests.support.paths import LAYOUT_2022
from workbook_tool.cli import main
from workbook_tool.contract import META_NAMES, metadata_token, respondent_name
from workbook_tool.gemeenten import Gemeente
from workbook_tool.generate import DEFAULT_PASSWORD, PLACEHOLDERS, build_template, generate, placeholder, values_for
from workbook_tool.layout.model import NAMELIJK
from workbook_tool.read import read_return

LAYOUT = str(LAYOUT_2022)


def open_book(path: Path):
    return openpyxl.load_workbook(path)


def name_targets(book) -> dict[str, tuple[str, str]]:
    """Defined name -> (sheet title, cell) for single-cell names."""
    targets = {}
    for name, definition in book.defined_names.items():
        for sheet, ref in definition.destinations:
            targets[name] = (sheet, ref.replace("$", ""))
    return targets


def cells_of(ref: str) -> list[str]:
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return [f"{openpyxl.utils.get_column_letter(c)}{r}" for r in range(min_row, max_row + 1)
            for c in range(min_col, max_col + 1)]


@pytest.fixture(scope="module")
def book(generated):
    return open_book(generated.files[0])


def test_one_file_per_gemeente_with_safe_names(generated):
    assert [p.name for p in generated.files] == ["Gemeente 1.xlsx", "'s-Hertogenbosch _ Zuid.xlsx"]


def test_every_answer_cell_has_a_name_pointing_at_it_next_to_its_label(book, layout_2022):
    targets = name_targets(book)
    fields = list(layout_2022.answer_fields())
    assert len(fields) == 513
    for answer in fields:
        name = f"ans__{answer.question.id}__{answer.item.id}__{answer.column.id}"
        assert name in targets, name
        sheet, cell = targets[name]
        assert sheet == answer.sheet.title
        row = int(re.sub(r"[A-Z]+", "", cell))
        label = book[sheet][f"B{row}"].value
        expected = f"{answer.item.label} (in {answer.item.unit})" if answer.item.unit else answer.item.label
        assert label == expected, (name, label)


def test_metadata_sheet_maps_every_answer_cell_like_the_names(book, layout_2022):
    meta = book["metadata"]
    assert meta.sheet_state == book["metadata_cellen"].sheet_state == "veryHidden"
    entries = {r[0]: r[1] for r in meta.iter_rows(values_only=True) if r[0]}
    assert entries["format"] == "workbook_tool/2"
    assert entries["layout_id"] == layout_2022.id
    assert entries["layout_version"] == layout_2022.version
    assert entries["gemeente"] == "Gemeente 1"
    assert entries["gemeente_nr"] == "1"
    assert entries["regio"] == "Drechtsteden en Alblasserwaard"
    assert entries["ronde"] == "Voorjaar 2026"
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", entries["generated_at"])
    assert entries["token"] == metadata_token(layout_2022.id, layout_2022.version, "Gemeente 1",
                                              "Drechtsteden en Alblasserwaard", "Voorjaar 2026", "1")
    targets = name_targets(book)
    # names_hash: sha256 of the sorted "name|sheet|cell" lines of the answer names, its first 16 hex digits
    lines = sorted(f"{n.casefold()}|{s}|{c}" for n, (s, c) in targets.items() if n.startswith("ans__"))
    assert entries["names_hash"] == hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]
    rows = list(book["metadata_cellen"].iter_rows(values_only=True))
    cell_rows = [dict(zip(rows[0], r, strict=False)) for r in rows[1:]]
    assert len(cell_rows) == 513 == len(lines)
    for record in cell_rows:
        assert targets[record["name"]] == (record["sheet"], record["cell"])
        assert record["key"] == f"{record['question_id']}.{record['item_id']}.{record['column_id']}"


def test_answer_cells_unlocked_and_every_other_cell_locked(book):
    targets = name_targets(book)
    expected = {targets[n] for n in targets if n.startswith("ans__")}
    expected |= {targets[respondent_name(f)] for f in ("naam", "functie", "email", "datum")}
    unlocked = set()
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if not cell.protection.locked:
                    unlocked.add((ws.title, cell.coordinate))
        assert ws.protection.sheet, f"sheet {ws.title} is not protected"
    assert unlocked == expected
    assert book.security.lockStructure


def test_passwords_protect_sheets_and_structure(generated):
    with zipfile.ZipFile(generated.files[0]) as z:
        workbook_xml = z.read("xl/workbook.xml").decode()
        sheet_xml = z.read("xl/worksheets/sheet2.xml").decode()
    assert 'lockStructure="1"' in workbook_xml and "workbookPassword=" in workbook_xml
    assert re.search(r'<sheetProtection password="[0-9A-F]{4}"', sheet_xml)


def list_values(book, formula: str) -> list[str]:
    name = formula.lstrip("=")
    (sheet, ref), = book.defined_names[name].destinations
    return [book[sheet][c].value for c in cells_of(ref.replace("$", ""))]


def test_every_dropdown_offers_exactly_the_layouts_choices(book, layout_2022):
    targets = name_targets(book)
    expected_list = {}
    for answer in layout_2022.answer_fields():
        name = f"ans__{answer.question.id}__{answer.item.id}__{answer.column.id}"
        expected_list[targets[name]] = answer.column.choices if answer.column.type == "choice" else None
    covered = {}
    for ws in book.worksheets:
        for validation in ws.data_validations.dataValidation:
            if validation.type != "list":
                continue
            offered = list_values(book, validation.formula1)
            list_id = validation.formula1.lstrip("=").removeprefix("lijst_")
            assert offered == list(layout_2022.choice_lists[list_id])
            for ref in str(validation.sqref).split():
                for cell in cells_of(ref):
                    covered[(ws.title, cell)] = list_id
    for place, list_id in expected_list.items():
        assert covered.get(place) == list_id, place
    assert sum(1 for v in expected_list.values() if v) > 300


def test_numbers_and_dates_are_validated(book, layout_2022):
    targets = name_targets(book)
    kinds = {}
    for ws in book.worksheets:
        for validation in ws.data_validations.dataValidation:
            for ref in str(validation.sqref).split():
                for cell in cells_of(ref):
                    kinds[(ws.title, cell)] = (validation.type, validation.operator, validation.formula1)
    seen = set()
    for answer in layout_2022.answer_fields():
        column = answer.column
        place = targets[f"ans__{answer.question.id}__{answer.item.id}__{column.id}"]
        if column.type == "date":
            assert kinds[place][0] == "date" and kinds[place][1] in (None, "between")  # between is the default
        elif column.type == "number" and not column.allow_range:
            assert kinds[place][0] == ("whole" if column.integer else "decimal")
            assert float(kinds[place][2]) == (column.min or 0)
        seen.add(column.type)
    assert {"date", "choice", "text", "number"} <= seen


def test_validation_xml_is_safe_for_excel(generated):
    """No inline lists, formulas within 255 characters, messages on, dropdown arrow not hidden."""
    with zipfile.ZipFile(generated.files[0]) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        for part in sheets:
            xml = z.read(part).decode()
            for attrs, body in re.findall(r"<dataValidation ([^>]*)>(.*?)</dataValidation>", xml, re.S):
                formula = re.search(r"<formula1>(.*?)</formula1>", body)
                if 'type="list"' in attrs:
                    assert formula and len(formula.group(1)) <= 255 and '"' not in formula.group(1)
                    assert 'showErrorMessage="1"' in attrs and 'showInputMessage="1"' in attrs
                assert 'showDropDown="1"' not in attrs
                for title in re.findall(r'(?:promptTitle|errorTitle)="([^"]*)"', attrs):
                    assert len(title) <= 32
                for message in re.findall(r'prompt="([^"]*)"', attrs):
                    assert len(message) <= 255


def test_defined_names_cannot_be_read_as_cell_references(book):
    for name in book.defined_names:
        assert re.match(r"^[A-Za-z_][A-Za-z0-9_]{0,254}$", name), name
        assert not re.match(r"^[A-Za-z]{1,3}\d+$", name), name
        assert not re.match(r"^[RrCc]\d*([RrCc]\d*)?($|_)", name), name


def test_sheet_order_visibility_and_print_setup(book, layout_2022):
    titles = [ws.title for ws in book.worksheets]
    assert titles == ["Start"] + [s.title for s in layout_2022.sheets] + ["lijsten", "metadata", "metadata_cellen"]
    assert [ws.sheet_state for ws in book.worksheets[-3:]] == ["veryHidden"] * 3
    assert book.active.title == "Start"
    for ws in book.worksheets[1:-3]:
        assert ws.page_setup.paperSize == 9
        # fitToWidth defaults to 1 when absent; fitToHeight 0 means "as many pages as needed".
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.freeze_panes == "A3"
        assert ws.column_dimensions["B"].width > 60


def test_start_sheet_is_personalised_and_locked(book):
    targets = name_targets(book)
    values = {key: book[targets[name][0]][targets[name][1]].value for key, name in META_NAMES.items()
              if key in ("gemeente", "regio", "ronde")}
    assert values == {"gemeente": "Gemeente 1", "regio": "Drechtsteden en Alblasserwaard", "ronde": "Voorjaar 2026"}
    start = book["Start"]
    texts = [c.value for row in start.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("Bewerken inschakelen" in t for t in texts)
    assert "A. de Vries a.devries@example.nl" in texts
    links = {c.value: c.hyperlink.location for row in start.iter_rows() for c in row if c.hyperlink}
    assert links["Bestaanscondities"] in ("'Bestaanscondities'!A1", "Bestaanscondities!A1")


def test_special_characters_in_a_gemeente_name_survive(generated):
    book = open_book(generated.files[1])
    targets = name_targets(book)
    sheet, cell = targets["wt_gemeente"]
    assert book[sheet][cell].value == "'s-Hertogenbosch & Zuid"
    assert book["Bestaanscondities"]["A2"].value == "Gemeente: 's-Hertogenbosch & Zuid"


def test_anders_items_have_a_namelijk_text_cell(layout_2022, book):
    targets = name_targets(book)
    anders = [(q, i) for s in layout_2022.sheets for q in s.questions for i in q.items if i.role == "anders"]
    assert len(anders) >= 20
    for question, item in anders:
        answer = targets[f"ans__{question.id}__{item.id}__antwoord"] if question.kind == "checklist" and \
            len(question.columns) == 1 else None
        text = targets[f"ans__{question.id}__{item.id}__{NAMELIJK}"]
        if answer:
            assert answer[1][1:] == text[1][1:], "the text cell is on the same row"


def test_blank_workbook_leaves_gemeente_to_fill_in(layout_2022, tmp_path):
    result = generate(layout_2022, tmp_path)
    assert [p.name for p in result.files] == ["Preventiescanner Dakloosheid (blanco).xlsx"]
    book = open_book(result.files[0])
    targets = name_targets(book)
    sheet, cell = targets["wt_gemeente"]
    assert book[sheet][cell].value is None
    assert not book[sheet][cell].protection.locked


def test_template_is_reproducible(layout_2022):
    first = build_template(layout_2022, password=DEFAULT_PASSWORD)
    second = build_template(layout_2022, password=DEFAULT_PASSWORD)
    assert first.data == second.data


def test_duplicate_file_names_are_refused(layout_2022, tmp_path):
    from workbook_tool.generate import GenerateError
    with pytest.raises(GenerateError, match="zouden allebei in"):
        generate(layout_2022, tmp_path, [Gemeente("Gemeente/1"), Gemeente("Gemeente:1")])


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_generate_from_a_list(tmp_path):
    listing = tmp_path / "gemeenten.csv"
    listing.write_text("naam;regio;e-mail\nDordrecht;Drechtsteden;info@dordrecht.example\nZwijndrecht;;\n",
                       encoding="utf-8")
    result = invoke("generate", "--layout", LAYOUT, "--out", str(tmp_path / "out"), "--gemeenten", str(listing),
                    "--regio", "Zuid-Holland Zuid", "--ronde", "2026")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["Dordrecht.xlsx", "Zwijndrecht.xlsx"]
    book = openpyxl.load_workbook(tmp_path / "out" / "Zwijndrecht.xlsx")
    assert (book["Start"]["B3"].value, book["Start"]["B4"].value) == ("Zwijndrecht", "Zuid-Holland Zuid")


def test_generate_reports_a_malformed_list_without_traceback(tmp_path):
    listing = tmp_path / "gemeenten.csv"
    listing.write_text("gemeente,nummer\nA,1\nB,twee\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["generate", "--layout", LAYOUT, "--out", str(tmp_path),
                                       "--gemeenten", str(listing)])
    assert result.exit_code == 1
    assert "rij 3: nummer 'twee' is geen geheel getal van 1 of meer" in result.output
    assert "Traceback" not in result.output


def test_start_formulas_stay_within_excels_limits(generated):
    """Excel refuses a formula over 8,192 characters or with more than 64 levels of nesting."""
    with zipfile.ZipFile(generated.files[0]) as archive:
        start = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    formulas = re.findall(r"<f>(.*?)</f>", start)
    assert len(formulas) >= 3 * 8, "Beantwoord, Nog te doen and Percentage for every sheet"
    for formula in formulas:
        assert len(formula) <= 8192
        depth = deepest = 0
        for char in formula:
            depth += {"(": 1, ")": -1}.get(char, 0)
            deepest = max(deepest, depth)
        assert deepest <= 64


# -- the personalised copies: the template's parts, only the personal texts filled in ----------------------

NOW = dt.datetime(2026, 3, 1, 9, 30)
ROUND = [Gemeente("Gemeente 001", "Regio 01", 1), Gemeente("Gemeente 002", "Regio 02", 2),
         Gemeente("Súdwest-Fryslân & <Zee>", "Regio \"Noord\"", 342)]
PERSONALISED_PART = "xl/sharedStrings.xml"


@pytest.fixture(scope="module")
def national(layout_2022, tmp_path_factory):
    return generate(layout_2022, tmp_path_factory.mktemp("landelijk"), ROUND, ronde="Landelijk 2026", now=NOW)


def parts(data: bytes | Path) -> dict[str, bytes]:
    with zipfile.ZipFile(data if isinstance(data, Path) else io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {info.filename: archive.read(info) for info in archive.infolist()}


def compressed_members(path: Path) -> dict[str, bytes]:
    """Each member's compressed bytes as stored in the file (read from its local header)."""
    data = path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
    members = {}
    for info in infos:
        name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
        start = info.header_offset + 30 + name_length + extra_length
        members[info.filename] = data[start:start + info.compress_size]
    return members


def test_every_part_is_the_templates_except_the_personal_texts(national, layout_2022):
    template = parts(national.template.data)
    for gemeente, path in zip(ROUND, national.files, strict=True):
        copy = parts(path)
        assert list(copy) == list(template)
        assert [name for name in copy if copy[name] != template[name]] == [PERSONALISED_PART]
        values = values_for(layout_2022, gemeente, "", "Landelijk 2026", "2026-03-01 09:30:00")
        expected = template[PERSONALISED_PART].decode("utf-8")
        for key in PLACEHOLDERS:
            expected = expected.replace(placeholder(key), escape(values[key]))
        assert copy[PERSONALISED_PART].decode("utf-8") == expected


def test_two_gemeenten_files_differ_only_in_the_personalised_part(national):
    first, second = (compressed_members(path) for path in national.files[:2])
    assert list(first) == list(second)
    assert [name for name in first if first[name] != second[name]] == [PERSONALISED_PART]


def test_the_reader_finds_each_gemeentes_identity(national, layout_2022):
    for gemeente, path in zip(ROUND, national.files, strict=True):
        returned = read_return(path, [layout_2022])
        assert returned.outcome == "read" and not returned.errors, returned.problems
        identity = returned.identity
        assert identity.method == "metadata"
        assert (identity.gemeente, identity.regio, identity.ronde, identity.gemeente_nr, identity.generated_at) == \
            (gemeente.naam, gemeente.regio, "Landelijk 2026", str(gemeente.nummer), "2026-03-01 09:30:00")


def test_the_same_round_generated_again_gives_the_same_bytes(national, layout_2022, tmp_path):
    again = generate(layout_2022, tmp_path, ROUND, ronde="Landelijk 2026", now=NOW)
    assert [p.read_bytes() for p in again.files] == [p.read_bytes() for p in national.files]


def test_template_data_is_the_workbook_with_its_placeholders(national):
    shared = parts(national.template.data)[PERSONALISED_PART].decode("utf-8")
    assert all(placeholder(key) in shared for key in PLACEHOLDERS)
