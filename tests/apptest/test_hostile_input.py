"""Hostile input on every screen under AppTest (issue 8, item 3).

The office's names, goals, notes and comments are seeded with HTML, script, Markdown links to
"javascript:", Streamlit's own Markdown extras, Excel formulas, right-to-left text, emoji and
SQL; then each role opens its screens. Every screen must run without an exception, show the
hostile text literally (escaped by ui.text.plain wherever an element reads Markdown, or in a
plain element: st.text, st.dataframe, select options) and never hand Streamlit's Markdown an
unescaped "<img", "<script" or "javascript:". Broken URLs and query parameters get a Polish
message or the neutral screen.

What "shown" means for a Markdown body: CommonMark removes the backslash of an escaped ASCII
punctuation character and shows the character itself; `shown()` does the same, and the
browser test of the same name checks the real rendering.
"""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from accounts.service import CurrentUser, create_account, start_session
from checklists.loading import current_checklists
from checklists.schema import Answer, Kind
from services import observations as observation_service
from services import people as people_service
from services import survey
from services.observations import StartRequest
from services.survey import Channel
from storage import departments, employees, kiosks, users
from storage.db import now
from storage.moderation import decide_comments
from tests.apptest.driver import PROJECT, open_url_path, texts, widget
from tests.conftest import PASSWORD

CHECKLISTS = current_checklists()
NAME = "<img src=x onerror=alert(1)> **Bold** [link](javascript:alert(1))"  # an employee's surname
DEPARTMENT = "# Heading <img src=x onerror=alert(2)> [dział](javascript:alert(2))"
OBSERVER = "[Kierownik](javascript:alert(3)) _KM2_ <img src=x onerror=alert(3)>"  # an account
AUTHOR = "<img src=x onerror=alert(4)> **Anna** :streamlit:"  # the employee's account name
GOALS = [
    "<script>alert(5)</script> **cel** [x](javascript:alert(5))",
    "# Cel :red[czerwony] :material/home: -> =SUM(A1) 👍🏽 שלום",
]
KIOSK = "<img src=x onerror=alert(6)> **Kiosk** [k](javascript:alert(6))"
COMMENTS = [
    "<img src=x onerror=alert(7)> **super** [klik](javascript:alert(7))",
    '=HYPERLINK("http://evil.example","klik")',
    "+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "-2+3",
    "שלום עליכם – مرحبا بكم 👍🏽🎉",
    "'); DROP TABLE client_ratings; --",
]
PENDING = "<script>alert(8)</script> # oczekuje [x](javascript:alert(8))"
NOTES = "<img src=x onerror=alert(9)>\n# Nagłówek\n- lista\n=1+1"
ITEM_COMMENT = "[zobacz](javascript:alert(10)) <img src=x onerror=alert(10)>"
EMPLOYEE_COMMENT = "**Nie zgadzam się** <img src=x onerror=alert(11)> [x](javascript:alert(11))"
UNEXPECTED = "Wystąpił nieoczekiwany błąd"
NOT_FOUND = "Nie znaleziono takiej obserwacji wśród Twoich obserwacji."
NOT_IN_SCOPE = "Ten pracownik nie należy do Twoich wydziałów."
KIOSK_INACTIVE = "Kiosk nieaktywny"
SURVEY_TITLE = "Jak oceniasz dzisiejszą wizytę w Starostwie?"


# --- reading the screen ----------------------------------------------------------------------

PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# Proto fields Streamlit renders as Markdown: bodies of text elements, labels of widgets and
# containers (buttons, expanders, popovers, tabs, metrics), metric values, progress texts and
# the options of radios and button groups ("content"). st.text, st.code, st.html, dataframes,
# the options of select boxes and the values of inputs are plain.
MARKDOWN_FIELDS = {"body", "label", "text", "content", "delta", "help"}
PLAIN_ELEMENTS = {"text", "code", "html", "arrow_data_frame", "dataframe", "json"}


def tokens(markdown: str) -> list[tuple[str, bool]]:
    """(character, escaped) as CommonMark reads the source."""
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
    text = "".join(character for character, _ in tokens(markdown))
    return text.replace("  \n", "\n").replace("\u2060", "").replace("\u00a0", " ")


def unescaped(markdown: str) -> str:
    """The source with every escaped character blanked out: what Markdown may still act on."""
    return "".join("\x01" if escaped else character for character, escaped in tokens(markdown))


