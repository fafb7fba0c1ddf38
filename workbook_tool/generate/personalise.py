"""Placeholders in the template, and a gemeente's copy: only the shared-strings part is rewritten.

The workbook is built once per layout with a placeholder wherever a gemeente-specific text goes; a
personalised copy replaces them in xl/sharedStrings.xml and leaves every other part as built, so 342
copies cost little more than 342 file copies.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from ..contract import PERSONAL_ENTRIES, metadata_token
from ..fileio import rewrite_zip
from ..gemeenten import Gemeente
from ..layout.model import Layout

if TYPE_CHECKING:
    from .template import Template

# The metadata sheet's personal entries are exactly the texts a copy personalises.
PLACEHOLDERS = PERSONAL_ENTRIES


def placeholder(key: str) -> str:
    return f"\u27e6{key}\u27e7"  # ⟦key⟧: never typed by a person, survives XML escaping unchanged


def personalise(template: Template, values: dict[str, str]) -> bytes:
    """The template with its placeholders replaced by this gemeente's values (XML-escaped)."""
    replacements = {placeholder(k): escape(values.get(k, "")) for k in PLACEHOLDERS}
    pattern = re.compile("|".join(re.escape(p) for p in replacements))

    def fill(xml: bytes) -> bytes:
        return pattern.sub(lambda m: replacements[m.group(0)], xml.decode("utf-8")).encode("utf-8")

    return rewrite_zip(template.data, {"xl/sharedStrings.xml": fill})


def values_for(layout: Layout, gemeente: Gemeente | None, regio: str, ronde: str, generated_at: str) -> dict[str, str]:
    """The placeholder values of one gemeente's copy (the list's regio wins over the round's)."""
    naam = gemeente.naam if gemeente else ""
    regio = (gemeente.regio if gemeente and gemeente.regio else regio) or ""
    nummer = str(gemeente.nummer) if gemeente and gemeente.nummer is not None else ""
    return {"gemeente": naam, "gemeente_nr": nummer, "regio": regio, "ronde": ronde,
            "contactpersoon": gemeente.contactpersoon if gemeente else "", "email": gemeente.email if gemeente else "",
            "generated_at": generated_at,
            "token": metadata_token(layout.id, layout.version, naam, regio, ronde, nummer)}
