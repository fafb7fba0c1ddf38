"""The gemeenten list: reading .csv and .xlsx, every problem reported with its row, and stable numbering."""

from __future__ import annotations

import openpyxl
import pytest

from workbook_tool.gemeenten import GemeentenListError, load_gemeenten, numbered


def test_gemeenten_list_from_xlsx_and_numbering(tmp_path):
    path = tmp_path / "lijst.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Naam", "Regio", "Nr"])
    for row in (["Zwijndrecht", "R1", None], ["'s-Gravendeel", "R1", 5], ["Alblasserdam", "R2", None]):
        book.active.append(row)
    book.save(path)
    gemeenten = numbered(load_gemeenten(path))
    assert [(g.naam, g.nummer) for g in gemeenten] == [("Zwijndrecht", 2), ("'s-Gravendeel", 5), ("Alblasserdam", 1)]


@pytest.mark.parametrize("content, message", [
    ("", "de lijst is leeg"),
    ("plaats,regio\nA,B\n", "geen kolom 'naam'"),
    ("naam\n", "heeft een kopregel maar geen gemeenten"),
    ("naam,e-mail\nA,geen-adres\n", "is geen e-mailadres"),
])
def test_gemeenten_list_errors(tmp_path, content, message):
    path = tmp_path / "g.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GemeentenListError, match=message):
        load_gemeenten(path)


def test_one_numbering_rule_for_the_list_and_the_consolidation():
    """The list (generate, collect) and the returns (consolidate) number gemeenten the same way: own numbers
    kept, the rest in Dutch alphabetical order, "'s-Hertogenbosch" under H (between Gouda and Utrecht)."""
    from workbook_tool.consolidate import gemeente_numbers
    from workbook_tool.gemeenten import Gemeente

    names = ["Utrecht", "'s-Hertogenbosch", "Amersfoort", "Gouda"]
    listed = numbered([Gemeente(n) for n in names] + [Gemeente("Zeist", nummer=2)])
    by_list = {g.naam: g.nummer for g in listed}
    assert by_list == {"Amersfoort": 1, "Zeist": 2, "Gouda": 3, "'s-Hertogenbosch": 4, "Utrecht": 5}
    returns = [(name, "", "") for name in names] + [("Zeist", "2", "")]
    table, conflicts = gemeente_numbers(returns)
    by_returns = {g.gemeente: g.nummer for g in table}
    assert conflicts == []
    assert by_returns == by_list


def test_report_numbers_never_give_two_gemeenten_one_number():
    """Whatever numbers the workbooks carry (batches generated apart), every gemeente gets its own; the
    workbooks' numbers are kept only when they do not collide, and every collision is named."""
    import random

    from workbook_tool.gemeenten import report_numbers

    rng = random.Random(5)
    for _ in range(200):
        names = [f"Gemeente {i}" for i in range(rng.randint(1, 12))]
        returned = [(n, rng.choice(["", "1", "2", "3", str(rng.randint(1, 40))])) for n in names]
        numbering = report_numbers(returned)
        assert sorted(numbering.numbers) == sorted(names)
        assert len(set(numbering.numbers.values())) == len(names)
        given = [nr for _, nr in returned if nr]
        collided = len(set(given)) < len(given)
        assert bool(numbering.conflicts) == collided
        if not collided:
            assert all(numbering.numbers[n] == int(nr) for n, nr in returned if nr)


GEMEENTEN_TEXT = "naam\tregio\tnummer\nSúdwest-Fryslân\tNoord\t1\n's-Hertogenbosch\tZuid\t2\nBergen (L.)\tZuid\t3\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-8", "cp1252"])
def test_a_list_saved_in_any_usual_encoding_reads_the_same(tmp_path, encoding):
    """Excel's "Unicode text" is UTF-16 with a byte order mark and tabs; "CSV UTF-8" and "CSV" the others."""
    path = tmp_path / "gemeenten.txt"
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    path.write_bytes(bom + GEMEENTEN_TEXT.encode(encoding))
    gemeenten = load_gemeenten(path)
    assert [(g.naam, g.regio, g.nummer) for g in gemeenten] == [
        ("Súdwest-Fryslân", "Noord", 1), ("'s-Hertogenbosch", "Zuid", 2), ("Bergen (L.)", "Zuid", 3)]


@pytest.mark.parametrize("byte", [0x81, 0x8D, 0x8F, 0x90, 0x9D])
def test_a_byte_no_encoding_decodes_is_a_clear_error_naming_the_file(tmp_path, byte):
    """The five bytes Windows-1252 leaves undefined, in a list that is not UTF-8 either."""
    path = tmp_path / "gemeenten.csv"
    path.write_bytes("naam;regio\nSúdwest-Fryslân;Noord\n".encode("cp1252") + bytes([byte]) + b"x;Zuid\n")
    with pytest.raises(GemeentenListError, match="is niet als tekst te lezen") as caught:
        load_gemeenten(path)
    assert str(path) in str(caught.value) and "byte 34" in str(caught.value)


def test_a_damaged_utf16_list_is_a_clear_error(tmp_path):
    path = tmp_path / "gemeenten.txt"
    path.write_bytes(b"\xff\xfe" + "naam\nA\n".encode("utf-16-le") + b"\x00\xd8")  # a lone surrogate at the end
    with pytest.raises(GemeentenListError, match="is niet als tekst te lezen"):
        load_gemeenten(path)
