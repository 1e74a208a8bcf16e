"""People processes (services/people.py, storage/people.py, documents/acknowledgement.py): handbook
acknowledgements, periodic conversations, the employee's own view and retention."""

from __future__ import annotations

import dataclasses
import io
import json
import uuid
from datetime import timedelta

import numpy as np
import pypdf
import pytest
from scipy import stats

from accounts.service import CurrentUser
from checklists.loading import current_checklists
from checklists.schema import Answer, Kind
from checklists.scoring import score_observation
from documents.acknowledgement import acknowledgement_forms
from services import observations as observation_service
from services import people as service
from services.observations import StartRequest
from services.organisation import InputError
from services.people import PeopleError
from storage import audit, observations, people, users
from storage.db import Database, now
from storage.employees import update_employee

CHECKLISTS = current_checklists()
NEW_VERSION = "2027.1"
# Non-critical in-person items: a "nie" needs no comment.
PLAIN = [e.item.id for e in CHECKLISTS.entries_for(Kind.IN_PERSON) if not e.item.critical]
CRITICAL = next(e.item.id for e in CHECKLISTS.entries_for(Kind.IN_PERSON) if e.item.critical)


def user(db, office, login) -> CurrentUser:
    return CurrentUser.from_row(users.get_user(db, office["accounts"][login]))


def with_version(version: str):
    """The shipped checklists as if the office had published handbook `version`."""
    return dataclasses.replace(
        CHECKLISTS, handbook=CHECKLISTS.handbook.model_copy(update={"version": version})
    )


def observe(
    db,
    office,
    employee: str | None,
    *,
    days_ago: float = 1,
    not_met=(),
    comments: dict | None = None,
    notes=(None, None),
    kind=Kind.IN_PERSON,
    send=True,
    checklists=CHECKLISTS,
) -> uuid.UUID:
    """A supervisor's observation of `employee`: every item "tak" except `not_met`, sent."""
    department = "KM" if employee in (None, "kowalska", "nowak") else "GK"
    supervisor = user(db, office, f"kierownik.{department.lower()}")
    observation_id = observation_service.start(
        db,
        checklists,
        supervisor,
        StartRequest(
            observation_id=uuid.uuid4(),
            kind=kind,
            department_id=office["departments"][department],
            employee_id=None if employee is None else office["employees"][employee],
            observed_at=now() - timedelta(days=days_ago),
        ),
    )
    comments = comments or {}
    for item_id in {*not_met, *comments}:
        answer = Answer.NOT_MET if item_id in not_met else Answer.MET
        observation_service.record_answer(
            db, checklists, supervisor, observation_id, item_id, answer, comments.get(item_id)
        )
    # every other item "tak" in one statement (seeding; send() below scores the whole observation)
    db.write(
        lambda cursor: cursor.execute(
            "UPDATE observation_answers SET answer = ? WHERE observation_id = ? AND answer IS NULL",
            [Answer.MET.value, observation_id],
        )
    )
    if any(notes):
        observation_service.record_notes(db, supervisor, observation_id, *notes)
    if send:
        assert observation_service.send(db, checklists, supervisor, observation_id)
    return observation_id


def talk(
    db, office, employee="kowalska", *, days_ago=60, goals=None, assessments=(), next_in=120
) -> uuid.UUID:
    """A conversation held `days_ago` by the employee's supervisor, the next one planned
    `next_in` days from today."""
    conversation_id = uuid.uuid4()
    department = "km" if employee in ("kowalska", "nowak") else "gk"
    assert service.record_conversation(
        db,
        CHECKLISTS,
        user(db, office, f"kierownik.{department}"),
        conversation_id=conversation_id,
        employee_id=office["employees"][employee],
        held_on=now().date() - timedelta(days=days_ago),
        assessments=list(assessments),
        goals=goals or [{"standard_id": "wiedza", "text": "Znać procedury rejestracji."}],
        training_needs=[],
        notes="",
        next_on=None if next_in is None else now().date() + timedelta(days=next_in),
    )
    return conversation_id


def rating(db, department_id, overall: int, days_ago: float) -> None:
    db.write(
        lambda cursor: cursor.execute(
            "INSERT INTO client_ratings (id, created_at, channel, department_id, language, overall) "
            "VALUES (?, ?, 'qr', ?, 'pl', ?)",
            [uuid.uuid4(), now() - timedelta(days=days_ago), department_id, overall],
        )
    )


def register_row(rows, employee_id) -> dict:
    (row,) = [r for r in rows if r["employee_id"] == employee_id]
    return row


# acknowledgements ------------------------------------------------------------------------------


def test_an_employee_acknowledges_the_current_version_once(db, office):
    kowalska = user(db, office, "kowalska")
    assert service.acknowledge_self(db, CHECKLISTS, kowalska) is True
    assert service.acknowledge_self(db, CHECKLISTS, kowalska) is False
    rows = db.query_dicts(
        "SELECT employee_id, handbook_version, acknowledged_on, method, recorded_by FROM acknowledgements"
    )
    assert rows == [
        {
            "employee_id": office["employees"]["kowalska"],
            "handbook_version": CHECKLISTS.version,
            "acknowledged_on": now().date(),
            "method": "self",
            "recorded_by": kowalska.id,
        }
    ]
    logged = audit.entries(db, entity="employee", entity_id=office["employees"]["kowalska"])
    assert [e["action"] for e in logged].count("acknowledge") == 1


