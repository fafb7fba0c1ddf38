"""Placeholders in the template, and a gemeente's copy with its values in their place.

The workbook is built once per layout with a placeholder wherever a gemeente-specific text goes (today all
of them are in xl/sharedStrings.xml). Every part is deflated once, the parts with placeholders in pieces
between them (zipcopy.FillableZip); a personalised copy only puts the gemeente's values between the
already compressed pieces, so 342 copies cost little more than 342 file copies.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..contract import PERSONAL_ENTRIES, metadata_token
from ..fileio import xml_escape
from ..gemeenten import Gemeente
from ..layout.model import Layout
from ..zipcopy import FillableZip

if TYPE_CHECKING:
    from .template import Template

# The metadata sheet's personal entries are exactly the texts a copy personalises.
PLACEHOLDERS = PERSONAL_ENTRIES


def placeholder(key: str) -> str:
    return f"\u27e6{key}\u27e7"  # ⟦key⟧: never typed by a person, survives XML escaping unchanged


def fillable_workbook(parts: Mapping[str, bytes]) -> FillableZip:
    """The workbook's parts compressed once, with a gap wherever a placeholder stands."""
    return FillableZip(parts.items(), {key: placeholder(key).encode("utf-8") for key in PLACEHOLDERS})


def personalise(template: Template, values: dict[str, str]) -> bytes:
    """The template with its placeholders replaced by this gemeente's values (XML-escaped: the placeholders
    stand in XML text)."""
    return template.copies.fill({key: xml_escape(values.get(key, "")).encode("utf-8") for key in PLACEHOLDERS})


def values_for(layout: Layout, gemeente: Gemeente | None, regio: str, ronde: str, generated_at: str) -> dict[str, str]:
    """The placeholder values of one gemeente's copy (the list's regio wins over the round's)."""
    naam = gemeente.naam if gemeente else ""
    regio = (gemeente.regio if gemeente and gemeente.regio else regio) or ""
    nummer = str(gemeente.nummer) if gemeente and gemeente.nummer is not None else ""
    return {"gemeente": naam, "gemeente_nr": nummer, "regio": regio, "ronde": ronde,
            "contactpersoon": gemeente.contactpersoon if gemeente else "", "email": gemeente.email if gemeente else "",
            "generated_at": generated_at,
            "token": metadata_token(layout.id, layout.version, naam, regio, ronde, nummer)}