def _strings(message, names=MARKDOWN_FIELDS):
    for field, value in message.ListFields():
        single = hasattr(value, "ListFields") or isinstance(value, (str, bytes, bool, int, float))
        for item in [value] if single else value:
            if hasattr(item, "ListFields"):
                yield from _strings(item, names)
            elif field.name in names and isinstance(item, str) and item:
                yield item


def markdown_bodies(root) -> list[str]:
    """Every string under `root` (the main area by default) that Streamlit renders as Markdown."""
    bodies = []
    for node in root:
        proto = getattr(node, "proto", None)
        if proto is None or node.type in PLAIN_ELEMENTS:
            continue
        if node.type == "radio":  # a radio's options (format_func's text) read Markdown too
            bodies.extend(proto.options)
        if node.type in ("selectbox", "multiselect"):
            bodies.extend(_strings(proto, {"label", "help"}))
            continue
        bodies.extend(_strings(proto))
    return bodies


def assert_safe(at: AppTest, *literal: str, root=None) -> list[str]:
    """No exception or crash message; nothing Markdown could turn into HTML, a javascript: link
    or an image; each of `literal` shown exactly in some Markdown element."""
    assert not at.exception, [e.value for e in at.exception]
    assert not [e.value for e in at.error if UNEXPECTED in e.value]
    bodies = markdown_bodies(at.main if root is None else root)
    for body in bodies:
        active = unescaped(body).lower()
        for danger in ("<img", "<script", "<iframe", "javascript:", "](", ":streamlit:", ":material"):
            assert danger not in active, f"{danger!r} unescaped in {body!r}"
    for text in literal:
        assert any(text in shown(body) for body in bodies), f"{text!r} not shown in {bodies}"
    return bodies


def plain_texts(at: AppTest) -> str:
    """st.text bodies and every cell of every dataframe and static table, as one text."""
    frames = [*at.dataframe, *at.table]
    cells = [str(v) for frame in frames for v in frame.value.astype(str).to_numpy().ravel()]
    return "\n".join([*texts(at.text), *cells])


# --- the hostile office ----------------------------------------------------------------------


def user(db, account_id) -> CurrentUser:
    return CurrentUser.from_row(users.get_user(db, account_id))


def start(db, supervisor, office, *, kind=Kind.IN_PERSON, calibration_of=None) -> uuid.UUID:
    return observation_service.start(
        db,
        CHECKLISTS,
        supervisor,
        StartRequest(
            observation_id=uuid.uuid4(),
            kind=kind,
            department_id=office["departments"]["KM"],
            employee_id=None if kind is Kind.PREMISES else office["employees"]["kowalska"],
            observed_at=now() - timedelta(minutes=30),
            calibration_of=calibration_of,
        ),
    )


@pytest.fixture
def hostile(db, office):
    """The office of tests/conftest.py with hostile text in every free-text field."""
    km = office["departments"]["KM"]
    departments.update_department(db, km, name=DEPARTMENT, active=True, actor="test")
    employees.update_employee(db, office["employees"]["kowalska"], {"last_name": NAME}, "test")
    users.update_user(db, office["accounts"]["kowalska"], {"display_name": AUTHOR}, "test")
    second = create_account(
        db,
        login="kierownik.km2",
        password=PASSWORD,
        role="supervisor",
        display_name=OBSERVER,
        actor="test",
        department_ids=[km],
    )
    supervisor, partner = user(db, office["accounts"]["kierownik.km"]), user(db, second)

    # a sent observation with a hostile item comment, a critical breach and hostile notes
    sent = start(db, supervisor, office)
    answers = observation_service.load_own(db, supervisor, sent)["answers"]
    plain_item = next(a["item_id"] for a in answers if not a["critical"])
    critical_item = next(a["item_id"] for a in answers if a["critical"])
    for item_id in (plain_item, critical_item):
        observation_service.record_answer(
            db, CHECKLISTS, supervisor, sent, item_id, Answer.NOT_MET, ITEM_COMMENT
        )
    observation_service.mark_rest_not_observed(db, CHECKLISTS, supervisor, sent)
    observation_service.record_notes(db, supervisor, sent, NOTES, NOTES)
    assert observation_service.send(db, CHECKLISTS, supervisor, sent)
    # the same visit observed by a second supervisor with a hostile name: a calibration pair
    calibration = start(db, partner, office, calibration_of=sent)
    observation_service.mark_rest_not_observed(db, CHECKLISTS, partner, calibration)
    assert observation_service.send(db, CHECKLISTS, partner, calibration)
    # drafts: one naming the employee, one (a premises audit) naming the department
    draft = start(db, supervisor, office)
    premises = start(db, supervisor, office, kind=Kind.PREMISES)

    employee = user(db, office["accounts"]["kowalska"])
    people_service.comment_on_own_observation(db, employee, sent, EMPLOYEE_COMMENT)
    assert people_service.record_conversation(
        db,
        CHECKLISTS,
        supervisor,
        conversation_id=uuid.uuid4(),
        employee_id=office["employees"]["kowalska"],
        held_on=now().date() - timedelta(days=60),
        assessments=[],
        goals=[{"standard_id": "wiedza", "text": GOALS[0]}, {"standard_id": "dyskrecja", "text": GOALS[1]}],
        training_needs=["<b>szkolenie</b>"],
        notes=NOTES,
        next_on=now().date() - timedelta(days=5),  # overdue: on the management's list
    )

    channel = Channel("qr", department_id=km)
    for index, comment in enumerate([*COMMENTS, PENDING]):
        rating_id = uuid.uuid4()
        raw = {"id": rating_id, "language": "pl", "overall": 1 + index % 5, "comment": comment}
        assert survey.submit(db, channel, raw).stored
        if comment != PENDING:
            decide_comments(db, [rating_id], "approved", None, office["accounts"]["starosta"], "starosta")
    kiosks.add_kiosk(db, KIOSK, km, "test")
    return {"sent": sent, "draft": draft, "premises": premises, "supervisor": supervisor}


