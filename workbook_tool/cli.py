"""The command line: parse arguments, call the library, print the result, set the exit code."""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
import time
from collections.abc import Callable
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__
from .cli_nl import DutchGroup, dutch_click, dutch_path, os_error_message, translate
from .errors import LayoutInvalid, WorkbookToolError
from .generate import DEFAULT_PASSWORD, Coordinator
from .layout import load_layout
from .layout.outline import format_outline, layout_summary
from .round import (
    DEFAULT_LAYOUT,
    ROUND_FILE,
    ROUND_FOLDERS,
    Round,
    check_email,
    find_round,
    parse_date,
    read_round,
    refuse_existing_round,
    write_round,
)

if TYPE_CHECKING:  # the consolidation (pandas) loads only when the consolidate command runs
    from .consolidate import Table

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def user_errors(command: Callable) -> Callable:
    """The one translation of the tool's own errors and of file-system errors into a message without a
    traceback (exit code 1); anything else is left to run()."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except WorkbookToolError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            raise click.ClickException(os_error_message(exc)) from None
    return wrapper


ROUND_ORDER = ("ronde", "layout", "generate", "mail", "collect", "consolidate", "feedback")


class RoundGroup(DutchGroup):
    """The commands in the order of a round (ronde, layout, generate, mail, collect, consolidate, feedback), and
    click's own messages in Dutch while a command runs (cli_nl.dutch_click)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = super().list_commands(ctx)
        return [n for n in ROUND_ORDER if n in names] + [n for n in names if n not in ROUND_ORDER]

    def main(self, *args, **kwargs):
        with dutch_click():
            return super().main(*args, **kwargs)


@click.group(cls=RoundGroup, context_settings=CONTEXT)
@click.version_option(__version__, "--version", "-V", prog_name="workbook-tool",
                      message=translate("%(prog)s, version %(version)s"),
                      help=translate("Show the version and exit."))
@click.option("--ronde-map", "round_folder", type=dutch_path(file_okay=False, exists=True, path_type=Path),
              help=f"De map van de ronde ({ROUND_FILE}); standaard: de huidige map of een map erboven.")
@click.pass_context
@user_errors
def main(ctx: click.Context, round_folder: Path | None) -> None:
    """Preventiescanner Dakloosheid: scanwerkboeken voor de gemeenten van een regio.

    \b
    Een ronde gaat zo:
    0. ronde nieuw: maak een map voor de ronde; daarin hebben de opdrachten geen opties nodig;
    1. layout check: controleer de vragenlijst (workbook_tool/layouts/*.yaml);
    2. generate: maak per gemeente een beveiligd scanwerkboek;
    3. mail invitations: maak per gemeente een e-mailconcept met haar werkboek;
    4. collect: lees de teruggestuurde werkboeken en zie wie nog iets moet doen;
       mail reminders: maak herinneringen die noemen wat nog ontbreekt;
    5. consolidate: voeg de antwoorden samen tot één regionale rapportage;
    6. feedback: maak per gemeente een terugkoppeling om haar antwoorden te controleren
       (mail feedback: een e-mailconcept met die terugkoppeling).
    """
    if ctx.invoked_subcommand not in FROM_ROUND:
        return
    found = read_round(round_folder) if round_folder else find_round(Path.cwd())
    if found is not None:
        click.echo(f"Ronde: {found.file}", err=True)
        ctx.default_map = round_defaults(FROM_ROUND, found)


# Inside a round folder, which option of which command the round file fills (option name -> Round attribute),
# through click's default_map: an option given on the command line still wins, and a required option is
# satisfied by the file. A group's commands nest: {"mail": {"invitations": {...}}}.
_MAIL_SENDER = {"regio": "regio", "ronde": "ronde", "coordinator_naam": "coordinator.naam",
                "coordinator_email": "coordinator.email", "coordinator_telefoon": "coordinator.telefoon"}
FROM_ROUND: dict = {
    "generate": {"layout_file": "layout_file", "out_dir": "werkboeken", "gemeenten_file": "gemeenten_file",
                 "regio": "regio", "ronde": "ronde", "coordinator_naam": "coordinator.naam",
                 "coordinator_email": "coordinator.email", "coordinator_telefoon": "coordinator.telefoon"},
    "collect": {"folder": "retour", "gemeenten_file": "gemeenten_file", "layout_files": "layout_files"},
    "consolidate": {"folder": "retour", "out_file": "report_file", "gemeenten_file": "gemeenten_file",
                    "layout_files": "layout_files", "ronde": "ronde", "regio": "regio"},
    # Feedback's deadline (when a gemeente answers) is a new date, like a reminder's: not the round's return date.
    "feedback": {"folder": "retour", "out_dir": "terugkoppeling", "gemeenten_file": "gemeenten_file",
                 "layout_files": "layout_files", "ronde": "ronde", "regio": "regio"},
    "mail": {
        "invitations": {"gemeenten_file": "gemeenten_file", "workbooks_dir": "werkboeken", "out_dir": "uitnodigingen",
                        "deadline": "deadline", **_MAIL_SENDER},
        # A reminder's deadline is a new one, given on the command line; without it: "zo snel mogelijk".
        "reminders": {"folder": "retour", "gemeenten_file": "gemeenten_file", "layout_files": "layout_files",
                      "out_dir": "uitnodigingen", "workbooks_dir": "werkboeken", **_MAIL_SENDER},
        "feedback": {"gemeenten_file": "gemeenten_file", "feedback_dir": "terugkoppeling",
                     "out_dir": "uitnodigingen", **_MAIL_SENDER},
    },
}


