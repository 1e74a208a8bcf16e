"""The training page, the conversation page's training and links, and the employee's own
training under AppTest: a supervisor records a workplace training for two employees, the links
from an action and from a conversation goal pre-fill the form (a forged one is ignored), a request
is rejected, the register is scoped and filtered, an employee is refused by URL and sees their own."""

from __future__ import annotations

import uuid
from datetime import timedelta
from urllib.parse import parse_qsl

from checklists.loading import current_checklists
from services import actions as action_service
from services import people as people_service
from services import training as service
from storage.db import now
from tests.apptest.driver import FORBIDDEN, form, screen_text, submit, widget
from tests.apptest.test_people import open_as, user

CHECKLISTS = current_checklists()
FIRST, SECOND, THIRD = (s.id for s in CHECKLISTS.standards[:3])
PAGE = "szkolenia"
TODAY = now().date()


def record(db, office, login="kierownik.km", employee="kowalska", **fields) -> uuid.UUID:
    values = {
        "kind": "workplace",
        "employee_ids": [office["employees"][employee]],
        "on": TODAY - timedelta(days=3),
        "standard_ids": [FIRST],
        "topic": "Powitanie Klienta",
        "held_by": office["accounts"][login],
    } | fields
    return service.record(db, CHECKLISTS, user(db, office, login), **values)[0]


def raise_action(db, office) -> uuid.UUID:
    return action_service.create(
        db,
        CHECKLISTS,
        user(db, office, "starosta"),
        department_id=office["departments"]["KM"],
        title="Ujednolicić powitanie Klienta",
        reason="Słaby wynik.",
        owner_id=office["accounts"]["kierownik.km"],
        due_date=TODAY + timedelta(days=30),
        standard_id=FIRST,
    )


def talk(db, office, employee="kowalska", days_ago=20, goals=None) -> uuid.UUID:
    conversation_id = uuid.uuid4()
    people_service.record_conversation(
        db,
        CHECKLISTS,
        user(db, office, "kierownik.km"),
        conversation_id=conversation_id,
        employee_id=office["employees"][employee],
        held_on=TODAY - timedelta(days=days_ago),
        assessments=[],
        goals=goals
        or [
            {"standard_id": SECOND, "text": "Przedstawiać się pełną formułą."},
            {"standard_id": THIRD, "text": "Porządek na stanowisku."},
        ],
        training_needs=[],
        notes="",
        next_on=None,
    )
    return conversation_id


def shown_topics(at) -> list[str]:
    frames = [frame.value for frame in at.dataframe]
    return sorted(frames[0]["Temat"]) if frames else []


def stored(db) -> list[dict]:
    return db.query_dicts("SELECT * FROM training_records ORDER BY employee_id")


def test_a_supervisor_records_a_workplace_training_for_two_employees(db, office):
    at = open_as(db, office, "kierownik.km", PAGE)
    assert not at.exception
    assert "Brak szkoleń do pokazania." in screen_text(at)
    employees = at.multiselect(key="training_employees_0")
    assert sorted(employees.options) == [
        "Kowalska Anna (Wydział Komunikacji)",
        "Nowak Jan (Wydział Komunikacji)",
    ]
    employees.set_value([office["employees"]["kowalska"], office["employees"]["nowak"]]).run()
    new = form(at, "new_training_0")
    trainer = widget(new, "selectbox", "Kto przeprowadził")
    assert trainer.value == office["accounts"]["kierownik.km"]  # the one recording it, chosen already
    assert set(trainer.options) == {"Kierownik KM", "Starosta"}
    new.text_input[0].input("Powitanie i kontakt wzrokowy")
    at = submit(at, "new_training_0", "Zapisz szkolenie")  # no standard: refused
    assert [e.value for e in at.error] == [
        "Wybierz co najmniej jeden standard podręcznika, którego dotyczy szkolenie."
    ]
    assert stored(db) == []
    at.multiselect(key="training_standards_0").set_value([FIRST])
    at = submit(at, "new_training_0", "Zapisz szkolenie")
    assert not at.error, [e.value for e in at.error]
    assert "Zapisano w rejestrze szkoleń (wpisy: 2)." in screen_text(at)
    rows = stored(db)
    assert {r["employee_id"] for r in rows} == {office["employees"]["kowalska"], office["employees"]["nowak"]}
    assert {(r["kind"], r["status"], r["on_date"], r["topic"]) for r in rows} == {
        ("workplace", "held", TODAY, "Powitanie i kontakt wzrokowy")
    }
    assert shown_topics(at) == ["Powitanie i kontakt wzrokowy"] * 2
    assert at.multiselect(key="training_employees_1").value == []  # a new, empty form