def open_as(db, office, login: str, url_path: str, **query) -> AppTest:
    token, _ = start_session(db, user(db, office["accounts"][login]))
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=60)
    at.session_state["auth_token"] = token
    at.query_params.update({name: str(value) for name, value in query.items()})
    return open_url_path(at, url_path)


def open_client_form(**query) -> AppTest:
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30)
    at.query_params.update(query)
    return at.run()


EMPLOYEE_LABEL = f"{NAME} Anna"  # "surname first name", as lists of people show it
OBSERVED = f"Anna {NAME}"  # "first name surname", as an observation names its employee


# --- the supervisor --------------------------------------------------------------------------


def test_the_observation_start_screen_lists_drafts_under_their_literal_names(db, office, hostile):
    at = open_as(db, office, "kierownik.km", "obserwacja")
    assert_safe(at, OBSERVED, DEPARTMENT)
    labels = [b.label for b in at.main.button if b.key and b.key.startswith("resume_")]
    assert len(labels) == 2
    # the department and employee pickers are select boxes: plain text, unescaped
    assert DEPARTMENT in widget(at, "selectbox", "Wydział").options
    assert EMPLOYEE_LABEL in widget(at, "selectbox", "Pracownik").options


def test_the_fill_and_sent_screens_name_the_employee_literally(db, office, hostile):
    at = open_as(db, office, "kierownik.km", "obserwacja", obserwacja=hostile["draft"])
    assert_safe(at, OBSERVED)
    assert at.selectbox(key=f"observe_step_{hostile['draft']}")  # the fill screen, not an error
    sent = open_as(db, office, "kierownik.km", "obserwacja", obserwacja=hostile["sent"])
    assert_safe(sent, OBSERVED)
    premises = open_as(db, office, "kierownik.km", "obserwacja", obserwacja=hostile["premises"])
    assert_safe(premises, DEPARTMENT)


def test_my_observations_show_notes_comments_and_the_calibration_partner_literally(db, office, hostile):
    at = open_as(db, office, "kierownik.km", "moje-obserwacje")
    assert not at.exception
    widget(at, "selectbox", "Otwórz obserwację").set_value(hostile["sent"])
    at.run()
    assert_safe(at, OBSERVER)
    assert NOTES in texts(at.text)  # st.text: as typed, line breaks included
    everything = plain_texts(at)
    assert ITEM_COMMENT in everything
    assert OBSERVED in everything


def test_the_conversation_asks_about_hostile_goals_literally(db, office, hostile):
    at = open_as(db, office, "kierownik.km", "rozmowy")
    assert_safe(at)
    widget(at, "selectbox", "Pracownik").set_value(office["employees"]["kowalska"])
    at.run()
    bodies = assert_safe(at, *GOALS)
    assert len(at.radio) == 2
    assert all(any(goal in shown(r.label) for goal in GOALS) for r in at.radio)
    assert bodies


