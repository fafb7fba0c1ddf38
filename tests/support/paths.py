"""Where the tests find the repository's layouts, samples and test data."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYOUTS = ROOT / "workbook_tool" / "layouts"
LAYOUT_2021 = LAYOUTS / "preventiescanner-2021.yaml"
LAYOUT_2022 = LAYOUTS / "preventiescanner-2022.yaml"
DATA = ROOT / "tests" / "data"
EXCEL_MADE = DATA / "excel-made"
# A copy of ../shared/seeds/001 (the published report), kept in the repo so CI always compares.
SEED_001 = DATA / "seeds" / "001_160616489a1a6747.txt"
# A copy of ../shared/seeds/003 (Impuls 2022: informatie, interventies en praktijkvoorbeelden), for the catalogue.
SEED_003 = DATA / "seeds" / "003_8e029f0041e7e8c3.txt"
DRECHTSTEDEN = ROOT / "samples" / "drechtsteden-2022"
THREE_REGIONS = ROOT / "samples" / "three-regions-2021"
BUILD_SAMPLES = ROOT / "scripts" / "build_samples.py"
