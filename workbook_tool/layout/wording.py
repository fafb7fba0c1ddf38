"""Dutch wording of layout problems that more than one check needs: the 'did you mean' hint, and PyYAML's
syntax errors as a sentence for the coordinator who edits a layout file.

PyYAML reports in English and in YAML's own terms ("mapping values are not allowed here"). The coordinator
needs to know what to change on the line, so each error a hand-edited layout commonly has gets its own
explanation; any other is reported as invalid YAML without PyYAML's English.
"""

from __future__ import annotations

import re

import yaml

# (pattern on PyYAML's `problem` text, Dutch explanation saying what to change); the first that matches is used.
EXPLANATIONS: tuple[tuple[str, str], ...] = (
    (r"found character '\\t' that cannot start any token",
     "er staat een tab; spring in met spaties, niet met tabs."),
    (r"found character .* that cannot start any token",
     "een regel begint met een teken dat in YAML een speciale betekenis heeft (zoals @ of `); "
     "zet de tekst tussen aanhalingstekens."),
    (r"mapping values are not allowed here",
     "hier staat een dubbele punt (:) waar dat niet mag; zet een tekst met een dubbele punt tussen "
     "aanhalingstekens, of controleer het inspringen."),
    (r"could not find expected ':'",
     "er ontbreekt een dubbele punt (:) achter een sleutel, of een aanhalingsteken is niet gesloten."),
    (r"expected <block end>",
     "het inspringen klopt niet: deze regel springt anders in dan de regels die erbij horen."),
    (r"sequence entries are not allowed here",
     "hier staat een lijstregel ('- ') waar dat niet mag; controleer het inspringen."),
    (r"expected the node content|did not find expected node content|expected ',' or '[\]}]'",
     "hier ontbreekt een waarde, of een '[' of '{' is niet gesloten."),
    (r"found undefined alias|found undefined tag handle|found duplicate anchor|expected alphabetic or numeric",
     "een tekst begint met een teken dat in YAML een speciale betekenis heeft (zoals * of &); "
     "zet de tekst tussen aanhalingstekens."),
    (r"could not determine a constructor for the tag|found non-specific tag",
     "een tekst begint met '!', dat in YAML een speciale betekenis heeft; zet de tekst tussen aanhalingstekens."),
    (r"found unknown escape character",
     "een backslash (\\) in een tekst tussen dubbele aanhalingstekens; gebruik enkele aanhalingstekens."),
    (r"expected a single document|found unexpected document separator|found duplicate YAML directive",
     "een regel '---' of '...' verdeelt het bestand in meerdere documenten; een layout is één document."),
    (r"unacceptable character|special characters are not allowed",
     "het bestand bevat een teken dat in een tekstbestand niet thuishoort (zoals een stuurteken)."),
)
def did_you_mean(suggestion: str) -> str:
    """The hint for a near miss (a typo in a key, an id, a value)."""
    return f"Bedoelt u '{suggestion}'?"


# PyYAML reports an unclosed quote at the end of the file; the line the coordinator must fix is where it opens.
UNCLOSED_QUOTE = "found unexpected end of stream"
UNCLOSED_QUOTE_EXPLANATION = "het aanhalingsteken op deze regel wordt nergens gesloten."
FALLBACK = "dit is geen geldige YAML."
FALLBACK_HINT = "Controleer het inspringen, de dubbele punten en de aanhalingstekens op deze regel en de regel erboven."


def explain_yaml_error(exc: yaml.YAMLError, text: str) -> tuple[int | None, str, str]:
    """The line (1-based, None when PyYAML gives none), the Dutch explanation and the hint of a YAML error in
    text."""
    problem = str(getattr(exc, "problem", None) or getattr(exc, "reason", None) or exc)
    problem_mark, context_mark = getattr(exc, "problem_mark", None), getattr(exc, "context_mark", None)
    if problem == UNCLOSED_QUOTE and context_mark is not None:
        return context_mark.line + 1, UNCLOSED_QUOTE_EXPLANATION, ""
    mark = problem_mark or context_mark
    line = mark.line + 1 if mark else None
    if isinstance(exc, yaml.reader.ReaderError):  # a bad character: PyYAML gives its position, not its line
        line = text.count("\n", 0, exc.position) + 1
    for pattern, dutch in EXPLANATIONS:
        if re.search(pattern, problem):
            return line, dutch, ""
    return line, FALLBACK, FALLBACK_HINT
