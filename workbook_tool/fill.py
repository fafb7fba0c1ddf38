"""Write answers into a generated scan workbook, for the samples, tests and benchmarks.

A gemeente fills its workbook in Excel or LibreOffice; this does the same for synthetic and sample
data by rewriting the cells of the sheet XML that the generator left blank, so the result is the
generator's own file with values in its answer cells (and nothing else changed).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Any

from .contract import START_TITLE
from .fileio import rewrite_zip, xml_escape
from .generate import Template
from .values import EPOCH_1900


def _cell_xml(ref: str, style: str, value: Any) -> str:
    if isinstance(value, bool):
        return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (dt.date, dt.datetime)):
        day = value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)
        serial = (day - EPOCH_1900).total_seconds() / 86400
        return f'<c r="{ref}"{style}><v>{serial:g}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"{style}><v>{value!r}</v></c>'
    text = xml_escape(str(value))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def fill_template(template: Template, data: bytes, answers: dict[str, Any]) -> bytes:
    """A copy of a workbook generated from template (bytes), with answers written into its cells.

    answers maps an answer key "question.item.column" to a value (str, int, float, date).
    """
    by_key = {c.key: c for c in template.cells}
    unknown = sorted(set(answers) - set(by_key))
    if unknown:
        raise KeyError(f"not answer cells of this layout: {', '.join(unknown[:5])}")
    parts = _sheet_parts(template)
    per_part: dict[str, dict[str, Any]] = defaultdict(dict)
    for key, value in answers.items():
        if value is None or value == "":
            continue
        record = by_key[key]
        per_part[parts[record.sheet]][record.cell] = value

    def writer(cells: dict[str, Any]):
        def write(xml: bytes) -> bytes:
            text = xml.decode("utf-8")
            pending = dict(cells)

            def replace(match: re.Match) -> str:
                ref = match.group(1)
                if ref not in pending:
                    return match.group(0)
                return _cell_xml(ref, match.group(2) or "", pending.pop(ref))

            text = re.sub(r'<c r="([A-Z]{1,3}\d+)"( s="\d+")?/>', replace, text)
            if pending:
                raise ValueError(f"cells not found blank in the sheet: {', '.join(sorted(pending)[:5])}")
            return text.encode("utf-8")
        return write

    return rewrite_zip(data, {part: writer(cells) for part, cells in per_part.items()})


def _sheet_parts(template: Template) -> dict[str, str]:
    """Sheet title -> part name; xlsxwriter numbers sheets in creation order: Start, layout sheets, ..."""
    titles = [START_TITLE] + [s.title for s in template.layout.sheets]
    return {title: f"xl/worksheets/sheet{index}.xml" for index, title in enumerate(titles, start=1)}
