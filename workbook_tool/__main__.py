"""Allow `python -m workbook_tool`."""

from .cli import run

run()
