"""The questionnaire as data: the model, the YAML loader and its checks."""

from pathlib import Path

from .load import load_layout
from .model import AnswerField, Column, Item, Layout, Question, Section, Sheet

# The layouts that ship with the tool: package data (workbook_tool/layouts/), so every kind of install has them.
BUNDLED_LAYOUTS = Path(__file__).resolve().parents[1] / "layouts"
# Beside the layouts, but not questionnaires: the interventions catalogue (workbook_tool/interventions.py) and
# the mappings between questionnaire versions for comparing rounds (workbook_tool/compare.py).
NOT_A_LAYOUT = ("interventies-*.yaml", "vergelijking-*.yaml")


def bundled_layout_paths() -> list[Path]:
    """The questionnaires that ship with the tool, in name order."""
    return sorted(p for p in BUNDLED_LAYOUTS.glob("*.yaml") if not any(p.match(pattern) for pattern in NOT_A_LAYOUT))


def load_layouts(paths: list[Path] | None = None) -> list[Layout]:
    """The given layout files, or every bundled layout: the versions a return may have been made with."""
    if not paths:
        paths = bundled_layout_paths()
    return [load_layout(p) for p in paths]


__all__ = ["BUNDLED_LAYOUTS", "AnswerField", "Column", "Item", "Layout", "Question", "Section", "Sheet",
           "bundled_layout_paths", "load_layout", "load_layouts"]