def test_the_register_and_dashboard_of_the_supervisor(db, office, hostile):
    for path in ("potwierdzenia", "pulpit", "start", "konto"):
        at = open_as(db, office, "kierownik.km", path)
        assert_safe(at)
    assert EMPLOYEE_LABEL in plain_texts(open_as(db, office, "kierownik.km", "potwierdzenia"))


# --- management ------------------------------------------------------------------------------


def test_the_dashboard_shows_hostile_comments_as_plain_text(db, office, hostile):
    at = open_as(db, office, "starosta", "pulpit")
    cells = ""
    for tab in list(at.tabs):  # only the open tab is sent: open each in turn, as a tap does
        at.session_state["dash_tab"] = tab.label
        at.run()
        if tab.label == "Pracownicy":
            at.toggle(key="dash_show_names").set_value(True).run()  # names are shown only when asked for
        assert_safe(at)
        cells += plain_texts(at)
    for comment in COMMENTS:
        assert comment in cells  # approved: in the comments tab's dataframe, as typed
    assert PENDING not in cells  # waiting for moderation: nowhere
    assert EMPLOYEE_LABEL in cells  # the per-employee tab
    assert DEPARTMENT in cells  # the critical breaches and comment tables
    assert not [w.value for w in at.warning]


def test_moderation_shows_the_pending_comment_as_text_and_the_department_literally(db, office, hostile):
    at = open_as(db, office, "starosta", "moderacja")
    assert_safe(at, DEPARTMENT)
    assert texts(at.text) == [PENDING]


def test_management_register_and_conversations(db, office, hostile):
    for path in ("potwierdzenia", "rozmowy"):
        at = open_as(db, office, "starosta", path)
        assert_safe(at)
        assert EMPLOYEE_LABEL in plain_texts(at)
    assert_safe(open_as(db, office, "starosta", "start"))


# --- the employee ----------------------------------------------------------------------------


def test_my_results_show_goals_notes_and_comments_literally(db, office, hostile):
    at = open_as(db, office, "kowalska", "moje-wyniki")
    assert_safe(at, *GOALS, AUTHOR)
    shown_as_text = texts(at.text)
    assert NOTES in shown_as_text
    assert EMPLOYEE_COMMENT in shown_as_text


def test_the_menu_bar_names_the_signed_in_user_literally(db, office, hostile):
    at = open_as(db, office, "kowalska", "moje-wyniki")
    assert_safe(at, AUTHOR)


# --- the administrator -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["wydzialy", "pracownicy", "konta", "kioski", "dziennik", "retencja", "start", "konto"]
)
def test_admin_pages_with_hostile_data(db, office, hostile, path):
    at = open_as(db, office, "admin", path)
    assert_safe(at)
    everything = plain_texts(at) + "\n".join(o for box in at.selectbox for o in box.options)
    if path in ("wydzialy", "pracownicy", "konta"):
        assert DEPARTMENT in everything
    if path in ("pracownicy", "konta"):
        assert NAME in everything
    if path == "konta":
        assert OBSERVER in everything and AUTHOR in everything


def test_the_kiosk_list_names_kiosks_and_departments_literally(db, office, hostile):
    at = open_as(db, office, "admin", "kioski")
    assert_safe(at, KIOSK, DEPARTMENT)


def test_the_audit_log_keeps_hostile_changes_as_text(db, office, hostile):
    at = open_as(db, office, "admin", "dziennik")
    assert_safe(at)
    log = shown(plain_texts(at))  # the table's cells are Markdown, escaped
    assert KIOSK in log  # the kiosk's name, exactly as typed


# --- broken URLs and query parameters --------------------------------------------------------

LONG = "A" * 10_000


@pytest.mark.parametrize(
    "value, message",
    [
        ("not-a-uuid", NOT_FOUND),
        ("0b7d3c9e-1f2a-4c5d-9e8f-123456789abc", NOT_FOUND),
        ("'; DROP TABLE observations; --", NOT_FOUND),
        ("<script>alert(1)</script>", NOT_FOUND),
        (LONG, NOT_FOUND),
    ],
)
def test_an_unknown_observation_in_the_url_gets_a_polish_message(db, office, hostile, value, message):
    at = open_as(db, office, "kierownik.km", "obserwacja", obserwacja=value)
    assert_safe(at)
    assert texts(at.error) == [message]
    assert [b.label for b in at.main.button if b.key != "logout"] == ["Wróć do początku"]  # and the menu bar


