"""A readable outline of a layout with counts per sheet and question (for `layout show`)."""

from __future__ import annotations

from typing import Any

from .model import SINGLE_COLUMN, Layout


def layout_summary(layout: Layout) -> dict[str, Any]:
    """Counts per sheet and question, as plain data (also what `layout show --json` prints)."""
    sheets = []
    for sheet in layout.sheets:
        questions = [
            {"id": q.id, "title": q.title, "kind": q.kind, "section": section.title,
             "columns": [c.id for c in q.columns], "items": len(q.items),
             "answer_cells": sum(len(i.columns) for i in q.items)}
            for section in sheet.sections for q in section.questions
        ]
        sheets.append({"id": sheet.id, "title": sheet.title, "sections": len(sheet.sections),
                       "questions": questions, "items": sum(q["items"] for q in questions),
                       "answer_cells": sum(q["answer_cells"] for q in questions)})
    return {"id": layout.id, "title": layout.title, "version": layout.version,
            "choice_lists": {k: list(v) for k, v in layout.choice_lists.items()},
            "sheets": sheets,
            "questions": sum(len(s["questions"]) for s in sheets),
            "items": sum(s["items"] for s in sheets),
            "answer_cells": sum(s["answer_cells"] for s in sheets)}


def format_outline(layout: Layout) -> str:
    summary = layout_summary(layout)
    lines = [f"{summary['title']} — layout {summary['id']} versie {summary['version']}",
             f"{len(summary['sheets'])} sheets, {summary['questions']} questions, "
             f"{summary['items']} items, {summary['answer_cells']} answer cells", ""]
    for sheet in summary["sheets"]:
        lines.append(f"{sheet['title']} [{sheet['id']}]: {sheet['sections']} sections, "
                     f"{len(sheet['questions'])} questions, {sheet['items']} items, {sheet['answer_cells']} cells")
        section = None
        for q in sheet["questions"]:
            if q["section"] != section:
                section = q["section"]
                lines.append(f"  {section}")
            cols = "" if q["columns"] in ([], [SINGLE_COLUMN]) else f" ({', '.join(q['columns'])})"
            title = q["title"] if len(q["title"]) <= 70 else q["title"][:69] + "…"
            lines.append(f"    {q['id']:<34} {q['kind']:<9} {q['items']:>3} items {q['answer_cells']:>3} cells  "
                         f"{title}{cols}")
        lines.append("")
    lists = ", ".join(f"{k} ({len(v)})" for k, v in summary["choice_lists"].items())
    lines.append(f"Choice lists: {lists}")
    return "\n".join(lines)