def test_an_account_without_an_employee_record_cannot_acknowledge(db, office):
    for login in ("admin", "starosta", "kierownik.km"):
        with pytest.raises(PeopleError, match="nie jest powiązane z kartą pracownika"):
            service.acknowledge_self(db, CHECKLISTS, user(db, office, login))
    assert db.scalar("SELECT count(*) FROM acknowledgements") == 0


def test_a_supervisor_records_a_signed_paper_form(db, office):
    signed_on = now().date() - timedelta(days=3)
    nowak = office["employees"]["nowak"]
    supervisor = user(db, office, "kierownik.km")
    assert service.record_paper_acknowledgement(db, CHECKLISTS, supervisor, nowak, signed_on) is True
    assert service.record_paper_acknowledgement(db, CHECKLISTS, supervisor, nowak, signed_on) is False
    assert people.acknowledgement_of(db, nowak, CHECKLISTS.version) == {
        "acknowledged_on": signed_on,
        "method": "paper",
    }
    assert (
        db.scalar("SELECT recorded_by FROM acknowledgements WHERE employee_id = ?", [nowak]) == supervisor.id
    )


def test_a_paper_form_is_recorded_only_by_the_employees_own_supervisor(db, office):
    for login, employee, message in (
        ("kierownik.gk", "nowak", "nie należy do Twoich wydziałów"),
        ("kierownik.km", "wisniewska", "nie należy do Twoich wydziałów"),
        ("starosta", "nowak", "wpisuje przełożony"),
        ("admin", "nowak", "wpisuje przełożony"),
        ("kowalska", "kowalska", "wpisuje przełożony"),
    ):
        with pytest.raises(PeopleError, match=message):
            service.record_paper_acknowledgement(
                db, CHECKLISTS, user(db, office, login), office["employees"][employee], now().date()
            )
    assert db.scalar("SELECT count(*) FROM acknowledgements") == 0


def test_a_paper_form_cannot_be_signed_in_the_future(db, office):
    tomorrow = now().date() + timedelta(days=1)
    with pytest.raises(PeopleError, match="w przyszłości"):
        service.record_paper_acknowledgement(
            db, CHECKLISTS, user(db, office, "kierownik.km"), office["employees"]["nowak"], tomorrow
        )
    assert db.scalar("SELECT count(*) FROM acknowledgements") == 0
    # today is fine
    assert service.record_paper_acknowledgement(
        db, CHECKLISTS, user(db, office, "kierownik.km"), office["employees"]["nowak"], now().date()
    )


def test_a_new_handbook_version_asks_everybody_again(db, office):
    kowalska = office["employees"]["kowalska"]
    assert service.acknowledge_self(db, CHECKLISTS, user(db, office, "kowalska"))
    old = register_row(people.acknowledgement_register(db, CHECKLISTS.version, None), kowalska)
    assert old["acknowledged_on"] == now().date()
    assert old["method"] == "self"

    new = register_row(people.acknowledgement_register(db, NEW_VERSION, None), kowalska)
    assert new["acknowledged_on"] is None
    assert new["method"] is None

    newer = with_version(NEW_VERSION)
    assert newer.version == NEW_VERSION != CHECKLISTS.version
    supervisor = user(db, office, "kierownik.km")
    missing = [
        r["employee_id"] for r in service.register(db, newer, supervisor) if r["acknowledged_on"] is None
    ]
    assert kowalska in missing
    assert people.acknowledgement_of(db, kowalska, NEW_VERSION) is None
    # and she may acknowledge the new version, which does not touch the old one
    assert service.acknowledge_self(db, newer, user(db, office, "kowalska")) is True
    assert people.acknowledgement_of(db, kowalska, NEW_VERSION)["method"] == "self"
    assert db.scalar("SELECT count(*) FROM acknowledgements WHERE employee_id = ?", [kowalska]) == 2


def test_an_observation_of_an_employee_without_acknowledgement_is_flagged(db, office):
    kowalska, nowak = office["employees"]["kowalska"], office["employees"]["nowak"]
    supervisor = user(db, office, "kierownik.km")
    assert service.record_paper_acknowledgement(db, CHECKLISTS, supervisor, nowak, now().date())

    draft = observe(db, office, "kowalska", send=False)
    assert observations.get_observation(db, draft)["employee_acknowledged"] is False
    rows = service.register(db, CHECKLISTS, supervisor)
    assert register_row(rows, kowalska)["unacknowledged_observations"] == 0  # a draft does not count

    assert observation_service.send(db, CHECKLISTS, supervisor, draft)
    acknowledged = observe(db, office, "nowak")
    assert observations.get_observation(db, acknowledged)["employee_acknowledged"] is True

    rows = service.register(db, CHECKLISTS, supervisor)
    assert register_row(rows, kowalska)["unacknowledged_observations"] == 1
    assert register_row(rows, nowak)["unacknowledged_observations"] == 0
    # an observation made under the old version does not count against the new one
    assert (
        register_row(service.register(db, with_version(NEW_VERSION), supervisor), kowalska)[
            "unacknowledged_observations"
        ]
        == 0
    )


