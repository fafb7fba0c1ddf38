"""Shared fixtures: the bundled layout, generated workbooks, the consolidated Drechtsteden sample.

Layout of tests/: unit/ (single rules, fast), integration/ (generate, collect, consolidate, report),
seeds/ (comparison with the published seed documents), realclient/ (real spreadsheet programs, marker
`realclient`), support/ (helpers, imported as tests.support.*; no test module imports another).
"""

from __future__ import annotations

import pytest

from tests.support.paths import DRECHTSTEDEN, LAYOUT_2022
from workbook_tool.collect import collect
from workbook_tool.consolidate import consolidate
from workbook_tool.gemeenten import Gemeente, load_gemeenten, numbered
from workbook_tool.generate import generate
from workbook_tool.layout import load_layout
from workbook_tool.pipeline import consolidate_folder


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


@pytest.fixture(scope="session")
def drechtsteden_gemeenten():
    return numbered(load_gemeenten(DRECHTSTEDEN / "gemeenten.csv"))


@pytest.fixture(scope="session")
def drechtsteden(layout_2022, drechtsteden_gemeenten):
    """The bundled Drechtsteden sample (seed 001: nine returns) collected and consolidated."""
    collected = collect(DRECHTSTEDEN / "retour", [layout_2022], drechtsteden_gemeenten)
    return consolidate(collected.answers_frame(), layout_2022)


@pytest.fixture(scope="session")
def drechtsteden_report(layout_2022, drechtsteden_gemeenten, tmp_path_factory):
    """The regional report of the Drechtsteden sample: regio.xlsx and its key regio-sleutel.xlsx."""
    out = tmp_path_factory.mktemp("report") / "regio.xlsx"
    return consolidate_folder(DRECHTSTEDEN / "retour", out, [layout_2022], drechtsteden_gemeenten)
