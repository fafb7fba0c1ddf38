"""Returns folders for the collect tests: well-formed returns, and one bad file per case."""

from __future__ import annotations

import pytest

from tests.support.returns import GEMEENTEN, make_return, random_answers, write_bad_files
from workbook_tool.gemeenten import Gemeente
from workbook_tool.generate import build_template


@pytest.fixture(scope="session")
def template(layout_2022):
    return build_template(layout_2022)


@pytest.fixture(scope="session")
def returns(template, tmp_path_factory):
    """A returns folder: A complete, B partly filled, C twice (older and newer), D missing, X not on the list."""
    folder = tmp_path_factory.mktemp("returns")
    full = {k: v for k, v in random_answers(template, 1, share=1.0).items()}
    answers = {"A": full, "B": random_answers(template, 2, share=0.5), "C": random_answers(template, 3, 0.8)}
    make_return(template, GEMEENTEN[0], answers["A"], folder / "Gemeente A.xlsx")
    make_return(template, GEMEENTEN[1], answers["B"], folder / "Gemeente B.xlsx")
    make_return(template, GEMEENTEN[2], random_answers(template, 4, 0.3), folder / "Gemeente C (eerste versie).xlsx")
    (folder / "sub").mkdir()
    make_return(template, GEMEENTEN[2], answers["C"], folder / "sub" / "Gemeente C.xlsx")
    make_return(template, Gemeente("Gemeente X", "Regio Oost", 9), random_answers(template, 5), folder / "X.xlsx")
    return folder, answers


@pytest.fixture(scope="session")
def bad_folder(template, layout_2022, tmp_path_factory):
    """One file per bad-input case, and the expected (outcome, problem code, message fragment) for each.
    Read it under BOMB_LIMITS (tests.support.returns) for the bombs to be refused."""
    folder = tmp_path_factory.mktemp("bad")
    return folder, write_bad_files(folder, template, layout_2022)
