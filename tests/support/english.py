"""Find English left in text meant for the Dutch coordinator.

The check looks for words and phrases that are common in English and never occur in Dutch prose. What the
person types is left out first, because it stays as written whatever the language: option names
(--gemeenten-file), metavars (BESTAND), paths and file names (regio-status.xlsx), and quoted keys and
values ('choice_lists', 'required').
"""

from __future__ import annotations

import re

# Whole words (case-insensitive) that English sentences use and Dutch ones do not. Words both languages
# share ("is", "in", "over", "argument", "status", "export", "layout", "items") are not listed, nor the
# names of commands ("show", "check").
ENGLISH_WORDS = (
    "the", "is not", "are", "was", "were", "does", "does not", "do not", "cannot", "could", "should", "must",
    "will", "please", "this", "that", "which", "with", "without", "from", "for", "and", "or", "not", "to",
    "missing", "invalid", "unknown", "no such", "not found", "expected", "found", "exist", "exists",
    "error", "warning", "usage", "options", "commands", "show this", "message", "exit", "try",
    "file", "files", "folder", "directory", "path", "value", "default", "required", "wrote", "written",
    "reading", "writing", "aborted", "traceback", "did you mean", "but", "only", "has", "have", "been",
    "empty", "valid", "key", "sheet", "sheets", "section", "question", "column", "choice list",
)
# click's English metavars and usage words, which the metavar rule below would otherwise leave out.
ENGLISH_METAVARS = ("FILE", "FOLDER", "DIRECTORY", "PATH", "TEXT", "FLOAT", "INTEGER", "BOOLEAN", "OPTIONS",
                    "COMMAND", "ARGS")
# Prefixes that are English as the start of a line of click's or Python's output.
ENGLISH_LINE_STARTS = ("error:", "usage:", "options:", "commands:", "show this message", "traceback")

ENGLISH_METAVAR_RE = re.compile(r"\b(?:" + "|".join(ENGLISH_METAVARS) + r")\b")
ENGLISH_RE = re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ENGLISH_WORDS) + r")\b",
                        re.IGNORECASE)
TYPED_RE = re.compile(
    r"'[^'\n]*'"                     # quoted keys, values, names: 'choice_lists', 'Dordrecht'
    r"|\"[^\"\n]*\""
    r"|`[^`\n]*`"
    r"|(?<!\w)--?[A-Za-z][\w-]*"     # option names: --gemeenten-file, -h
    r"|<[^>\n]*>"                    # placeholders: <MAP>-status.xlsx, <out>.pdf
    r"|\S*[/\\]\S*"                  # paths: workbook_tool/layouts/*.yaml, C:\\scan\\retour
    r"|\S+\.[A-Za-z]{2,7}\b"         # file names: regio.xlsx, gemeenten.csv
    r"|\b[A-Z][A-Z0-9_]{1,}\b"       # metavars: BESTAND, MAP, GETAL, TEKST
)


def english_sentences(text: str) -> list[str]:
    """Every line of text that still reads as English, once what the person types is left out."""
    found = []
    for line in text.splitlines():
        prose = TYPED_RE.sub(" ", line)
        if (ENGLISH_RE.search(prose) or ENGLISH_METAVAR_RE.search(line)
                or line.strip().lower().startswith(ENGLISH_LINE_STARTS)):
            found.append(line.strip())
    return found
