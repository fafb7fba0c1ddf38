"""Shared fixtures: the bundled layout, generated workbooks, and access to LibreOffice."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbook_tool.gemeenten import Gemeente
from workbook_tool.generate import generate
from workbook_tool.layout import load_layout

ROOT = Path(__file__).resolve().parents[1]
LAYOUT_2022 = ROOT / "layouts" / "preventiescanner-2022.yaml"


@pytest.fixture(scope="session")
def layout_2022():
    return load_layout(LAYOUT_2022)


@pytest.fixture(scope="session")
def generated(layout_2022, tmp_path_factory):
    """Two personalised workbooks (and their template) for the 2022 layout."""
    out = tmp_path_factory.mktemp("generated")
    gemeenten = [Gemeente("Gemeente 1", "Drechtsteden en Alblasserwaard", 1, "A. de Vries", "a.devries@example.nl"),
                 Gemeente("'s-Hertogenbosch & Zuid", "Regio Zuid", 2)]
    return generate(layout_2022, out, gemeenten, ronde="Voorjaar 2026")
