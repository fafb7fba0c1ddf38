"""A synthetic national round built in-process: the long answers frame of many gemeenten in many regio's,
without writing or reading a workbook, so a test of the national report stays fast.

Most gemeenten answer every cell (the first choice of a list a little more often than the others); every
tenth leaves the second half of the questions empty; every twentieth pastes a value that is not in its list
(an invalid answer, as the reader flags it); one regio's gemeenten all answer only the first sheet, so a
regio with a smaller N per table is in the round too."""

from __future__ import annotations

import datetime as dt
import random

import pandas as pd

from workbook_tool.collect import EXPORT_COLUMNS
from workbook_tool.gemeenten import Gemeente
from workbook_tool.layout.model import Layout

RONDE = "Landelijk 2026"
TEXTS = ["wijkteam en schuldhulp", "via de centrumgemeente", "nog in ontwikkeling, met de woningcorporaties "
         "en het maatschappelijk werk samen op te pakken"]


def national_gemeenten(count: int, regions: int = 25) -> list[Gemeente]:
    return [Gemeente(f"Gemeente {n:04d}", f"Regio {1 + (n - 1) % regions:02d}", n) for n in range(1, count + 1)]


def national_frame(layout: Layout, gemeenten: list[Gemeente], partial_regio: str = "Regio 02") -> pd.DataFrame:
    """The long answers frame (collect.EXPORT_COLUMNS) of the gemeenten's returns."""
    cells = [(sheet, question, item, column) for sheet in layout.sheets for question in sheet.questions
             for item in question.items for column in item.columns]
    questions = list(dict.fromkeys(q.id for _s, q, _i, _c in cells))
    rows: dict[str, list] = {name: [] for name in EXPORT_COLUMNS}
    for gemeente in gemeenten:
        rng = random.Random(gemeente.nummer)
        first_sheet_only = gemeente.regio == partial_regio
        stops_halfway = gemeente.nummer % 10 == 0
        for sheet, question, item, column in cells:
            if first_sheet_only and sheet is not layout.sheets[0]:
                continue
            if stops_halfway and questions.index(question.id) >= len(questions) // 2:
                continue
            value, problem, found = _answer(layout, column, rng)
            if value is None:
                continue
            if gemeente.nummer % 20 == 5 and column.type == "choice" and rng.random() < 0.02:
                value, problem, found = "", "not_in_list", "misschien"
            record = {"ronde": RONDE, "regio": gemeente.regio, "gemeente": gemeente.naam,
                      "gemeente_nr": str(gemeente.nummer), "layout_id": layout.id,
                      "layout_version": layout.version, "sheet": sheet.id, "question_id": question.id,
                      "question": question.title, "item_id": item.id, "item_label": item.label,
                      "column": column.id, "value": value, "value_as_found": found, "problem": problem,
                      "cell": "", "source_file": f"{gemeente.naam}.xlsx"}
            for name in EXPORT_COLUMNS:
                rows[name].append(record.get(name, ""))
    return pd.DataFrame(rows, columns=EXPORT_COLUMNS).astype({"value": "object"})


def _answer(layout: Layout, column, rng: random.Random) -> tuple[object, str, str]:
    """(value, problem, value as found) of one answered cell; value None: left empty."""
    if column.type == "choice":
        choices = layout.choice_lists[column.choices]
        value = choices[0] if rng.random() < 0.55 else rng.choice(choices)
    elif column.type == "number":
        value = rng.randint(0, 400)
    elif column.type == "date":
        value = dt.date(2026, rng.randint(1, 12), rng.randint(1, 28)).isoformat()
    elif rng.random() < 0.3:
        value = rng.choice(TEXTS)
    else:
        return None, "", ""
    return value, "", str(value)
