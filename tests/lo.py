"""Access to the real spreadsheet programs for tests: LibreOffice through UNO (system python3), Gnumeric."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

LO_DRIVER = Path(__file__).resolve().parent / "realclient" / "lo_driver.py"
SYSTEM_PYTHON = "/usr/bin/python3"


def libreoffice_available() -> bool:
    if not shutil.which("soffice") or not Path(SYSTEM_PYTHON).exists():
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


def require(program: str = "libreoffice") -> None:
    """Skip without the program, except where CI demands the real-client tests (then fail)."""
    available = libreoffice_available() if program == "libreoffice" else bool(shutil.which(program))
    if available:
        return
    message = f"{program} is not installed (bash scripts/test installs it when run as root)"
    if os.environ.get("WORKBOOK_TOOL_REQUIRE_LIBREOFFICE") == "1":
        pytest.fail(message + " but WORKBOOK_TOOL_REQUIRE_LIBREOFFICE=1")
    pytest.skip(message)


def run_libreoffice(job: dict, folder: Path) -> dict:
    """Run one job through LibreOffice (see realclient/lo_driver.py) and return its result."""
    require("libreoffice")
    job_file, result_file = folder / "job.json", folder / "result.json"
    job_file.write_text(json.dumps(job, default=str), encoding="utf-8")
    done = subprocess.run([SYSTEM_PYTHON, str(LO_DRIVER), str(job_file), str(result_file)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(result_file.read_text(encoding="utf-8"))
