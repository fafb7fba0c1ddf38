"""A round folder: one hand-editable file (ronde.yaml) with what every step of a round needs, and its folders.

    ronde.yaml      regio, ronde, layout, gemeenten, deadline, coordinator (naam, e-mail, telefoon)
    gemeenten.csv   a copy of the list, so the folder holds the list the round was made with
    werkboeken/     generate's output          uitnodigingen/  the mail drafts
    retour/         the returned workbooks     rapportage/     the regional report
    terugkoppeling/ the feedback per gemeente

Commands run inside the folder (or a folder below it) find the file as git finds .git: `find_round`.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import WorkbookToolError
from .gemeenten import EMAIL_RE, load_gemeenten, safe_filename
from .generate.start import Coordinator
from .layout import BUNDLED_LAYOUTS, bundled_layout_paths, load_layout

ROUND_FILE = "ronde.yaml"
DEFAULT_LAYOUT = "preventiescanner-2022.yaml"  # the newest preventiescanner that ships with the tool
# The folders of a round and what the coordinator finds in each (printed by `ronde nieuw`).
ROUND_FOLDERS = {
    "werkboeken": "de werkboeken voor de gemeenten (generate)",
    "uitnodigingen": "de concepten van de uitnodigingen en herinneringen (mail)",
    "retour": "zet hier de teruggestuurde werkboeken (collect, consolidate)",
    "rapportage": "de regionale rapportage (consolidate)",
    "terugkoppeling": "de terugkoppeling per gemeente (feedback)",
}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")  # ISO as the file writes it, and the Dutch way of typing a date
FIELDS = ("regio", "ronde", "layout", "gemeenten", "deadline", "coordinator")
COORDINATOR_FIELDS = ("naam", "e-mail", "telefoon")


class RoundInvalid(WorkbookToolError):
    """The round file cannot be used; every problem names the field and what is wrong with it."""

    def __init__(self, file: Path, problems: list[str]):
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{file} is niet te gebruiken:\n{lines}\nPas het bestand aan (bijv. in Kladblok) en "
                         "probeer het opnieuw.")


class RoundExists(WorkbookToolError):
    """`ronde nieuw` would replace the file of an existing round."""


class RoundNotMade(WorkbookToolError):
    """The values given for a new round are not usable; nothing was written."""


@dataclass(frozen=True)
class Round:
    """A round as its file describes it. layout and gemeenten are as written in the file: paths relative to
    the folder (a layout may also be named by a bundled layout's file name)."""

    folder: Path
    regio: str
    ronde: str
    layout: str
    gemeenten: str
    deadline: dt.date
    coordinator: Coordinator

    @property
    def file(self) -> Path:
        return self.folder / ROUND_FILE

    @property
    def layout_file(self) -> Path:
        return resolve_layout(self.folder, self.layout) or self.folder / self.layout

    @property
    def layout_files(self) -> tuple[Path, ...]:
        """The round's layout as the list collect and consolidate take: returns of this round use it."""
        return (self.layout_file,)

    @property
    def gemeenten_file(self) -> Path:
        return self.folder / self.gemeenten

    @property
    def werkboeken(self) -> Path:
        return self.folder / "werkboeken"

    @property
    def uitnodigingen(self) -> Path:
        return self.folder / "uitnodigingen"

    @property
    def retour(self) -> Path:
        return self.folder / "retour"

    @property
    def rapportage(self) -> Path:
        return self.folder / "rapportage"

    @property
    def terugkoppeling(self) -> Path:
        return self.folder / "terugkoppeling"

    @property
    def report_file(self) -> Path:
        """rapportage/<regio>-<ronde>.xlsx, without the characters Windows forbids in a file name."""
        return self.rapportage / f"{safe_filename(f'{self.regio}-{self.ronde}')}.xlsx"


def find_round(start: Path) -> Round | None:
    """The round of the folder start or of the nearest parent holding a round file; None outside a round."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / ROUND_FILE).is_file():
            return read_round(folder)
    return None


def read_round(folder: Path) -> Round:
    """The round described by folder/ronde.yaml, checked: RoundInvalid lists every field that is wrong."""
    file = folder / ROUND_FILE
    if not file.is_file():
        raise RoundInvalid(file, [f"het bestand {ROUND_FILE} ontbreekt; maak een ronde met "
                                  "'workbook-tool ronde nieuw MAP'."])
    found, problems = _round_from(folder, _load_yaml(file))
    if problems:
        raise RoundInvalid(file, problems)
    return found


def _round_from(folder: Path, data: dict, files: bool = True) -> tuple[Round, list[str]]:
    """The round the fields describe, and every problem with them (the files they name checked when files)."""
    problems: list[str] = []
    values = {name: _text(data, name, problems) for name in ("regio", "ronde", "layout", "gemeenten")}
    problems += [f"onbekend veld '{key}'; bekende velden: {', '.join(FIELDS)}." for key in data if key not in FIELDS]
    if files and values["layout"] and resolve_layout(folder, values["layout"]) is None:
        problems.append(f"veld 'layout': '{values['layout']}' is niet te vinden (vanaf de ronde-map) en is geen "
                        f"meegeleverde layout ({', '.join(bundled_layout_names())}).")
    if files and values["gemeenten"] and not (folder / values["gemeenten"]).is_file():
        problems.append(f"veld 'gemeenten': het bestand '{values['gemeenten']}' staat niet in de ronde-map.")
    deadline = _deadline(data, problems)
    coordinator = _coordinator(data.get("coordinator"), problems)
    return Round(folder.resolve(), deadline=deadline, coordinator=coordinator, **values), problems


def write_round(folder: Path, *, regio: str, ronde: str, gemeenten: Path, deadline: dt.date,
                coordinator: Coordinator, layout: str | Path = DEFAULT_LAYOUT, overwrite: bool = False) -> Round:
    """Make the round folder: check the inputs, copy the list into it, make its folders and write ronde.yaml.
    The copy keeps the round self-contained: the folder can be moved or zipped, and a later change to the
    original list does not silently change this round. A layout is referred to, not copied: a bundled one by
    its name, one's own by its path relative to the folder, because a layout may include files next to it."""
    refuse_existing_round(folder, overwrite)
    layout_source = _layout_source(Path(layout))
    list_name, layout_name = f"gemeenten{gemeenten.suffix.lower()}", _layout_reference(folder, layout_source)
    text = round_text(regio=regio, ronde=ronde, layout=layout_name, gemeenten=list_name, deadline=deadline,
                      coordinator=coordinator)
    # Everything is checked before anything is written: a half-made round would refuse the next attempt.
    problems = _round_from(folder, yaml.load(text, Loader=_AllText), files=False)[1]
    if problems:
        raise RoundNotMade("De ronde is niet gemaakt:\n" + "\n".join(f"  - {p}" for p in problems))
    load_gemeenten(gemeenten)
    load_layout(layout_source)
    folder.mkdir(parents=True, exist_ok=True)
    for name in ROUND_FOLDERS:
        (folder / name).mkdir(exist_ok=True)
    _copy_into(gemeenten, folder / list_name)
    (folder / ROUND_FILE).write_text(text, encoding="utf-8")
    return read_round(folder)


def refuse_existing_round(folder: Path, overwrite: bool) -> None:
    if (folder / ROUND_FILE).exists() and not overwrite:
        raise RoundExists(f"In {folder} staat al een ronde ({ROUND_FILE}). Kies een andere map, of geef "
                          "--overschrijven om dat bestand te vervangen.")


def round_text(*, regio: str, ronde: str, layout: str, gemeenten: str, deadline: dt.date,
               coordinator: Coordinator) -> str:
    """The round file: each field with a line saying what it is, so the coordinator can edit it by hand."""
    lines = [
        "# Een ronde van de Preventiescanner Dakloosheid (gemaakt met 'workbook-tool ronde nieuw').",
        "# U mag dit bestand aanpassen, bijv. in Kladblok. De opdrachten in deze map gebruiken deze gegevens;",
        "# een optie op de opdrachtregel gaat voor.",
        "",
        "# Naam van de regio, zoals in de werkboeken en de rapportage.",
        _field("regio", regio),
        "# Naam van deze ronde, bijv. Voorjaar 2026.",
        _field("ronde", ronde),
        "# De vragenlijst: de naam van een meegeleverde layout, of een bestand (pad vanaf deze map).",
        _field("layout", layout),
        "# De lijst van gemeenten (.csv of .xlsx), in deze map.",
        _field("gemeenten", gemeenten),
        "# Uiterste inleverdatum (jjjj-mm-dd; 13-03-2026 mag ook).",
        f"deadline: {deadline.isoformat()}",
        "# De coördinator: het contact voor de gemeenten, op het tabblad Start en in de mails.",
        "coordinator:",
        "  " + _field("naam", coordinator.naam),
        "  " + _field("e-mail", coordinator.email),
        "  " + _field("telefoon", coordinator.telefoon),
    ]
    return "\n".join(lines) + "\n"


def parse_date(text: str) -> dt.date:
    """A date typed as 2026-03-13 or 13-03-2026 (also 13/03/2026); ValueError with a Dutch message otherwise."""
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{text}' is geen datum; schrijf bijv. 13-03-2026 of 2026-03-13.")


def check_email(text: str) -> str:
    """An e-mail address as typed, stripped; ValueError with a Dutch message when it is not one."""
    if not EMAIL_RE.match(text.strip()):
        raise ValueError(f"'{text}' is geen e-mailadres.")
    return text.strip()


def resolve_layout(folder: Path, name: str) -> Path | None:
    """The layout file a round names: a file in the round folder first, else a bundled layout of that name."""
    for candidate in (folder / name, BUNDLED_LAYOUTS / name):
        if candidate.is_file():
            return candidate
    return None


def bundled_layout_names() -> list[str]:
    return [p.name for p in bundled_layout_paths()]


def _layout_source(layout: Path) -> Path:
    """A layout given as a path, or as the name of a bundled layout."""
    if layout.is_file():
        return layout
    if (BUNDLED_LAYOUTS / layout.name).is_file() and layout.name == str(layout):
        return BUNDLED_LAYOUTS / layout.name
    raise RoundNotMade(f"De ronde is niet gemaakt: de layout '{layout}' bestaat niet en is geen meegeleverde "
                       f"layout ({', '.join(bundled_layout_names())}).")


def _layout_reference(folder: Path, layout: Path) -> str:
    """How the round file names its layout: a bundled layout by its name, any other by its path relative to
    the round folder (absolute when on another drive)."""
    if layout.resolve().parent == BUNDLED_LAYOUTS.resolve():
        return layout.name
    try:
        return Path(os.path.relpath(layout.resolve(), folder.resolve())).as_posix()
    except ValueError:  # Windows: another drive has no relative path
        return layout.resolve().as_posix()


def _copy_into(source: Path, target: Path) -> None:
    """Copy source to target, unless it is that file already (a round made again over its own list)."""
    if not (target.exists() and source.resolve() == target.resolve()):
        shutil.copyfile(source, target)


def _field(name: str, value: str) -> str:
    """name: value, quoted where YAML needs it (a ':' or '#' in a name, a ronde that looks like a number)."""
    return yaml.safe_dump({name: value}, allow_unicode=True, width=10_000).strip()


class _AllText(yaml.SafeLoader):
    """Every value as the text typed: a telefoon 0612345670 keeps its 0 (YAML would read an octal number), a
    deadline 2026-02-31 is reported by field instead of crashing the YAML reader, ronde: 2026 is a name."""

    yaml_implicit_resolvers: dict = {}


def _load_yaml(file: Path) -> dict:
    try:
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=_AllText)  # a SafeLoader: no objects
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (regel {mark.line + 1})" if mark else ""
        raise RoundInvalid(file, [f"het bestand is geen geldige YAML{where}; elk veld staat op een eigen regel "
                                  "als 'naam: waarde'."]) from None
    except UnicodeDecodeError:
        raise RoundInvalid(file, ["het bestand is geen tekst in UTF-8; sla het op als UTF-8."]) from None
    if not isinstance(data, dict):
        raise RoundInvalid(file, ["het bestand bevat geen velden ('naam: waarde')."])
    return data


