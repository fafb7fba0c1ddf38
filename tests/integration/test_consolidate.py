"""consolidate: the regional tables of the Drechtsteden sample, items not asked, and the thresholds for
krachten and kansen. The reproduction of the published numbers is in seeds/test_consolidation_vs_seed.py."""

from __future__ import annotations

from tests.support.paths import DRECHTSTEDEN
from workbook_tool.collect import collect
from workbook_tool.consolidate import Thresholds, consolidate


def test_two_column_tables_mark_items_not_asked(drechtsteden):
    table = drechtsteden.table("onderdak_opties")
    assert table.headers == ["Na een ingrijpende levensgebeurtenis", "Na het verlaten van een instelling"]
    hostel = next(r for r in table.rows if r.item.id.startswith("hostel"))
    assert hostel.cells[0].count is None and hostel.cells[0].nrs_text() == "-"


def test_thresholds_pick_krachten_and_kansen(drechtsteden, layout_2022, drechtsteden_gemeenten):
    krachten = {(h.question.id, h.item.id, h.column.id) for h in drechtsteden.krachten}
    kansen = {(h.question.id, h.item.id, h.column.id) for h in drechtsteden.kansen}
    assert ("gezondheid_welzijn", "trainingen", "antwoord") in krachten  # 9 of 9
    assert ("gezondheid_welzijn", "ehealth", "antwoord") in kansen  # 3 of 9
    assert not krachten & kansen
    assert all(h.count / h.n >= 0.75 for h in drechtsteden.krachten)
    collected = collect(DRECHTSTEDEN / "retour", [layout_2022], drechtsteden_gemeenten)
    strict = consolidate(collected.answers_frame(), layout_2022, Thresholds(kracht=1.0, kans=0.0))
    assert all(h.count == 9 for h in strict.krachten) and all(h.count == 0 for h in strict.kansen)
