"""Mail drafts: invitations with each gemeente's workbook, reminders naming what is still missing, and the
open questions per tab that collect gives each gemeente. The drafts are read back with Python's email
package, as a mail program would."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.support.paths import LAYOUT_2022
from tests.support.returns import make_return, random_answers
from workbook_tool.cli import main
from workbook_tool.collect import collect
from workbook_tool.gemeenten import Gemeente
from workbook_tool.generate import Coordinator, generate
from workbook_tool.mail import MailError, MailRound, dutch_date, parse_deadline, write_invitations, write_reminders
from workbook_tool.pipeline import OutputRefused

RONDE = "Voorjaar 2026"
COORDINATOR = Coordinator("Jan Jansen", "jan.jansen@regio.example", "010 123 45 67")
ROUND = MailRound(COORDINATOR, RONDE, "Regio Zuid", dt.date(2026, 3, 13))
LIST_CSV = ("naam,regio,nummer,contactpersoon,e-mail\n"
            "Gemeente A,Regio Zuid,1,Anna Aalbers,anna@a.example\n"
            "Gemeente B,Regio Zuid,2,Bert Bos,bert@b.example\n"
            "Gemeente C,Regio Zuid,3,,\n"
            "Gemeente D,Regio Zuid,4,Dirk Dekker,dirk@d.example\n")
GEMEENTEN = [Gemeente("Gemeente A", "Regio Zuid", 1, "Anna Aalbers", "anna@a.example"),
             Gemeente("Gemeente B", "Regio Zuid", 2, "Bert Bos", "bert@b.example"),
             Gemeente("Gemeente C", "Regio Zuid", 3),
             Gemeente("Gemeente D", "Regio Zuid", 4, "Dirk Dekker", "dirk@d.example")]
# The questions Gemeente B left empty, as the layout titles them, per tab in layout order.
B_LEFT_OPEN = {"gezondheid_welzijn": "Faciliteiten om het welzijn onder inwoners te vergroten",
               "wonen_openbare_orde": "Faciliteiten voor aanpak openbare orde- en veiligheidsrisico’s",
               "voorzorg_kwaliteit": "Faciliteiten voor het verbeteren van de kwaliteit van ondersteuning en opvang "
                                     "van inwoners die uit balans zijn, dakloos dreigen te raken of dakloos zijn."}
B_OPEN = {"Bestaanscondities": [B_LEFT_OPEN["gezondheid_welzijn"], B_LEFT_OPEN["wonen_openbare_orde"]],
          "Voorzorg": [B_LEFT_OPEN["voorzorg_kwaliteit"]]}


@pytest.fixture(scope="module")
def round_files(layout_2022, template, tmp_path_factory):
    """A round: the list, the generated workbooks, and the returns: A complete, B with three questions left
    empty, C nothing, D a PDF instead of the workbook."""
    root = tmp_path_factory.mktemp("mailround")
    gemeenten_file = root / "gemeenten.csv"
    gemeenten_file.write_text(LIST_CSV, encoding="utf-8")
    workbooks = root / "werkboeken"
    generate(layout_2022, workbooks, GEMEENTEN, ronde=RONDE, coordinator=COORDINATOR)
    returns = root / "retour"
    returns.mkdir()
    full = random_answers(template, 1, share=1.0)
    make_return(template, GEMEENTEN[0], full, returns / "Gemeente A.xlsx", ronde=RONDE)
    partial = {key: value for key, value in full.items() if key.split(".")[0] not in B_LEFT_OPEN}
    make_return(template, GEMEENTEN[1], partial, returns / "Gemeente B.xlsx", ronde=RONDE)
    (returns / "Gemeente D.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    return root, gemeenten_file, workbooks, returns


def parse(path: Path) -> email.message.EmailMessage:
    raw = path.read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), "CRLF line endings only"
    return email.message_from_bytes(raw, policy=email.policy.default)


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def attachments_of(message) -> dict[str, bytes]:
    return {part.get_filename(): part.get_content() for part in message.iter_attachments()}


# --- the open questions per tab (collect) ---

def test_collect_names_per_tab_the_questions_left_open(round_files, layout_2022):
    _root, _list, _workbooks, returns = round_files
    status = {s.gemeente: s for s in collect(returns, [layout_2022], GEMEENTEN).status}
    assert list(status["Gemeente B"].open_questions.items()) == list(B_OPEN.items())
    assert status["Gemeente B"].status == "incomplete"
    assert status["Gemeente A"].open_questions == {}
    assert status["Gemeente C"].open_questions == {}, "nothing returned: no questions known to be open"


def test_a_question_settled_by_geen_van_bovenstaande_is_not_open(template, layout_2022, tmp_path):
    """gezondheid_welzijn's items left empty, but 'Geen van bovenstaande' answered Ja: the question is done."""
    full = random_answers(template, 1, share=1.0)
    answers = {key: value for key, value in full.items() if not key.startswith("gezondheid_welzijn.")}
    answers["gezondheid_welzijn.geen.antwoord"] = "Ja"
    make_return(template, GEMEENTEN[0], answers, tmp_path / "Gemeente A.xlsx", ronde=RONDE)
    status = collect(tmp_path, [layout_2022], GEMEENTEN[:1]).status[0]
    assert status.open_questions == {}
    assert status.status == "complete"


