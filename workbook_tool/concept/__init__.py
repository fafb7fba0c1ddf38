"""The concept report for the researcher: a Word document in the form of the published report, made from the
consolidated tables (document.py), with krachten, kansen and their pace chosen by a documented rule
(highlights.py) and written in Dutch sentences (wording.py). See docs/concept.md.

python-docx is imported only when the document is made: `consolidate` without --concept names its files
through concept_file and never loads it."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def concept_file(report: Path) -> Path:
    """Where the concept of a report goes: regio-concept.docx next to regio.xlsx."""
    return report.with_name(f"{report.stem}-concept.docx")


def __getattr__(name: str) -> Any:
    if name in ("DRAFT", "concept_document"):
        from . import document

        return getattr(document, name)
    if name == "HighlightRule":
        from .highlights import HighlightRule

        return HighlightRule
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["DRAFT", "HighlightRule", "concept_document", "concept_file"]