def test_the_action_link_prefills_employee_action_and_standard(db, office):
    action_id = raise_action(db, office)
    at = open_as(
        db, office, "kierownik.km", PAGE, pracownik=office["employees"]["kowalska"], dzialanie=action_id
    )
    assert not at.exception and not at.warning
    assert at.multiselect(key="training_employees_0").value == [office["employees"]["kowalska"]]
    assert at.selectbox(key="training_action_0").value == action_id
    assert at.multiselect(key="training_standards_0").value == [FIRST]
    form(at, "new_training_0").text_input[0].input("Powitanie Klienta – szkolenie w zespole")
    at = submit(at, "new_training_0", "Zapisz szkolenie")
    assert not at.error, [e.value for e in at.error]
    [row] = stored(db)
    assert (row["employee_id"], row["action_id"], row["standard_ids"]) == (
        office["employees"]["kowalska"],
        action_id,
        [FIRST],
    )
    assert [r["id"] for r in service.training_for_action(db, user(db, office, "starosta"), action_id)] == [
        row["id"]
    ]


def test_the_conversation_goal_link_prefills_the_goal_and_its_standard(db, office):
    conversation_id = talk(db, office)
    at = open_as(
        db,
        office,
        "kierownik.km",
        PAGE,
        pracownik=office["employees"]["kowalska"],
        rozmowa=conversation_id,
        cel=1,
    )
    assert not at.exception and not at.warning
    assert at.selectbox(key="training_goal_0").value == (conversation_id, 1)
    assert at.multiselect(key="training_standards_0").value == [THIRD]
    at.radio(key="training_kind").set_value("request").run()
    assert not [s for s in form(at, "new_training_0").selectbox if s.label == "Kto przeprowadził"]
    form(at, "new_training_0").text_input[0].input("Kurs organizacji pracy biurowej")
    at = submit(at, "new_training_0", "Zapisz szkolenie")
    assert not at.error, [e.value for e in at.error]
    [row] = stored(db)
    assert (row["kind"], row["status"], row["conversation_id"], row["goal_index"]) == (
        "request",
        "requested",
        conversation_id,
        1,
    )


def test_a_forged_link_is_ignored_with_a_warning(db, office):
    at = open_as(db, office, "kierownik.km", PAGE, pracownik=office["employees"]["wisniewska"])
    assert [w.value for w in at.warning] == [
        "Pracownik z odnośnika nie należy do Twoich wydziałów – pominięto go."
    ]
    assert at.multiselect(key="training_employees_0").value == []
    at = open_as(db, office, "kierownik.km", PAGE, pracownik="nie-uuid", dzialanie="x")
    assert len(at.warning) == 1 and not at.exception
    at = open_as(
        db, office, "kierownik.km", PAGE, pracownik=office["employees"]["kowalska"], dzialanie=uuid.uuid4()
    )
    assert [w.value for w in at.warning] == [
        "Działanie z odnośnika nie jest otwartym działaniem wydziału tego pracownika – pominięto je."
    ]
    assert at.multiselect(key="training_employees_0").value == [office["employees"]["kowalska"]]


def test_a_request_is_rejected_with_a_reason(db, office):
    request_id = record(db, office, kind="request", topic="Kurs prostego języka")
    at = open_as(db, office, "starosta", PAGE)
    choice = widget(at, "selectbox", "Wniosek")
    assert choice.options == [
        f"Kowalska Anna: Kurs prostego języka (z {(TODAY - timedelta(days=3)):%d.%m.%Y})"
    ]
    at = choice.set_value(request_id).run()
    at = submit(at, f"training_reject_{request_id}", "Odrzuć wniosek")
    assert "Pole „Powód odrzucenia” jest wymagane." in [e.value for e in at.error]
    at = widget(at, "selectbox", "Wniosek").set_value(request_id).run()
    form(at, f"training_reject_{request_id}").text_area[0].input("Brak środków w budżecie.")
    at = submit(at, f"training_reject_{request_id}", "Odrzuć wniosek")
    assert "Wniosek odrzucony." in screen_text(at)
    assert [(r["status"], r["rejection_reason"]) for r in stored(db)] == [
        ("rejected", "Brak środków w budżecie.")
    ]
    assert not [s for s in at.selectbox if s.label == "Wniosek"]  # nothing left to decide


def test_the_register_is_scoped_and_filtered(db, office):
    record(db, office, topic="Szkolenie KM")
    record(db, office, employee="nowak", kind="request", topic="Wniosek KM")
    record(db, office, login="kierownik.gk", employee="wisniewska", topic="Szkolenie GK")
    at = open_as(db, office, "kierownik.km", PAGE)
    assert shown_topics(at) == ["Szkolenie KM", "Wniosek KM"]
    assert at.selectbox(key="training_filter_department").options == ["Wydział Komunikacji"]
    at.selectbox(key="training_filter_kind").set_value("request").run()
    assert shown_topics(at) == ["Wniosek KM"]
    assert at.dataframe[0].value["Stan"].tolist() == [
        f"wniosek z {(TODAY - timedelta(days=3)):%d.%m.%Y}, czeka na decyzję"
    ]
    at.selectbox(key="training_filter_status").set_value("held").run()
    assert shown_topics(at) == [] and "Brak szkoleń do pokazania." in screen_text(at)
    at = open_as(db, office, "starosta", PAGE)
    assert shown_topics(at) == ["Szkolenie GK", "Szkolenie KM", "Wniosek KM"]
    at.selectbox(key="training_filter_department").set_value(office["departments"]["GK"]).run()
    assert shown_topics(at) == ["Szkolenie GK"]


