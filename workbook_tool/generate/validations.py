"""Excel data validation and conditional formats for answer cells, grouped into as few ranges as possible."""

from __future__ import annotations

import re
from collections import defaultdict

from xlsxwriter.utility import xl_rowcol_to_cell

from ..contract import list_name
from ..layout.model import Column, Layout
from ..values import clip
from ..xlsxkit import date_validation


def validation_signature(column: Column, unit: str) -> tuple:
    """Answer cells with the same signature share one validation rule."""
    return (column.type, column.choices or "", column.integer, column.min, column.max, column.allow_range,
            column.max_length, column.help, unit)


def validation_options(layout: Layout, signature: tuple) -> dict | None:
    """Excel data validation for one kind of answer cell; texts within Excel's limits (title 32, message 255)."""
    ctype, choices, integer, vmin, vmax, allow_range, max_length, help_text, unit = signature
    suffix = f" {help_text}" if help_text else ""
    if ctype == "choice":
        values = layout.choice_lists[choices]
        listed = ", ".join(values)
        message = f"Kies uit de lijst: {listed}." if len(listed) < 150 else "Kies een waarde uit de lijst."
        # Lists on a hidden sheet, referenced by name: Excel drops inline lists over 255 characters.
        return {"validate": "list", "source": f"={list_name(choices)}",
                "input_title": "Kies uit de lijst", "input_message": clip(message + suffix, 255),
                "error_title": "Kies uit de lijst", "error_type": "stop",
                "error_message": "Deze waarde staat niet in de lijst. Klik op het pijltje en kies een waarde."}
    if ctype == "number":
        return _number_options(integer, vmin, vmax, allow_range, unit, suffix)
    if ctype == "date":
        return date_validation(error_message="Vul een datum in tussen 1-1-2000 en 31-12-2100, bijvoorbeeld 31-12-2026.")
    if ctype == "text":
        if not help_text and not max_length:
            return None
        options = {"input_title": "Toelichting", "input_message": clip(help_text or "Vul hier uw tekst in.", 255)}
        if max_length:
            return {**options, "validate": "length", "criteria": "<=", "value": max_length,
                    "error_title": "Tekst te lang", "error_message": f"Gebruik hoogstens {max_length} tekens."}
        return {**options, "validate": "any"}
    return None


def _number_options(integer: bool, vmin, vmax, allow_range: bool, unit: str, suffix: str) -> dict:
    unit_text = f" in {unit}" if unit else ""
    if allow_range:
        return {"validate": "any", "input_title": "Aantal",
                "input_message": clip(f"Vul een aantal{unit_text} in, of een bereik zoals 3-4.{suffix}", 255)}
    low = vmin if vmin is not None else (0 if integer else -1e12)
    high = vmax if vmax is not None else 1e12
    kind = "geheel getal" if integer else "getal"
    bounds = f" van {_dutch_number(low)} of meer" if vmax is None else \
        f" tussen {_dutch_number(low)} en {_dutch_number(high)}"
    return {"validate": "integer" if integer else "decimal", "criteria": "between", "minimum": low, "maximum": high,
            "input_title": "Getal", "input_message": clip(f"Vul een {kind}{unit_text} in{bounds}.{suffix}", 255),
            "error_title": "Ongeldig getal", "error_type": "stop",
            "error_message": clip(f"Vul een {kind}{bounds} in.", 225)}


def _dutch_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def invalid_choice_rule(block: str, list_id: str, fmt) -> dict:
    """Conditional format: a pasted value that is not in the list shows red (validation does not stop a paste)."""
    top_left = block.split(":")[0]
    return {"type": "formula", "format": fmt, "stop_if_true": True,
            "criteria": f'=AND({top_left}<>"",COUNTIF({list_name(list_id)},{top_left})=0)'}


def ranges(cells: list[tuple[int, int]]) -> list[str]:
    """Group cells into rectangular column runs: [(4,2),(5,2),(7,2)] -> ['C5:C6', 'C8']."""
    blocks: list[str] = []
    by_col: dict[int, list[int]] = defaultdict(list)
    for row, col in cells:
        by_col[col].append(row)
    for col in sorted(by_col):
        rows = sorted(set(by_col[col]))
        start = prev = rows[0]
        for row in rows[1:] + [None]:
            if row is not None and row == prev + 1:
                prev = row
                continue
            a, b = xl_rowcol_to_cell(start, col), xl_rowcol_to_cell(prev, col)
            blocks.append(a if a == b else f"{a}:{b}")
            if row is not None:
                start = prev = row
    return blocks


def absolute(block: str) -> str:
    """'C5:C6' -> '$C$5:$C$6'."""
    return ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", part) for part in block.split(":"))
