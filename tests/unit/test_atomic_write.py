"""Outputs are written atomically: a failed write leaves the old file complete and no temporary file behind."""

from __future__ import annotations

import pytest

from workbook_tool.fileio import write_atomic


def test_outputs_are_written_atomically(tmp_path, monkeypatch):
    target = tmp_path / "export.csv"
    target.write_bytes(b"old complete content")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(target, b"new content")
    assert target.read_bytes() == b"old complete content"
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"], "no temporary file left behind"
