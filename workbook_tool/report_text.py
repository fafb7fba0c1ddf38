"""Plain-text and JSON renderings of a collect result, for the terminal (the CLI prints these)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .collect import CollectResult
from .status import STATUS_LABELS

MAX_PROBLEM_LINES = 40


def format_collect(result: CollectResult) -> str:
    lines = [_summary(result), ""]
    headers = ("Gemeente", "Nr", "Status", "Ingevuld", "Fouten", "Waarsch.", "Bestand")
    rows = [(s.gemeente, s.nummer, s.label,
             "" if not s.used else f"{s.answered}/{s.to_answer} ({s.share:.0%})",
             "" if not s.used else str(s.errors), "" if not s.used else str(s.warnings),
             s.file) for s in result.status]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    lines.append("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    shown = [p for p in result.problems if p.severity in ("error", "warning")]
    if shown:
        lines += ["", f"Problemen ({len(shown)}; fouten eerst):"]
        order = {"error": 0, "warning": 1}
        for problem in sorted(shown, key=lambda p: (order[p.severity], p.file))[:MAX_PROBLEM_LINES]:
            lines.append(f"  {'FOUT' if problem.severity == 'error' else 'let op'}: {problem}")
        if len(shown) > MAX_PROBLEM_LINES:
            lines.append(f"  ... en {len(shown) - MAX_PROBLEM_LINES} meer: zie het statuswerkboek.")
    return "\n".join(lines)


def _summary(result: CollectResult) -> str:
    counts = {k: sum(s.status == k for s in result.status) for k in STATUS_LABELS}
    read = sum(f.outcome == "read" for f in result.files)
    skipped = sum(f.outcome == "skipped" for f in result.files)
    failed = sum(f.outcome == "failed" for f in result.files)
    parts = [f"{len(result.files)} bestanden: {read} gelezen, {failed} niet leesbaar, {skipped} overgeslagen.",
             " ".join(f"{STATUS_LABELS[k]}: {v}." for k, v in counts.items() if v)]
    return "\n".join(p for p in parts if p)


def collect_json(result: CollectResult, status_path: Path, export_path: Path | None) -> dict[str, Any]:
    return {"needs_attention": result.needs_attention, "status_file": str(status_path),
            "export_file": str(export_path) if export_path else None,
            "status": result.status_frame().to_dict(orient="records"),
            "files": [{"file": f.shown_path(result.folder), "outcome": f.outcome,
                       "gemeente": f.identity.gemeente, "method": f.identity.method, "sha256": f.sha256}
                      for f in result.files],
            "problems": result.problems_frame().to_dict(orient="records")}
