"""Errors of workbook_tool: one base class, and problems as data with a stable code and a location."""

from __future__ import annotations

from dataclasses import dataclass


class WorkbookToolError(Exception):
    """Base class of every error the tool raises on purpose; the CLI shows its message, never a traceback."""


@dataclass(frozen=True)
class LayoutProblem:
    """One thing wrong in a layout file: where (file, line, path), what, and how to fix it."""

    code: str
    file: str
    line: int | None
    path: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"[{where}] {self.path}: {self.message}" if self.path else f"[{where}] {self.message}"
        return f"{text} {self.hint}".rstrip()


class LayoutInvalid(WorkbookToolError):
    """A layout file could not be loaded; `problems` lists every error found, not only the first."""

    def __init__(self, problems: list[LayoutProblem]):
        self.problems = problems
        count = len(problems)
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"{count} error{'s' if count != 1 else ''} in the layout:\n{lines}")


# The catalogue of layout problem codes. Tests assert on these codes, not on the prose.
LAYOUT_CODES = {
    "yaml_syntax": "The file is not valid YAML.",
    "file_not_found": "The layout file or an included file does not exist.",
    "unknown_key": "A key that the format does not know (often a typo).",
    "missing_key": "A required key is absent.",
    "wrong_type": "A value has the wrong type (e.g. a list where text is expected).",
    "empty_label": "A label or title is empty.",
    "bad_id": "An id does not follow the id rules.",
    "duplicate_id": "An id is used twice where it must be unique.",
    "unknown_choice_list": "A column refers to a choice list that is not defined.",
    "unknown_column": "An item restricts itself to a column the question does not have.",
    "unknown_sheet": "A derived choice list refers to a sheet that does not exist.",
    "bad_value": "A value is outside what the format allows.",
    "too_long": "A text exceeds a limit of Excel (sheet names, dropdown messages).",
}