# --- invitations ---

def test_every_invitation_is_an_unsent_dutch_draft_with_the_gemeentes_own_workbook(round_files, tmp_path):
    _root, gemeenten_file, workbooks, _returns = round_files
    out = tmp_path / "uitnodigingen"
    outcome = write_invitations(gemeenten_file, workbooks, out, ROUND)
    assert sorted(p.name for p in out.iterdir()) == ["Uitnodiging - Gemeente A.eml", "Uitnodiging - Gemeente B.eml",
                                                    "Uitnodiging - Gemeente C.eml", "Uitnodiging - Gemeente D.eml"]
    message = parse(out / "Uitnodiging - Gemeente B.eml")
    assert message["X-Unsent"] == "1"
    assert message["To"].addresses[0].addr_spec == "bert@b.example"
    assert message["To"].addresses[0].display_name == "Bert Bos"
    assert message["From"].addresses[0].addr_spec == "jan.jansen@regio.example"
    assert message["Subject"] == "Preventiescanner Dakloosheid — ronde Voorjaar 2026: uw scanwerkboek"
    body = body_of(message)
    assert body.startswith("Beste Bert Bos,")
    assert "uiterlijk vrijdag 13 maart 2026" in body
    for step in ("Open het bijgevoegde werkboek 'Gemeente B.xlsx'", "'Bewerken inschakelen'", "Vul elk tabblad in",
                 "Excel-werkmap (.xlsx) en laat de bestandsnaam ongewijzigd",
                 "Mail het werkboek terug naar jan.jansen@regio.example"):
        assert step in body, step
    for contact in ("Jan Jansen", "jan.jansen@regio.example", "010 123 45 67"):
        assert contact in body
    assert attachments_of(message) == {"Gemeente B.xlsx": (workbooks / "Gemeente B.xlsx").read_bytes()}
    assert [d.gemeente for d in outcome.drafts] == ["Gemeente A", "Gemeente B", "Gemeente C", "Gemeente D"]


def test_a_gemeente_without_address_gets_a_draft_without_recipient_and_a_note(round_files, tmp_path):
    _root, gemeenten_file, workbooks, _returns = round_files
    outcome = write_invitations(gemeenten_file, workbooks, tmp_path, ROUND)
    message = parse(tmp_path / "Uitnodiging - Gemeente C.eml")
    assert message["To"] is None
    assert body_of(message).startswith("Geachte heer/mevrouw,")
    assert attachments_of(message) == {"Gemeente C.xlsx": (workbooks / "Gemeente C.xlsx").read_bytes()}
    assert outcome.notes == ["Gemeente C: geen (bruikbaar) e-mailadres in de lijst; vul in het concept zelf de "
                             "ontvanger in."]


def test_a_missing_workbook_gives_no_draft_for_that_gemeente_only(round_files, tmp_path):
    _root, gemeenten_file, workbooks, _returns = round_files
    partial = tmp_path / "werkboeken"
    partial.mkdir()
    for name in ("Gemeente A.xlsx", "Gemeente C.xlsx", "Gemeente D.xlsx"):
        (partial / name).write_bytes((workbooks / name).read_bytes())
    out = tmp_path / "uit"
    outcome = write_invitations(gemeenten_file, partial, out, ROUND)
    assert outcome.skipped == ["Gemeente B"]
    assert not (out / "Uitnodiging - Gemeente B.eml").exists()
    assert (out / "Uitnodiging - Gemeente D.eml").exists()
    assert f"Gemeente B: geen uitnodiging gemaakt, want het werkboek {partial / 'Gemeente B.xlsx'} bestaat niet. " \
           "Maak het eerst met 'workbook-tool generate'." in outcome.notes


