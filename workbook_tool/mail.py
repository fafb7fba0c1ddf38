"""Mail drafts for the coordinator: an invitation per gemeente with its workbook, and reminders saying
precisely what is still missing. Each draft is an .eml file that Outlook and Thunderbird open as an unsent
message (X-Unsent: 1), ready to check and send; nothing is sent from here.

    write_invitations  gemeenten list + generated workbooks -> "Uitnodiging - <gemeente>.eml"
    write_reminders    folder of returns (collected) -> "Herinnering - <gemeente>.eml" for who is not done
"""

from __future__ import annotations

import datetime as dt
import email.policy
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

from .collect import CollectResult, Progress, collect
from .errors import Problem, WorkbookToolError
from .feedback import feedback_files
from .fileio import write_together
from .gemeenten import Gemeente, safe_filename
from .generate import Coordinator, gemeente_files
from .pipeline import (
    GemeentenInput,
    LayoutsInput,
    input_files,
    refuse_outputs_over_inputs,
    round_gemeenten,
    round_layouts,
)
from .status import STATUS_LABELS, GemeenteStatus

SCAN_NAME = "Preventiescanner Dakloosheid"
XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
# The statuses a reminder is for: nothing (usable) sent, or a return with something left to do.
REMINDED = ("missing", "unreadable", "other_format", "incomplete", "problems")
MAX_PROBLEMS_LISTED = 25  # a mail listing more is not read; the rest is counted

DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


class MailError(WorkbookToolError):
    """The drafts cannot be made (a deadline that is no date, a folder of workbooks that does not exist)."""


@dataclass(frozen=True)
class MailRound:
    """What every draft of a round shares: the round, the regio and who sends it."""

    coordinator: Coordinator = Coordinator()
    ronde: str = ""
    regio: str = ""
    deadline: dt.date | None = None


@dataclass(frozen=True)
class Draft:
    """One draft written: for whom, where, to which address ("" when the list has none), with what attached."""

    gemeente: str
    path: Path
    to: str
    attachment: Path | None = None
    status: str = ""  # for a reminder: the gemeente's status (a key of status.STATUS_LABELS)


@dataclass
class MailOutcome:
    """The drafts written, and for the coordinator (Dutch) what to check: a draft without a recipient, a
    gemeente without a draft because its workbook is missing."""

    drafts: list[Draft] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # gemeenten that got no draft


