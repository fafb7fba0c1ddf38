"""zipcopy: an archive compressed once, copied with gaps filled in, must be a plain zip every reader accepts,
holding exactly the members given with each gap replaced by its value."""

from __future__ import annotations

import io
import zipfile
import zlib

import pytest

from workbook_tool.zipcopy import FillableZip, deflate_piece, stored_blocks

GAPS = {"naam": b"[[naam]]", "regio": b"[[regio]]"}
MEMBERS = {
    "[Content_Types].xml": b"<Types>" + b"vast " * 2000 + b"</Types>",
    "xl/sharedStrings.xml": b"<sst><t>[[naam]]</t>" + b"<t>item tekst</t>" * 3000 + b"<t>Gemeente: [[naam]]</t>"
                            b"<t>[[regio]]</t></sst>",
    "xl/gap-only.xml": b"[[naam]]",
    "xl/empty.xml": b"",
    "docProps/\u00e9\u00e9n.xml": b"een naam buiten ASCII",
}


def expected(values: dict[str, bytes]) -> dict[str, bytes]:
    result = {}
    for name, content in MEMBERS.items():
        for key, marker in GAPS.items():
            content = content.replace(marker, values[key])
        result[name] = content
    return result


def members_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {info.filename: archive.read(info) for info in archive.infolist()}


@pytest.fixture(scope="module")
def fillable():
    return FillableZip(MEMBERS.items(), GAPS)


@pytest.mark.parametrize("values", [
    {"naam": b"Dordrecht", "regio": b"Zuid-Holland Zuid"},
    {"naam": b"", "regio": b""},
    {"naam": "S\u00fadwest-Frysl\u00e2n &amp; co".encode(), "regio": b"x" * 70_000},  # > one stored block
])
def test_a_copy_holds_every_member_with_its_gaps_filled_in(fillable, values):
    assert members_of(fillable.fill(values)) == expected(values)


def test_members_keep_their_order_and_only_those_with_gaps_are_filled(fillable):
    with zipfile.ZipFile(io.BytesIO(fillable.fill({"naam": b"a", "regio": b"b"}))) as archive:
        assert archive.namelist() == list(MEMBERS)
    assert fillable.filled_members == ["xl/sharedStrings.xml", "xl/gap-only.xml"]


def test_copies_are_reproducible_and_differ_only_in_the_filled_members(fillable):
    first = fillable.fill({"naam": b"Alfa", "regio": b"Noord"})
    assert first == fillable.fill({"naam": b"Alfa", "regio": b"Noord"})
    second = fillable.fill({"naam": b"Beta", "regio": b"Noord"})
    with zipfile.ZipFile(io.BytesIO(first)) as a, zipfile.ZipFile(io.BytesIO(second)) as b:
        changed = [i.filename for i, j in zip(a.infolist(), b.infolist(), strict=True)
                   if (i.CRC, i.compress_size) != (j.CRC, j.compress_size)]
    assert changed == ["xl/sharedStrings.xml", "xl/gap-only.xml"]


def test_unchanged_members_are_deflated_once_not_per_copy(fillable, monkeypatch):
    calls = []
    monkeypatch.setattr(zlib, "compressobj", lambda *a: calls.append(a))
    fillable.fill({"naam": b"Gamma", "regio": b"Oost"})
    assert calls == []


def test_a_missing_value_is_refused(fillable):
    with pytest.raises(KeyError, match="regio"):
        fillable.fill({"naam": b"Alfa"})


def test_pieces_and_stored_blocks_concatenate_into_one_deflate_stream():
    stream = deflate_piece(b"begin ", final=False) + stored_blocks(b"midden" * 20_000) + \
        deflate_piece(b" eind", final=True)
    assert zlib.decompress(stream, -zlib.MAX_WBITS) == b"begin " + b"midden" * 20_000 + b" eind"


def test_a_name_outside_ascii_is_marked_utf8(fillable):
    with zipfile.ZipFile(io.BytesIO(fillable.fill({"naam": b"", "regio": b""}))) as archive:
        info = archive.getinfo("docProps/\u00e9\u00e9n.xml")
    assert info.flag_bits & 0x0800


def test_without_gaps_the_archive_is_its_members():
    data = FillableZip(MEMBERS.items(), {}).fill({})
    assert members_of(data) == MEMBERS
