"""click's own messages in Dutch ("Gebruik:", "Ontbrekende optie", …) for the coordinator.

click 8 translates its messages with `gettext.gettext` and `gettext.ngettext`, imported into each of its
modules as `_` and `ngettext`. Those read the process-wide default domain, which only a compiled .mo file
and the LANGUAGE/LANG environment can fill; `gettext.install` only sets the builtin `_`, which click never
calls. So the one scoped way is to point click's module-level names at a Dutch translation object while our
command runs (`dutch_click()`, used by the command group's `main`) and to put them back afterwards: no
other click program in the same process, and no test that invokes click outside our CLI, sees Dutch.
"""

from __future__ import annotations

import errno
import gettext
import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

# click's msgids (click 8.x) -> Dutch. A msgid not listed stays as click wrote it.
MESSAGES: dict[str, str] = {
    # help pages
    "Usage:": "Gebruik:",
    "Options": "Opties",
    "Commands": "Opdrachten",
    "Positional arguments": "Argumenten",
    "Show this message and exit.": "Toon deze hulp en stop.",
    "Show the version and exit.": "Toon de versie en stop.",
    "%(prog)s, version %(version)s": "%(prog)s, versie %(version)s",
    "default: {default}": "standaard: {default}",
    "required": "verplicht",
    "env var: {var}": "omgevingsvariabele: {var}",
    "(dynamic)": "(dynamisch)",
    "deprecated": "verouderd",
    # errors
    "Error: {message}": "Fout: {message}",
    "Try '{command} {option}' for help.": "Zie '{command} {option}' voor hulp.",
    "Missing command.": "Ontbrekende opdracht.",
    "Missing argument": "Ontbrekend argument",
    "Missing option": "Ontbrekende optie",
    "Missing parameter": "Ontbrekende parameter",
    "Missing parameter: {param_name}": "Ontbrekende parameter: {param_name}",
    "Missing {param_type}": "Ontbrekend(e) {param_type}",
    "No such option {name!r}.": "Onbekende optie {name!r}.",
    "No such option: {name}": "Onbekende optie: {name}",
    "No such command {name!r}.": "Onbekende opdracht {name!r}.",
    "Invalid value for {param_hint}: {message}": "Ongeldige waarde voor {param_hint}: {message}",
    "Invalid value: {message}": "Ongeldige waarde: {message}",
    "Option {name!r} does not take a value.": "Optie {name!r} neemt geen waarde.",
    "Argument {name!r} takes {nargs} values.": "Argument {name!r} neemt {nargs} waarden.",
    "Invalid start character for option ({option})": "Ongeldig beginteken voor optie ({option})",
    "unknown error": "onbekende fout",
    "Could not open file {filename!r}: {message}": "Kan bestand {filename!r} niet openen: {message}",
    "Aborted!": "Afgebroken!",
    "Value must be an iterable.": "De waarde moet een reeks zijn.",
    # parameter types
    "file": "bestand",
    "directory": "map",
    "path": "pad",
    "{name} {filename!r} does not exist.": "{name} {filename!r} bestaat niet.",
    "{name} {filename!r} is a file.": "{name} {filename!r} is een bestand, geen map.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} is een map, geen bestand.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} is niet leesbaar.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} is niet schrijfbaar.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} is niet uitvoerbaar.",
    "{value} is not in the range {range}.": "{value} ligt niet in het bereik {range}.",
    "{value!r} is not a valid {number_type}.": "{value!r} is geen geldig getal.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} is geen geldige ja/nee-waarde. Bekende waarden: {states}",
    "{value!r} is not a valid UUID.": "{value!r} is geen geldige UUID.",
    "Choose from:\n\t{choices}": "Kies uit:\n\t{choices}",
    # prompts
    "Do you want to continue?": "Wilt u doorgaan?",
    "Confirm the action without prompting.": "Bevestig zonder te vragen.",
    "Repeat for confirmation": "Herhaal ter bevestiging",
    "Error: The two entered values do not match.": "Fout: de twee ingevoerde waarden zijn niet gelijk.",
    "Error: invalid input": "Fout: ongeldige invoer",
    "Press any key to continue...": "Druk op een toets om door te gaan...",
}

