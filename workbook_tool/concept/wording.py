"""The Dutch sentences of Deel 1: a count in words with the gemeente numbers, then the item."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

WORDS = ["geen", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf",
         "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien", "negentien", "twintig"]

# The verb that joins "gemeenten" to an item, by the first word of the question's title (plural, singular):
# most questions list facilities (bieden), these few read better with another verb.
VERBS = {
    "samenwerking": ("werken samen met", "werkt samen met"),
    "beleidsintenties": ("hebben als beleidsintentie", "heeft als beleidsintentie"),
    "actuele": ("hebben gegevens over", "heeft gegevens over"),
    "situaties": ("bieden faciliteiten bij", "biedt faciliteiten bij"),
    "uitstroomroutes": ("bieden faciliteiten bij", "biedt faciliteiten bij"),
}
DEFAULT_VERB = ("bieden", "biedt")
# A label that names an activity ("Verschaffen van briefadres", "Signaleren en aanpakken van …") reads as
# "zorgen voor het verschaffen van briefadres": one "bieden" would not carry a verbal noun.
ACTIVITY = re.compile(r"^(?:snel |versneld |op maat |laten )?\w+en(?: en \w+en)? van ")
ACTIVITY_VERB = ("zorgen voor het", "zorgt voor het")
# A label that starts like this is a circumstance, not a thing offered: "bieden ondersteuning na vertrek uit …".
CIRCUMSTANCE = ("na ", "bij ", "tijdens ")


def number_word(n: int) -> str:
    """'één' … 'twintig', then digits."""
    return WORDS[n] if 0 <= n < len(WORDS) else str(n)


def nrs_words(nrs: Sequence[int], label: Callable[[int], str] = str) -> str:
    """'3 en 7' for two gemeenten, '1, 2, 3' for more: short, as the report writes them."""
    names = [label(nr) for nr in nrs]
    return " en ".join(names) if len(names) == 2 else ", ".join(names)


def subject(count: int, n: int, nrs: Sequence[int], kans: bool, label: Callable[[int], str] = str) -> tuple[str, bool]:
    """The subject of the sentence and whether it is singular: 'Alle negen gemeenten', 'Zeven van de negen
    gemeenten (1, 2, 3, 4, 7, 8, 9)', 'Slechts twee gemeenten (3 en 7)', 'Geen van de gemeenten'."""
    who = f"({nrs_words(nrs, label)})"
    if count == 0:
        return "Geen van de gemeenten", True
    if count == n:
        return ("De enige gemeente " + who, True) if n == 1 else (f"Alle {number_word(n)} gemeenten", False)
    if kans and count * 3 <= n:  # 'slechts' for a third or fewer; 'vijf van de negen' is not 'slechts'
        return (f"Slechts één gemeente {who}", True) if count == 1 else (
            f"Slechts {number_word(count)} gemeenten {who}", False)
    return f"{number_word(count).capitalize()} van de {number_word(n)} gemeenten {who}", count == 1


def item_phrase(label: str, column_label: str = "") -> str:
    """The item as it follows the verb: first letter lowercased (not an acronym such as 'GGZ'), the
    '(Denk aan …)' examples left out, and the column of a multi-column checklist added."""
    text = re.sub(r"\s*\(Denk aan[^)]*\)", "", label).strip().rstrip(".:")
    if not (len(text) > 1 and text[1].isupper()):
        text = text[:1].lower() + text[1:]
    if text.startswith(CIRCUMSTANCE):
        text = f"ondersteuning {text}"
    return f"{text} ({column_label.lower()})" if column_label else text


def verb(question_title: str, singular: bool, phrase: str = "") -> str:
    first = question_title.split()[0].lower() if question_title.split() else ""
    plural, one = VERBS.get(first, ACTIVITY_VERB if ACTIVITY.match(phrase) else DEFAULT_VERB)
    return one if singular else plural


def sentence(count: int, n: int, nrs: Sequence[int], label: str, question_title: str, *, kans: bool,
             column_label: str = "", gemeente: Callable[[int], str] = str) -> str:
    """One bullet: 'Zeven van de negen gemeenten (1, 2, 3, 4, 7, 8, 9) bieden psycho-educatie …'."""
    who, singular = subject(count, n, nrs, kans, gemeente)
    phrase = item_phrase(label, column_label)
    return f"{who} {verb(question_title, singular, phrase)} {phrase}."
