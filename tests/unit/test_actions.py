"""Improvement actions (services/actions.py): validation with Polish messages, the status
rules, scopes per role, the audit entries and the overdue count against a fixed office clock;
sources (observation, conversation, client comment and case) found only in the user's scope, an
action's employee of its department, the links offered for an observation's items not met.
Expected rows come from plain SQL on the table, not from the code under test."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timedelta

import pytest

from accounts.service import CurrentUser, create_account
from checklists.loading import current_checklists
from services import actions as service
from services.actions import ActionError
from services.organisation import InputError
from storage import users
from storage.observations import get_observation
from tests.seeding import add_observation

CHECKLISTS = current_checklists()
TODAY = date(2026, 11, 20)  # a Friday in the year's fourth quarter
STANDARD = CHECKLISTS.standards[0]
OTHER_STANDARD = CHECKLISTS.standards[1]


@pytest.fixture(autouse=True)
def office_clock(monkeypatch):
    """The office's date is TODAY: "not in the past" and "closed this quarter" are read against it."""
    monkeypatch.setattr(service, "now", lambda: datetime.combine(TODAY, datetime.min.time()).replace(hour=10))


def user(db, office, login) -> CurrentUser:
    return CurrentUser.from_row(users.get_user(db, office["accounts"][login]))


def raise_action(db, office, login="starosta", department="KM", owner="kierownik.km", **fields):
    values = {
        "department_id": office["departments"][department],
        "title": "Powitanie klienta w okienku",
        "reason": "Pozycja niespełniona w trzech obserwacjach.",
        "owner_id": office["accounts"][owner],
        "due_date": TODAY + timedelta(days=14),
    } | fields
    return service.create(db, CHECKLISTS, user(db, office, login), **values)


def stored(db, action_id) -> dict:
    return db.query_dicts("SELECT * FROM improvement_actions WHERE id = ?", [action_id])[0]


def audit_entries(db, action_id) -> list[dict]:
    return db.query_dicts(
        "SELECT actor, action, before, after FROM audit_log WHERE entity = 'improvement_action' "
        "AND entity_id = ? ORDER BY happened_at",
        [str(action_id)],
    )


def test_management_raises_an_action_stored_as_given_and_audited(db, office):
    item = STANDARD.items[0]
    action_id = raise_action(
        db,
        office,
        title="  Powitanie klienta\tw okienku ",
        standard_id=STANDARD.id,
        item_id=item.id,
        source_kind="heatmap_cell",
        source_ref="01.09.2026–20.11.2026",
    )
    row = stored(db, action_id)
    assert row["title"] == "Powitanie klienta w okienku"  # cleaned: trimmed, a tab as a space
    assert (row["status"], row["standard_id"], row["item_id"]) == ("open", STANDARD.id, item.id)
    assert (row["source_kind"], row["source_ref"]) == ("heatmap_cell", "01.09.2026–20.11.2026")
    assert row["owner_id"] == office["accounts"]["kierownik.km"]
    assert row["created_by"] == "starosta" and row["closed_at"] is None
    [entry] = audit_entries(db, action_id)
    assert (entry["actor"], entry["action"], entry["before"]) == ("starosta", "create", None)
    assert json.loads(entry["after"])["title"] == "Powitanie klienta w okienku"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": ""}, "Pole „Co zrobić” jest wymagane."),
        ({"title": " \x00\x07 "}, "Pole „Co zrobić” jest wymagane."),
        ({"title": "ab"}, "co najmniej 3 znaki"),
        ({"title": "x" * 201}, "najwyżej 200 znaków"),
        ({"reason": "y" * 2001}, "najwyżej 2000 znaków"),
        ({"due_date": TODAY - timedelta(days=1)}, "nie może być w przeszłości"),
        ({"due_date": None}, "Podaj termin"),
        ({"department_id": None}, "Wybierz wydział."),
        ({"standard_id": "nie-ma-takiego"}, "Nieznany standard."),
        (
            {"standard_id": STANDARD.id, "item_id": OTHER_STANDARD.items[0].id},
            "nie należy do wybranego standardu",
        ),
        (
            {"item_id": STANDARD.items[0].id},
            "nie należy do wybranego standardu",
        ),  # an item needs its standard
        ({"source_kind": "plotka"}, "Nieznane źródło"),
    ],
)
def test_bad_input_is_refused_in_polish_and_nothing_is_stored(db, office, fields, message):
    with pytest.raises(InputError, match=message):
        raise_action(db, office, **fields)
    assert db.query("SELECT count(*) FROM improvement_actions") == [(0,)]