def test_the_register_shows_each_supervisor_only_their_departments(db, office):
    km = {office["employees"]["kowalska"], office["employees"]["nowak"]}
    everybody = set(office["employees"].values())
    assert {
        r["employee_id"] for r in service.register(db, CHECKLISTS, user(db, office, "kierownik.km"))
    } == km
    assert {
        r["employee_id"] for r in service.register(db, CHECKLISTS, user(db, office, "starosta"))
    } == everybody


def test_coverage_counts_active_employees_and_acknowledgements_per_department(db, office):
    assert service.acknowledge_self(db, CHECKLISTS, user(db, office, "kowalska"))
    assert service.record_paper_acknowledgement(
        db, CHECKLISTS, user(db, office, "kierownik.gk"), office["employees"]["wisniewska"], now().date()
    )
    update_employee(db, office["employees"]["zielinski"], {"active": False}, "test")
    rows = service.register(db, CHECKLISTS, user(db, office, "starosta"))
    coverage = {
        c["department"]: (c["employees"], c["acknowledged"]) for c in service.coverage_by_department(rows)
    }
    assert coverage == {"Wydział Komunikacji": (2, 1), "Wydział Geodezji i Kartografii": (1, 1)}


def test_the_paper_form_pdf_has_one_page_per_employee_of_the_register(db, office):
    """The register's rows (the page's own input) print one A4 page each, in the register's
    order, each with its employee's name (read back with pypdf)."""
    rows = service.register(db, CHECKLISTS, user(db, office, "starosta"))
    assert len(rows) == 4
    pdf = acknowledgement_forms(rows, "Starostwo Powiatowe w Grójcu", CHECKLISTS.version, now().date())
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 4
    for page, row in zip(pages, rows, strict=True):
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)  # A4
        assert f"{row['first_name']} {row['last_name']}" in page.extract_text()
    one = acknowledgement_forms(rows[:1], "Starostwo Powiatowe w Grójcu", CHECKLISTS.version, now().date())
    assert len(pypdf.PdfReader(io.BytesIO(one)).pages) == 1


# conversations ---------------------------------------------------------------------------------