def _text(data: dict, name: str, problems: list[str], where: str = "") -> str:
    """A required text field."""
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        problems.append(f"veld '{where}{name}' ontbreekt of is leeg.")
        return ""
    if not isinstance(value, str):
        problems.append(f"veld '{where}{name}' moet een tekst zijn, geen lijst of groep.")
        return ""
    return value.strip()


def _deadline(data: dict, problems: list[str]) -> dt.date:
    text = _text(data, "deadline", problems)
    if not text:
        return dt.date.min
    try:
        return parse_date(text)
    except ValueError as exc:
        problems.append(f"veld 'deadline': {exc}")
        return dt.date.min


def _coordinator(data: object, problems: list[str]) -> Coordinator:
    if not isinstance(data, dict):
        problems.append("veld 'coordinator' ontbreekt of heeft geen naam, e-mail en telefoon eronder.")
        return Coordinator()
    naam = _text(data, "naam", problems, "coordinator.")
    email = _text(data, "e-mail", problems, "coordinator.")
    try:
        email = email and check_email(email)
    except ValueError as exc:
        problems.append(f"veld 'coordinator.e-mail': {exc}")
    telefoon = data.get("telefoon") or ""
    problems += [f"onbekend veld 'coordinator.{key}'; bekende velden: {', '.join(COORDINATOR_FIELDS)}."
                 for key in data if key not in COORDINATOR_FIELDS]
    if not isinstance(telefoon, str):
        problems.append("veld 'coordinator.telefoon' moet een tekst zijn, geen lijst of groep.")
        telefoon = ""
    return Coordinator(naam, email, telefoon.strip())