def test_a_due_date_of_today_is_accepted(db, office):
    assert stored(db, raise_action(db, office, due_date=TODAY))["due_date"] == TODAY


def test_hostile_title_is_stored_as_plain_text(db, office):
    hostile = '<script>alert(1)</script> =HYPERLINK("x")'
    assert stored(db, raise_action(db, office, title=hostile))["title"] == hostile  # shown as text, never run


@pytest.mark.parametrize(
    "owner",
    [
        "kierownik.gk",  # a supervisor of another department
        "kowalska",  # an employee's account: never an owner
        "admin",
    ],
)
def test_the_owner_must_be_management_or_a_supervisor_of_the_department(db, office, owner):
    with pytest.raises(ActionError, match="Odpowiedzialnym może być tylko"):
        raise_action(db, office, owner=owner)


def test_an_inactive_manager_cannot_own_an_action(db, office):
    db.write(lambda c: c.execute("UPDATE users SET active = FALSE WHERE login = 'starosta'"))
    second = create_account(
        db,
        login="sekretarz",
        password="Haslo-testowe-1",
        role="management",
        display_name="Sekretarz",
        actor="t",
    )
    with pytest.raises(ActionError, match="Odpowiedzialnym"):
        raise_action(db, office, login="kierownik.km", owner="starosta")
    action_id = raise_action(db, office, login="kierownik.km", owner="kierownik.km", owner_id=second)
    assert stored(db, action_id)["owner_id"] == second


def test_a_supervisor_raises_actions_only_in_their_departments(db, office):
    with pytest.raises(ActionError, match="nie należy do Twoich wydziałów"):
        raise_action(db, office, login="kierownik.km", department="GK", owner="kierownik.gk")
    with pytest.raises(ActionError):
        raise_action(db, office, login="kowalska")
    assert raise_action(db, office, login="kierownik.km")


def test_status_goes_open_in_progress_closed_with_a_note(db, office):
    action_id = raise_action(db, office)
    manager = user(db, office, "starosta")
    with pytest.raises(ActionError, match="Niedozwolona zmiana statusu"):
        service.close(db, manager, action_id, "Zrobione.")  # open cannot be closed at once
    with pytest.raises(ActionError, match="Zamknięcie wymaga notatki"):
        service.update(db, manager, action_id, status="closed")
    service.update(db, manager, action_id, status="in_progress")
    with pytest.raises(InputError, match="Notatka zamknięcia"):
        service.close(db, manager, action_id, "   ")
    service.close(db, manager, action_id, "Przeszkolono zespół na stanowisku.")
    row = stored(db, action_id)
    assert (row["status"], row["closing_note"]) == ("closed", "Przeszkolono zespół na stanowisku.")
    assert row["closed_at"].date() == TODAY
    with pytest.raises(ActionError, match="już zamknięte lub anulowane"):
        service.update(db, manager, action_id, status="in_progress")
    with pytest.raises(ActionError, match="już zamknięte lub anulowane"):
        service.cancel(db, manager, action_id, "Pomyłka")
    assert [e["action"] for e in audit_entries(db, action_id)] == ["create", "update", "update"]
    closing = audit_entries(db, action_id)[-1]
    assert json.loads(closing["before"])["status"] == "in_progress"
    assert json.loads(closing["after"])["status"] == "closed"