def round_defaults(spec: dict, found: Round) -> dict:
    """FROM_ROUND with each attribute name replaced by its value in the round: a click default_map."""
    return {name: round_defaults(what, found) if isinstance(what, dict) else attrgetter(what)(found)
            for name, what in spec.items()}


class _Checked(click.ParamType):
    """A value checked by a function of round.py that raises ValueError with a Dutch message: on the command
    line click reports it, at a prompt click asks again."""

    def __init__(self, name: str, check: Callable):
        self.name, self.check = name, check

    def convert(self, value, param, ctx):
        if not isinstance(value, str):
            return value
        try:
            return self.check(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


DATE = _Checked("datum", parse_date)  # 13-03-2026 or 2026-03-13
EMAIL = _Checked("e-mailadres", check_email)


@main.group("ronde", context_settings=CONTEXT)
def ronde_group() -> None:
    """Een map voor een ronde: de gegevens op één plek, en de mappen voor werkboeken, mails en retouren."""


def _refuse_existing_round(ctx: click.Context, param: click.Parameter, folder: Path) -> Path:
    """Before the questions are asked: a folder that holds a round already is refused (unless --overschrijven)."""
    try:
        refuse_existing_round(folder, ctx.params.get("overwrite", False))
    except WorkbookToolError as exc:
        raise click.ClickException(str(exc)) from None
    return folder


@ronde_group.command("nieuw", context_settings=CONTEXT)
@click.argument("folder", metavar="MAP", type=dutch_path(file_okay=False, path_type=Path),
                callback=_refuse_existing_round)
@click.option("--regio", metavar="TEKST", prompt="Regio", help="Naam van de regio.")
@click.option("--ronde", "ronde", metavar="TEKST", prompt="Naam van de ronde (bijv. Voorjaar 2026)",
              help="Naam van deze ronde, bijv. 'Voorjaar 2026'.")
@click.option("--gemeenten", "gemeenten_file", type=dutch_path(exists=True, dir_okay=False, path_type=Path),
              prompt="Lijst van gemeenten (.csv of .xlsx)",
              help="De lijst van gemeenten (.csv of .xlsx); er komt een kopie in MAP.")
@click.option("--layout", "layout", metavar="BESTAND", default=DEFAULT_LAYOUT, show_default=True,
              help="De vragenlijst: een meegeleverde layout, of een eigen bestand (ronde.yaml verwijst ernaar).")
@click.option("--deadline", type=DATE, metavar="DATUM", prompt="Inleverdatum (bijv. 13-03-2026)",
              help="Uiterste inleverdatum, bijv. 13-03-2026 of 2026-03-13.")
@click.option("--coordinator-naam", metavar="TEKST", prompt="Uw naam (coördinator)",
              help="Naam van de coördinator.")
@click.option("--coordinator-email", metavar="TEKST", type=EMAIL, prompt="Uw e-mailadres",
              help="E-mailadres van de coördinator.")
@click.option("--coordinator-telefoon", metavar="TEKST", default="", show_default=False,
              prompt="Uw telefoonnummer (mag leeg blijven)", help="Telefoonnummer van de coördinator.")
@click.option("--overschrijven", "overwrite", is_flag=True, is_eager=True,
              help=f"Vervang een bestaand {ROUND_FILE} in MAP (de mappen en hun inhoud blijven staan).")
@user_errors
def ronde_nieuw(folder: Path, regio: str, ronde: str, gemeenten_file: Path, layout: str, deadline: dt.date,
                coordinator_naam: str, coordinator_email: str, coordinator_telefoon: str, overwrite: bool) -> None:
    """Maak een ronde in MAP: het bestand ronde.yaml met de gegevens, een kopie van de lijst van gemeenten
    en de mappen werkboeken, uitnodigingen, retour en rapportage.

    Wat niet als optie is gegeven, wordt gevraagd (behalve de layout: standaard de nieuwste meegeleverde
    preventiescanner). Daarna hebben generate, collect en consolidate in MAP
    geen opties meer nodig.
    """
    made = write_round(folder, regio=regio, ronde=ronde, gemeenten=gemeenten_file, layout=layout,
                       deadline=deadline, overwrite=overwrite,
                       coordinator=Coordinator(coordinator_naam, coordinator_email, coordinator_telefoon))
    click.echo(f"Ronde '{made.ronde}' van regio {made.regio} gemaakt in {folder}:")
    click.echo(f"  {ROUND_FILE:<16} de gegevens van de ronde (met de hand aan te passen)")
    click.echo(f"  {made.gemeenten:<16} kopie van {gemeenten_file}")
    for name, what in ROUND_FOLDERS.items():
        click.echo(f"  {name + '/':<16} {what}")
    click.echo(f"Vragenlijst: {made.layout_file}")
    click.echo(f"Volgende stap:\n  cd \"{folder}\"\n  workbook-tool generate")


@main.group(context_settings=CONTEXT)
def layout() -> None:
    """Controleer of bekijk een vragenlijst (layout, YAML)."""


@layout.command("check", context_settings=CONTEXT)
@click.argument("file", metavar="BESTAND", type=dutch_path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Toon het resultaat als JSON.")
def layout_check(file: Path, as_json: bool) -> None:
    """Controleer een layout BESTAND: toont 'geldig', of elke fout met bestand, regel, wat er mis is en hoe het op te
    lossen.

    Afsluitcode 0 als de layout geldig is, 1 als ze fouten heeft.
    """
    try:
        loaded = load_layout(file)
    except LayoutInvalid as exc:
        if as_json:
            click.echo(json.dumps({"valid": False, "problems": [p.__dict__ for p in exc.problems]},
                                  ensure_ascii=False, indent=2))
        else:
            click.echo(str(exc), err=True)
        sys.exit(1)
    summary = layout_summary(loaded)
    if as_json:
        click.echo(json.dumps({"valid": True, "problems": [], "id": loaded.id, "version": loaded.version},
                              ensure_ascii=False, indent=2))
    else:
        click.echo(f"{file}: geldig — layout {loaded.id} versie {loaded.version}, {len(loaded.sheets)} tabbladen, "
                   f"{summary['questions']} vragen, {summary['items']} items, "
                   f"{summary['answer_cells']} antwoordcellen.")


@layout.command("show", context_settings=CONTEXT)
@click.argument("file", metavar="BESTAND", type=dutch_path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Toon het overzicht als JSON.")
@user_errors
def layout_show(file: Path, as_json: bool) -> None:
    """Toon een overzicht van een layout BESTAND: tabbladen, onderdelen en vragen met hun aantallen."""
    loaded = load_layout(file)
    if as_json:
        click.echo(json.dumps(layout_summary(loaded), ensure_ascii=False, indent=2))
    else:
        click.echo(format_outline(loaded))


@main.command("generate", context_settings=CONTEXT)
@click.option("--layout", "layout_file", required=True, type=dutch_path(dir_okay=False, path_type=Path),
              help="De vragenlijst (layout), bijv. workbook_tool/layouts/preventiescanner-2022.yaml.")
@click.option("--out", "out_dir", required=True, type=dutch_path(file_okay=False, path_type=Path),
              help="Map voor de werkboeken (wordt zo nodig gemaakt; een leeg scanwerkboek met dezelfde naam "
                   "wordt vervangen).")
@click.option("--gemeenten", "gemeenten_file", type=dutch_path(dir_okay=False, path_type=Path),
              help="Lijst van gemeenten (.csv of .xlsx) met de kolommen naam, regio en eventueel nummer, "
                   "contactpersoon, e-mail. Zonder lijst: één leeg werkboek.")
@click.option("--regio", metavar="TEKST", default="", help="Regio voor gemeenten zonder regio in de lijst.")
@click.option("--ronde", metavar="TEKST", default="", help="Naam van deze ronde, bijv. 'Voorjaar 2026'.")
@click.option("--password", metavar="TEKST", default=DEFAULT_PASSWORD, show_default=True,
              help="Wachtwoord van de beveiliging van tabbladen en werkmap (tegen vergissingen, geen echte "
                   "beveiliging).")
@click.option("--coordinator-naam", metavar="TEKST", default="", help="Naam van de coördinator, op het tabblad Start.")
@click.option("--coordinator-email", metavar="TEKST", default="",
              help="E-mailadres van de coördinator, op het tabblad Start.")
@click.option("--coordinator-telefoon", metavar="TEKST", default="",
              help="Telefoonnummer van de coördinator, op het tabblad Start.")
@user_errors
def generate_command(layout_file: Path, out_dir: Path, gemeenten_file: Path | None, regio: str, ronde: str,
                     password: str, coordinator_naam: str, coordinator_email: str, coordinator_telefoon: str) -> None:
    """Maak het beveiligde scanwerkboek: één persoonlijk exemplaar per gemeente, of één leeg werkboek.

    In elk exemplaar staan gemeente, regio en ronde vast ingevuld, heeft elk antwoord een keuzelijst, en
    staat verborgen waar elk antwoord staat, zodat het teruggestuurde bestand betrouwbaar te lezen is.
    """
    from .pipeline import generate_round

    started = time.perf_counter()
    result = generate_round(layout_file, out_dir, gemeenten_file, regio=regio, ronde=ronde, password=password,
                            coordinator=Coordinator(coordinator_naam, coordinator_email, coordinator_telefoon))
    elapsed = time.perf_counter() - started
    what = f"{len(result.files)} werkboek{'en' if len(result.files) != 1 else ''}"
    click.echo(f"{what} geschreven ({result.answer_cells} antwoordcellen per werkboek) naar {out_dir} "
               f"in {elapsed:.1f} s:")
    for path in result.files[:10]:
        click.echo(f"  {path.name}")
    if len(result.files) > 10:
        click.echo(f"  ... en nog {len(result.files) - 10}")


@main.command("collect", context_settings=CONTEXT)
@click.argument("folder", metavar="MAP", type=dutch_path(file_okay=False, path_type=Path))
@click.option("--gemeenten", "gemeenten_file", type=dutch_path(dir_okay=False, path_type=Path),
              help="De lijst van gemeenten (.csv of .xlsx) waarmee de retouren worden vergeleken.")
@click.option("--layout", "layout_files", multiple=True, type=dutch_path(dir_okay=False, path_type=Path),
              help="Layout(s) die de retouren mogen gebruiken; standaard: elke meegeleverde layout "
                   "(workbook_tool/layouts/).")
@click.option("--export", "export_file", type=dutch_path(dir_okay=False, path_type=Path),
              help="Schrijf de antwoorden, één rij per antwoordcel, naar BESTAND.csv, BESTAND.parquet of BESTAND.xlsx.")
@click.option("--status", "status_file", type=dutch_path(dir_okay=False, path_type=Path),
              help="Statuswerkboek voor herinneringen (standaard: <MAP>-status.xlsx naast de map).")
@click.option("--json", "as_json", is_flag=True, help="Toon het resultaat als JSON in plaats van een tabel.")
@user_errors
def collect_command(folder: Path, gemeenten_file: Path | None, layout_files: tuple[Path, ...],
                    export_file: Path | None, status_file: Path | None, as_json: bool) -> None:
    """Lees elk teruggestuurd werkboek in MAP, controleer elk antwoord en meld per bestand wat er mis is.

    Bestanden worden alleen gelezen, nooit gewijzigd. Toont de status per gemeente en de problemen, en
    schrijft een statuswerkboek voor herinneringen. Afsluitcode 0 als alles compleet en in orde is, 1 als
    er iets aandacht nodig heeft.
    """
    from .pipeline import collect_folder
    from .report_text import collect_json, format_collect

    with _ProgressBar("Retouren lezen") as progress:
        outcome = collect_folder(folder, list(layout_files), gemeenten_file, export=export_file, status=status_file,
                                 progress=progress)
    result = outcome.collected
    if as_json:
        click.echo(json.dumps(collect_json(result, outcome.status_file, outcome.export_file), ensure_ascii=False,
                              indent=2))
    else:
        click.echo(format_collect(result))
        click.echo(f"\nStatuswerkboek: {outcome.status_file}")
        if outcome.export_file:
            click.echo(f"Export: {outcome.export_file} ({outcome.export_rows} rijen)")
    sys.exit(1 if result.needs_attention else 0)


@main.command("consolidate", context_settings=CONTEXT)
@click.argument("folder", metavar="MAP", type=dutch_path(file_okay=False, path_type=Path))
@click.option("--out", "out_file", required=True, type=dutch_path(dir_okay=False, path_type=Path),
              help="Het regionale werkboek dat wordt geschreven, bijv. regio.xlsx.")
@click.option("--gemeenten", "gemeenten_file", type=dutch_path(dir_okay=False, path_type=Path),
              help="De lijst van gemeenten (.csv of .xlsx): nummers, regio's en wie niet heeft ingeleverd.")
@click.option("--layout", "layout_files", multiple=True, type=dutch_path(dir_okay=False, path_type=Path),
              help="Layout(s) die de retouren mogen gebruiken; standaard: elke meegeleverde layout "
                   "(workbook_tool/layouts/).")
@click.option("--anoniem/--namen", "anonymous", default=True, show_default=True,
              help="--anoniem: gemeenten alleen met hun nummer, de sleutel in een apart bestand "
                   "(<out>-sleutel.xlsx). "
                   "--namen: namen in de rapportage en een tabblad Sleutel.")
@click.option("--krachten-vanaf", "kracht", type=click.FloatRange(0, 1), metavar="GETAL", default=0.75,
              show_default=True,
              help="Een item is een kracht als minstens dit deel van de gemeenten het heeft.")
@click.option("--kansen-tot", "kans", type=click.FloatRange(0, 1), metavar="GETAL", default=0.34, show_default=True,
              help="Een item is een kans als hoogstens dit deel van de gemeenten het heeft.")
@click.option("--ronde", metavar="TEKST", default="",
              help="De ronde van de rapportage; retouren van een andere ronde worden niet meegenomen "
                   "(standaard: de ronde die de meeste retouren noemen).")
@click.option("--regio", metavar="TEKST", default="",
              help="Naam van de regio in de rapportage (standaard: uit de retouren).")
@click.option("--pdf", is_flag=True,
              help="Maak ook een PDF van de rapportage om af te drukken of te mailen (<out>.pdf, naast het "
                   "werkboek). Daarvoor moet LibreOffice geïnstalleerd zijn.")
@click.option("--concept", is_flag=True,
              help="Maak ook een conceptrapportage in Word voor de onderzoeker (<out>-concept.docx, naast het "
                   "werkboek): krachten en kansen in zinnen, alle tabellen en het implementatieplan, om aan te "
                   "vullen. Met --pdf ook <out>-concept.pdf.")
@user_errors
def consolidate_command(folder: Path, out_file: Path, gemeenten_file: Path | None, layout_files: tuple[Path, ...],
                        anonymous: bool, kracht: float, kans: float, ronde: str, regio: str, pdf: bool,
                        concept: bool) -> None:
    """Voeg de teruggestuurde werkboeken in MAP samen tot één regionaal werkboek.

    Tabbladen: Overzicht, Samenvatting (krachten en kansen), Tabellen (Aantal en Nrs. per vraag, zoals in
    de gepubliceerde rapportage), Per gemeente, Regio's (bij meerdere regio's), Grafieken, Implementatieplan
    en, met --namen, Sleutel. De uitkomsten staan er als waarden in.
    """
    from .consolidate import Thresholds
    from .pipeline import consolidate_folder

    outcome = consolidate_folder(folder, out_file, list(layout_files), gemeenten_file, anonymous=anonymous,
                                 thresholds=Thresholds(kracht, kans), ronde=ronde, regio=regio, pdf=pdf,
                                 concept=concept)
    for note in outcome.notes:
        click.echo(f"Let op: {note}", err=True)
    click.echo(f"{outcome.consolidation.n} gemeenten ({outcome.layout_label}) samengevoegd in {outcome.files[0]}")
    for extra in outcome.files[1:]:
        click.echo(_output_line(extra, out_file))
    for line in _smaller_n_lines(outcome.consolidation.tables_with_smaller_n()):
        click.echo(line)


def _output_line(path: Path, report: Path) -> str:
    """What a file next to the report is, for the coordinator: the key, a PDF, the concept."""
    from .concept import concept_file

    concept = concept_file(report)
    if path == concept:
        return f"Conceptrapportage (Word, om aan te vullen): {path}"
    if path.suffix.lower() == ".pdf":
        what = "de conceptrapportage" if path.stem == concept.stem else "de rapportage"
        return f"PDF van {what}: {path}"
    return f"Sleutel (vertrouwelijk, niet meesturen): {path}"


SMALLER_N_SHOWN = 10  # enough to see which sheets were skipped, short enough to read in a terminal


def _smaller_n_lines(tables: list[Table]) -> list[str]:
    """The tables whose N is smaller than the number of gemeenten, one line each: their percentages in the
    report are shares of fewer gemeenten, which the coordinator should know before sending it on."""
    if not tables:
        return []
    counted = "1 tabel heeft" if len(tables) == 1 else f"{len(tables)} tabellen hebben"
    lines = [f"Niet elke gemeente beantwoordde elke vraag: {counted} een kleinere N."]
    for table in tables[:SMALLER_N_SHOWN]:
        missing = ", ".join(str(nr) for nr in table.not_in)
        lines.append(f"  {table.sheet.title} — {table.question.title}: N={table.n}, niet: {missing}")
    if len(tables) > SMALLER_N_SHOWN:
        lines.append(f"  … en {len(tables) - SMALLER_N_SHOWN} andere")
    return lines


@main.group("mail", context_settings=CONTEXT)
def mail_group() -> None:
    """Maak e-mailconcepten (.eml) voor de gemeenten: uitnodigingen met hun werkboek, herinneringen en
    terugkoppelingen.

    Een concept opent in Outlook of Thunderbird als nog niet verzonden bericht: controleer het en klik op
    Verzenden. Er wordt niets vanzelf verstuurd.
    """


def _deadline(_ctx: click.Context, _param: click.Parameter, value: str | None):
    """The --deadline option as a date, or click's own Dutch 'ongeldige waarde' message."""
    from .mail import MailError, parse_deadline

    if value is None or isinstance(value, dt.date):  # a date: from the round file
        return value
    try:
        return parse_deadline(value)
    except MailError as exc:
        raise click.BadParameter(str(exc)) from None


def _mail_round_options(command: Callable) -> Callable:
    """The options every draft shares: the round, the regio, the deadline and the coordinator as sender."""
    for option in reversed((
            click.option("--regio", metavar="TEKST", default="", help="Regio voor gemeenten zonder regio in de lijst."),
            click.option("--ronde", metavar="TEKST", default="", help="Naam van de ronde, bijv. 'Voorjaar 2026'."),
            click.option("--coordinator-naam", metavar="TEKST", default="",
                         help="Naam van de coördinator: afzender en ondertekening."),
            click.option("--coordinator-email", metavar="TEKST", default="",
                         help="E-mailadres van de coördinator: afzender en adres om naar terug te sturen."),
            click.option("--coordinator-telefoon", metavar="TEKST", default="",
                         help="Telefoonnummer van de coördinator, voor vragen."))):
        command = option(command)
    return command


def _print_drafts(outcome, what: str, out_dir: Path) -> None:
    from .status import STATUS_LABELS

    count = len(outcome.drafts)
    click.echo(f"{count} {what}{'en' if count != 1 else ''} geschreven naar {out_dir}" + (":" if count else "."))
    for draft in outcome.drafts:
        why = f", {STATUS_LABELS[draft.status]}" if draft.status else ""
        click.echo(f"  {draft.gemeente}{why}: {draft.path.name}")
    for note in outcome.notes:
        click.echo(f"Let op: {note}", err=True)


@mail_group.command("invitations", context_settings=CONTEXT)
@click.option("--gemeenten", "gemeenten_file", required=True, type=dutch_path(dir_okay=False, path_type=Path),
              help="De lijst van gemeenten (.csv of .xlsx) met naam, contactpersoon en e-mail.")
@click.option("--werkboeken", "workbooks_dir", required=True, type=dutch_path(file_okay=False, path_type=Path),
              help="De map met de persoonlijke werkboeken (--out van generate).")
@click.option("--out", "out_dir", required=True, type=dutch_path(file_okay=False, path_type=Path),
              help="Map voor de concepten, bijv. uitnodigingen/ (wordt zo nodig gemaakt).")
@click.option("--deadline", required=True, metavar="DATUM", callback=_deadline,
              help="Uiterste inleverdatum, als 2026-03-13 of 13-03-2026.")
@_mail_round_options
@user_errors
def mail_invitations(gemeenten_file: Path, workbooks_dir: Path, out_dir: Path, deadline, regio: str, ronde: str,
                     coordinator_naam: str, coordinator_email: str, coordinator_telefoon: str) -> None:
    """Maak per gemeente een uitnodiging (Uitnodiging - <gemeente>.eml) met haar werkboek als bijlage.

    Afsluitcode 1 als een gemeente geen uitnodiging kreeg omdat haar werkboek ontbreekt.
    """
    from .mail import MailRound, write_invitations

    mail_round = MailRound(Coordinator(coordinator_naam, coordinator_email, coordinator_telefoon), ronde, regio,
                           deadline)
    outcome = write_invitations(gemeenten_file, workbooks_dir, out_dir, mail_round)
    _print_drafts(outcome, "uitnodiging", out_dir)
    sys.exit(1 if outcome.skipped else 0)


@mail_group.command("reminders", context_settings=CONTEXT)
@click.argument("folder", metavar="MAP", type=dutch_path(file_okay=False, path_type=Path))
@click.option("--gemeenten", "gemeenten_file", required=True, type=dutch_path(dir_okay=False, path_type=Path),
              help="De lijst van gemeenten (.csv of .xlsx): wie een herinnering krijgt, en op welk adres.")
@click.option("--layout", "layout_files", multiple=True, type=dutch_path(dir_okay=False, path_type=Path),
              help="Layout(s) die de retouren mogen gebruiken; standaard: elke meegeleverde layout.")
@click.option("--out", "out_dir", required=True, type=dutch_path(file_okay=False, path_type=Path),
              help="Map voor de concepten, bijv. herinneringen/ (niet in MAP).")
@click.option("--werkboeken", "workbooks_dir", type=dutch_path(file_okay=False, path_type=Path),
              help="De map met de persoonlijke werkboeken: een gemeente die niets inleverde krijgt haar werkboek "
                   "opnieuw.")
@click.option("--deadline", metavar="DATUM", callback=_deadline,
              help="Nieuwe uiterste inleverdatum, als 2026-03-20 of 20-03-2026 (anders: 'zo snel mogelijk').")
@_mail_round_options
@user_errors
def mail_reminders(folder: Path, gemeenten_file: Path, layout_files: tuple[Path, ...], out_dir: Path,
                   workbooks_dir: Path | None, deadline, regio: str, ronde: str, coordinator_naam: str,
                   coordinator_email: str, coordinator_telefoon: str) -> None:
    """Lees de retouren in MAP en maak een herinnering (Herinnering - <gemeente>.eml) voor elke gemeente die
    nog niets, een onleesbaar bestand of een onvolledig werkboek inleverde.

    Elke herinnering noemt precies wat nog ontbreekt: per tabblad de open vragen, of wat er mis is met het
    bestand. Een gemeente die alles compleet inleverde krijgt niets.
    """
    from .mail import MailRound, write_reminders

    mail_round = MailRound(Coordinator(coordinator_naam, coordinator_email, coordinator_telefoon), ronde, regio,
                           deadline)
    with _ProgressBar("Retouren lezen") as progress:
        outcome = write_reminders(folder, out_dir, mail_round, gemeenten_file, list(layout_files), workbooks_dir,
                                  progress=progress)
    _print_drafts(outcome, "herinnering", out_dir)


@main.group("interventies", context_settings=CONTEXT)
def interventies_group() -> None:
    """Controleer de catalogus met interventies en praktijkvoorbeelden (YAML)."""


@interventies_group.command("check", context_settings=CONTEXT)
@click.argument("file", metavar="[BESTAND]", required=False, type=dutch_path(dir_okay=False, path_type=Path))
def interventies_check(file: Path | None) -> None:
    """Controleer een catalogus BESTAND (standaard: de meegeleverde interventies-2022.yaml): toont 'geldig' met
    de aantallen, of elke fout met bestand, regel, wat er mis is en hoe het op te lossen.

    De onderdelen ('sections') worden vergeleken met de meegeleverde layout preventiescanner-2022.yaml.
    Afsluitcode 0 als de catalogus geldig is, 1 als hij fouten heeft.
    """
    from .interventions import BUNDLED_CATALOGUE, CatalogueInvalid, load_catalogue

    file = file or BUNDLED_CATALOGUE
    try:
        catalogue = load_catalogue(file)
    except CatalogueInvalid as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    conditions = catalogue.conditions
    click.echo(f"{file}: geldig — {len(conditions)} condities, "
               f"{sum(len(c.available) for c in conditions)} landelijk beschikbaar, "
               f"{sum(len(c.interventions) for c in conditions)} interventies, "
               f"{sum(len(c.examples) for c in conditions)} praktijkvoorbeelden.")


@main.command("feedback", context_settings=CONTEXT)
@click.argument("folder", metavar="MAP", type=dutch_path(file_okay=False, path_type=Path))
@click.option("--gemeenten", "gemeenten_file", type=dutch_path(dir_okay=False, path_type=Path),
              help="De lijst van gemeenten (.csv of .xlsx): namen, nummers en regio's.")
@click.option("--out", "out_dir", required=True, type=dutch_path(file_okay=False, path_type=Path),
              help="Map voor de terugkoppeling, bijv. terugkoppeling/ (wordt zo nodig gemaakt; niet in MAP).")
@click.option("--layout", "layout_files", multiple=True, type=dutch_path(dir_okay=False, path_type=Path),
              help="Layout(s) die de retouren mogen gebruiken; standaard: elke meegeleverde layout.")
@click.option("--deadline", type=DATE, metavar="DATUM",
              help="Datum waarvoor de gemeente moet laten weten wat niet klopt, bijv. 20-03-2026 "
                   "(anders: 'zo snel mogelijk').")
@click.option("--ronde", metavar="TEKST", default="",
              help="De ronde; retouren van een andere ronde worden niet meegenomen (standaard: de ronde die de "
                   "meeste retouren noemen).")
@click.option("--regio", metavar="TEKST", default="", help="Naam van de regio (standaard: uit de retouren).")
@click.option("--pdf", is_flag=True,
              help="Maak ook van elke terugkoppeling een PDF (naast het werkboek). Daarvoor moet LibreOffice "
                   "geïnstalleerd zijn.")
@user_errors
def feedback_command(folder: Path, gemeenten_file: Path | None, out_dir: Path, layout_files: tuple[Path, ...],
                     deadline: dt.date | None, ronde: str, regio: str, pdf: bool) -> None:
    """Maak per gemeente een terugkoppeling (Terugkoppeling - <gemeente>.xlsx) van de retouren in MAP.

    Elke gemeente ziet haar eigen antwoorden naast de aantallen in de regio, waar ze afwijkt van de meeste
    gemeenten, haar voorzorgscan en plan, en de problemen in haar werkboek, met het verzoek te laten weten
    wat niet klopt. Andere gemeenten worden niet genoemd.
    """
    from .pipeline import feedback_folder

    outcome = feedback_folder(folder, out_dir, list(layout_files), gemeenten_file, ronde=ronde, regio=regio,
                              deadline=deadline, pdf=pdf)
    for note in outcome.notes:
        click.echo(f"Let op: {note}", err=True)
    workbooks = [path for path in outcome.files if path.suffix.lower() == ".xlsx"]
    click.echo(f"{len(workbooks)} terugkoppeling{'en' if len(workbooks) != 1 else ''} geschreven naar {out_dir}:")
    for path in outcome.files:
        click.echo(f"  {path.name}")


@mail_group.command("feedback", context_settings=CONTEXT)
@click.option("--gemeenten", "gemeenten_file", required=True, type=dutch_path(dir_okay=False, path_type=Path),
              help="De lijst van gemeenten (.csv of .xlsx) met naam, contactpersoon en e-mail.")
@click.option("--terugkoppeling", "feedback_dir", required=True, type=dutch_path(file_okay=False, path_type=Path),
              help="De map met de terugkoppelingen (--out van feedback).")
@click.option("--out", "out_dir", required=True, type=dutch_path(file_okay=False, path_type=Path),
              help="Map voor de concepten, bijv. uitnodigingen/ (wordt zo nodig gemaakt).")
@click.option("--deadline", metavar="DATUM", callback=_deadline,
              help="Datum waarvoor de gemeente moet laten weten wat niet klopt, als 2026-03-20 of 20-03-2026 "
                   "(anders: 'zo snel mogelijk').")
@_mail_round_options
@user_errors
def mail_feedback(gemeenten_file: Path, feedback_dir: Path, out_dir: Path, deadline, regio: str, ronde: str,
                  coordinator_naam: str, coordinator_email: str, coordinator_telefoon: str) -> None:
    """Maak per gemeente een e-mailconcept (Terugkoppeling - <gemeente>.eml) met haar terugkoppeling als
    bijlage en het verzoek te laten weten wat niet klopt.

    Afsluitcode 1 als een gemeente geen concept kreeg omdat haar terugkoppeling ontbreekt.
    """
    from .mail import MailRound, write_feedback_mails

    mail_round = MailRound(Coordinator(coordinator_naam, coordinator_email, coordinator_telefoon), ronde, regio,
                           deadline)
    outcome = write_feedback_mails(gemeenten_file, feedback_dir, out_dir, mail_round)
    _print_drafts(outcome, "terugkoppeling", out_dir)
    sys.exit(1 if outcome.skipped else 0)


@main.command("compare", context_settings=CONTEXT)
@click.argument("eerder", metavar="EERDER", type=dutch_path(path_type=Path))
@click.argument("nu", metavar="NU", type=dutch_path(path_type=Path))
@click.option("--out", "out_file", required=True, type=dutch_path(dir_okay=False, path_type=Path),
              help="Het werkboek met de vergelijking dat wordt geschreven, bijv. vergelijking.xlsx.")
@click.option("--gemeenten", "gemeenten_file", type=dutch_path(dir_okay=False, path_type=Path),
              help="De lijst van gemeenten (.csv of .xlsx), voor het lezen van een map met retouren.")
@user_errors
def compare_command(eerder: Path, nu: Path, out_file: Path, gemeenten_file: Path | None) -> None:
    """Vergelijk twee ronden: EERDER en NU zijn elk een map met retouren of een export van collect (.csv, .xlsx,
    .parquet).

    Per item het aantal gemeenten met Ja eerder en nu en het verschil, per gemeente wat erbij kwam en wat
    verviel, nieuwe en vervallen gemeenten, hetzelfde per regio, en per pijler een grafiek. Gebruiken de ronden
    verschillende vragenlijsten, dan worden de antwoorden van EERDER vertaald met de meegeleverde koppeling
    (vergelijking-*.yaml); de items zonder gelijke vraag staan op het tabblad Niet vergeleken.
    """
    from .pipeline import compare_to_file

    comparison = compare_to_file(eerder, nu, out_file, gemeenten_file)
    changed = sum(1 for item in comparison.items if item.change)
    click.echo(f"{len(comparison.items)} items vergeleken ({changed} veranderd), {comparison.earlier.n} gemeenten "
               f"eerder en {comparison.later.n} nu ({len(comparison.new)} nieuw, {len(comparison.dropped)} "
               f"vervallen): {out_file}")
    if comparison.mapping:
        click.echo(f"Koppeling {comparison.mapping.id}: {len(comparison.mapping.unmapped)} items van "
                   f"{comparison.mapping.van} niet vergeleken (zie tabblad Niet vergeleken).")


class _ProgressBar:
    """A progress bar on stderr that opens when the total is known (at the first file read)."""

    def __init__(self, label: str):
        self.label = label
        self.bar = None

    def __enter__(self) -> _ProgressBar:
        return self

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr, show_pos=True)
            self.bar.__enter__()
        self.bar.update(1)

    def __exit__(self, *exc_info) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc_info)


def run() -> None:
    """Entry point that turns any unexpected error into one readable line instead of a traceback."""
    try:
        main(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - the last line of defence for the user
        click.echo(f"Fout: onverwacht probleem: {type(exc).__name__}: {exc}. "
                   "Meld dit graag, met de opdracht die u gaf.", err=True)
        sys.exit(2)
