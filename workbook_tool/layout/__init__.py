"""The questionnaire as data: the model, the YAML loader and its checks."""

from .load import load_layout
from .model import AnswerField, Column, Item, Layout, Question, Section, Sheet

__all__ = ["AnswerField", "Column", "Item", "Layout", "Question", "Section", "Sheet", "load_layout"]