def test_cancel_needs_a_reason_and_is_final(db, office):
    action_id = raise_action(db, office)
    supervisor = user(db, office, "kierownik.km")
    with pytest.raises(InputError, match="Powód anulowania"):
        service.cancel(db, supervisor, action_id, "")
    service.cancel(db, supervisor, action_id, "Zdublowane z innym działaniem.")
    assert stored(db, action_id)["status"] == "cancelled"
    with pytest.raises(ActionError, match="już zamknięte lub anulowane"):
        service.update(db, supervisor, action_id, due_date=TODAY + timedelta(days=60))


def test_update_changes_owner_and_due_date_with_the_same_rules(db, office):
    action_id = raise_action(db, office)
    manager = user(db, office, "starosta")
    with pytest.raises(ActionError, match="nie może być w przeszłości"):
        service.update(db, manager, action_id, due_date=TODAY - timedelta(days=3))
    with pytest.raises(ActionError, match="Odpowiedzialnym"):
        service.update(db, manager, action_id, owner_id=office["accounts"]["kierownik.gk"])
    service.update(
        db, manager, action_id, owner_id=office["accounts"]["starosta"], due_date=TODAY + timedelta(days=5)
    )
    row = stored(db, action_id)
    assert (row["owner_id"], row["due_date"]) == (office["accounts"]["starosta"], TODAY + timedelta(days=5))
    entry = audit_entries(db, action_id)[-1]
    assert json.loads(entry["before"])["owner_id"] == str(office["accounts"]["kierownik.km"])


def test_a_supervisor_cannot_change_another_departments_action(db, office):
    action_id = raise_action(db, office, department="GK", owner="kierownik.gk")
    with pytest.raises(ActionError, match="nie należy do Twoich wydziałów"):
        service.update(db, user(db, office, "kierownik.km"), action_id, status="in_progress")
    assert stored(db, action_id)["status"] == "open"


def test_scope_listing_per_role(db, office):
    raise_action(db, office, department="KM")
    raise_action(db, office, department="GK", owner="kierownik.gk")
    raise_action(db, office, department="GK", owner="starosta")

    def expected(sql_filter: str, params: list) -> set:
        return {r[0] for r in db.query(f"SELECT id FROM improvement_actions {sql_filter}", params)}

    def listed(login: str) -> set:
        return {row["id"] for row in service.list_for(db, user(db, office, login), TODAY)}

    assert listed("starosta") == expected("", [])
    assert len(listed("starosta")) == 3
    assert listed("kierownik.km") == expected("WHERE department_id = ?", [office["departments"]["KM"]])
    assert listed("kierownik.gk") == expected("WHERE department_id = ?", [office["departments"]["GK"]])
    assert listed("kowalska") == set()  # an employee never owns an action
    assert listed("admin") == set()


def test_overdue_and_the_counts_against_the_office_clock(db, office, monkeypatch):
    late = raise_action(db, office, title="Spóźnione")
    started = raise_action(db, office, title="Rozpoczęte i spóźnione")
    on_time = raise_action(db, office, title="W terminie", due_date=TODAY + timedelta(days=40))
    done = raise_action(db, office, title="Zamknięte")
    manager = user(db, office, "starosta")
    service.update(db, manager, started, status="in_progress")
    service.update(db, manager, done, status="in_progress")
    service.close(db, manager, done, "Gotowe.")
    # three weeks later: two active actions are past their due date (14 days); a closed one never is
    later = TODAY + timedelta(days=21)
    rows = {row["title"]: row for row in service.list_for(db, manager, later)}
    assert {title for title, row in rows.items() if row["overdue"]} == {"Spóźnione", "Rozpoczęte i spóźnione"}
    assert service.counts(list(rows.values()), later) == service.Counts(
        open=3, overdue=2, closed_this_quarter=1
    )
    # in the next quarter the action closed on TODAY no longer counts
    next_quarter = date(2027, 1, 4)
    rows_then = service.list_for(db, manager, next_quarter)
    assert service.counts(rows_then, next_quarter).closed_this_quarter == 0
    assert {late, started, on_time} == {r["id"] for r in rows_then if r["status"] in service.ACTIVE}
    # due today is not overdue yet
    assert not rows["W terminie"]["overdue"]
    assert not {r["title"]: r for r in service.list_for(db, manager, TODAY + timedelta(days=14))}[
        "Spóźnione"
    ]["overdue"]


