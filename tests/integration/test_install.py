"""Installed like any package: a wheel (no checkout next to it) reads returns with its bundled layouts."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

from tests.support.paths import DRECHTSTEDEN, ROOT


def _run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=300)


def _fresh_venv_with_wheel(tmp_path: Path) -> Path:
    """A new venv holding only the built wheel; the dependencies are borrowed from the test venv by a plain
    path entry (not a site dir, so the test venv's editable install of the checkout is not seen)."""
    built = _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", tmp_path / "dist", ROOT)
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "dist").glob("workbook_tool-*.whl"))
    venv = tmp_path / "venv"
    made = _run(sys.executable, "-m", "venv", "--without-pip", venv)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").stdout.strip())
    (site / "test-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    installed = _run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", wheel)
    assert installed.returncode == 0, installed.stderr
    return venv


def test_a_wheel_ships_the_bundled_layouts_and_collects_without_a_checkout(tmp_path):
    venv = _fresh_venv_with_wheel(tmp_path)
    elsewhere = tmp_path / "elders"
    shutil.copytree(DRECHTSTEDEN / "retour", elsewhere / "retour")

    where = _run(venv / "bin" / "python", "-c", "import workbook_tool; print(workbook_tool.__file__)", cwd=elsewhere)
    assert Path(where.stdout.strip()).is_relative_to(venv), "the installed package is used, not the checkout"
    result = _run(venv / "bin" / "workbook-tool", "collect", "retour", "--json", cwd=elsewhere)

    report = json.loads(result.stdout)
    returns = sorted((DRECHTSTEDEN / "retour").glob("*.xlsx"))
    assert len(returns) == 9
    read = [f for f in report["files"] if f["outcome"] == "read"]
    assert sorted(f["file"] for f in read) == sorted(p.name for p in returns)


def test_the_wheel_holds_every_layout_of_the_package(tmp_path):
    built = _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", tmp_path, ROOT)
    assert built.returncode == 0, built.stderr
    with zipfile.ZipFile(next(tmp_path.glob("workbook_tool-*.whl"))) as wheel:
        shipped = {Path(n).name for n in wheel.namelist() if n.startswith("workbook_tool/layouts/")}
    assert shipped == {p.name for p in (ROOT / "workbook_tool" / "layouts").glob("*.yaml")}
    assert shipped, "there are bundled layouts"