def cluster_interval(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    """The 95% interval of the ratio Σy / Σx over observations (y met weight, x scored weight),
    worked out here with numpy and scipy from the pairs themselves: R ± t(0.975; n − 1)·SE,
    SE = √(n/(n − 1)·Σ(y − R·x)²) / Σx, clipped to [0, 1]."""
    y, x = np.array(pairs, dtype=float).T
    n, ratio = len(y), y.sum() / x.sum()
    error = np.sqrt(n / (n - 1) * np.sum((y - ratio * x) ** 2)) / x.sum()
    half = stats.t.ppf(0.975, n - 1) * error
    return max(0.0, ratio - half), min(1.0, ratio + half)


def test_the_prefill_shows_only_what_happened_since_the_last_conversation(db, office, monkeypatch):
    monkeypatch.delenv("JAKOSC_MIN_OBSERVATIONS", raising=False)
    x, y, z = PLAIN[:3]
    km = office["departments"]["KM"]
    before = observe(db, office, "kowalska", days_ago=100, not_met={x})
    rating(db, km, 5, days_ago=90)
    goals = [
        {"standard_id": "wiedza", "text": "Znać procedury rejestracji."},
        {"standard_id": "dyskrecja", "text": "Rozmowy o sprawach innych Klientów tylko na zapleczu."},
    ]
    held = talk(db, office, days_ago=60, goals=goals)
    after_1 = observe(db, office, "kowalska", days_ago=30, not_met={y, z})
    after_2 = observe(db, office, "kowalska", days_ago=10, not_met={y})
    observe(db, office, "nowak", days_ago=5, not_met={x})  # somebody else
    rating(db, km, 5, days_ago=20)
    rating(db, km, 2, days_ago=15)
    rating(db, office["departments"]["GK"], 1, days_ago=15)  # another department

    prefill = service.prefill(db, user(db, office, "kierownik.km"), office["employees"]["kowalska"])
    assert prefill.since == now().date() - timedelta(days=60)
    assert [o["id"] for o in prefill.observations] == [after_2, after_1]
    assert before not in {o["id"] for o in prefill.observations}
    assert [(w["item_id"], w["not_met"], w["scored"]) for w in prefill.weakest_items] == [
        (y, 2, 2),
        (z, 1, 2),
    ]
    assert prefill.department_ratings["ratings"] == 2
    assert prefill.department_ratings["satisfied"] == 1
    assert prefill.department_ratings["mean_rating"] == pytest.approx(3.5)
    assert prefill.open_goals == goals
    assert prefill.employee["id"] == office["employees"]["kowalska"]
    assert held in {c["id"] for c in people.conversations_of(db, office["employees"]["kowalska"])}

    # the observations since, as the scoring module scores them: one (met weight, scored weight)
    # pair per observation overall and per standard; the observation is the unit
    overall: list[tuple[float, float]] = []
    by_standard: dict[str, list[tuple[float, float]]] = {}
    for observation_id in (after_1, after_2):
        answers = {
            a["item_id"]: a["answer"] for a in observations.get_observation(db, observation_id)["answers"]
        }
        scored = score_observation(CHECKLISTS, list(answers), answers)
        overall.append((scored.overall.met_weight, scored.overall.met_weight + scored.overall.not_met_weight))
        for standard_id, tally in scored.by_standard.items():
            by_standard.setdefault(standard_id, []).append(
                (tally.met_weight, tally.met_weight + tally.not_met_weight)
            )
    got = {s["standard_id"]: s for s in prefill.standard_scores}
    assert [s["standard_id"] for s in prefill.standard_scores] == sorted(by_standard)
    for standard_id, pairs in by_standard.items():
        counted = [(met, scored) for met, scored in pairs if scored > 0]  # "nie dotyczy" only: not counted
        row = got[standard_id]
        assert row["scored_observations"] == len(counted)
        assert row["met"] == pytest.approx(sum(met for met, _ in counted))
        assert row["scored"] == pytest.approx(sum(scored for _, scored in counted))
        assert row["met_sq"] == pytest.approx(sum(met * met for met, _ in counted))
        assert row["scored_sq"] == pytest.approx(sum(scored * scored for _, scored in counted))
        assert row["cross_sum"] == pytest.approx(sum(met * scored for met, scored in counted))
    # y and z unmet after the conversation: their standards were scored by both observations
    assert got[CHECKLISTS.entry(y).standard.id]["scored_observations"] == 2

    # the employee's score over the two observations since: Σ met / Σ scored, n = 2 observations,
    # under the 5 observations a score needs, so withheld (shown as "za mało obserwacji")
    score = prefill.score
    assert score.value == pytest.approx(sum(m for m, _ in overall) / sum(s for _, s in overall))
    assert (score.n, score.min_n, score.enough, score.shown) == (2, 5, False, None)
    assert overall[0][0] / overall[0][1] != overall[1][0] / overall[1][1]  # y and z unmet vs y only

    monkeypatch.setenv("JAKOSC_MIN_OBSERVATIONS", "2")
    score = service.prefill(db, user(db, office, "kierownik.km"), office["employees"]["kowalska"]).score
    assert (score.n, score.enough) == (2, True)
    assert score.shown == pytest.approx(sum(m for m, _ in overall) / sum(s for _, s in overall))
    low, high = cluster_interval(overall)
    assert (score.low, score.high) == (pytest.approx(low), pytest.approx(high))


def test_the_first_conversation_prefills_everything_so_far_and_no_goals(db, office):
    first = observe(db, office, "kowalska", days_ago=400, not_met={PLAIN[0]})
    rating(db, office["departments"]["KM"], 4, days_ago=300)
    prefill = service.prefill(db, user(db, office, "kierownik.km"), office["employees"]["kowalska"])
    assert prefill.since is None
    assert [o["id"] for o in prefill.observations] == [first]
    assert prefill.score.n == 1  # the one observation so far: too few to show a score
    assert prefill.score.shown is None
    assert [w["item_id"] for w in prefill.weakest_items] == [PLAIN[0]]
    assert prefill.department_ratings["ratings"] == 1
    assert prefill.open_goals == []


def test_the_prefill_uses_the_latest_conversation(db, office):
    talk(db, office, days_ago=300, goals=[{"standard_id": "wiedza", "text": "Stary cel."}])
    newest = [{"standard_id": "proces", "text": "Nowy cel."}]
    talk(db, office, days_ago=100, goals=newest, assessments=["met"])
    prefill = service.prefill(db, user(db, office, "kierownik.km"), office["employees"]["kowalska"])
    assert prefill.since == now().date() - timedelta(days=100)
    assert prefill.open_goals == newest


def test_a_conversation_is_stored_with_goals_assessments_and_training(db, office):
    previous = [
        {"standard_id": "wiedza", "text": "Znać procedury rejestracji."},
        {"standard_id": "dyskrecja", "text": "Nie rozmawiać o sprawach innych Klientów."},
    ]
    talk(db, office, days_ago=200, goals=previous)
    conversation_id = uuid.uuid4()
    supervisor = user(db, office, "kierownik.km")
    held_on = now().date() - timedelta(days=1)
    next_on = now().date() + timedelta(days=150)
    assert service.record_conversation(
        db,
        CHECKLISTS,
        supervisor,
        conversation_id=conversation_id,
        employee_id=office["employees"]["kowalska"],
        held_on=held_on,
        assessments=["met", "partly"],
        goals=[
            {"standard_id": "proces", "text": "  Informować o terminie załatwienia sprawy. "},
            {"standard_id": "wiedza", "text": ""},  # an empty row of the form is skipped
            {"standard_id": "telefon", "text": "Odbierać telefon do trzeciego sygnału."},
        ],
        training_needs=["szkolenie stanowiskowe", "", "Kurs języka migowego"],
        notes="Rozmowa w dobrej atmosferze.",
        next_on=next_on,
    )
    (stored,) = db.query_dicts(
        "SELECT employee_id, supervisor_id, held_on, goals, goal_assessments, training_needs, notes, next_on "
        "FROM conversations WHERE id = ?",
        [conversation_id],
    )
    assert stored["employee_id"] == office["employees"]["kowalska"]
    assert stored["supervisor_id"] == supervisor.id
    assert (stored["held_on"], stored["next_on"]) == (held_on, next_on)
    assert json.loads(stored["goals"]) == [
        {"standard_id": "proces", "text": "Informować o terminie załatwienia sprawy."},
        {"standard_id": "telefon", "text": "Odbierać telefon do trzeciego sygnału."},
    ]
    assert json.loads(stored["goal_assessments"]) == [
        {"goal": previous[0], "result": "met"},
        {"goal": previous[1], "result": "partly"},
    ]
    assert stored["training_needs"] == "szkolenie stanowiskowe; Kurs języka migowego"
    assert stored["notes"] == "Rozmowa w dobrej atmosferze."
    assert [e["action"] for e in audit.entries(db, entity="conversation", entity_id=conversation_id)] == [
        "create"
    ]


def _conversation(db, office, **changes):
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
    login = changes.pop("login", "kierownik.km")
    arguments.update(changes)
    return service.record_conversation(db, CHECKLISTS, user(db, office, login), **arguments)


def test_a_conversation_sets_one_to_three_goals_each_tied_to_a_standard(db, office):
    for goals, message in (
        ([], "od 1 do 3 celów"),
        ([{"standard_id": "wiedza", "text": "   "}], "od 1 do 3 celów"),
        ([{"standard_id": "wiedza", "text": f"Cel {n}."} for n in range(4)], "od 1 do 3 celów"),
        ([{"standard_id": "nieznany", "text": "Cel."}], "powiązany ze standardem"),
        ([{"standard_id": None, "text": "Cel."}], "powiązany ze standardem"),
    ):
        with pytest.raises(PeopleError, match=message):
            _conversation(db, office, goals=goals)
    assert db.scalar("SELECT count(*) FROM conversations") == 0


def test_three_goals_are_allowed(db, office):
    goals = [{"standard_id": s, "text": f"Cel dla {s}."} for s in ("wiedza", "proces", "telefon")]
    assert _conversation(db, office, goals=goals)
    assert len(people.conversations_of(db, office["employees"]["kowalska"])[0]["goals"]) == 3


def test_every_previous_goal_must_be_assessed(db, office):
    goals = [{"standard_id": "wiedza", "text": "Pierwszy."}, {"standard_id": "proces", "text": "Drugi."}]
    talk(db, office, days_ago=200, goals=goals)
    for assessments in ([], ["met"], ["met", ""], ["met", "dobrze"], ["met", "met", "met"]):
        with pytest.raises(PeopleError, match="Oceń każdy cel"):
            _conversation(db, office, assessments=assessments)
    assert db.scalar("SELECT count(*) FROM conversations") == 1
    assert _conversation(db, office, assessments=["not_met", "met"])


def test_a_first_conversation_has_nothing_to_assess(db, office):
    with pytest.raises(PeopleError, match="Oceń każdy cel"):
        _conversation(db, office, assessments=["met"])
    assert _conversation(db, office, assessments=[])


def test_the_next_conversation_is_after_this_one(db, office):
    held_on = now().date() - timedelta(days=5)
    for next_in in (0, -1):
        with pytest.raises(PeopleError, match="po dacie tej rozmowy"):
            _conversation(db, office, held_on=held_on, next_on=held_on + timedelta(days=next_in))
    assert _conversation(db, office, held_on=held_on, next_on=held_on + timedelta(days=1))


def test_a_conversation_cannot_be_held_in_the_future(db, office):
    with pytest.raises(PeopleError, match="w przyszłości"):
        _conversation(db, office, held_on=now().date() + timedelta(days=1))
    assert db.scalar("SELECT count(*) FROM conversations") == 0


def test_saving_a_conversation_twice_stores_it_once(db, office):
    conversation_id = uuid.uuid4()
    assert _conversation(db, office, conversation_id=conversation_id) is True
    # a double tap or a retry sends the very same form again
    assert _conversation(db, office, conversation_id=conversation_id) is False
    assert db.scalar("SELECT count(*) FROM conversations") == 1
    assert len(audit.entries(db, entity="conversation", entity_id=conversation_id)) == 1


def test_only_the_employees_own_supervisor_holds_a_conversation(db, office):
    for login, message in (
        ("kierownik.gk", "nie należy do Twoich wydziałów"),
        ("starosta", "prowadzi przełożony"),
        ("admin", "prowadzi przełożony"),
        ("kowalska", "prowadzi przełożony"),
    ):
        with pytest.raises(PeopleError, match=message):
            _conversation(db, office, login=login)
    with pytest.raises(PeopleError, match="nie należy do Twoich wydziałów"):
        service.prefill(db, user(db, office, "kierownik.gk"), office["employees"]["kowalska"])
    assert db.scalar("SELECT count(*) FROM conversations") == 0


def test_overdue_lists_never_held_and_past_due_but_not_future(db, office):
    today = now().date()
    talk(db, office, "nowak", days_ago=200, next_in=-10)  # past due
    talk(db, office, "wisniewska", days_ago=30, next_in=150)  # planned
    talk(db, office, "zielinski", days_ago=400, next_in=-200)  # was late …
    talk(db, office, "zielinski", days_ago=20, next_in=160, assessments=["met"])  # … and was held since
    # kowalska: never

    late = service.overdue(db, user(db, office, "starosta"), today)
    by_id = {r["employee_id"]: r for r in late}
    assert set(by_id) == {office["employees"]["kowalska"], office["employees"]["nowak"]}
    assert by_id[office["employees"]["kowalska"]]["last_held_on"] is None
    assert by_id[office["employees"]["nowak"]]["last_held_on"] == today - timedelta(days=200)
    assert by_id[office["employees"]["nowak"]]["next_on"] == today - timedelta(days=10)
    # the supervisor of GK has nothing overdue; a later day makes the planned one late
    assert service.overdue(db, user(db, office, "kierownik.gk"), today) == []
    later = service.overdue(db, user(db, office, "kierownik.gk"), today + timedelta(days=151))
    assert [r["employee_id"] for r in later] == [office["employees"]["wisniewska"]]


# the employee's own view -----------------------------------------------------------------------


def test_an_employee_sees_only_their_own_sent_observations(db, office):
    mine = [observe(db, office, "kowalska", days_ago=d) for d in (20, 3)]
    observe(db, office, "kowalska", send=False)  # a draft stays with the supervisor
    observe(db, office, "nowak", days_ago=2)
    observe(db, office, "wisniewska", days_ago=2)
    own = service.own_results(db, CHECKLISTS, user(db, office, "kowalska")).observations
    assert [o.id for o in own] == list(reversed(mine))  # newest first
    assert service.own_results(db, CHECKLISTS, user(db, office, "starosta")) is None


def test_an_employee_comments_on_their_own_observation(db, office):
    kowalska = user(db, office, "kowalska")
    observation_id = observe(db, office, "kowalska")
    service.comment_on_own_observation(db, kowalska, observation_id, "  Klient przyszedł bez dokumentów. ")
    comments = people.observation_comments(db, observation_id)
    assert [(c["body"], c["author"]) for c in comments] == [
        ("Klient przyszedł bez dokumentów.", "Anna Kowalska")
    ]
    with pytest.raises(InputError, match="wymagane"):
        service.comment_on_own_observation(db, kowalska, observation_id, "   ")
    assert len(people.observation_comments(db, observation_id)) == 1


def test_an_employee_cannot_comment_on_somebody_elses_observation(db, office):
    kowalska = user(db, office, "kowalska")
    theirs = observe(db, office, "nowak")
    for target in (theirs, uuid.uuid4()):
        with pytest.raises(PeopleError, match="tylko obserwacje, które dotyczą Ciebie"):
            service.comment_on_own_observation(db, kowalska, target, "To nie ja.")
    with pytest.raises(PeopleError, match="tylko obserwacje, które dotyczą Ciebie"):
        service.comment_on_own_observation(db, user(db, office, "kierownik.km"), theirs, "Komentarz.")
    assert db.scalar("SELECT count(*) FROM observation_comments") == 0


def test_an_employee_cannot_comment_on_a_draft_they_cannot_see(db, office):
    draft = observe(db, office, "kowalska", send=False)
    with pytest.raises(PeopleError, match="tylko obserwacje, które dotyczą Ciebie"):
        service.comment_on_own_observation(db, user(db, office, "kowalska"), draft, "Komentarz.")
    assert db.scalar("SELECT count(*) FROM observation_comments") == 0


# retention -------------------------------------------------------------------------------------


def _snapshot_scores(db, observation_id):
    header = db.query_dicts(
        "SELECT score, met_weight, not_met_weight, n_met, n_not_met, n_not_applicable, n_not_observed, "
        "n_critical, status, kind, department_id, observed_at FROM observations WHERE id = ?",
        [observation_id],
    )
    standards = db.query(
        "SELECT * FROM observation_standard_scores WHERE observation_id = ? ORDER BY 2", [observation_id]
    )
    answers = db.query(
        "SELECT item_id, answer FROM observation_answers WHERE observation_id = ? ORDER BY position",
        [observation_id],
    )
    return header, standards, answers


def test_anonymisation_removes_names_and_free_text_from_old_observations_only(db, office):
    comment = "Rozmowa o sprawie p. Nowaka przy innych Klientach."
    old = observe(
        db,
        office,
        "kowalska",
        days_ago=800,
        not_met={CRITICAL, PLAIN[0]},
        comments={CRITICAL: comment, PLAIN[1]: "Dobrze."},
        notes=("Uprzejma.", "Nie wymieniać nazwisk."),
    )
    recent = observe(
        db, office, "kowalska", days_ago=30, comments={PLAIN[1]: "Dobrze."}, notes=("Miła.", None)
    )
    kowalska = user(db, office, "kowalska")
    service.comment_on_own_observation(db, kowalska, old, "Klient sam podał nazwisko.")
    service.comment_on_own_observation(db, kowalska, recent, "Dziękuję.")
    scores_before = _snapshot_scores(db, old)
    assert scores_before[0][0]["n_critical"] == 1

    assert service.anonymise_old(db, user(db, office, "admin"), 24).observations == 1

    stored = observations.get_observation(db, old)
    assert stored["employee_id"] is None
    assert (stored["notes_good"], stored["notes_improve"]) == (None, None)
    assert all(a["comment"] is None for a in stored["answers"])
    assert people.observation_comments(db, old) == []
    assert _snapshot_scores(db, old) == scores_before
    assert [o.id for o in service.own_results(db, CHECKLISTS, kowalska).observations] == [recent]

    kept = observations.get_observation(db, recent)
    assert kept["employee_id"] == office["employees"]["kowalska"]
    assert kept["notes_good"] == "Miła."
    assert {a["item_id"]: a["comment"] for a in kept["answers"] if a["comment"]} == {PLAIN[1]: "Dobrze."}
    assert [c["body"] for c in people.observation_comments(db, recent)] == ["Dziękuję."]

    (entry,) = audit.entries(db, entity="database")
    assert (entry["actor"], entry["action"]) == ("admin", "retention")
    assert json.loads(entry["after"])["observations"] == 1
    # nothing left to do a second time
    assert service.anonymise_old(db, user(db, office, "admin"), 24).observations == 0


def test_anonymisation_also_clears_comments_of_an_old_premises_audit(db, office):
    """A premises audit names nobody in its header, but its answer comments may."""
    audit_id = observe(db, office, None, kind=Kind.PREMISES, days_ago=800)
    item = observations.get_observation(db, audit_id)["answers"][0]["item_id"]
    db.write(
        lambda cursor: cursor.execute(
            "UPDATE observation_answers SET comment = 'Na biurku p. Kowalskiej leżały cudze wnioski.' "
            "WHERE observation_id = ? AND item_id = ?",
            [audit_id, item],
        )
    )
    assert service.anonymise_old(db, user(db, office, "admin"), 24).observations == 1
    assert all(a["comment"] is None for a in observations.get_observation(db, audit_id)["answers"])


def test_the_retention_period_comes_from_the_environment(db, office, monkeypatch):
    old = observe(db, office, "kowalska", days_ago=200, notes=("Uprzejma.", None))
    monkeypatch.setenv("JAKOSC_RETENTION_MONTHS", "12")
    assert service.anonymise_old(db, user(db, office, "admin")).observations == 0
    monkeypatch.setenv("JAKOSC_RETENTION_MONTHS", "6")
    assert service.anonymise_old(db, user(db, office, "admin")).observations == 1
    assert observations.get_observation(db, old)["employee_id"] is None


def test_only_the_administrator_anonymises(db, office):
    old = observe(db, office, "kowalska", days_ago=800, notes=("Uprzejma.", None))
    for login in ("starosta", "kierownik.km", "kowalska"):
        with pytest.raises(PeopleError, match="administrator"):
            service.anonymise_old(db, user(db, office, login), 24)
    assert observations.get_observation(db, old)["employee_id"] == office["employees"]["kowalska"]
    assert observations.get_observation(db, old)["notes_good"] == "Uprzejma."


# Distinctive sentences: none occurs anywhere else in the database, so finding its bytes in the
# file means the removed text is still on disk.
OLD_COMMENT = "Pani Genowefa Zawadzka zostawiła dowód osobisty na ladzie przy oknie numer siedem."
OLD_EDIT = "Poprawka: dowód zostawił pan Bonifacy Wróblewski, nie pani Zawadzka."
OLD_OWN = "Nie zgadzam się, tamtego dnia zastępowałam Teodozję Malinowską."
OLD_NOTE = "Rozmawialiśmy o kłopotach rodzinnych pracownicy i jej zwolnieniu lekarskim w marcu."
OLD_GOAL = "Przestać omawiać sprawy Klientów przy kserokopiarce na korytarzu."
NEW_COMMENT = "Świeży komentarz o obsłudze pana Hieronima, który ma zostać w bazie."
NEW_NOTE = "Świeża notatka z rozmowy, która ma zostać w bazie nienaruszona."


def _held_conversation(db, office, employee: str, days_ago: int, notes: str, goal: str) -> uuid.UUID:
    conversation_id = uuid.uuid4()
    assert service.record_conversation(
        db,
        CHECKLISTS,
        user(db, office, "kierownik.km"),
        conversation_id=conversation_id,
        employee_id=office["employees"][employee],
        held_on=now().date() - timedelta(days=days_ago),
        assessments=[],
        goals=[{"standard_id": "wiedza", "text": goal}],
        training_needs=[],
        notes=notes,
        next_on=None,
    )
    return conversation_id


def _old_and_new_records(db, office) -> dict:
    """An old observation with an item comment that a later audited edit replaced, an employee's
    comment on it, an old conversation; a recent observation and conversation (of another employee:
    a next conversation quotes the goals of the one before) that must stay."""
    old = observe(db, office, "kowalska", days_ago=800, comments={PLAIN[0]: OLD_COMMENT})
    observations.save_answer(db, old, PLAIN[0], "tak", OLD_EDIT, "kierownik.km", audited=True)
    service.comment_on_own_observation(db, user(db, office, "kowalska"), old, OLD_OWN)
    recent = observe(db, office, "kowalska", days_ago=30, comments={PLAIN[0]: NEW_COMMENT})
    return {
        "old": old,
        "recent": recent,
        "old_talk": _held_conversation(db, office, "nowak", 800, OLD_NOTE, OLD_GOAL),
        "recent_talk": _held_conversation(
            db, office, "kowalska", 30, NEW_NOTE, "Znać procedury rejestracji."
        ),
    }


def test_retention_removes_old_conversations_and_the_audit_texts_of_removed_records(db, office):
    made = _old_and_new_records(db, office)
    admin = user(db, office, "admin")

    result = service.anonymise_old(db, admin, 24)

    # old: the observation (its edit and the employee's comment), and the conversation
    assert (result.observations, result.conversations, result.audit_entries) == (1, 1, 3)
    assert result.file_rewritten
    assert db.scalar("SELECT count(*) FROM conversations WHERE id = ?", [made["old_talk"]]) == 0
    log = {(e["action"], e["entity_id"]): e for e in audit.entries(db, limit=1000)}
    edit = log[("edit_answer", str(made["old"]))]
    # what changed stays (item and answer), what was written goes
    assert json.loads(edit["before"]) == {"item_id": PLAIN[0], "answer": "tak"}
    assert json.loads(edit["after"]) == {"item_id": PLAIN[0], "answer": "tak"}
    assert (log[("comment", str(made["old"]))]["before"], log[("comment", str(made["old"]))]["after"]) == (
        None,
        None,
    )
    talk_entry = log[("create", str(made["old_talk"]))]
    assert (talk_entry["before"], talk_entry["after"]) == (None, None)
    # one entry for the run, with counts and no text
    (run,) = audit.entries(db, entity="database")
    assert (run["actor"], run["action"], run["before"]) == ("admin", "retention", None)
    assert {k: v for k, v in json.loads(run["after"]).items() if k != "cutoff"} == {
        "observations": 1,
        "conversations": 1,
        "training": 0,
        "audit_entries": 3,
    }
    # recent: untouched, in the tables and in the log
    kept = observations.get_observation(db, made["recent"])
    assert {a["item_id"]: a["comment"] for a in kept["answers"] if a["comment"]} == {PLAIN[0]: NEW_COMMENT}
    assert [c["notes"] for c in people.conversations_of(db, office["employees"]["kowalska"])] == [NEW_NOTE]
    assert NEW_NOTE in log[("create", str(made["recent_talk"]))]["after"]


@pytest.mark.duckdb_only
def test_retention_leaves_no_removed_text_in_the_database_file(db_path, db, office):
    """The removed sentences are in the file's bytes before retention (so the search can find
    them) and in neither the file nor its WAL after it; the recent ones stay readable."""
    made = _old_and_new_records(db, office)
    admin = user(db, office, "admin")
    removed = [OLD_COMMENT, OLD_EDIT, OLD_OWN, OLD_NOTE, OLD_GOAL]
    db.close()  # a checkpoint: everything is in the file
    assert [s for s in removed if s.encode() in db_path.read_bytes()] == removed

    reopened = Database(db_path)
    try:
        result = service.anonymise_old(reopened, admin, 24)
        assert result.file_rewritten
        assert [c["notes"] for c in people.conversations_of(reopened, office["employees"]["kowalska"])] == [
            NEW_NOTE
        ]
        stored = observations.get_observation(reopened, made["recent"])["answers"]
        assert NEW_COMMENT in [a["comment"] for a in stored]
        reopened.write(  # the app goes on writing to the rewritten file
            lambda cursor: cursor.execute("INSERT INTO settings VALUES ('after_retention', 'tak')")
        )
    finally:
        reopened.close()

    wal = db_path.with_name(db_path.name + ".wal")
    files = [db_path.read_bytes(), wal.read_bytes() if wal.exists() else b""]
    assert [s for s in removed if any(s.encode() in data for data in files)] == []
    assert not db_path.with_name(db_path.name + ".rewrite").exists()
    again = Database(db_path)
    try:
        assert again.scalar("SELECT value FROM settings WHERE key = 'after_retention'") == "tak"
        assert again.scalar("SELECT count(*) FROM conversations") == 1
    finally:
        again.close()
