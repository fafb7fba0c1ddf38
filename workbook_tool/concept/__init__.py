"""The concept report for the researcher: a Word document in the form of the published report, made from the
consolidated tables (document.py), with krachten, kansen and their pace chosen by a documented rule
(highlights.py) and written in Dutch sentences (wording.py). See docs/concept.md."""

from __future__ import annotations

from pathlib import Path

from .document import DRAFT, concept_document
from .highlights import HighlightRule


def concept_file(report: Path) -> Path:
    """Where the concept of a report goes: regio-concept.docx next to regio.xlsx."""
    return report.with_name(f"{report.stem}-concept.docx")


__all__ = ["DRAFT", "HighlightRule", "concept_document", "concept_file"]
