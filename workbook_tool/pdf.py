"""The regional report as PDF, printed by LibreOffice (soffice --headless --convert-to pdf).

LibreOffice runs with a profile of its own in a temporary folder: a coordinator who has LibreOffice open
keeps working undisturbed (a second soffice on the same profile would only hand the job to the first one),
and nothing of the conversion stays behind.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .errors import WorkbookToolError

TIMEOUT_SECONDS = 180  # a report of 30 gemeenten takes about 10 s; a hung office must not hang the command

INSTALL_HINT = ("Installeer LibreOffice: op Debian/Ubuntu met 'sudo apt-get install libreoffice-calc', op "
                "Windows of macOS via https://www.libreoffice.org/download/ . Of laat --pdf weg: het werkboek "
                "kan ook vanuit Excel als PDF worden opgeslagen.")


class PdfUnavailable(WorkbookToolError):
    """LibreOffice is not installed, so no PDF can be made."""


class PdfFailed(WorkbookToolError):
    """LibreOffice did not turn the workbook into a PDF."""


def soffice_program() -> str | None:
    """The LibreOffice program on the PATH (soffice, or libreoffice as some packages name it)."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice_available() -> bool:
    return soffice_program() is not None


def refuse_without_soffice() -> None:
    if not soffice_available():
        raise PdfUnavailable("Voor --pdf is LibreOffice nodig, maar het is niet gevonden (het programma "
                             f"'soffice'). Er is niets geschreven. {INSTALL_HINT}")


def office_to_pdf(document: bytes | str | Path, suffix: str = ".xlsx", timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The PDF LibreOffice prints of the document (its bytes, or its file): a workbook (.xlsx, every sheet in
    order) or a Word document (.docx, the concept report). suffix tells LibreOffice which it is when bytes
    are given."""
    refuse_without_soffice()
    data = document if isinstance(document, bytes) else Path(document).read_bytes()
    suffix = suffix if isinstance(document, bytes) else Path(document).suffix
    with tempfile.TemporaryDirectory(prefix="workbook-tool-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / f"rapportage{suffix}"
        source.write_bytes(data)
        _convert(source, folder, timeout)
        target = source.with_suffix(".pdf")
        if not target.exists():
            raise PdfFailed("LibreOffice heeft van de rapportage geen PDF gemaakt. Open het bestand in "
                            "LibreOffice, Excel of Word en sla het daar als PDF op.")
        return target.read_bytes()


def _convert(source: Path, folder: Path, timeout: float) -> None:
    profile = folder / "profiel"
    command = [soffice_program() or "soffice", "--headless", "--norestore", "--nologo", "--nolockcheck",
               f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf", "--outdir", str(folder),
               str(source)]
    try:
        # A session of its own: on a timeout the whole group goes (soffice is a script starting soffice.bin).
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError as exc:
        raise PdfFailed(f"LibreOffice kon niet worden gestart voor de PDF: {exc.strerror or exc}.") from None
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _end_group(process)
        raise PdfFailed(f"LibreOffice was na {timeout:.0f} seconden nog niet klaar met de PDF; gestopt. "
                        "Probeer het opnieuw, of open het werkboek en sla het zelf als PDF op.") from None


def _end_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):  # AttributeError: no killpg on Windows
        process.kill()
    process.wait()


def pdf_file(report: Path) -> Path:
    """Where the PDF of a report goes: regio.pdf next to regio.xlsx (regio-concept.pdf next to the .docx)."""
    return report.with_suffix(".pdf")