# --- reminders ---

@pytest.fixture(scope="module")
def reminders(round_files, layout_2022, tmp_path_factory):
    root, gemeenten_file, workbooks, returns = round_files
    out = tmp_path_factory.mktemp("herinneringen")
    later = MailRound(COORDINATOR, RONDE, "Regio Zuid", dt.date(2026, 3, 20))
    return out, write_reminders(returns, out, later, gemeenten_file, [layout_2022], workbooks), workbooks


def test_a_complete_gemeente_gets_no_reminder(reminders):
    out, outcome, _workbooks = reminders
    assert sorted(p.name for p in out.iterdir()) == ["Herinnering - Gemeente B.eml", "Herinnering - Gemeente C.eml",
                                                    "Herinnering - Gemeente D.eml"]
    assert [(d.gemeente, d.status) for d in outcome.drafts] == [
        ("Gemeente B", "incomplete"), ("Gemeente C", "missing"), ("Gemeente D", "other_format")]


def test_the_reminder_of_an_incomplete_return_names_the_open_questions_per_tab(reminders):
    out, _outcome, _workbooks = reminders
    message = parse(out / "Herinnering - Gemeente B.eml")
    assert message["X-Unsent"] == "1"
    assert message["To"].addresses[0].addr_spec == "bert@b.example"
    assert message["Subject"] == "Herinnering: Preventiescanner Dakloosheid — ronde Voorjaar 2026"
    body = body_of(message)
    expected = ("Tabblad 'Bestaanscondities':\n"
                "  - Faciliteiten om het welzijn onder inwoners te vergroten\n"
                "  - Faciliteiten voor aanpak openbare orde- en veiligheidsrisico’s\n"
                "Tabblad 'Voorzorg':\n"
                "  - Faciliteiten voor het verbeteren van de kwaliteit van ondersteuning en opvang van inwoners die "
                "uit balans zijn, dakloos dreigen te raken of dakloos zijn.\n")
    assert expected in body
    assert "Herstelzorg" not in body, "a tab with nothing open is not named"
    assert "uiterlijk vrijdag 20 maart 2026" in body
    assert attachments_of(message) == {}, "the gemeente has its own file, with its answers"


def test_the_reminder_of_a_missing_gemeente_brings_its_workbook_again(reminders):
    out, _outcome, workbooks = reminders
    message = parse(out / "Herinnering - Gemeente C.eml")
    assert message["To"] is None
    body = body_of(message)
    assert "voor gemeente Gemeente C, ronde Voorjaar 2026 (Regio Zuid) nog niet ontvangen" in body
    assert "'Gemeente C.xlsx' opnieuw bijgevoegd" in body
    assert attachments_of(message) == {"Gemeente C.xlsx": (workbooks / "Gemeente C.xlsx").read_bytes()}


def test_the_reminder_of_a_file_in_another_format_says_what_was_wrong(reminders):
    out, _outcome, _workbooks = reminders
    body = body_of(parse(out / "Herinnering - Gemeente D.eml"))
    assert "Dank u voor het toegestuurde bestand 'Gemeente D.pdf'. Wij konden het helaas niet inlezen:" in body
    assert "  - Dit is een PDF" in body
    assert "opslaan als Excel-werkmap (.xlsx)" in body


def test_reminders_are_never_written_among_the_returns(round_files, layout_2022):
    _root, gemeenten_file, _workbooks, returns = round_files
    with pytest.raises(OutputRefused):
        write_reminders(returns, returns / "herinneringen", ROUND, gemeenten_file, [layout_2022])


# --- dates ---

@pytest.mark.parametrize("text", ["2026-03-13", "13-03-2026", "13/3/2026", " 2026-3-13 "])
def test_a_deadline_is_read_in_either_order(text):
    assert parse_deadline(text) == dt.date(2026, 3, 13)