def test_somebody_elses_observation_in_the_url_is_not_found(db, office, hostile):
    at = open_as(db, office, "kierownik.gk", "obserwacja", obserwacja=hostile["sent"])
    assert_safe(at)
    assert texts(at.error) == [NOT_FOUND]


@pytest.mark.parametrize(
    "value",
    [
        "'; DROP TABLE employees; --",
        "<img src=x onerror=alert(1)>",
        "0b7d3c9e-1f2a-4c5d-9e8f-123456789abc",
        LONG,
        "\x00",
    ],
)
def test_an_unknown_employee_in_the_url_gets_a_polish_message(db, office, hostile, value):
    at = open_as(db, office, "kierownik.km", "obserwacja", pracownik=value)
    assert_safe(at)
    assert texts(at.error) == [NOT_IN_SCOPE]
    assert widget(at, "selectbox", "Pracownik").value is None  # the start screen, nobody chosen
    assert db.scalar("SELECT count(*) FROM employees") == 4


def test_a_broken_dashboard_url_gets_polish_warnings_and_the_default_view(db, office, hostile):
    at = open_as(
        db,
        office,
        "starosta",
        "pulpit",
        od="2026-13-45",
        do="abc",
        dzialy="<script>,XX",
        rodzaj="zzz",
        wersja="\x00",
    )
    assert_safe(at, "„2026-13-45”", "„abc”", "<script>, XX")
    assert texts(at.warning) == [
        "Nieprawidłowa data „2026-13-45” – użyto domyślnej.",
        "Nieprawidłowa data „abc” – użyto domyślnej.",
        "Pominięto nieznane lub niedostępne wydziały: \\<script\\>, XX.",
        "Nieznany rodzaj obserwacji – pokazano wszystkie.",
        "Nieznana wersja podręcznika – pokazano wszystkie.",
    ]
    assert len(at.metric) == 7
    assert set(at.query_params) == {"od", "do"}  # the URL is cleaned


@pytest.mark.parametrize(
    "query",
    [
        {"od": "[x](javascript:alert(1))"},
        {"do": "<img src=x onerror=alert(1)>"},
        {"dzialy": ":streamlit:,[a](javascript:b),:material/home:"},
        {"od": "2026-01-01\n# nagłówek", "do": "- lista"},
        {"od": LONG, "dzialy": LONG},
        {"od": "' OR 1=1 --", "dzialy": "'); DROP TABLE departments; --"},
    ],
)
def test_markdown_in_dashboard_parameters_is_quoted_literally(db, office, hostile, query):
    at = open_as(db, office, "starosta", "pulpit", **query)
    warnings = assert_safe(at)
    assert at.warning
    assert all(w.value in warnings for w in at.warning)
    assert len(at.metric) == 7
    assert db.scalar("SELECT count(*) FROM departments") == 2


@pytest.mark.parametrize("token", ["<script>alert(1)</script>", "", LONG, "'; DROP TABLE kiosks; --", "\x00"])
def test_a_broken_kiosk_url_shows_the_inactive_screen(db, office, hostile, token):
    at = open_client_form(kiosk=token)
    assert_safe(at, KIOSK_INACTIVE)
    assert texts(at.title) == [KIOSK_INACTIVE]
    assert db.scalar("SELECT count(*) FROM kiosks") == 1


@pytest.mark.parametrize("code", ["' OR 1=1 --", "<script>", LONG, "", "km\x00"])
def test_a_broken_department_code_shows_the_form_without_a_department(db, office, hostile, code):
    at = open_client_form(dzial=code)
    assert_safe(at, SURVEY_TITLE)
    assert texts(at.title) == [SURVEY_TITLE]
    assert db.scalar("SELECT count(*) FROM departments") == 2


@pytest.mark.parametrize("path", ["pulpit", "moje-obserwacje", "rozmowy", "obserwacja"])
def test_a_huge_unknown_query_parameter_changes_nothing(db, office, hostile, path):
    at = open_as(db, office, "kierownik.km", path, **{"x" * 100: LONG, "<b>": "<img src=x onerror=alert(1)>"})
    assert_safe(at)
    assert at.title


def test_an_unknown_page_path_is_not_a_crash(db, office, hostile):
    at = open_as(db, office, "kierownik.km", "<script>alert(1)</script>")
    assert_safe(at)
    at = open_as(db, office, "kierownik.km", "'; DROP TABLE users; --")
    assert_safe(at)
    assert db.scalar("SELECT count(*) FROM users") == 6
    assert re.search(r"\w", "\n".join(texts(at.title)))  # some page (the start page) is shown