def test_actions_change_no_dashboard_figure(db, office):
    before = db.data_version("ratings", "observations")
    action_id = raise_action(db, office)
    service.update(db, user(db, office, "starosta"), action_id, status="in_progress")
    assert db.data_version("ratings", "observations") == before


def test_a_change_checked_against_a_status_changed_meanwhile_is_refused_and_nothing_written(
    db, office, monkeypatch
):
    """Two people at once: the second read the action before the first cancelled it."""
    action_id = raise_action(db, office)
    manager, supervisor = user(db, office, "starosta"), user(db, office, "kierownik.km")
    as_read = service.actions.get(db, action_id)
    service.cancel(db, manager, action_id, "Zadanie zdublowane.")
    monkeypatch.setattr(service.actions, "get", lambda _db, _id: dict(as_read))  # the stale reading
    with pytest.raises(ActionError, match="Ktoś właśnie zmienił to działanie"):
        service.update(db, supervisor, action_id, status="in_progress")
    assert stored(db, action_id)["status"] == "cancelled"
    assert [entry["action"] for entry in audit_entries(db, action_id)] == ["create", "update"]


# --- raised from a source: the source kept, checked to exist and to lie in the user's scope -----


def sent_observation(db, office, employee="kowalska", department="KM", status="sent", answers=None):
    return add_observation(
        db,
        department=office["departments"][department],
        employee=office["employees"][employee],
        observer=office["accounts"][f"kierownik.{department.lower()}"],
        at=datetime(2026, 11, 12, 10, 30),
        answers=answers or {STANDARD.items[0].id: "nie", STANDARD.items[1].id: "tak"},
        status=status,
    )


def conversation(db, office, employee="kowalska") -> str:
    conversation_id = str(uuid.uuid4())
    db.write(
        lambda c: c.execute(
            "INSERT INTO conversations (id, employee_id, supervisor_id, held_on, goals, goal_assessments, "
            "created_at) VALUES (?, ?, ?, DATE '2026-10-05', '[]', '[]', now())",
            [conversation_id, office["employees"][employee], office["accounts"]["kierownik.km"]],
        )
    )
    return conversation_id


def client_comment(db, office, department: str | None = "KM", comment: str | None = "Długo czekałem.") -> str:
    rating_id = str(uuid.uuid4())
    db.write(
        lambda c: c.execute(
            "INSERT INTO client_ratings (id, created_at, channel, department_id, language, overall, comment, "
            "comment_status) VALUES (?, TIMESTAMP '2026-11-03 12:00', 'qr', ?, 'pl', 2, ?, 'pending')",
            [rating_id, office["departments"][department] if department else None, comment],
        )
    )
    return rating_id


def client_case(db, office, department: str | None = "GK") -> str:
    case_id = str(uuid.uuid4())
    db.write(
        lambda c: c.execute(
            "INSERT INTO client_cases (id, origin, department_id, request, contact_email, language, status, "
            "due_date, created_by, created_at) VALUES (?, 'paper', ?, 'Proszę o odpowiedź.', 'a@b.example', "
            "'pl', 'open', DATE '2026-12-01', 'starosta', TIMESTAMP '2026-11-17 09:00')",
            [case_id, office["departments"][department] if department else None],
        )
    )
    return case_id