@pytest.mark.parametrize("text", ["13 maart", "2026-02-30", "03-13-2026", ""])
def test_a_deadline_that_is_no_date_is_refused_in_dutch(text):
    with pytest.raises(MailError, match="is geen datum. Schrijf bijvoorbeeld 2026-03-13 of 13-03-2026."):
        parse_deadline(text)


@pytest.mark.parametrize(("date", "written"), [(dt.date(2026, 3, 13), "vrijdag 13 maart 2026"),
                                               (dt.date(2026, 1, 5), "maandag 5 januari 2026"),
                                               (dt.date(2025, 12, 28), "zondag 28 december 2025")])
def test_dutch_date(date, written):
    assert dutch_date(date) == written


# --- the command line ---

def run_cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="workbook-tool")


def test_mail_invitations_on_the_command_line(round_files, tmp_path):
    _root, gemeenten_file, workbooks, _returns = round_files
    out = tmp_path / "uitnodigingen"
    result = run_cli("mail", "invitations", "--gemeenten", gemeenten_file, "--werkboeken", workbooks, "--out", out,
                     "--deadline", "13-03-2026", "--ronde", RONDE, "--coordinator-naam", "Jan Jansen",
                     "--coordinator-email", "jan.jansen@regio.example", "--coordinator-telefoon", "010 123 45 67")
    assert result.exit_code == 0, result.output
    assert f"4 uitnodigingen geschreven naar {out}:\n  Gemeente A: Uitnodiging - Gemeente A.eml\n" in result.output
    assert "Let op: Gemeente C: geen (bruikbaar) e-mailadres in de lijst" in result.output
    assert "uiterlijk vrijdag 13 maart 2026" in body_of(parse(out / "Uitnodiging - Gemeente A.eml"))


def test_mail_invitations_refuses_a_deadline_that_is_no_date_in_dutch(round_files, tmp_path):
    _root, gemeenten_file, workbooks, _returns = round_files
    result = run_cli("mail", "invitations", "--gemeenten", gemeenten_file, "--werkboeken", workbooks,
                     "--out", tmp_path, "--deadline", "volgende week")
    assert result.exit_code == 2
    assert "Deadline 'volgende week' is geen datum." in result.output
    assert list(tmp_path.iterdir()) == []


def test_mail_reminders_on_the_command_line(round_files, tmp_path):
    _root, gemeenten_file, workbooks, returns = round_files
    out = tmp_path / "herinneringen"
    result = run_cli("mail", "reminders", returns, "--gemeenten", gemeenten_file, "--layout",
                     LAYOUT_2022, "--out", out, "--werkboeken", workbooks,
                     "--coordinator-email", "jan.jansen@regio.example")
    assert result.exit_code == 0, result.output
    assert (f"3 herinneringen geschreven naar {out}:\n"
            "  Gemeente B, onvolledig: Herinnering - Gemeente B.eml\n"
            "  Gemeente C, niet ingeleverd: Herinnering - Gemeente C.eml\n"
            "  Gemeente D, ingeleverd in een ander formaat: Herinnering - Gemeente D.eml\n") in result.output
    assert "zo snel mogelijk" in body_of(parse(out / "Herinnering - Gemeente B.eml"))


def test_the_reminder_of_a_return_with_errors_names_tab_cell_and_what_collect_found(template, layout_2022,
                                                                                    tmp_path):
    answers = random_answers(template, 1, share=1.0)
    answers["gezondheid_welzijn.trainingen.antwoord"] = "Misschien"
    returns = tmp_path / "retour"
    returns.mkdir()
    make_return(template, GEMEENTEN[0], answers, returns / "Gemeente A.xlsx", ronde=RONDE)
    outcome = write_reminders(returns, tmp_path / "uit", ROUND, GEMEENTEN[:1], [layout_2022])
    assert [(d.gemeente, d.status, d.to) for d in outcome.drafts] == [("Gemeente A", "problems", "anna@a.example")]
    body = body_of(parse(tmp_path / "uit" / "Herinnering - Gemeente A.eml"))
    assert ("Deze antwoorden konden wij niet verwerken; wilt u ze verbeteren?\n"
            "  - tabblad 'Bestaanscondities', cel C9: De waarde staat niet in de keuzelijst. Gevonden: 'Misschien'; "
            "verwacht: een van: Ja, Nee.") in body
    assert "'Geen van bovenstaande' is gekozen" not in body, "warnings are the coordinator's to judge, not asked"