# (singular, plural) msgids -> (Dutch singular, Dutch plural)
PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Onverwacht extra argument ({args})", "Onverwachte extra argumenten ({args})"),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Bedoelt u {possibility}?", "(Bedoelt u een van: {possibilities}?)"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("Optie {name!r} verwacht een waarde.", "Optie {name!r} verwacht {nargs} waarden."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} is niet {choice}.", "{value!r} is niet een van {choices}."),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        ("Verwacht {nargs} waarden maar kreeg er 1.", "Verwacht {nargs} waarden maar kreeg er {len}."),
    ("{len_type} values are required, but {len_value} was given.",
     "{len_type} values are required, but {len_value} were given."):
        ("{len_type} waarden nodig, maar er is {len_value} gegeven.",
         "{len_type} waarden nodig, maar er zijn {len_value} gegeven."),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."):
        ("{value!r} past niet bij het formaat {format}.", "{value!r} past niet bij de formaten {formats}."),
}

# click's modules that call gettext; imported here so a lazily imported one (the progress bar's) is covered too
CLICK_MODULES = ("click.core", "click.exceptions", "click.decorators", "click.formatting", "click.parser",
                 "click.termui", "click._termui_impl", "click.types", "click.utils", "click.shell_completion")


class DutchClick(gettext.NullTranslations):
    """click's messages in Dutch; anything not in MESSAGES/PLURALS passes through unchanged."""

    def gettext(self, message: str) -> str:
        return MESSAGES.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        dutch = PLURALS.get((msgid1, msgid2))
        if dutch is None:
            return msgid1 if n == 1 else msgid2
        return dutch[0] if n == 1 else dutch[1]


TRANSLATION = DutchClick()


def _click_modules() -> list:
    for name in CLICK_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:  # a module a future click drops: nothing to translate there
            pass
    return [module for name, module in list(sys.modules.items())
            if module is not None and (name == "click" or name.startswith("click."))]


@contextmanager
def dutch_click() -> Iterator[None]:
    """While the block runs, click's modules translate through TRANSLATION; afterwards they are as before."""
    replaced = []
    for module in _click_modules():
        for attr, original, dutch in (("_", gettext.gettext, TRANSLATION.gettext),
                                      ("ngettext", gettext.ngettext, TRANSLATION.ngettext)):
            if getattr(module, attr, None) is original:
                setattr(module, attr, dutch)
                replaced.append((module, attr, original))
    try:
        yield
    finally:
        for module, attr, original in replaced:
            setattr(module, attr, original)


# What an operating-system error means for the coordinator (Python's strerror is English), by errno.
OS_ERRORS: dict[int, str] = {
    errno.ENOENT: "de map of het bestand bestaat niet",
    errno.EACCES: "geen toegang; is het bestand nog geopend in Excel, of alleen-lezen?",
    errno.EPERM: "dit mag hier niet; kies een andere map",
    errno.EROFS: "de schijf is alleen-lezen; kies een andere map",
    errno.ENOSPC: "de schijf is vol",
    errno.EEXIST: "bestaat al",
    errno.EISDIR: "is een map, geen bestand",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.EBUSY: "is in gebruik door een ander programma",
    errno.ENAMETOOLONG: "de naam is te lang",
}


def os_error_message(exc: OSError) -> str:
    """An error of the file system in Dutch, naming the file it concerns."""
    meaning = OS_ERRORS.get(exc.errno, f"kan niet worden gelezen of geschreven (foutnummer {exc.errno})")
    return f"{exc.filename}: {meaning}." if exc.filename else f"{meaning[0].upper()}{meaning[1:]}."


def translate(message: str) -> str:
    """click's Dutch text for a msgid (for texts click computes when a command is declared)."""
    return TRANSLATION.gettext(message)


def dutch_path(**kwargs) -> click.Path:
    """A click.Path whose name ('bestand', 'map', 'pad') is Dutch in its metavar and messages; click sets the
    name when the option is declared, before any translation is active."""
    path = click.Path(**kwargs)
    path.name = translate(path.name)
    return path


class DutchCommand(click.Command):
    """A command whose usage line reads '[OPTIES]'."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", "[OPTIES]")
        super().__init__(*args, **kwargs)


class DutchGroup(click.Group):
    """A group whose usage line reads '[OPTIES] OPDRACHT [ARGUMENTEN]...'; its commands and groups are Dutch too."""

    command_class = DutchCommand
    group_class = type

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", "[OPTIES]")
        kwargs.setdefault("subcommand_metavar", "OPDRACHT [ARGUMENTEN]...")
        super().__init__(*args, **kwargs)
