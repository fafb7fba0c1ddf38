"""What identifies a return beyond its gemeente: its number by name, and the layout it was generated from."""

from __future__ import annotations

from dataclasses import replace

from tests.support.returns import GEMEENTEN, make_return, random_answers, without_metadata_sheet
from workbook_tool.generate import build_template
from workbook_tool.read import read_return


def test_a_return_identified_by_its_names_keeps_its_number(template, layout_2022, tmp_path):
    for gemeente in GEMEENTEN[:2]:
        path = make_return(template, gemeente, random_answers(template, 1), tmp_path / "met.xlsx")
        stripped = tmp_path / f"{gemeente.naam} zonder metadata.xlsx"
        stripped.write_bytes(without_metadata_sheet(path.read_bytes()))
        ret = read_return(stripped, [layout_2022])
        assert ret.identity.method == "names"
        assert ret.identity.gemeente_nr == str(gemeente.nummer)


def without_item(layout, question_id: str, item_id: str):
    """The layout as edited by hand without a new version: one item removed."""
    sheets = []
    for sheet in layout.sheets:
        sections = []
        for section in sheet.sections:
            questions = tuple(replace(q, items=tuple(i for i in q.items if i.id != item_id))
                              if q.id == question_id else q for q in section.questions)
            sections.append(replace(section, questions=questions))
        sheets.append(replace(sheet, sections=tuple(sections)))
    return replace(layout, sheets=tuple(sheets))


def test_a_layout_changed_without_a_new_version_names_what_differs(template, layout_2022, tmp_path):
    path = make_return(template, GEMEENTEN[0], random_answers(template, 2, share=1.0), tmp_path / "r.xlsx")
    assert not [p for p in read_return(path, [layout_2022]).problems if p.code == "layout_changed"]
    question = layout_2022.sheets[0].sections[0].questions[0]
    item = question.items[1]
    edited = without_item(layout_2022, question.id, item.id)
    changed = [p for p in read_return(path, [edited]).problems if p.code == "layout_changed"]
    assert len(changed) == 1 and changed[0].severity == "warning"
    removed = [f"{question.id}.{item.id}.{c.id}" for c in item.columns]
    assert all(key in changed[0].message for key in removed), changed[0].message
    assert f"{len(removed)} antwoordcellen" in changed[0].message

    # the other way: a return generated from the edited layout, read with one that has the item again
    other = make_return(build_template(edited), GEMEENTEN[0], {}, tmp_path / "ander.xlsx")
    back = [p for p in read_return(other, [layout_2022]).problems if p.code == "layout_changed"]
    assert len(back) == 1 and all(key in back[0].message for key in removed), back[0].message
    assert "ontbreken in het werkboek" in back[0].message