def test_an_employee_cannot_open_the_page_but_sees_her_own_training(db, office):
    at = open_as(db, office, "kowalska", PAGE)
    assert FORBIDDEN in [e.value for e in at.error] and not at.get("form")
    record(db, office, topic="Powitanie [Klienta](http://zly.example)", standard_ids=[FIRST, THIRD])
    request_id = record(db, office, kind="request", topic="Kurs RODO", on=TODAY - timedelta(days=10))
    service.mark_held(db, user(db, office, "kierownik.km"), request_id, TODAY - timedelta(days=1))
    record(db, office, employee="nowak", topic="Nie jej szkolenie")
    at = open_as(db, office, "kowalska", "moje-wyniki")
    assert not at.exception
    text = screen_text(at)
    assert "Moje szkolenia" in text
    assert r"**szkolenie stanowiskowe**: Powitanie \[Klienta\](" in text  # typed by staff: literal
    held = f"{(TODAY - timedelta(days=3)):%d.%m.%Y}"
    short = {s.id: s.short for s in CHECKLISTS.standards}
    assert f"odbyte {held} · {short[FIRST]}, {short[THIRD]}" in text
    assert "**wniosek o szkolenie**: Kurs RODO" in text
    assert (
        f"odbyte {(TODAY - timedelta(days=1)):%d.%m.%Y} (wniosek z {(TODAY - timedelta(days=10)):%d.%m.%Y})"
        in text
    )
    assert "Nie jej szkolenie" not in text


def test_the_conversation_lists_training_since_the_last_one_and_its_goals_link_onwards(db, office):
    earlier = talk(db, office, days_ago=40, goals=[{"standard_id": SECOND, "text": "Przedstawiać się."}])
    record(db, office, topic="Po rozmowie: przedstawianie się", on=TODAY - timedelta(days=10))
    record(db, office, kind="request", topic="Kurs komunikacji", on=TODAY - timedelta(days=5))
    at = open_as(db, office, "kierownik.km", "rozmowy")
    widget(at, "selectbox", "Pracownik").set_value(office["employees"]["kowalska"]).run()
    assert not at.exception
    text = screen_text(at)
    assert "Szkolenia od ostatniej rozmowy i wnioski czekające na decyzję – do omówienia" in text
    assert r"- szkolenie stanowiskowe: Po rozmowie\: przedstawianie się" in text  # typed: escaped
    assert "- wniosek o szkolenie: Kurs komunikacji" in text
    needs = widget(at, "multiselect", "Potrzeby szkoleniowe")
    assert needs.value == ["Kurs komunikacji"]  # the waiting request: a need still open
    # the earlier conversation's goal in the history links onwards
    links = {e.proto.label: e.proto for e in at.get("page_link")}
    assert links["Zaplanuj działanie"].page == "dzialania"
    assert dict(parse_qsl(links["Zaplanuj działanie"].query_string)) == {
        "wydzial": "KM",
        "standard": SECOND,
        "pracownik": str(office["employees"]["kowalska"]),
        "zrodlo": "rozmowa",
        "ref": str(earlier),
    }
    assert links["Zapisz szkolenie"].page == PAGE
    assert dict(parse_qsl(links["Zapisz szkolenie"].query_string)) == {
        "pracownik": str(office["employees"]["kowalska"]),
        "rozmowa": str(earlier),
        "cel": "0",
    }
    # a new conversation with two goals: after the save each goal offers both links
    at.radio(key="assess_0").set_value("met")
    at.selectbox(key="goal_standard_0").set_value(FIRST)
    at.text_input(key="goal_text_0").input("Witać Klienta od razu.")
    at.selectbox(key="goal_standard_1").set_value(THIRD)
    at.text_input(key="goal_text_1").input("Porządek na stanowisku.")
    [save] = [b for b in at.button if b.label == "Zapisz"]
    at = save.click().run()
    assert not at.error, [e.value for e in at.error]
    assert "Cele ustalone w zapisanej rozmowie – co dalej" in screen_text(at)
    [saved] = [c["id"] for c in people_service.own_conversations(db, user(db, office, "kowalska"))][:1]
    training_links = [
        dict(parse_qsl(e.proto.query_string))
        for e in at.get("page_link")
        if e.proto.label == "Zapisz szkolenie"
    ]
    assert training_links == [
        {"pracownik": str(office["employees"]["kowalska"]), "rozmowa": str(saved), "cel": "0"},
        {"pracownik": str(office["employees"]["kowalska"]), "rozmowa": str(saved), "cel": "1"},
    ]
    action_links = [
        dict(parse_qsl(e.proto.query_string))
        for e in at.get("page_link")
        if e.proto.label == "Zaplanuj działanie"
    ]
    assert [(a["standard"], a["ref"], a["zrodlo"]) for a in action_links] == [
        (FIRST, str(saved), "rozmowa"),
        (THIRD, str(saved), "rozmowa"),
    ]