def test_each_source_kind_is_found_with_its_department_employee_and_moment(db, office):
    manager = user(db, office, "starosta")
    observation = service.source_for(db, manager, "observation_item", sent_observation(db, office))
    assert (observation.department_id, observation.employee_id) == (
        office["departments"]["KM"],
        office["employees"]["kowalska"],
    )
    assert observation.happened_at == datetime(2026, 11, 12, 10, 30)
    talk = service.source_for(db, manager, "conversation_goal", conversation(db, office, "nowak"))
    assert (talk.department_id, talk.employee_id, talk.happened_at.date()) == (
        office["departments"]["KM"],
        office["employees"]["nowak"],
        date(2026, 10, 5),
    )
    comment = service.source_for(db, manager, "client_comment", client_comment(db, office))
    assert (comment.department_id, comment.employee_id) == (office["departments"]["KM"], None)
    case = service.source_for(db, manager, "client_case", client_case(db, office))
    assert (case.department_id, case.happened_at) == (office["departments"]["GK"], datetime(2026, 11, 17, 9))


@pytest.mark.parametrize(
    ("kind", "make", "login", "found"),
    [
        ("observation_item", lambda db, o: sent_observation(db, o), "kierownik.km", True),
        ("observation_item", lambda db, o: sent_observation(db, o), "kierownik.gk", False),  # not theirs
        ("observation_item", lambda db, o: sent_observation(db, o, status="draft"), "starosta", False),
        ("conversation_goal", lambda db, o: conversation(db, o), "kierownik.gk", False),
        (
            "client_comment",
            lambda db, o: client_comment(db, o, comment=None),
            "starosta",
            False,
        ),  # no comment
        ("client_comment", lambda db, o: client_comment(db, o, department=None), "starosta", True),
        ("client_comment", lambda db, o: client_comment(db, o, department=None), "kierownik.km", False),
        ("client_case", lambda db, o: client_case(db, o), "kierownik.gk", True),
        ("client_case", lambda db, o: client_case(db, o), "kierownik.km", False),
        ("client_case", lambda db, o: str(uuid.uuid4()), "starosta", False),  # no such case
        ("client_case", lambda db, o: "nie-uuid'; DROP TABLE x; --", "starosta", False),
        ("heatmap_cell", lambda db, o: "01.09.2026–20.11.2026", "starosta", False),  # not an id
    ],
)
def test_a_source_outside_the_scope_or_missing_is_not_found(db, office, kind, make, login, found):
    assert (service.source_for(db, user(db, office, login), kind, make(db, office)) is not None) is found


def test_an_action_from_an_observation_for_its_employee_is_stored_and_listed_with_both(db, office):
    observation_id = sent_observation(db, office)
    item = STANDARD.items[0]
    action_id = raise_action(
        db,
        office,
        login="kierownik.km",
        standard_id=STANDARD.id,
        item_id=item.id,
        employee_id=office["employees"]["kowalska"],
        source_kind="observation_item",
        source_ref=str(observation_id).upper(),  # the stored ref is the id's one spelling
    )
    row = stored(db, action_id)
    assert (row["source_kind"], row["source_ref"]) == ("observation_item", str(observation_id))
    assert row["employee_id"] == office["employees"]["kowalska"]
    [listed] = service.list_for(db, user(db, office, "kierownik.km"), TODAY)
    assert listed["employee_name"] == "Anna Kowalska"
    assert listed["source_at"] == datetime(2026, 11, 12, 10, 30)
    assert json.loads(audit_entries(db, action_id)[0]["after"])["employee_id"] == str(
        office["employees"]["kowalska"]
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"employee_id": "wisniewska"}, "pracownik nie należy do tego wydziału"),  # a GK employee
        ({"source_kind": "observation_item", "source_ref": "gk"}, "Źródło działania nie istnieje"),
        (
            {"source_kind": "observation_item", "source_ref": str(uuid.uuid4())},
            "Źródło działania nie istnieje",
        ),
        ({"source_kind": "client_case", "source_ref": None}, "Źródło działania nie istnieje"),
    ],
)
def test_a_foreign_employee_or_source_is_refused(db, office, fields, message):
    if fields.get("employee_id"):
        fields = fields | {"employee_id": office["employees"][fields["employee_id"]]}
    if fields.get("source_ref") == "gk":  # a GK observation for a KM action
        fields = fields | {"source_ref": str(sent_observation(db, office, "wisniewska", "GK"))}
    with pytest.raises(ActionError, match=message):
        raise_action(db, office, **fields)
    assert db.query("SELECT count(*) FROM improvement_actions") == [(0,)]


