"""The training register (services/training.py): validation with Polish messages, scopes per
role, links to improvement actions and conversation goals, requests decided held or rejected,
the audit entries, the pre-fill of the next conversation, retention and the demo data. Expected
rows come from plain SQL on the tables, not from the code under test."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta

import numpy as np
import pytest

from accounts.service import CurrentUser
from checklists.loading import current_checklists
from data import demo, demo_training
from services import actions as action_service
from services import people as people_service
from services import training as service
from services.organisation import InputError
from services.training import TrainingError
from storage import people, users
from storage.db import Database, now

CHECKLISTS = current_checklists()
TODAY = now().date()
FIRST, SECOND, THIRD = (s.id for s in CHECKLISTS.standards[:3])


def user(db, office, login) -> CurrentUser:
    return CurrentUser.from_row(users.get_user(db, office["accounts"][login]))


def record(db, office, login="kierownik.km", employees=("kowalska",), **fields):
    values = {
        "kind": "workplace",
        "employee_ids": [office["employees"][e] for e in employees],
        "on": TODAY - timedelta(days=2),
        "standard_ids": [FIRST],
        "topic": "Powitanie Klienta przy okienku",
        "held_by": office["accounts"]["kierownik.km"],
    } | fields
    return service.record(db, CHECKLISTS, user(db, office, login), **values)


def stored(db) -> list[dict]:
    return db.query_dicts("SELECT * FROM training_records ORDER BY created_at, employee_id")


def audit_entries(db, training_id) -> list[dict]:
    return db.query_dicts(
        "SELECT actor, action, before, after FROM audit_log WHERE entity = 'training' AND entity_id = ? "
        "ORDER BY happened_at",
        [str(training_id)],
    )


def raise_action(db, office, department="KM", owner="kierownik.km"):
    return action_service.create(
        db,
        CHECKLISTS,
        user(db, office, "starosta"),
        department_id=office["departments"][department],
        title="Ujednolicić powitanie Klienta",
        reason="Słaby wynik standardu.",
        owner_id=office["accounts"][owner],
        due_date=TODAY + timedelta(days=30),
        standard_id=FIRST,
    )


def talk(db, office, employee="kowalska", days_ago=30) -> uuid.UUID:
    conversation_id = uuid.uuid4()
    people_service.record_conversation(
        db,
        CHECKLISTS,
        user(db, office, "kierownik.km"),
        conversation_id=conversation_id,
        employee_id=office["employees"][employee],
        held_on=TODAY - timedelta(days=days_ago),
        assessments=[],
        goals=[
            {"standard_id": SECOND, "text": "Przedstawiać się pełną formułą."},
            {"standard_id": THIRD, "text": "Porządek na stanowisku."},
        ],
        training_needs=[],
        notes="",
        next_on=None,
    )
    return conversation_id


# recording -------------------------------------------------------------------------------------


def test_a_workplace_training_for_two_employees_is_one_record_each_audited(db, office):
    ids = record(
        db,
        office,
        employees=("kowalska", "nowak"),
        standard_ids=[THIRD, FIRST, THIRD],
        topic="  Powitanie\tKlienta ",
        notes="Omówiono\nprzykłady z obserwacji.",
    )
    rows = stored(db)
    assert len(ids) == 2 and {r["id"] for r in rows} == set(ids)
    assert {r["employee_id"] for r in rows} == {office["employees"]["kowalska"], office["employees"]["nowak"]}
    for row in rows:
        assert (row["kind"], row["status"], row["decided_on"]) == ("workplace", "held", None)
        assert row["standard_ids"] == [FIRST, THIRD]  # in the handbook's order, each once
        assert row["topic"] == "Powitanie Klienta"  # cleaned: trimmed, a tab as a space
        assert row["notes"] == "Omówiono\nprzykłady z obserwacji."
        assert row["on_date"] == TODAY - timedelta(days=2)
        assert row["held_by"] == office["accounts"]["kierownik.km"]
        assert row["created_by"] == "kierownik.km"
        [entry] = audit_entries(db, row["id"])
        assert (entry["actor"], entry["action"], entry["before"]) == ("kierownik.km", "create", None)
        assert json.loads(entry["after"])["topic"] == "Powitanie Klienta"


def test_a_request_waits_for_a_decision_and_has_no_trainer(db, office):
    [request_id] = record(db, office, kind="request", held_by=office["accounts"]["kierownik.km"])
    [row] = stored(db)
    assert (row["id"], row["kind"], row["status"], row["held_by"]) == (
        request_id,
        "request",
        "requested",
        None,
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "kurs"}, "Wybierz rodzaj"),
        ({"employee_ids": []}, "Wybierz co najmniej jednego pracownika."),
        ({"on": TODAY + timedelta(days=1)}, "Data szkolenia nie może być w przyszłości"),
        (
            {"kind": "request", "on": TODAY + timedelta(days=1)},
            "Data złożenia wniosku nie może być w przyszłości.",
        ),
        ({"on": None}, "Podaj datę szkolenia."),
        ({"standard_ids": []}, "Wybierz co najmniej jeden standard"),
        ({"standard_ids": [FIRST, "nie-ma-takiego"]}, "Nieznany standard."),
        ({"topic": ""}, "Pole „Temat” jest wymagane."),
        ({"topic": " \x00\x07 "}, "Pole „Temat” jest wymagane."),
        ({"topic": "ab"}, "co najmniej 3 znaki"),
        ({"topic": "x" * 201}, "najwyżej 200 znaków"),
        ({"notes": "y" * 2001}, "najwyżej 2000 znaków"),
        ({"held_by": None}, "Wskaż, kto przeprowadził szkolenie"),
        ({"held_by": "kierownik.gk"}, "Wskaż, kto przeprowadził szkolenie"),  # another department's
        ({"held_by": "kowalska"}, "Wskaż, kto przeprowadził szkolenie"),  # an employee's account
        ({"goal_index": 0}, "Wskaż rozmowę okresową i cel"),
        ({"conversation_id": uuid.uuid4(), "goal_index": 0}, "tylko ze szkoleniem tego pracownika"),
    ],
)
def test_bad_input_is_refused_in_polish_and_nothing_is_stored(db, office, fields, message):
    if fields.get("held_by") in office["accounts"]:
        fields["held_by"] = office["accounts"][fields["held_by"]]
    with pytest.raises(InputError, match=message):
        record(db, office, **fields)
    assert db.query("SELECT count(*) FROM training_records") == [(0,)]


def test_today_is_a_valid_date_and_hostile_text_is_stored_as_typed(db, office):
    hostile = '<script>alert(1)</script> =HYPERLINK("x") [tu](http://zly.example)'
    record(db, office, on=TODAY, topic=hostile)
    [row] = stored(db)
    assert (row["on_date"], row["topic"]) == (TODAY, hostile)  # shown as text, never run


def test_management_records_for_employees_of_two_departments_held_by_management(db, office):
    record(
        db,
        office,
        login="starosta",
        employees=("kowalska", "wisniewska"),
        held_by=office["accounts"]["starosta"],
    )
    assert len(stored(db)) == 2
    # a department's supervisor cannot have held it for the other department's employee
    with pytest.raises(TrainingError, match="Wskaż, kto przeprowadził"):
        record(db, office, login="starosta", employees=("kowalska", "wisniewska"))


@pytest.mark.parametrize(
    ("login", "employees"),
    [
        ("kierownik.gk", ("kowalska",)),  # a supervisor of another department
        ("kierownik.km", ("kowalska", "wisniewska")),  # one of them outside the scope: none stored
        ("kowalska", ("kowalska",)),  # an employee records nothing, not even for herself
        ("admin", ("kowalska",)),
    ],
)
def test_employees_outside_the_scope_are_refused(db, office, login, employees):
    with pytest.raises(TrainingError, match="Ten pracownik nie należy do Twoich wydziałów"):
        record(db, office, login=login, employees=employees)
    assert db.query("SELECT count(*) FROM training_records") == [(0,)]


def test_an_inactive_employee_is_refused(db, office):
    db.write(
        lambda c: c.execute(
            "UPDATE employees SET active = FALSE WHERE id = ?", [office["employees"]["nowak"]]
        )
    )
    with pytest.raises(TrainingError, match="nie należy do Twoich wydziałów"):
        record(db, office, employees=("nowak",))


# requests decided ------------------------------------------------------------------------------


def test_a_request_is_marked_held_on_a_date_between_request_and_today(db, office):
    [request_id] = record(db, office, kind="request", on=TODAY - timedelta(days=20))
    supervisor = user(db, office, "kierownik.km")
    with pytest.raises(TrainingError, match="przed złożeniem wniosku"):
        service.mark_held(db, supervisor, request_id, TODAY - timedelta(days=21))
    with pytest.raises(TrainingError, match="nie może być w przyszłości"):
        service.mark_held(db, supervisor, request_id, TODAY + timedelta(days=1))
    with pytest.raises(TrainingError, match="nie dotyczy pracownika Twoich wydziałów"):
        service.mark_held(db, user(db, office, "kierownik.gk"), request_id, TODAY)
    service.mark_held(db, supervisor, request_id, TODAY - timedelta(days=3))
    [row] = stored(db)
    assert (row["status"], row["decided_on"]) == ("held", TODAY - timedelta(days=3))
    with pytest.raises(TrainingError, match="czeka na decyzję"):
        service.reject(db, supervisor, request_id, "Za późno.")
    update = audit_entries(db, request_id)[-1]
    assert update["action"] == "update"
    assert json.loads(update["before"])["status"] == "requested"
    assert json.loads(update["after"])["status"] == "held"


def test_a_request_is_rejected_with_a_reason(db, office):
    [request_id] = record(db, office, kind="request")
    manager = user(db, office, "starosta")
    with pytest.raises(InputError, match="Pole „Powód odrzucenia” jest wymagane"):
        service.reject(db, manager, request_id, "  ")
    service.reject(db, manager, request_id, "Brak środków w budżecie.")
    [row] = stored(db)
    assert (row["status"], row["decided_on"], row["rejection_reason"]) == (
        "rejected",
        TODAY,
        "Brak środków w budżecie.",
    )


def test_a_workplace_training_is_not_a_request_to_decide(db, office):
    [training_id] = record(db, office)
    with pytest.raises(TrainingError, match="Rozpatrzyć można tylko wniosek"):
        service.mark_held(db, user(db, office, "kierownik.km"), training_id, TODAY)


def test_a_decision_on_a_request_decided_meanwhile_is_refused(db, office, monkeypatch):
    [request_id] = record(db, office, kind="request")
    as_read = service.training.get(db, request_id)
    service.reject(db, user(db, office, "starosta"), request_id, "Brak środków.")
    monkeypatch.setattr(service.training, "get", lambda _db, _id: dict(as_read))  # the stale reading
    with pytest.raises(TrainingError, match="Ktoś właśnie rozpatrzył ten wniosek"):
        service.mark_held(db, user(db, office, "kierownik.km"), request_id, TODAY)
    assert stored(db)[0]["status"] == "rejected"


def test_training_changes_no_dashboard_figure(db, office):
    before = db.data_version("ratings", "observations")
    [request_id] = record(db, office, kind="request")
    service.mark_held(db, user(db, office, "kierownik.km"), request_id, TODAY)
    assert db.data_version("ratings", "observations") == before


# links -----------------------------------------------------------------------------------------


def test_a_training_for_an_open_action_of_the_employees_department(db, office):
    action_id = raise_action(db, office)
    supervisor = user(db, office, "kierownik.km")
    offered = service.actions_for(db, supervisor, [office["employees"]["kowalska"]], TODAY)
    assert [a["id"] for a in offered] == [action_id]
    mixed = [office["employees"]["kowalska"], office["employees"]["wisniewska"]]
    assert service.actions_for(db, user(db, office, "starosta"), mixed, TODAY) == []
    [training_id] = record(db, office, action_id=action_id)
    assert [r["id"] for r in service.training_for_action(db, supervisor, action_id)] == [training_id]
    assert (
        service.training_for_action(db, supervisor, action_id)[0]["action_title"]
        == "Ujednolicić powitanie Klienta"
    )
    assert service.training_for_action(db, user(db, office, "kierownik.gk"), action_id) == []


def test_an_action_of_another_department_closed_or_unknown_is_refused(db, office):
    gk_action = raise_action(db, office, department="GK", owner="kierownik.gk")
    with pytest.raises(TrainingError, match="nie należy do Twoich wydziałów"):
        record(db, office, action_id=gk_action)  # KM's supervisor: not his action
    with pytest.raises(TrainingError, match="innego wydziału"):
        record(db, office, login="starosta", held_by=office["accounts"]["starosta"], action_id=gk_action)
    with pytest.raises(TrainingError, match="nie należy do Twoich wydziałów"):
        record(db, office, action_id=uuid.uuid4())
    km_action = raise_action(db, office)
    action_service.cancel(db, user(db, office, "starosta"), km_action, "Zdublowane.")
    with pytest.raises(TrainingError, match="już zamknięte lub anulowane"):
        record(db, office, action_id=km_action)
    assert db.query("SELECT count(*) FROM training_records") == [(0,)]


def test_a_training_for_a_conversation_goal(db, office):
    conversation_id = talk(db, office)
    supervisor = user(db, office, "kierownik.km")
    goals = service.conversation_goals(db, supervisor, office["employees"]["kowalska"])
    assert [(g["conversation_id"], g["index"], g["standard_id"]) for g in goals] == [
        (conversation_id, 0, SECOND),
        (conversation_id, 1, THIRD),
    ]
    assert {g["department_code"] for g in goals} == {"KM"}
    assert (
        service.conversation_goals(db, user(db, office, "kierownik.gk"), office["employees"]["kowalska"])
        == []
    )
    with pytest.raises(TrainingError, match="Nieznany cel rozmowy"):
        record(db, office, conversation_id=conversation_id, goal_index=2)
    with pytest.raises(TrainingError, match="tylko ze szkoleniem tego pracownika"):
        record(db, office, employees=("nowak",), conversation_id=conversation_id, goal_index=0)
    with pytest.raises(TrainingError, match="tylko ze szkoleniem tego pracownika"):
        record(db, office, employees=("kowalska", "nowak"), conversation_id=conversation_id, goal_index=0)
    record(db, office, conversation_id=conversation_id, goal_index=1, standard_ids=[THIRD])
    [row] = service.training_for_employee(db, supervisor, office["employees"]["kowalska"])
    assert (row["conversation_id"], row["goal_index"]) == (conversation_id, 1)
    assert row["goal"] == {"standard_id": THIRD, "text": "Porządek na stanowisku."}
    assert row["conversation_held_on"] == TODAY - timedelta(days=30)


# reading: scopes, own view, the next conversation ---------------------------------------------


def test_who_sees_an_employees_training(db, office):
    record(db, office, employees=("kowalska", "nowak"))
    record(
        db,
        office,
        login="kierownik.gk",
        employees=("wisniewska",),
        held_by=office["accounts"]["kierownik.gk"],
    )
    kowalska = office["employees"]["kowalska"]

    def seen(login, employee=kowalska) -> int:
        return len(service.training_for_employee(db, user(db, office, login), employee))

    assert seen("starosta") == seen("kierownik.km") == seen("kowalska") == 1
    assert seen("kierownik.gk") == 0 and seen("admin") == 0
    assert seen("kowalska", office["employees"]["nowak"]) == 0  # an employee sees only her own
    assert {r["employee_id"] for r in service.register(db, user(db, office, "kierownik.km"))} == {
        kowalska,
        office["employees"]["nowak"],
    }
    assert len(service.register(db, user(db, office, "starosta"))) == 3
    assert service.register(db, user(db, office, "kowalska")) == []


def test_the_next_conversation_gets_the_training_since_the_last_one_and_waiting_requests(db, office):
    record(db, office, topic="Przed rozmową, odbyte", on=TODAY - timedelta(days=40))
    record(db, office, kind="request", topic="Wniosek sprzed rozmowy", on=TODAY - timedelta(days=45))
    [decided] = record(db, office, kind="request", topic="Wniosek rozpatrzony", on=TODAY - timedelta(days=44))
    service.reject(db, user(db, office, "kierownik.km"), decided, "Brak środków.")  # decided today
    db.write(
        lambda c: c.execute(
            "UPDATE training_records SET decided_on = ? WHERE id = ?", [TODAY - timedelta(days=35), decided]
        )
    )
    talk(db, office, days_ago=30)
    record(db, office, topic="Po rozmowie", on=TODAY - timedelta(days=10))
    prefill = people_service.prefill(db, user(db, office, "kierownik.km"), office["employees"]["kowalska"])
    assert [row["topic"] for row in prefill.training] == ["Po rozmowie", "Wniosek sprzed rozmowy"]


# retention and the demo ------------------------------------------------------------------------


def test_retention_removes_old_training_and_its_audit_texts(db, office):
    [old] = record(db, office, topic="Dawne szkolenie", on=TODAY - timedelta(days=800))
    [recent] = record(db, office, topic="Niedawne szkolenie", on=TODAY - timedelta(days=30))
    [decided_late] = record(db, office, kind="request", topic="Dawny wniosek", on=TODAY - timedelta(days=900))
    service.mark_held(db, user(db, office, "kierownik.km"), decided_late, TODAY - timedelta(days=10))
    counts = people.anonymise_before(
        db, datetime.combine(TODAY - timedelta(days=730), datetime.min.time()), "admin"
    )
    assert counts["training"] == 1
    assert {r[0] for r in db.query("SELECT id FROM training_records")} == {recent, decided_late}
    [entry] = audit_entries(db, old)
    assert "Dawne szkolenie" not in (entry["after"] or "")
    assert json.loads(entry["after"] or "{}").keys() <= {"status"}


def test_the_demo_adds_training_mostly_for_ab_on_its_weakest_standards(tmp_path):
    db = Database(tmp_path / "demo.duckdb")
    try:
        end = datetime(2026, 3, 18, 11, 20)
        demo.generate(db, months=6, ratings=500, observations=600, seed=11, end=end, improvement_loop=False)
        added = demo_training.add_training(db, CHECKLISTS, np.random.default_rng(5), end.date())
        rows = db.query_dicts(
            "SELECT t.*, d.code FROM training_records t JOIN employees e ON e.id = t.employee_id "
            "JOIN departments d ON d.id = e.department_id"
        )
        assert added == len(rows) > 20
        ab = [r for r in rows if r["code"] == "AB"]
        assert len(ab) > len(rows) / 3  # one of ten departments, a third of the training
        assert {r["kind"] for r in ab} == {"workplace", "request"}
        assert {r["status"] for r in ab if r["kind"] == "request"} >= {"requested", "held"}
        assert all(
            r["on_date"] <= end.date() and r["on_date"].weekday() < 5
            for r in rows
            if r["kind"] == "workplace"
        )
        assert all(r["held_by"] is not None for r in rows if r["kind"] == "workplace")
        # AB's three weakest standards by observed score, computed here from the answers' weights
        weakest = [
            r[0]
            for r in db.query(
                "SELECT s.standard_id FROM observation_standard_scores s JOIN observations o ON o.id = s.observation_id "
                "JOIN departments d ON d.id = o.department_id WHERE d.code = 'AB' AND o.status = 'sent' "
                "GROUP BY 1 ORDER BY sum(s.met_weight) / sum(s.met_weight + s.not_met_weight) LIMIT 3"
            )
        ]
        on_weakest = [r for r in ab if r["kind"] == "workplace" and r["standard_ids"][0] in weakest]
        assert len(on_weakest) > len([r for r in ab if r["kind"] == "workplace"]) / 2
        linked = [r for r in ab if r["conversation_id"] is not None]
        known = {r[0]: json.loads(r[1]) for r in db.query("SELECT id, goals FROM conversations")}
        assert all(
            r["standard_ids"][0] == known[r["conversation_id"]][r["goal_index"]]["standard_id"]
            for r in linked
        )
    finally:
        db.close()
