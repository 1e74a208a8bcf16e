"""Hostile input (issue 8, item 3) at the service layer, and ui.text.plain.

Every free-text field keeps what people typed as plain text: HTML, script, Markdown, Excel
formula prefixes, emoji, right-to-left text and SQL fragments are stored verbatim (the storage
layer binds parameters, so SQL is just text); NUL and other control characters are dropped;
text over a field's limit, such as a 1 MB comment, is refused with a Polish message. What the
screens make of the stored text is ui.text.plain's job, checked here rule by rule (there is no
Markdown renderer in the venv: Streamlit renders in the browser) and in the AppTest and browser
tests of the same name.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import timedelta

import openpyxl
import pytest

from accounts.service import AccountError, CurrentUser, change_account, create_account
from checklists.loading import current_checklists
from checklists.schema import Answer, Kind
from i18n import t
from services import kiosks as kiosk_service
from services import observations as observation_service
from services import organisation, survey
from services import people as people_service
from services.observations import StartRequest
from services.organisation import InputError, clean_text
from services.survey import Channel, SurveyError
from storage import employees, kiosks, observations, people, ratings, users
from storage.db import now
from storage.moderation import decide_comments
from tests.conftest import PASSWORD
from ui.text import INLINE, LINE_START, NBSP, WORD_JOINER, plain

CHECKLISTS = current_checklists()
MEGABYTE = "x" * 1_000_000

# name -> text as typed; each must come back from storage exactly as it went in
HOSTILE = {
    "html": '<img src=x onerror=alert(1)><b>gruby</b><iframe src="javascript:alert(2)">',
    "script": '<script>alert("XSS")</script>',
    "markdown": "# Nagłówek **gruby** _kursywa_ [link](javascript:alert(1)) ![obraz](http://x/y.png) `kod`",
    "streamlit": ":red[czerwony] :material/home: :streamlit: $x^2$ -> --",
    "hyperlink": '=HYPERLINK("http://evil.example","klik")',
    "dde": "+cmd|' /C calc'!A0",
    "at": "@SUM(A1:A9)",
    "minus": "-2+3",
    "emoji": "Super obsługa 👍🏽🎉😀",
    "rtl": "שלום עליכם – مرحبا بكم",
    "sql": "'); DROP TABLE client_ratings; --",
    "sql_or": "x' OR '1'='1' --",
    "entities": "&lt;b&gt; &amp; &#60;script&#62;",
}
SQL_TABLES = ("client_ratings", "observations", "observation_answers", "employees", "users", "conversations")


def user(db, office, login) -> CurrentUser:
    return CurrentUser.from_row(users.get_user(db, office["accounts"][login]))


def assert_tables_exist(db) -> None:
    for table in SQL_TABLES:
        assert db.scalar(f"SELECT count(*) FROM {table}") >= 0


# --- client comments (services.survey) -------------------------------------------------------


@pytest.fixture
def qr(office):
    return Channel("qr", department_id=office["departments"]["KM"])


def send_comment(db, channel, comment) -> uuid.UUID:
    rating_id = uuid.uuid4()
    outcome = survey.submit(
        db, channel, {"id": rating_id, "language": "pl", "overall": 2, "comment": comment}
    )
    assert outcome.stored
    return rating_id


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_client_comment_is_stored_verbatim_for_moderation(db, qr, name):
    rating_id = send_comment(db, qr, HOSTILE[name])
    stored = ratings.get_rating(db, rating_id)
    assert stored["comment"] == HOSTILE[name]
    assert stored["comment_status"] == "pending"  # shown to staff only after approval
    assert_tables_exist(db)


def test_sql_in_a_client_comment_is_only_text(db, qr):
    before = db.scalar("SELECT count(*) FROM client_ratings")
    send_comment(db, qr, HOSTILE["sql"])
    send_comment(db, qr, HOSTILE["sql_or"])
    assert db.scalar("SELECT count(*) FROM client_ratings") == before + 2
    assert db.scalar("SELECT count(*) FROM client_ratings WHERE comment = ?", [HOSTILE["sql"]]) == 1


def test_a_one_megabyte_comment_is_refused_with_a_polish_message(db, qr):
    with pytest.raises(SurveyError) as refused:
        send_comment(db, qr, MEGABYTE)
    assert refused.value.key == "survey.error.comment_too_long"
    message = t(refused.value.key, "pl")
    assert message != refused.value.key and "komentarz" in message.lower()
    assert db.scalar("SELECT count(*) FROM client_ratings") == 0


def test_nul_and_control_characters_are_dropped_from_a_client_comment(db, qr):
    rating_id = send_comment(db, qr, "przed\x00po\x07 i\x1b dalej")
    assert ratings.get_rating(db, rating_id)["comment"] == "przedpo i dalej"


def test_a_moderation_reason_is_plain_text_and_has_a_limit(db, office, qr):
    rating_id = send_comment(db, qr, HOSTILE["html"])
    # pages/moderation.py cleans the reason with clean_text before storing it
    reason = clean_text(HOSTILE["markdown"] + "\x00", field="Powód ukrycia", max_length=300)
    decide_comments(db, [rating_id], "hidden", reason, office["accounts"]["starosta"], "starosta")
    assert ratings.get_rating(db, rating_id)["moderation_reason"] == HOSTILE["markdown"]
    with pytest.raises(InputError, match="najwyżej 300 znaków"):
        clean_text(MEGABYTE, field="Powód ukrycia", max_length=300)


# --- observations (services.observations) ----------------------------------------------------


@pytest.fixture
def supervisor(db, office):
    return user(db, office, "kierownik.km")


@pytest.fixture
def draft(db, office, supervisor):
    return observation_service.start(
        db,
        CHECKLISTS,
        supervisor,
        StartRequest(
            observation_id=uuid.uuid4(),
            kind=Kind.IN_PERSON,
            department_id=office["departments"]["KM"],
            employee_id=office["employees"]["kowalska"],
            observed_at=now() - timedelta(minutes=10),
        ),
    )


def answer_comments(db, observation_id) -> dict:
    return {a["item_id"]: a["comment"] for a in observations.get_observation(db, observation_id)["answers"]}


def test_hostile_item_comments_are_stored_verbatim(db, supervisor, draft):
    items = [a["item_id"] for a in observations.get_observation(db, draft)["answers"]]
    for item_id, text in zip(items, HOSTILE.values(), strict=False):
        observation_service.record_answer(db, CHECKLISTS, supervisor, draft, item_id, Answer.NOT_MET, text)
    stored = answer_comments(db, draft)
    assert [stored[i] for i in items[: len(HOSTILE)]] == list(HOSTILE.values())
    assert_tables_exist(db)


def test_an_item_comment_loses_nul_and_a_huge_one_is_refused(db, supervisor, draft):
    item_id = observations.get_observation(db, draft)["answers"][0]["item_id"]
    observation_service.record_answer(db, CHECKLISTS, supervisor, draft, item_id, Answer.MET, "a\x00b\u202ec")
    assert answer_comments(db, draft)[item_id] == "abc"
    with pytest.raises(InputError, match=r"Komentarz.*najwyżej 1000 znaków"):
        observation_service.record_answer(db, CHECKLISTS, supervisor, draft, item_id, Answer.MET, MEGABYTE)
    assert answer_comments(db, draft)[item_id] == "abc"


def test_hostile_notes_keep_their_lines_and_a_huge_note_is_refused(db, supervisor, draft):
    good = "\n".join([HOSTILE["html"], HOSTILE["markdown"], "    wcięte", HOSTILE["rtl"]])
    improve = "\n".join([HOSTILE["hyperlink"], HOSTILE["sql"], HOSTILE["emoji"]]) + "\x00"
    observation_service.record_notes(db, supervisor, draft, good, improve)
    stored = observations.get_observation(db, draft)
    assert stored["notes_good"] == good
    assert stored["notes_improve"] == improve.removesuffix("\x00")
    with pytest.raises(InputError, match="najwyżej 4000 znaków"):
        observation_service.record_notes(db, supervisor, draft, MEGABYTE, "")
    assert observations.get_observation(db, draft)["notes_good"] == good


# --- people (services.people) ----------------------------------------------------------------


def conversation(db, office, **changes):
    arguments = {
        "conversation_id": uuid.uuid4(),
        "employee_id": office["employees"]["kowalska"],
        "held_on": now().date(),
        "assessments": [],
        "goals": [{"standard_id": "wiedza", "text": "Znać procedury."}],
        "training_needs": [],
        "notes": "",
        "next_on": now().date() + timedelta(days=180),
    }
    arguments.update(changes)
    return people_service.record_conversation(db, CHECKLISTS, user(db, office, "kierownik.km"), **arguments)


def test_hostile_goals_training_needs_and_notes_are_stored_verbatim(db, office):
    goals = [
        {"standard_id": "wiedza", "text": HOSTILE["html"]},
        {"standard_id": "dyskrecja", "text": HOSTILE["markdown"]},
        {"standard_id": "wiedza", "text": HOSTILE["sql"]},
    ]
    notes = "\n".join([HOSTILE["script"], HOSTILE["hyperlink"], HOSTILE["rtl"], HOSTILE["emoji"]])
    assert conversation(
        db, office, goals=goals, training_needs=[HOSTILE["dde"], HOSTILE["at"]], notes=notes + "\x00"
    )
    (stored,) = people.conversations_of(db, office["employees"]["kowalska"])
    assert [g["text"] for g in stored["goals"]] == [g["text"] for g in goals]
    assert stored["training_needs"] == f"{HOSTILE['dde']}; {HOSTILE['at']}"
    assert stored["notes"] == notes
    assert_tables_exist(db)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"goals": [{"standard_id": "wiedza", "text": MEGABYTE}]}, "Cel.*najwyżej 500 znaków"),
        ({"notes": MEGABYTE}, "Notatki.*najwyżej 4000 znaków"),
        ({"training_needs": [MEGABYTE]}, "Potrzeby szkoleniowe.*najwyżej 200 znaków"),
    ],
)
def test_a_huge_goal_note_or_training_need_is_refused_in_polish(db, office, changes, message):
    with pytest.raises(InputError, match=message):
        conversation(db, office, **changes)
    assert people.conversations_of(db, office["employees"]["kowalska"]) == []


def sent_observation(db, office, supervisor) -> uuid.UUID:
    observation_id = observation_service.start(
        db,
        CHECKLISTS,
        supervisor,
        StartRequest(
            observation_id=uuid.uuid4(),
            kind=Kind.IN_PERSON,
            department_id=office["departments"]["KM"],
            employee_id=office["employees"]["kowalska"],
            observed_at=now() - timedelta(minutes=10),
        ),
    )
    observation_service.mark_rest_not_observed(db, CHECKLISTS, supervisor, observation_id)
    assert observation_service.send(db, CHECKLISTS, supervisor, observation_id)
    return observation_id


def test_an_employees_hostile_comment_is_stored_verbatim_and_a_huge_one_refused(db, office, supervisor):
    observation_id = sent_observation(db, office, supervisor)
    kowalska = user(db, office, "kowalska")
    body = "\n".join([HOSTILE["html"], HOSTILE["markdown"], HOSTILE["minus"], HOSTILE["rtl"]])
    people_service.comment_on_own_observation(db, kowalska, observation_id, body + "\x00")
    with pytest.raises(InputError, match="najwyżej 2000 znaków"):
        people_service.comment_on_own_observation(db, kowalska, observation_id, MEGABYTE)
    assert [c["body"] for c in people.observation_comments(db, observation_id)] == [body]


# --- organisation: employees, departments, kiosks, accounts ----------------------------------


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_employee_name_is_stored_verbatim(db, office, name):
    first, last = HOSTILE[name][:60], HOSTILE[name][:80]  # the fields' limits
    employee_id = organisation.add_employee(
        db, {"department_id": office["departments"]["KM"], "first_name": first, "last_name": last}, "admin"
    )
    stored = employees.get_employee(db, employee_id)
    assert (stored["first_name"], stored["last_name"]) == (first, last)
    assert_tables_exist(db)


def test_an_employee_name_loses_nul_and_bidi_overrides_and_a_huge_one_is_refused(db, office):
    km = office["departments"]["KM"]
    employee_id = organisation.add_employee(
        db, {"department_id": km, "first_name": "Ja\x00n", "last_name": "\u202eKowal\x1bski"}, "admin"
    )
    stored = employees.get_employee(db, employee_id)
    assert (stored["first_name"], stored["last_name"]) == ("Jan", "Kowalski")
    with pytest.raises(InputError, match=r"Nazwisko.*najwyżej 80 znaków"):
        organisation.add_employee(
            db, {"department_id": km, "first_name": "Jan", "last_name": MEGABYTE}, "admin"
        )


def test_an_imported_list_keeps_hostile_names_as_text(db, office):
    names = [HOSTILE["html"][:60], HOSTILE["hyperlink"], HOSTILE["dde"], HOSTILE["sql"], HOSTILE["rtl"]]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Imię", "Nazwisko", "Wydział"])
    for index, name in enumerate(names):
        sheet.append([name, f"Nazwisko{index}", "KM"])
        sheet.cell(row=index + 2, column=1).data_type = "s"  # as typed text, not a formula
    sheet.append(["Jan", MEGABYTE[:100], "KM"])
    file = io.BytesIO()
    book.save(file)
    report = organisation.import_employees(db, "lista.xlsx", file.getvalue(), "admin")
    assert report.added == len(names)
    assert [(r.row, r.reason) for r in report.rejected] == [
        (len(names) + 2, "Pole „Nazwisko” może mieć najwyżej 80 znaków.")
    ]
    stored = {
        e["first_name"] for e in employees.list_employees(db, department_ids=[office["departments"]["KM"]])
    }
    assert set(names) <= stored


def test_an_imported_csv_with_sql_and_nul_is_plain_text(db, office):
    rows = [
        ["Imię", "Nazwisko", "Wydział"],
        ["Jan", "'); DROP TABLE employees; --", "KM"],
        ["Ewa", "=1+1", "KM"],
        ["<b>Ola</b>", "No\x00wak", "KM"],
        ["Adam", "Kowal", "' OR 1=1 --"],
    ]
    file = io.StringIO()
    csv.writer(file, delimiter=";").writerows(rows)
    report = organisation.import_employees(db, "lista.csv", file.getvalue().encode(), "admin")
    assert report.added == 3
    assert [(r.row, r.reason) for r in report.rejected] == [(5, "Nieznany wydział „' OR 1=1 --”.")]
    stored = {(e["first_name"], e["last_name"]) for e in employees.list_employees(db)}
    assert {("Jan", "'); DROP TABLE employees; --"), ("Ewa", "=1+1"), ("<b>Ola</b>", "Nowak")} <= stored
    assert_tables_exist(db)


def test_a_garbled_csv_gives_polish_reasons_not_a_crash(db, office):
    content = "Imię;Nazwisko;Wydział\nJan;'); DROP TABLE employees; --;KM\n\x00;\x00;\x00\n".encode()
    try:
        report = organisation.import_employees(db, "lista.csv", content, "admin")
    except InputError as error:  # refused as a whole, in Polish
        assert str(error).startswith(("Nie można odczytać pliku", "Brak kolumn"))
    else:
        assert all(r.reason.startswith(("Pole", "Nieznany", "Nieprawidłowy")) for r in report.rejected)
    assert_tables_exist(db)


def test_a_hostile_department_name_is_stored_and_a_hostile_code_refused(db):
    department_id = organisation.add_department(db, "HX", "# Nagłówek <img src=x onerror=alert(1)>", "admin")
    assert db.scalar("SELECT name FROM departments WHERE id = ?", [department_id]) == (
        "# Nagłówek <img src=x onerror=alert(1)>"
    )
    for code in ("<script>", "' OR 1=1 --", "KM;--", ""):
        with pytest.raises(InputError) as refused:
            organisation.add_department(db, code, "Wydział", "admin")
        assert re.search(r"Kod|wymagane", str(refused.value))


def test_a_hostile_kiosk_name_is_stored_verbatim(db, office):
    # pages/admin_kiosks.py registers through services.kiosks, which cleans the name
    admin = CurrentUser.from_row(users.get_user(db, office["accounts"]["admin"]))
    kiosk_service.register(db, admin, "<script>alert(1)</script> 👍 \x00**Hol**", office["departments"]["KM"])
    assert [k["name"] for k in kiosks.list_kiosks(db)] == ["<script>alert(1)</script> 👍 **Hol**"]


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_account_display_name_is_stored_verbatim(db, name):
    account_id = create_account(
        db, login="konto.x", password=PASSWORD, role="admin", display_name=HOSTILE[name], actor="test"
    )
    assert users.get_user(db, account_id)["display_name"] == HOSTILE[name]
    row = users.get_user(db, account_id)
    change_account(
        db,
        account_id,
        role=row["role"],
        display_name=HOSTILE[name] + " 2",
        active=True,
        department_ids=[],
        employee_id=None,
        new_password="",
        actor="test",
    )
    assert users.get_user(db, account_id)["display_name"] == HOSTILE[name] + " 2"


def test_a_hostile_login_is_refused_in_polish(db):
    for login in ("<script>", "'; DROP TABLE users; --", "jan\x00"):
        with pytest.raises(AccountError, match="Login: 3–40 znaków"):
            create_account(db, login=login, password=PASSWORD, role="admin", display_name="X", actor="test")


def test_an_account_display_name_loses_nul_and_a_huge_one_is_refused(db):
    account_id = create_account(
        db, login="konto.nul", password=PASSWORD, role="admin", display_name="Ja\x00n", actor="test"
    )
    assert users.get_user(db, account_id)["display_name"] == "Jan"
    with pytest.raises(AccountError):
        create_account(
            db, login="konto.mb", password=PASSWORD, role="admin", display_name=MEGABYTE, actor="test"
        )


def test_emoji_sequences_survive_in_names_and_notes(db, office):
    family = "Rodzina 👨‍👩‍👧 i 🏳️‍🌈"
    assert clean_text(family, field="Cel", max_length=500) == family


# --- ui.text.plain -----------------------------------------------------------------------------

PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def tokens(markdown: str) -> list[tuple[str, bool]]:
    """Characters of a Markdown source as CommonMark reads them: (character, escaped)."""
    out, index = [], 0
    while index < len(markdown):
        if markdown[index] == "\\" and index + 1 < len(markdown) and markdown[index + 1] in PUNCTUATION:
            out.append((markdown[index + 1], True))
            index += 2
        else:
            out.append((markdown[index], False))
            index += 1
    return out


def shown(markdown: str) -> str:
    """The text a Markdown source with nothing but escapes and hard line breaks displays."""
    text = "".join(character for character, _ in tokens(markdown))
    return text.replace("  \n", "\n").replace(WORD_JOINER, "").replace(NBSP, " ")


TABLE = [
    *HOSTILE.values(),
    "<img src=x onerror=alert(1)> **Bold** [link](javascript:alert(1))",
    "# Heading",
    "## Wydział",
    "1. pierwszy",
    "2) drugi",
    "- punkt",
    "+ plus",
    "* gwiazdka",
    "> cytat",
    "=====",
    "---",
    "    kod przez wcięcie",
    "\tkod przez tabulator",
    "```python\nprint(1)\n```",
    "~~~\nx\n~~~",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "- [ ] zadanie",
    "[x]: javascript:alert(1)",
    "[^1] przypis",
    "<https://evil.example> www.evil.example jan@evil.example http://evil.example",
    "Tekst\\ z ukośnikiem\\* i \\[",
    "a -> b <- c <-> d -- e >= f <= g ~= h",
    ":smile: :+1: :material_home: :material/home: :streamlit: :blue-badge[x]",
    "$$\\int x$$ i $y$",
    "<!-- komentarz --> <br> &nbsp;",
    "{: .klasa } {#id}",
    "wiersz 1\nwiersz 2\r\nwiersz 3\rwiersz 4",
    "",
]


@pytest.mark.parametrize("text", TABLE)
def test_plain_text_shows_exactly_what_was_typed(text):
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    expected = "\n".join(
        re.sub(r"^[ \t]+", lambda m: " " * len(m.group().expandtabs(4)), line)
        for line in expected.split("\n")
    )
    assert shown(plain(text)) == expected


@pytest.mark.parametrize("text", TABLE)
def test_plain_text_leaves_no_markdown_active(text):
    escaped = plain(text)
    lines = escaped.split("  \n")
    assert len(lines) == text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for line in lines:
        read = tokens(line)
        # inline syntax: every such character is escaped wherever it stands
        assert not [c for c, escaped_ in read if c in INLINE and not escaped_], line
        # blocks: nothing at the start of a line makes a heading, list, quote, rule or code block
        body = [(c, e) for c, e in read if c not in (NBSP,)]
        if body:
            first, first_escaped = body[0]
            assert first not in LINE_START or first_escaped, line
            digits = re.match(r"\d+", "".join(c for c, _ in body))
            if digits and len(body) > digits.end():
                assert body[digits.end()][1] or body[digits.end()][0] not in ".)", line
        assert not line.startswith((" ", "\t")), line
        # Streamlit's rewrites of parsed text and GFM's literal autolinks find nothing
        text_shown = "".join(c for c, _ in read)
        assert not re.search(r":(streamlit:|material[_/])", text_shown)
        assert not re.search(r"(?<!\S)(<->|->|<-|--|>=|<=|~=)(?!\S)", text_shown)
        assert not re.search(r"(?i)https?://|www\.|\w@", text_shown)


def test_plain_escapes_each_markdown_character():
    assert plain("<img src=x onerror=alert(1)>") == r"\<img src=x onerror=alert(1)\>"
    assert plain("**Bold** [link](javascript:alert(1))") == r"\*\*Bold\*\* \[link\](javascript\:alert(1))"
    assert plain("# Heading") == r"\# Heading"
    assert plain("1. lista") == r"1\. lista"
    assert plain("  - punkt") == NBSP * 2 + r"\- punkt"
    assert plain("a_b `c` ~d~ $e$ &f; |g| {h}") == r"a\_b \`c\` \~d\~ \$e\$ \&f; \|g\| \{h\}"
    assert plain("back\\slash") == "back\\\\slash"
    assert plain("linia 1\nlinia 2") == "linia 1  \nlinia 2"
    assert plain(":streamlit:") == "\\:" + WORD_JOINER + "streamlit\\:"
    assert plain("a -- b") == "a -" + WORD_JOINER + "- b"


def test_plain_leaves_ordinary_text_as_it_is():
    for text in ("Kowalska-Nowak Anna", "Wydział Komunikacji (KM).", "Znać procedury!", "Łódź, 2026 r.", ""):
        assert plain(text) == text
    assert plain(None) == ""
    assert plain(12) == "12"