def test_observation_offers_link_each_item_not_met_critical_first(db, office):
    critical = next(item for item in STANDARD.items if item.critical)
    plain_items = [item for item in STANDARD.items if not item.critical][:2]
    observation_id = sent_observation(
        db,
        office,
        answers={plain_items[0].id: "nie", critical.id: "nie", plain_items[1].id: "tak"},
    )
    offers = service.observation_offers(db, CHECKLISTS, get_observation(db, observation_id))
    assert [(offer.item_id, offer.critical) for offer in offers] == [
        (critical.id, True),
        (plain_items[0].id, False),
    ]
    assert offers[0].params == {
        "wydzial": "KM",
        "standard": STANDARD.id,
        "pozycja": critical.id,
        "pracownik": str(office["employees"]["kowalska"]),
        "zrodlo": "obserwacja",
        "ref": str(observation_id),
    }
    draft = sent_observation(db, office, status="draft")
    assert service.observation_offers(db, CHECKLISTS, get_observation(db, draft)) == []


def test_due_soon_and_the_counts_of_chosen_departments(db, office):
    late = raise_action(db, office, title="Spóźnione", due_date=TODAY)
    raise_action(db, office, title="Za tydzień", due_date=TODAY + timedelta(days=7))
    raise_action(db, office, title="Za miesiąc", due_date=TODAY + timedelta(days=30))
    raise_action(db, office, title="Cudze", owner="starosta", due_date=TODAY + timedelta(days=1))
    raise_action(db, office, title="W GK", department="GK", owner="kierownik.gk", due_date=TODAY)
    later = TODAY + timedelta(days=1)
    supervisor, manager = user(db, office, "kierownik.km"), user(db, office, "starosta")
    overdue, soon = service.due_soon(service.list_for(db, supervisor, later), supervisor, later)
    assert [row["id"] for row in overdue] == [late]
    assert [row["title"] for row in soon] == ["Za tydzień"]  # due within 7 days of `later`
    assert service.counts_for(db, manager, later, None) == service.Counts(
        open=5, overdue=2, closed_this_quarter=0
    )
    km = (office["departments"]["KM"],)
    assert service.counts_for(db, manager, later, km) == service.Counts(
        open=4, overdue=1, closed_this_quarter=0
    )
    assert service.counts_for(db, supervisor, later, None).open == 4  # GK is not theirs


def test_an_employee_sees_the_actions_raised_for_them_and_no_others(db, office):
    """Their own view only: not cancelled, not another employee's, not a department's; nobody else
    gets a list from own_actions (they have the register)."""
    kowalska, nowak = office["employees"]["kowalska"], office["employees"]["nowak"]
    first = raise_action(db, office, title="Dyskrecja przy okienku", employee_id=kowalska)
    later = raise_action(
        db, office, title="Powitanie Klienta", employee_id=kowalska, due_date=TODAY + timedelta(days=30)
    )
    cancelled = raise_action(db, office, title="Odwołane", employee_id=kowalska)
    service.cancel(db, user(db, office, "starosta"), cancelled, reason="Pomyłka.")
    raise_action(db, office, title="Nie jej", employee_id=nowak)
    raise_action(db, office, title="Całego wydziału")
    own = service.own_actions(db, user(db, office, "kowalska"))
    assert [row["id"] for row in own] == [first, later]  # the nearest due date first
    for login in ("starosta", "kierownik.km", "admin"):
        assert service.own_actions(db, user(db, office, login)) == []
