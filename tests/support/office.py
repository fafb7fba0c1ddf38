"""Access to the real spreadsheet programs for tests: LibreOffice through UNO (system python3), Gnumeric.

LibreOffice is driven by tests/realclient/lo_driver.py, a separate program run with the system python3
(python3-uno). The tests share one office: `OfficeSession` starts soffice listening on a pipe with its
own temporary profile, every job connects to that pipe, and the session terminates the office at the end.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

LO_DRIVER = Path(__file__).resolve().parents[1] / "realclient" / "lo_driver.py"
SYSTEM_PYTHON = "/usr/bin/python3"
REQUIRE_ENV = "WORKBOOK_TOOL_REQUIRE_LIBREOFFICE"


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
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(message + f" but {REQUIRE_ENV}=1")
    pytest.skip(message)


def run_driver(job: dict, folder: Path, timeout: float = 300) -> dict:
    """Run one job through lo_driver.py and return its result."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix="job-", suffix=".json", dir=folder)
    os.close(handle)
    job_file = Path(name)
    result_file = job_file.with_name(job_file.name.replace("job-", "result-"))
    job_file.write_text(json.dumps(job, default=str), encoding="utf-8")
    done = subprocess.run([SYSTEM_PYTHON, str(LO_DRIVER), str(job_file), str(result_file)],
                          capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(result_file.read_text(encoding="utf-8"))


def run_libreoffice(job: dict, folder: Path, pipe: str | None = None, timeout: float = 300) -> dict:
    """Run one job through LibreOffice: in the office listening on pipe, or (without) in one of its own."""
    require("libreoffice")
    return run_driver({**job, "pipe": pipe} if pipe else job, folder, timeout)


class OfficeSession:
    """One headless soffice with its own temporary profile, listening on a named pipe."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.profile = workdir / "profile"
        self.pipe = f"wt_{os.getpid()}_{random.randint(0, 1 << 30)}"
        self.process: subprocess.Popen | None = None

    def start(self) -> OfficeSession:
        self.process = subprocess.Popen(
            ["soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
             f"-env:UserInstallation={self.profile.as_uri()}",
             f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)  # its own process group, so stop() can end soffice.bin with it
        try:
            ping = run_driver({"pipe": self.pipe, "action": "ping"}, self.workdir / "jobs", timeout=120)
        except BaseException:
            self.stop()
            raise
        assert ping.get("connected"), ping
        return self

    def stop(self) -> None:
        """Ask the office to terminate through UNO; end its process group if it does not."""
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            try:
                run_driver({"pipe": self.pipe, "action": "terminate"}, self.workdir / "jobs", timeout=60)
            except (AssertionError, subprocess.TimeoutExpired, OSError):
                pass  # ended below
        _wait(process, timeout=30)
        for sig in (signal.SIGTERM, signal.SIGKILL):  # whatever is left of the group: oosplash, soffice.bin
            if not _group_alive(process.pid):
                break
            os.killpg(process.pid, sig)
            _wait(process, timeout=15)
        shutil.rmtree(self.profile, ignore_errors=True)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def _wait(process: subprocess.Popen, timeout: float) -> None:
    """Wait until the office's whole process group is gone (reaping our child), or the timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        process.poll()
        if process.returncode is not None and not _group_alive(process.pid):
            return
        time.sleep(0.1)