def parse_deadline(text: str) -> dt.date:
    """A date as the coordinator types it: 2026-03-13 or 13-03-2026 (also with / or .)."""
    text = text.strip()
    for pattern, order in ((r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", (0, 1, 2)),
                           (r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", (2, 1, 0))):
        match = re.fullmatch(pattern, text)
        if match:
            parts = [int(match.group(i + 1)) for i in order]
            try:
                return dt.date(*parts)
            except ValueError:
                break
    raise MailError(f"Deadline '{text}' is geen datum. Schrijf bijvoorbeeld 2026-03-13 of 13-03-2026.")


def dutch_date(date: dt.date) -> str:
    """"vrijdag 13 maart 2026": written out, as a letter says it (not left to the machine's locale)."""
    return f"{DAYS[date.weekday()]} {date.day} {MONTHS[date.month - 1]} {date.year}"


def invitation_file(out_dir: Path, gemeente: str) -> Path:
    return Path(out_dir) / f"Uitnodiging - {safe_filename(gemeente)}.eml"


def reminder_file(out_dir: Path, gemeente: str) -> Path:
    return Path(out_dir) / f"Herinnering - {safe_filename(gemeente)}.eml"


# --- invitations ---------------------------------------------------------------------------------------------

def write_invitations(gemeenten: GemeentenInput, werkboeken: str | Path, out: str | Path,
                      mail_round: MailRound) -> MailOutcome:
    """Per gemeente of the list a draft with its personalised workbook (from generate's output folder)
    attached. A gemeente without a workbook gets no draft and a note; the others are still written."""
    werkboeken = _existing_folder(werkboeken)
    return _attached_drafts(gemeenten, out, mail_round, lambda listed: gemeente_files(werkboeken, listed),
                            _Kind("uitnodiging", "Maak het eerst met 'workbook-tool generate'.", invitation_file,
                                  lambda g: _invitation_subject(mail_round),
                                  lambda g, name: _invitation_body(g, mail_round, name)))


@dataclass(frozen=True)
class _Kind:
    """What differs between drafts that each carry the gemeente's own workbook: the word, the hint when the
    workbook is missing, the file name, subject and body."""

    word: str  # "uitnodiging"
    missing_hint: str
    file: Callable[[Path, str], Path]
    subject: Callable[[Gemeente], str]
    body: Callable[[Gemeente, str], str]  # (gemeente, attached workbook's name) -> body


def _attached_drafts(gemeenten: GemeentenInput, out: str | Path, mail_round: MailRound,
                     files: Callable[[list[Gemeente]], list[Path]], kind: _Kind) -> MailOutcome:
    """Per gemeente of the list a draft with its own workbook attached. A gemeente without one gets no
    draft and a note; the others are still written."""
    out = Path(out)
    listed = round_gemeenten(gemeenten, default_regio=mail_round.regio)
    workbooks = dict(zip((g.naam for g in listed), files(listed), strict=True))
    outcome = MailOutcome()
    contents: dict[Path, bytes] = {}
    for gemeente in listed:
        workbook = workbooks[gemeente.naam]
        if not workbook.is_file():
            outcome.skipped.append(gemeente.naam)
            outcome.notes.append(f"{gemeente.naam}: geen {kind.word} gemaakt, want het werkboek {workbook} "
                                 f"bestaat niet. {kind.missing_hint}")
            continue
        message = _message(gemeente, mail_round, kind.subject(gemeente), kind.body(gemeente, workbook.name),
                           outcome)
        _attach(message, workbook)
        path = kind.file(out, gemeente.naam)
        contents[path] = message.as_bytes()
        outcome.drafts.append(Draft(gemeente.naam, path, _recipient(message), workbook))
    _write(contents, out, input_files(gemeenten, None))
    return outcome


def _invitation_subject(mail_round: MailRound) -> str:
    return f"{_scan_and_round(mail_round)}: uw scanwerkboek"


def _invitation_body(gemeente: Gemeente, mail_round: MailRound, workbook_name: str) -> str:
    deadline = _deadline_text(mail_round)
    return "\n".join([
        _salutation(gemeente), "",
        f"Hierbij ontvangt u het scanwerkboek van de {SCAN_NAME} voor gemeente {gemeente.naam}"
        f"{_round_words(mail_round, gemeente)}. Wij vragen u het ingevuld terug te sturen, {deadline}.", "",
        "Zo gaat het:",
        f"1. Open het bijgevoegde werkboek '{workbook_name}'.",
        "2. Toont Excel bovenaan een gele balk met 'Bewerken inschakelen'? Klik daar dan op.",
        "3. Vul elk tabblad in. Het tabblad Start laat zien hoeveel er nog te doen is.",
        "4. Sla het bestand op als Excel-werkmap (.xlsx) en laat de bestandsnaam ongewijzigd.",
        f"5. Mail het werkboek terug naar {_coordinator_address(mail_round)}, {deadline}.", "",
        *_contact_lines(mail_round)])


# --- feedback ------------------------------------------------------------------------------------------------

def feedback_mail_file(out_dir: Path, gemeente: str) -> Path:
    return Path(out_dir) / f"Terugkoppeling - {safe_filename(gemeente)}.eml"


def write_feedback_mails(gemeenten: GemeentenInput, terugkoppeling: str | Path, out: str | Path,
                         mail_round: MailRound) -> MailOutcome:
    """Per gemeente of the list a draft with its feedback workbook (feedback's output folder) attached,
    asking it to check its answers before the deadline."""
    folder = Path(terugkoppeling)
    if not folder.is_dir():
        raise MailError(f"{folder} is geen map met terugkoppelingen. Geef de map die 'workbook-tool feedback' "
                        "maakte (--out van feedback).")
    return _attached_drafts(gemeenten, out, mail_round, lambda listed: feedback_files(folder, [g.naam for g in listed]),
                            _Kind("terugkoppeling", "Maak het eerst met 'workbook-tool feedback'.", feedback_mail_file,
                                  lambda g: f"{_scan_and_round(mail_round)}: terugkoppeling van uw antwoorden",
                                  lambda g, name: _feedback_body(g, mail_round, name)))


def _feedback_body(gemeente: Gemeente, mail_round: MailRound, workbook_name: str) -> str:
    deadline = f"vóór {dutch_date(mail_round.deadline)}" if mail_round.deadline else "zo snel mogelijk"
    return "\n".join([
        _salutation(gemeente), "",
        f"Dank voor het invullen van de {SCAN_NAME} voor gemeente {gemeente.naam}"
        f"{_round_words(mail_round, gemeente)}. In de bijlage '{workbook_name}' staan uw antwoorden naast de "
        "aantallen in de regio, waar u afwijkt van de meeste gemeenten, uw voorzorgscan en plan, en wat ons "
        "opviel bij het inlezen.", "",
        f"Controleer uw antwoorden en laat het de coördinator {deadline} weten als er iets niet klopt "
        f"({_coordinator_address(mail_round)}).", "",
        *_contact_lines(mail_round)])


# --- reminders -----------------------------------------------------------------------------------------------

def write_reminders(folder: str | Path, out: str | Path, mail_round: MailRound, gemeenten: GemeentenInput,
                    layouts: LayoutsInput = None, werkboeken: str | Path | None = None, *,
                    progress: Progress | None = None) -> MailOutcome:
    """Collect the returns and write a reminder for every gemeente that is not done (see REMINDED); a
    gemeente that sent nothing gets its personalised workbook attached again when werkboeken is given."""
    folder, out = Path(folder), Path(out)
    inputs = input_files(gemeenten, layouts)
    refuse_outputs_over_inputs([out], inputs, folder)  # drafts among the returns would be read as returns
    listed = round_gemeenten(gemeenten, default_regio=mail_round.regio)
    if not listed:
        raise MailError("Geef de lijst van gemeenten (--gemeenten): daarin staat wie een herinnering krijgt "
                        "en op welk e-mailadres.")
    workbooks = _workbooks(werkboeken, listed)
    result = collect(folder, round_layouts(layouts), listed, progress=progress)
    by_name = {g.naam: g for g in listed}
    outcome = MailOutcome()
    contents: dict[Path, bytes] = {}
    for status in result.status:
        if status.status not in REMINDED or status.gemeente not in by_name:
            continue
        gemeente = by_name[status.gemeente]
        attachment = _reattached(status, workbooks.get(gemeente.naam), outcome)
        body = _reminder_body(gemeente, status, problems_of(status, result), mail_round, attachment)
        message = _message(gemeente, mail_round, _reminder_subject(mail_round), body, outcome)
        if attachment is not None:
            _attach(message, attachment)
        path = reminder_file(out, gemeente.naam)
        contents[path] = message.as_bytes()
        outcome.drafts.append(Draft(gemeente.naam, path, _recipient(message), attachment, status.status))
    _write(contents, out, inputs)
    return outcome


def problems_of(status: GemeenteStatus, result: CollectResult) -> list[Problem]:
    """The errors collect found in the file used for (or sent by) the gemeente, as collect words them."""
    if not status.file:
        return []
    return [p for p in result.problems if p.file == status.file and p.severity == "error"]


def _workbooks(werkboeken: str | Path | None, listed: list[Gemeente]) -> dict[str, Path]:
    if werkboeken is None:
        return {}
    folder = _existing_folder(werkboeken)
    return dict(zip((g.naam for g in listed), gemeente_files(folder, listed), strict=True))


def _reattached(status: GemeenteStatus, workbook: Path | None, outcome: MailOutcome) -> Path | None:
    """Only who sent nothing gets the workbook again: the others have theirs, with their answers in it."""
    if status.status != "missing" or workbook is None:
        return None
    if not workbook.is_file():
        outcome.notes.append(f"{status.gemeente}: het werkboek {workbook} bestaat niet; de herinnering is "
                             "zonder bijlage gemaakt.")
        return None
    return workbook


def _reminder_subject(mail_round: MailRound) -> str:
    return f"Herinnering: {_scan_and_round(mail_round)}"


def _reminder_body(gemeente: Gemeente, status: GemeenteStatus, problems: list[Problem], mail_round: MailRound,
                   attachment: Path | None) -> str:
    lines = [_salutation(gemeente), ""]
    if status.status == "missing":
        again = f"Voor het gemak is het werkboek '{attachment.name}' opnieuw bijgevoegd. " if attachment else ""
        lines += [f"Wij hebben het ingevulde scanwerkboek van de {SCAN_NAME} voor gemeente {gemeente.naam}"
                  f"{_round_words(mail_round, gemeente)} nog niet ontvangen.",
                  f"{again}Wilt u het werkboek invullen en terugsturen naar {_coordinator_address(mail_round)}, "
                  f"{_deadline_text(mail_round)}?"]
    elif status.status in ("unreadable", "other_format"):
        lines += [f"Dank u voor het toegestuurde bestand '{status.file}'. Wij konden het helaas niet inlezen:",
                  *_problem_lines(problems, status), "",
                  "Wilt u het werkboek openen, opslaan als Excel-werkmap (.xlsx) zonder de bestandsnaam te "
                  f"wijzigen, en opnieuw sturen naar {_coordinator_address(mail_round)}, "
                  f"{_deadline_text(mail_round)}?"]
    else:
        lines += [f"Dank u voor het ingevulde scanwerkboek ('{status.file}'). Er ontbreekt nog iets."]
        lines += _open_question_lines(status)
        if problems:
            lines += ["", "Deze antwoorden konden wij niet verwerken; wilt u ze verbeteren?",
                      *_problem_lines(problems, status)]
        lines += ["", "Wilt u het werkboek aanvullen, opslaan zonder de bestandsnaam te wijzigen, en opnieuw "
                      f"sturen naar {_coordinator_address(mail_round)}, {_deadline_text(mail_round)}?"]
    return "\n".join(lines + ["", *_contact_lines(mail_round)])


def _open_question_lines(status: GemeenteStatus) -> list[str]:
    if not status.open_questions:
        return []
    lines = ["", f"Nog niet (helemaal) beantwoord ({status.to_do} van de {status.to_answer} onderdelen):"]
    for sheet, questions in status.open_questions.items():
        lines.append(f"Tabblad '{sheet}':")
        lines += [f"  - {question}" for question in questions]
    return lines


def _problem_lines(problems: list[Problem], status: GemeenteStatus) -> list[str]:
    if not problems:
        return [f"  - {status.note or STATUS_LABELS[status.status]}"]
    lines = [f"  - {_problem_text(p)}" for p in problems[:MAX_PROBLEMS_LISTED]]
    if len(problems) > MAX_PROBLEMS_LISTED:
        lines.append(f"  - ... en nog {len(problems) - MAX_PROBLEMS_LISTED} andere.")
    return lines


def _problem_text(problem: Problem) -> str:
    """Where (tab and cell, as the gemeente sees them) and what collect found."""
    if problem.sheet and problem.cell:
        return f"tabblad '{problem.sheet}', cel {problem.cell}: {problem.message}"
    return problem.message


# --- what every draft shares ---------------------------------------------------------------------------------

def _message(gemeente: Gemeente, mail_round: MailRound, subject: str, body: str,
             outcome: MailOutcome) -> EmailMessage:
    """An unsent draft: X-Unsent makes Outlook open it to edit and send, not as a received mail."""
    message = EmailMessage(policy=email.policy.SMTP)
    message["X-Unsent"] = "1"
    sender = _address(mail_round.coordinator.naam, mail_round.coordinator.email)
    if sender is not None:
        message["From"] = sender
    recipient = _address(gemeente.contactpersoon, gemeente.email)
    if recipient is not None:
        message["To"] = recipient
    else:
        outcome.notes.append(f"{gemeente.naam}: geen (bruikbaar) e-mailadres in de lijst; vul in het concept zelf "
                             "de ontvanger in.")
    message["Subject"] = subject
    message.set_content(body, cte="quoted-printable")  # 7-bit safe, so no mail program mangles the accents
    return message


def _recipient(message: EmailMessage) -> str:
    return message["To"].addresses[0].addr_spec if message["To"] else ""


def _address(name: str, addr: str) -> Address | None:
    if not addr:
        return None
    try:
        return Address(display_name=name, addr_spec=addr)
    except (ValueError, IndexError, HeaderParseError):  # what the list let through but mail does not accept
        return None


def _attach(message: EmailMessage, workbook: Path) -> None:
    message.add_attachment(workbook.read_bytes(), maintype=XLSX_TYPE[0], subtype=XLSX_TYPE[1],
                           filename=workbook.name)


def _write(contents: dict[Path, bytes], out: Path, inputs: Sequence[Path]) -> None:
    """All drafts or none (fileio.write_together); never over an input such as the gemeenten list."""
    refuse_outputs_over_inputs(list(contents), inputs)
    if contents:
        out.mkdir(parents=True, exist_ok=True)
        write_together(contents)


def _existing_folder(folder: str | Path) -> Path:
    folder = Path(folder)
    if not folder.is_dir():
        raise MailError(f"{folder} is geen map met werkboeken. Geef de map die 'workbook-tool generate' "
                        "maakte (--out van generate).")
    return folder


def _scan_and_round(mail_round: MailRound) -> str:
    return f"{SCAN_NAME} — ronde {mail_round.ronde}" if mail_round.ronde else SCAN_NAME


def _round_words(mail_round: MailRound, gemeente: Gemeente) -> str:
    regio = gemeente.regio or mail_round.regio
    return (f", ronde {mail_round.ronde}" if mail_round.ronde else "") + (f" ({regio})" if regio else "")


def _deadline_text(mail_round: MailRound) -> str:
    return f"uiterlijk {dutch_date(mail_round.deadline)}" if mail_round.deadline else "zo snel mogelijk"


def _salutation(gemeente: Gemeente) -> str:
    return f"Beste {gemeente.contactpersoon}," if gemeente.contactpersoon else "Geachte heer/mevrouw,"


def _coordinator_address(mail_round: MailRound) -> str:
    coordinator = mail_round.coordinator
    return coordinator.email or (coordinator.naam or "de coördinator")


def _contact_lines(mail_round: MailRound) -> list[str]:
    coordinator = mail_round.coordinator
    details = [d for d in (coordinator.naam, coordinator.email,
                           f"telefoon {coordinator.telefoon}" if coordinator.telefoon else "") if d]
    lines = ["Hebt u vragen? Neem dan contact op met de coördinator:", *(f"  {d}" for d in details), ""] \
        if details else []
    return lines + ["Met vriendelijke groet,", coordinator.naam or "De coördinator"]
