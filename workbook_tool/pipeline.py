"""The whole job in one call: a folder of returns -> the consolidated regional workbook."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .collect import CollectError, CollectResult, collect
from .consolidate import Consolidation, Thresholds, consolidate
from .gemeenten import Gemeente
from .layout.model import Layout
from .report import ReportOptions, write_report


@dataclass
class ConsolidateOutcome:
    collected: CollectResult
    consolidation: Consolidation
    files: list[Path]
    notes: list[str] = field(default_factory=list)

    @property
    def layout_label(self) -> str:
        return f"{self.consolidation.layout.id} versie {self.consolidation.layout.version}"


def consolidate_folder(folder: str | Path, out: str | Path, layouts: list[Layout],
                       gemeenten: list[Gemeente] | None = None, *, anonymous: bool = True,
                       thresholds: Thresholds = Thresholds(), ronde: str = "", regio: str = "",
                       date: dt.date | None = None) -> ConsolidateOutcome:
    """Collect the folder, consolidate the returns of the most used layout version, write the report."""
    collected = collect(folder, layouts, gemeenten)
    if not collected.used:
        raise CollectError(f"No readable scan workbooks in {folder}: nothing to consolidate. "
                           "Run 'workbook-tool collect' to see why.")
    versions = Counter((r.identity.layout_id, r.identity.layout_version) for r in collected.used)
    (layout_id, version), _ = versions.most_common(1)[0]
    layout = next(l for l in layouts if (l.id, l.version) == (layout_id, version))
    notes = []
    if len(versions) > 1:
        others = ", ".join(f"{i} {v} ({n})" for (i, v), n in versions.items() if (i, v) != (layout_id, version))
        notes.append(f"returns of other versions are left out of the tables: {others}.")
    answers = collected.answers_frame()
    result = consolidate(answers, layout, thresholds)
    used = [r for r in collected.used if (r.identity.layout_id, r.identity.layout_version) == (layout_id, version)]
    rondes = Counter(r.identity.ronde for r in used if r.identity.ronde)
    options = ReportOptions(anonymous=anonymous, ronde=ronde or (rondes.most_common(1)[0][0] if rondes else ""),
                            regio=regio, date=date, invited=len(gemeenten) if gemeenten else None,
                            status=collected.status,
                            problems=(sum(p.severity == "error" for p in collected.problems),
                                      sum(p.severity == "warning" for p in collected.problems)))
    files = write_report(result, out, options)
    return ConsolidateOutcome(collected, result, files, notes)
