"""One LibreOffice for all real-client tests: started at first use, terminated at the end of the session."""

from __future__ import annotations

import pytest

from tests.support.office import OfficeSession, require


@pytest.fixture(scope="session")
def office(tmp_path_factory):
    """A headless soffice listening on a pipe (own temporary profile); pass office.pipe to run_libreoffice.

    Skipped without LibreOffice; fails instead when WORKBOOK_TOOL_REQUIRE_LIBREOFFICE=1."""
    require("libreoffice")
    session = OfficeSession(tmp_path_factory.mktemp("office")).start()
    yield session
    session.stop()
