"""People screens under AppTest: the employee's acknowledgement and own observations, the
supervisor's conversation pre-fill and the overdue list, and who may open what.

AppTest runs app.py in this process on the database of $JAKOSC_DB (tests/apptest/conftest.py);
a test signs a user in by putting a session token where ui/session.py keeps it and asks for a
page by its URL path.
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

import checklists.loading
import pages.my_results
from accounts.service import CurrentUser, start_session
from checklists.loading import current_checklists
from checklists.schema import Answer, Kind
from i18n import format_date, format_datetime, format_percent
from services import observations as observation_service
from services import people as service
from services.observations import StartRequest
from storage import people, users
from storage.db import now
from tests.apptest.driver import FORBIDDEN, PROJECT, form, form_ids, open_url_path, texts, widget
from tests.seeding import add_observation

CHECKLISTS = current_checklists()
NEW_VERSION = "2027.1"
PLAIN = [e.item.id for e in CHECKLISTS.entries_for(Kind.IN_PERSON) if not e.item.critical]
STATEMENT = f"> {service.ACKNOWLEDGEMENT_TEXT}"
CONFIRM = "Potwierdzam"
READ = "Przeczytałem/am podręcznik"
EMPLOYEE = "Pracownik"


def user(db, office, login) -> CurrentUser:
    return CurrentUser.from_row(users.get_user(db, office["accounts"][login]))


def open_as(db, office, login: str, url_path: str, **query) -> AppTest:
    """A new browser session of `login` (already signed in) asking for /<url_path>?<query>."""
    token, _ = start_session(db, user(db, office, login))
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30)
    at.session_state["auth_token"] = token
    at.query_params.update({name: str(value) for name, value in query.items()})
    return open_url_path(at, url_path)


def observe(db, office, employee: str, *, days_ago: float, not_met=(), notes=(None, None)) -> uuid.UUID:
    """A sent observation of `employee` by their supervisor: every item "tak" except `not_met`."""
    department = "KM" if employee in ("kowalska", "nowak") else "GK"
    supervisor = user(db, office, f"kierownik.{department.lower()}")
    observation_id = observation_service.start(
        db,
        CHECKLISTS,
        supervisor,
        StartRequest(
            observation_id=uuid.uuid4(),
            kind=Kind.IN_PERSON,
            department_id=office["departments"][department],
            employee_id=office["employees"][employee],
            observed_at=now() - timedelta(days=days_ago),
        ),
    )
    for item_id in not_met:
        observation_service.record_answer(
            db, CHECKLISTS, supervisor, observation_id, item_id, Answer.NOT_MET, None
        )
    db.write(
        lambda cursor: cursor.execute(
            "UPDATE observation_answers SET answer = 'tak' WHERE observation_id = ? AND answer IS NULL",
            [observation_id],
        )
    )
    if any(notes):
        observation_service.record_notes(db, supervisor, observation_id, *notes)
    assert observation_service.send(db, CHECKLISTS, supervisor, observation_id)
    return observation_id


def talk(db, office, employee: str, *, days_ago: int, next_in: int | None, goals) -> None:
    department = "km" if employee in ("kowalska", "nowak") else "gk"
    assert service.record_conversation(
        db,
        CHECKLISTS,
        user(db, office, f"kierownik.{department}"),
        conversation_id=uuid.uuid4(),
        employee_id=office["employees"][employee],
        held_on=now().date() - timedelta(days=days_ago),
        assessments=[],
        goals=goals,
        training_needs=[],
        notes="",
        next_on=None if next_in is None else now().date() + timedelta(days=next_in),
    )


def button(at: AppTest, label: str):
    matches = [b for b in at.button if b.label == label]
    assert len(matches) == 1, f"buttons: {[b.label for b in at.button]}"
    return matches[0]


def order_on_screen(at: AppTest) -> list:
    """Every element of the main area in the order it is drawn."""
    return list(at.main)


def short(standard_id: str) -> str:
    return CHECKLISTS.standard(standard_id).short


# the employee ----------------------------------------------------------------------------------


def test_employee_reads_the_statement_then_confirms_it(db, office):
    at = open_as(db, office, "kowalska", "moje-wyniki")
    assert not at.exception
    assert texts(at.title) == ["Moje wyniki"]
    assert f"Podręcznik w wersji {CHECKLISTS.version}" in texts(at.subheader)
    statement = [m for m in at.markdown if m.value == STATEMENT]
    assert len(statement) == 1
    confirm, checkbox = button(at, CONFIRM), widget(at, "checkbox", READ)
    drawn = order_on_screen(at)
    assert drawn.index(statement[0]) < drawn.index(checkbox) < drawn.index(confirm)
    assert confirm.disabled
    assert checkbox.value is False

    checkbox.check()
    at.run()
    assert not button(at, CONFIRM).disabled
    assert people.acknowledgement_of(db, office["employees"]["kowalska"], CHECKLISTS.version) is None

    button(at, CONFIRM).click()
    at.run()
    assert not at.exception
    today = now().date()
    assert texts(at.success) == [f"Potwierdzono zapoznanie się: {format_date(today)}."]
    assert STATEMENT not in texts(at.markdown)
    assert not [b for b in at.button if b.label == CONFIRM]
    assert people.acknowledgement_of(db, office["employees"]["kowalska"], CHECKLISTS.version) == {
        "acknowledged_on": today,
        "method": "self",
    }


def test_a_new_handbook_version_asks_the_employee_again(db, office, monkeypatch):
    kowalska = office["employees"]["kowalska"]
    signed_on = now().date() - timedelta(days=400)
    assert service.record_paper_acknowledgement(
        db, CHECKLISTS, user(db, office, "kierownik.km"), kowalska, signed_on
    )
    at = open_as(db, office, "kowalska", "moje-wyniki")
    assert texts(at.success) == [f"Potwierdzono zapoznanie się: {format_date(signed_on)}."]
    assert STATEMENT not in texts(at.markdown)

    newer = dataclasses.replace(
        CHECKLISTS, handbook=CHECKLISTS.handbook.model_copy(update={"version": NEW_VERSION})
    )
    monkeypatch.setattr(checklists.loading, "current_checklists", lambda: newer)
    monkeypatch.setattr(pages.my_results, "current_checklists", lambda: newer)
    at.run()
    assert not at.exception
    assert f"Podręcznik w wersji {NEW_VERSION}" in texts(at.subheader)
    assert not at.success
    assert STATEMENT in texts(at.markdown)
    assert button(at, CONFIRM).disabled

    widget(at, "checkbox", READ).check()
    at.run()
    button(at, CONFIRM).click()
    at.run()
    assert texts(at.success) == [f"Potwierdzono zapoznanie się: {format_date(now().date())}."]
    assert people.acknowledgement_of(db, kowalska, NEW_VERSION)["method"] == "self"
    assert people.acknowledgement_of(db, kowalska, CHECKLISTS.version) == {
        "acknowledged_on": signed_on,
        "method": "paper",
    }


def test_employee_sees_and_comments_only_their_own_observations(db, office):
    mine = observe(db, office, "kowalska", days_ago=3, notes=("Uprzejma i rzeczowa.", "Podawać termin."))
    theirs = observe(db, office, "nowak", days_ago=2, notes=("Notatka o Nowaku.", None))
    at = open_as(db, office, "kowalska", "moje-wyniki")
    assert not at.exception
    assert len(at.expander) == 1
    shown = texts(at.text)
    assert "Uprzejma i rzeczowa." in shown
    assert "Podawać termin." in shown
    assert "Notatka o Nowaku." not in shown

    comment_form = form(at, f"comment_{mine}")
    widget(comment_form, "text_area", "Mój komentarz").input("Klient nie miał dowodu osobistego.")
    next(b for b in comment_form.button if b.label == "Dodaj komentarz").click()
    at.run()
    assert not at.exception
    assert "Klient nie miał dowodu osobistego." in texts(at.text)
    assert [c["body"] for c in people.observation_comments(db, mine)] == [
        "Klient nie miał dowodu osobistego."
    ]
    assert f"comment_{theirs}" not in form_ids(at)


@pytest.mark.parametrize(
    ("url_path", "query"),
    [
        ("potwierdzenia", {}),
        ("rozmowy", {}),
        ("obserwacja", {"obserwacja": "theirs"}),
        ("moje-obserwacje", {"obserwacja": "theirs"}),
    ],
)
def test_employee_cannot_open_the_register_conversations_or_anothers_observation(db, office, url_path, query):
    theirs = observe(db, office, "nowak", days_ago=2, notes=("Notatka o Nowaku.", None))
    talk(
        db, office, "nowak", days_ago=30, next_in=-1, goals=[{"standard_id": "wiedza", "text": "Cel Nowaka."}]
    )
    query = {name: str(theirs) for name in query}
    at = open_as(db, office, "kowalska", url_path, **query)
    assert not at.exception
    assert texts(at.error) == [FORBIDDEN]
    assert not at.title
    assert not at.dataframe
    assert not at.text
    assert not form_ids(at)
    everything = " ".join(str(e.value) for e in at.markdown)
    assert "Nowak" not in everything and "Cel Nowaka" not in everything


# the supervisor --------------------------------------------------------------------------------


def test_supervisor_sees_results_since_the_last_conversation_and_assesses_its_goals(db, office):
    before, since = PLAIN[0], PLAIN[1]
    observe(db, office, "kowalska", days_ago=100, not_met={before})
    goals = [
        {"standard_id": "wiedza", "text": "Znać procedury rejestracji pojazdów."},
        {"standard_id": "dyskrecja", "text": "Nie omawiać spraw innych Klientów."},
    ]
    talk(db, office, "kowalska", days_ago=60, next_in=-5, goals=goals)
    observe(db, office, "kowalska", days_ago=20, not_met={since})
    held = now().date() - timedelta(days=60)

    at = open_as(db, office, "kierownik.km", "rozmowy")
    assert not at.exception
    assert "Zaległe rozmowy: 2" in texts(at.subheader)  # hers is 5 days late, Nowak never had one
    assert not at.radio  # nothing until an employee is chosen
    picker = widget(at, "selectbox", EMPLOYEE)
    assert sorted(picker.options) == [
        "Kowalska Anna (Wydział Komunikacji)",
        "Nowak Jan (Wydział Komunikacji)",
    ]
    picker.set_value(office["employees"]["kowalska"])
    at.run()
    assert not at.exception

    assert f"**Wyniki od ostatniej rozmowy ({format_date(held)})**" in texts(at.markdown)
    assert widget(at, "metric", "Obserwacje").value == "1"
    weak = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert any(CHECKLISTS.entry(since).item.label in line for line in weak)
    assert not any(CHECKLISTS.entry(before).item.label in line for line in weak)

    assert "**Ocena celów z poprzedniej rozmowy**" in texts(at.markdown)
    radios = list(at.radio)
    assert [r.label for r in radios] == [f"{short(g['standard_id'])}: {g['text']}" for g in goals]
    assert all(r.options == ["osiągnięty", "częściowo", "nieosiągnięty"] for r in radios)
    assert all(r.value is None for r in radios)

    # save without assessing: refused in Polish, nothing stored
    at.text_input(key="goal_text_0").input("Informować o terminie załatwienia sprawy.")
    button(at, "Zapisz").click()
    at.run()
    assert texts(at.error) == ["Oceń każdy cel wyznaczony na poprzedniej rozmowie."]
    assert len(people.conversations_of(db, office["employees"]["kowalska"])) == 1

    # a goal needs its standard: none is chosen for it in advance
    at.radio(key="assess_0").set_value("met")
    at.radio(key="assess_1").set_value("not_met")
    assert at.selectbox(key="goal_standard_0").value is None
    button(at, "Zapisz").click()
    at.run()
    assert texts(at.error) == ["Każdy cel musi być powiązany ze standardem podręcznika."]
    assert len(people.conversations_of(db, office["employees"]["kowalska"])) == 1

    at.selectbox(key="goal_standard_0").set_value("proces")
    button(at, "Zapisz").click()
    at.run()
    assert not at.exception
    assert not at.error
    assert texts(at.success) == ["Rozmowa zapisana."]
    # back to the list, which no longer shows her as late, and to an empty choice
    assert "Zaległe rozmowy: 1" in texts(at.subheader)
    assert widget(at, "selectbox", EMPLOYEE).value is None
    assert not at.radio
    assert not form_ids(at)
    # her next conversation starts from this one, on an empty form
    widget(at, "selectbox", EMPLOYEE).set_value(office["employees"]["kowalska"])
    at.run()
    assert f"**Wyniki od ostatniej rozmowy ({format_date(now().date())})**" in texts(at.markdown)
    assert [r.label for r in at.radio] == [f"{short('proces')}: Informować o terminie załatwienia sprawy."]
    assert at.radio[0].value is None
    assert at.text_input(key="goal_text_0").value == ""
    latest = people.conversations_of(db, office["employees"]["kowalska"])[0]
    assert latest["held_on"] == now().date()
    assert latest["goals"] == [{"standard_id": "proces", "text": "Informować o terminie załatwienia sprawy."}]
    assert latest["goal_assessments"] == [
        {"goal": goals[0], "result": "met"},
        {"goal": goals[1], "result": "not_met"},
    ]


def test_the_overdue_list_shows_past_due_and_never_held(db, office):
    talk(db, office, "nowak", days_ago=200, next_in=-10, goals=[{"standard_id": "wiedza", "text": "Cel."}])
    talk(
        db, office, "wisniewska", days_ago=200, next_in=-10, goals=[{"standard_id": "wiedza", "text": "Cel."}]
    )
    at = open_as(db, office, "kierownik.km", "rozmowy")
    assert not at.exception
    assert "Zaległe rozmowy: 2" in texts(at.subheader)
    table = at.dataframe[0].value
    rows = table[["Pracownik", "Ostatnia rozmowa", "Planowana"]].values.tolist()
    today = now().date()
    assert sorted(rows) == [
        ["Kowalska Anna", "nigdy", ""],
        ["Nowak Jan", format_date(today - timedelta(days=200)), format_date(today - timedelta(days=10))],
    ]


def test_management_sees_the_overdue_list_but_holds_no_conversation(db, office):
    talk(db, office, "nowak", days_ago=200, next_in=-10, goals=[{"standard_id": "wiedza", "text": "Cel."}])
    talk(db, office, "kowalska", days_ago=10, next_in=170, goals=[{"standard_id": "wiedza", "text": "Cel."}])
    at = open_as(db, office, "starosta", "rozmowy")
    assert not at.exception
    assert not at.error
    assert texts(at.title) == ["Rozmowy okresowe"]
    assert "Zaległe rozmowy: 3" in texts(at.subheader)
    names = sorted(at.dataframe[0].value["Pracownik"].tolist())
    assert names == ["Nowak Jan", "Wiśniewska Ewa", "Zieliński Piotr"]
    assert "Nowa rozmowa" not in texts(at.subheader)
    assert not [s for s in at.selectbox if s.label == EMPLOYEE]
    assert not at.radio
    assert not form_ids(at)


def test_the_register_marks_the_missing_and_counts_their_observations(db, office):
    assert service.acknowledge_self(db, CHECKLISTS, user(db, office, "kowalska"))
    observe(db, office, "nowak", days_ago=5)
    at = open_as(db, office, "kierownik.km", "potwierdzenia")
    assert not at.exception
    register = at.dataframe[1].value
    rows = {
        r["Pracownik"]: (r["Potwierdzenie"], r["Sposób"], r["Obserwacje bez potwierdzenia"])
        for r in register.to_dict("records")
    }
    assert rows == {
        "Kowalska Anna": (format_date(now().date()), "w aplikacji", 0),
        "Nowak Jan": ("BRAK", "", 1),
    }
    assert [b.label for b in at.download_button] == [
        "Pobierz rejestr (Excel)",
        "Drukuj formularze (Załącznik nr 1) dla brakujących: 1",
    ]
    assert "paper_acknowledgement" in form_ids(at)
    # management: the same register, no paper form
    at = open_as(db, office, "starosta", "potwierdzenia")
    assert not at.exception
    assert len(at.dataframe[1].value) == 4
    assert "paper_acknowledgement" not in form_ids(at)


# issue 13: the employee's results per standard, over time and per observation ---------------------

CRITICAL_COMMENT = "Przy Kliencie skomentowała jego ubiór."
PLAIN_COMMENT = "Identyfikator schowany pod swetrem."
OBSERVER = "Kierownik KM"


def quarter_start(moment):
    return moment.replace(
        month=3 * ((moment.month - 1) // 3) + 1, day=1, hour=0, minute=0, second=0, microsecond=0
    )


def seed_results(db, office) -> dict:
    """Kowalska: six observations this quarter and two in the previous one, one of them with a
    critical breach; items of "telefon" never scored and of "stanowisko" scored twice. Nowak's
    observation, her draft and a calibration repeat must count nowhere in her results."""
    entries = CHECKLISTS.entries_for(Kind.IN_PERSON)
    observer, km = office["accounts"]["kierownik.km"], office["departments"]["KM"]
    start = quarter_start(now())

    def answers(index: int, not_met=()) -> dict:
        chosen = {}
        for entry in entries:
            if entry.standard.id == "telefon":
                chosen[entry.item.id] = "nie_dotyczy"
            elif entry.standard.id == "stanowisko" and index >= 2:
                chosen[entry.item.id] = "nie_zaobserwowano"
            else:
                chosen[entry.item.id] = "nie" if entry.item.id in not_met else "tak"
        return chosen

    def add(at, index, not_met=(), comments=None, **options):
        return add_observation(
            db,
            department=km,
            employee=office["employees"][options.pop("employee", "kowalska")],
            observer=observer,
            at=at,
            answers=answers(index, not_met),
            comments=comments,
            **options,
        )

    this_quarter = [start + timedelta(minutes=10 * i) for i in range(6)]
    earlier = [start - timedelta(days=40), start - timedelta(days=20)]
    ids = {
        "plain": add(this_quarter[0], 0, {"WYG-08", "PRO-02"}, {"WYG-08": PLAIN_COMMENT}),
        "critical": add(this_quarter[1], 1, {"IDE-03", "WIE-01"}, {"IDE-03": CRITICAL_COMMENT}),
    }
    for index, at in enumerate(this_quarter[2:], start=2):
        add(at, index, {"PRO-02"} if index % 2 else ())
    for index, at in enumerate(earlier, start=2):
        add(at, index, {"WYG-08", "WIE-01", "WIE-02"})
    every_no = {e.item.id for e in entries}
    add(this_quarter[5], 0, every_no, employee="nowak")
    add(this_quarter[5], 0, every_no, status="draft")
    add(this_quarter[5], 0, every_no, calibration_of=ids["plain"])
    return ids


def expected_score(db, employee_id, where: str = "TRUE", params=()) -> tuple[float | None, int]:
    """Met weight over scored weight and the observations that scored, in plain SQL."""
    met, scored, n = db.query(
        "SELECT sum(a.weight) FILTER (WHERE a.answer = 'tak'), sum(a.weight) FILTER (WHERE a.answer IN ('tak', 'nie')), "
        "count(DISTINCT o.id) FILTER (WHERE a.answer IN ('tak', 'nie')) "
        "FROM observation_answers a JOIN observations o ON o.id = a.observation_id "
        f"WHERE o.employee_id = ? AND o.status = 'sent' AND o.calibration_of IS NULL AND {where}",
        [employee_id, *params],
    )[0]
    return (met / scored if scored else None), n


def cards(at: AppTest) -> dict[str, tuple[str, str]]:
    """The cards on screen: their label -> (value, basis)."""
    found = {}
    for block in at.main.get("flex_container"):
        markdown = [m.value for m in block.markdown]
        captions = [c.value for c in block.caption]
        if len(markdown) == 1 and len(captions) == 1 and "  \n**" in markdown[0]:
            label, value = markdown[0].split("  \n**")
            found[label] = (value.removesuffix("**"), captions[0])
    return found


def test_my_results_show_scores_per_standard_and_quarter_as_the_dashboard_computes_them(db, office):
    seed_results(db, office)
    kowalska = office["employees"]["kowalska"]
    at = open_as(db, office, "kowalska", "moje-wyniki")
    assert not at.exception
    shown = cards(at)

    value, n = expected_score(db, kowalska)
    assert n == 8
    assert shown["Wynik ogólny"][0] == format_percent(value)
    assert shown["Wynik ogólny"][1].startswith("8 obserwacji; przedział ufności 95%: ")
    assert shown["Naruszenia krytyczne"] == (
        "1 naruszenie krytyczne",
        "obserwacje z naruszeniem krytycznym: 1 z 8",
    )

    for standard in CHECKLISTS.standards:
        value, n = expected_score(db, kowalska, "a.standard_id = ?", [standard.id])
        if n >= 5:
            assert shown[standard.short][0] == format_percent(value), standard.id
            assert shown[standard.short][1].startswith(f"{n} obserwacji; "), standard.id
        elif n == 0:
            assert shown[standard.short] == ("—", "brak ocenionych obserwacji"), standard.id
        else:
            assert shown[standard.short] == ("—", f"za mało obserwacji: {n} z wymaganych 5"), standard.id
    assert shown["Stanowisko pracy"] == ("—", "za mało obserwacji: 2 z wymaganych 5")
    assert shown["Rozmowy telefoniczne"] == ("—", "brak ocenionych obserwacji")

    start = quarter_start(now())
    roman = ("I", "II", "III", "IV")
    this = f"{roman[(start.month - 1) // 3]} kwartał {start.year}"
    before = start - timedelta(days=1)
    previous = f"{roman[(before.month - 1) // 3]} kwartał {before.year}"
    value, n = expected_score(db, kowalska, "o.observed_at >= ?", [start])
    assert n == 6
    assert shown[this][0] == format_percent(value)
    assert shown[previous] == ("—", "za mało obserwacji: 2 z wymaganych 5")
    labels = list(shown)
    assert labels.index(previous) < labels.index(this)  # oldest first


def test_my_results_mark_the_critical_breach_and_show_items_not_met_with_comments(db, office):
    ids = seed_results(db, office)
    at = open_as(db, office, "kowalska", "moje-wyniki")
    assert not at.exception
    assert len(at.expander) == 8
    critical = [e for e in at.expander if "naruszenie krytyczne" in e.label]
    assert len(critical) == 1
    observed_at, score = db.query(
        "SELECT observed_at, score FROM observations WHERE id = ?", [ids["critical"]]
    )[0]
    # the failure first, in words and in red; the percentage after it
    assert critical[0].label == (
        f"{format_datetime(observed_at)} · :red[**niezaliczona: 1 naruszenie krytyczne**] · {format_percent(score)}"
    )
    inside = [m.value for m in critical[0].markdown]
    assert ":red[**Naruszenie krytyczne**]" in inside
    assert f"**{CHECKLISTS.entry('IDE-03').item.label}**  \nIdentyfikacja z Urzędem" in inside
    assert f"**{CHECKLISTS.entry('WIE-01').item.label}**  \nWiedza" in inside
    assert CRITICAL_COMMENT in texts(critical[0].text)
    assert f"Obserwował(a): {OBSERVER} · Obsługa bezpośrednia" in texts(critical[0].caption)
    assert any("Naruszenie krytyczne oznacza obserwację niezaliczoną" in e for e in texts(at.error))

    plain_one = next(e for e in at.expander if e.label.startswith(format_datetime(quarter_start(now()))))
    assert "naruszenie" not in plain_one.label
    assert PLAIN_COMMENT in texts(plain_one.text)
    assert ":red[**Naruszenie krytyczne**]" not in [m.value for m in plain_one.markdown]
    everything = " ".join(str(e.value) for e in at.main.get("markdown"))
    assert "nie_dotyczy" not in everything and "nie_zaobserwowano" not in everything


def test_a_comment_on_my_observation_is_confirmed_after_the_rerun(db, office):
    mine = observe(db, office, "kowalska", days_ago=3)
    at = open_as(db, office, "kowalska", "moje-wyniki")
    comment_form = form(at, f"comment_{mine}")
    widget(comment_form, "text_area", "Mój komentarz").input("Klient był w pośpiechu.")
    next(b for b in comment_form.button if b.label == "Dodaj komentarz").click()
    at.run()
    assert not at.exception
    assert "Komentarz dodany." in texts(at.success)
    assert [c["body"] for c in people.observation_comments(db, mine)] == ["Klient był w pośpiechu."]


def test_an_employee_without_observations_is_told_so_in_polish(db, office):
    at = open_as(db, office, "kowalska", "moje-wyniki")
    assert not at.exception
    assert "Nie ma jeszcze wysłanych obserwacji Twojej pracy." in texts(at.info)
    assert not at.expander
