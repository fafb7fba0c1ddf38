"""Property: whatever valid answers are written into a generated workbook, reading it back gives exactly them."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook_tool.fill import fill_template
from workbook_tool.gemeenten import Gemeente
from workbook_tool.generate import build_template, personalise, values_for
from workbook_tool.read import read_return

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\u00a0"),
               min_size=1, max_size=60).filter(lambda t: t.strip() == t and t.strip() != "")


def answer_strategy(template):
    layout = template.layout
    cells = [c for c in template.cells]

    def value_for(record):
        if record.type == "choice":
            return st.sampled_from(layout.choice_lists[record.choices])
        if record.type == "number":
            return st.integers(min_value=0, max_value=10**6)
        if record.type == "date":
            return st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
        return TEXT

    return st.lists(st.sampled_from(cells), min_size=1, max_size=40, unique_by=lambda c: c.key).flatmap(
        lambda chosen: st.fixed_dictionaries({c.key: value_for(c) for c in chosen}))


def test_random_answers_read_back_exactly(layout_2022, tmp_path_factory):
    template = build_template(layout_2022)
    data = personalise(template, values_for(layout_2022, Gemeente("Gemeente P", "R", 1), "R", "2026", "x"))
    folder = tmp_path_factory.mktemp("prop")

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(answer_strategy(template))
    def check(answers):
        path = folder / "p.xlsx"
        path.write_bytes(fill_template(template, data, answers))
        result = read_return(path, [layout_2022])
        assert result.outcome == "read"
        got = {a.field.key: a.value for a in result.answers if a.value is not None}
        expected = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in answers.items()}
        assert got == expected
        assert not [p for p in result.problems if p.code not in ("anders_without_text", "text_without_anders",
                                                                 "none_but_items")]

    check()
