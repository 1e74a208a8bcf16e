"""A supervisor's observation, from start to send, edit and deletion (services/observations.py)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from accounts.service import CurrentUser
from checklists.loading import current_checklists
from checklists.schema import Answer, Kind
from checklists.scoring import score_observation
from services import observations as service
from services.observations import ObservationError, StartRequest
from services.organisation import InputError
from storage import audit, observations, users
from storage.db import now

CHECKLISTS = current_checklists()


def user(db, account_id) -> CurrentUser:
    return CurrentUser.from_row(users.get_user(db, account_id))


@pytest.fixture
def supervisor(db, office):
    return user(db, office["accounts"]["kierownik.km"])


def start(db, office, supervisor, *, kind=Kind.IN_PERSON, employee="kowalska", modules=(), **extra):
    request = StartRequest(
        observation_id=extra.pop("observation_id", uuid.uuid4()),
        kind=kind,
        department_id=extra.pop("department_id", office["departments"]["KM"]),
        employee_id=None if employee is None else office["employees"][employee],
        observed_at=extra.pop("observed_at", now() - timedelta(minutes=10)),
        modules=frozenset(modules),
        **extra,
    )
    return service.start(db, CHECKLISTS, supervisor, request)


def answer_all(db, supervisor, observation_id, pattern):
    """Answer every item in turn with the answers of `pattern`, repeated; returns what was given."""
    observation = observations.get_observation(db, observation_id)
    given = {}
    for index, row in enumerate(observation["answers"]):
        answer = pattern[index % len(pattern)]
        comment = "Opisane w notatce." if answer is Answer.NOT_MET and row["critical"] else None
        service.record_answer(db, CHECKLISTS, supervisor, observation_id, row["item_id"], answer, comment)
        given[row["item_id"]] = answer
    return given


def test_a_draft_asks_exactly_the_items_of_its_kind_and_modules(db, office, supervisor):
    observation_id = start(db, office, supervisor, modules={"skarga"})
    stored = observations.get_observation(db, observation_id)
    expected = [e.item.id for e in CHECKLISTS.entries_for(Kind.IN_PERSON, frozenset({"skarga"}))]
    assert [a["item_id"] for a in stored["answers"]] == expected
    assert stored["status"] == "draft"
    assert stored["handbook_version"] == CHECKLISTS.version
    assert any(CHECKLISTS.entry(i).item.module == "skarga" for i in expected)
    assert not any(CHECKLISTS.entry(i).item.module == "odmowa" for i in expected)


def test_a_phone_call_uses_the_phone_standard_and_skips_what_a_call_cannot_show(db, office, supervisor):
    observation_id = start(db, office, supervisor, kind=Kind.PHONE)
    standards = {a["standard_id"] for a in observations.get_observation(db, observation_id)["answers"]}
    assert "telefon" in standards
    assert "wyglad" not in standards  # appearance cannot be seen on a call
    assert "informacja" not in standards


def test_a_premises_audit_needs_no_employee(db, office, supervisor):
    observation_id = start(db, office, supervisor, kind=Kind.PREMISES, employee=None)
    stored = observations.get_observation(db, observation_id)
    assert stored["employee_id"] is None
    standards = {a["standard_id"] for a in stored["answers"]}
    assert {"stanowisko", "informacja"} <= standards
    assert not standards & {"wyglad", "zainteresowanie", "trudne_sytuacje"}  # no client, no behaviour


def test_starting_twice_with_the_same_id_makes_one_observation(db, office, supervisor):
    observation_id = uuid.uuid4()
    start(db, office, supervisor, observation_id=observation_id)
    start(db, office, supervisor, observation_id=observation_id)
    assert db.scalar("SELECT count(*) FROM observations") == 1


def test_a_supervisor_cannot_observe_an_employee_of_another_department(db, office, supervisor):
    with pytest.raises(ObservationError, match="swoich wydziałów"):
        start(db, office, supervisor, department_id=office["departments"]["GK"], employee="wisniewska")
    with pytest.raises(ObservationError, match="nie należy do wybranego wydziału"):
        start(db, office, supervisor, employee="wisniewska")  # KM chosen, GK employee smuggled in
    assert db.scalar("SELECT count(*) FROM observations") == 0


def test_other_roles_cannot_observe(db, office):
    manager = user(db, office["accounts"]["starosta"])
    with pytest.raises(ObservationError):
        start(db, office, manager)


def test_a_supervisor_cannot_open_or_answer_another_supervisors_observation(db, office, supervisor):
    observation_id = start(db, office, supervisor)
    other = user(db, office["accounts"]["kierownik.gk"])
    with pytest.raises(ObservationError, match="Nie znaleziono"):
        service.load_own(db, other, observation_id)
    item_id = observations.get_observation(db, observation_id)["answers"][0]["item_id"]
    with pytest.raises(ObservationError):
        service.record_answer(db, CHECKLISTS, other, observation_id, item_id, Answer.NOT_MET, None)
    with pytest.raises(ObservationError):
        service.load_own(db, supervisor, "not-a-uuid")


def test_each_answer_is_stored_as_it_is_given(db, office, supervisor):
    observation_id = start(db, office, supervisor)
    first = observations.get_observation(db, observation_id)["answers"][0]["item_id"]
    service.record_answer(db, CHECKLISTS, supervisor, observation_id, first, Answer.MET, "  dobrze  ")
    stored = observations.get_observation(db, observation_id)["answers"][0]
    assert (stored["answer"], stored["comment"]) == ("tak", "dobrze")


def test_an_oversize_comment_is_refused_with_a_polish_message(db, office, supervisor):
    observation_id = start(db, office, supervisor)
    first = observations.get_observation(db, observation_id)["answers"][0]["item_id"]
    with pytest.raises(InputError, match="najwyżej 1000 znaków"):
        service.record_answer(db, CHECKLISTS, supervisor, observation_id, first, Answer.MET, "x" * 1001)


def test_sending_needs_every_item_answered_and_a_comment_on_a_critical_breach(db, office, supervisor):
    observation_id = start(db, office, supervisor)
    with pytest.raises(ObservationError, match="Bez odpowiedzi"):
        service.send(db, CHECKLISTS, supervisor, observation_id)
    answer_all(db, supervisor, observation_id, [Answer.MET])
    critical = next(a for a in observations.get_observation(db, observation_id)["answers"] if a["critical"])
    service.record_answer(
        db, CHECKLISTS, supervisor, observation_id, critical["item_id"], Answer.NOT_MET, None
    )
    with pytest.raises(ObservationError, match="wymaga komentarza"):
        service.send(db, CHECKLISTS, supervisor, observation_id)


def test_mark_rest_not_observed_answers_only_the_unanswered(db, office, supervisor):
    observation_id = start(db, office, supervisor)
    first = observations.get_observation(db, observation_id)["answers"][0]["item_id"]
    service.record_answer(db, CHECKLISTS, supervisor, observation_id, first, Answer.NOT_MET, None)
    marked = service.mark_rest_not_observed(db, CHECKLISTS, supervisor, observation_id)
    answers = observations.get_observation(db, observation_id)["answers"]
    assert marked == len(answers) - 1
    assert answers[0]["answer"] == "nie"
    assert all(a["answer"] == "nie_zaobserwowano" for a in answers[1:])


def test_sent_scores_equal_the_checklist_scoring_and_a_second_send_changes_nothing(db, office, supervisor):
    observation_id = start(db, office, supervisor, modules={"odmowa"})
    given = answer_all(
        db,
        supervisor,
        observation_id,
        [Answer.MET, Answer.MET, Answer.NOT_MET, Answer.NOT_APPLICABLE, Answer.NOT_OBSERVED],
    )
    assert service.send(db, CHECKLISTS, supervisor, observation_id) is True
    assert service.send(db, CHECKLISTS, supervisor, observation_id) is False  # a double tap or a retry

    expected = score_observation(CHECKLISTS, list(given), {k: v.value for k, v in given.items()})
    stored = observations.get_observation(db, observation_id)
    assert stored["status"] == "sent"
    assert stored["score"] == pytest.approx(expected.overall.score)
    assert stored["n_met"] == expected.overall.met
    assert stored["n_not_met"] == expected.overall.not_met
    assert stored["n_not_applicable"] == expected.overall.not_applicable
    assert stored["n_not_observed"] == expected.overall.not_observed
    assert stored["n_critical"] == len(expected.critical_breaches)
    per_standard = dict(
        db.query(
            "SELECT standard_id, score FROM observation_standard_scores WHERE observation_id = ?",
            [observation_id],
        )
    )
    assert per_standard.keys() == expected.by_standard.keys()
    for standard_id, tally in expected.by_standard.items():
        assert per_standard[standard_id] == pytest.approx(tally.score)


def sent_observation(db, office, supervisor):
    observation_id = start(db, office, supervisor)
    answer_all(db, supervisor, observation_id, [Answer.MET])
    service.send(db, CHECKLISTS, supervisor, observation_id)
    return observation_id


def test_an_edit_of_a_sent_observation_is_audited_and_rescored(db, office, supervisor):
    observation_id = sent_observation(db, office, supervisor)
    assert observations.get_observation(db, observation_id)["score"] == 1.0
    item = next(a for a in observations.get_observation(db, observation_id)["answers"] if not a["critical"])
    service.record_answer(
        db, CHECKLISTS, supervisor, observation_id, item["item_id"], Answer.NOT_MET, "poprawka"
    )

    assert observations.get_observation(db, observation_id)["score"] < 1.0
    entry = audit.entries(db, entity="observation", entity_id=observation_id)[0]
    assert entry["action"] == "edit_answer"
    assert '"answer": "tak"' in entry["before"]
    assert '"answer": "nie"' in entry["after"]


def test_a_sent_observation_is_closed_after_the_edit_window(db, office, supervisor, monkeypatch):
    observation_id = sent_observation(db, office, supervisor)
    monkeypatch.setenv("JAKOSC_EDIT_WINDOW_HOURS", "1")
    db.query("UPDATE observations SET sent_at = sent_at - INTERVAL 2 HOUR WHERE id = ?", [observation_id])
    item_id = observations.get_observation(db, observation_id)["answers"][0]["item_id"]
    with pytest.raises(ObservationError, match="przez 1 godz"):
        service.record_answer(db, CHECKLISTS, supervisor, observation_id, item_id, Answer.NOT_MET, "x")
    with pytest.raises(ObservationError):
        service.delete(db, supervisor, observation_id, "pomyłka")


def test_deleting_a_sent_observation_needs_a_reason_and_is_audited(db, office, supervisor):
    observation_id = sent_observation(db, office, supervisor)
    with pytest.raises(InputError, match="Powód usunięcia"):
        service.delete(db, supervisor, observation_id, "   ")
    service.delete(db, supervisor, observation_id, "Obserwacja wpisana dla złej osoby")
    stored = observations.get_observation(db, observation_id)
    assert stored["status"] == "deleted"
    assert stored["delete_reason"] == "Obserwacja wpisana dla złej osoby"
    assert audit.entries(db, entity="observation", entity_id=observation_id)[0]["action"] == "delete"
    with pytest.raises(ObservationError):
        service.load_own(db, supervisor, observation_id)


def test_drafts_are_listed_for_their_observer_only(db, office, supervisor):
    observation_id = start(db, office, supervisor)
    assert [d["id"] for d in service.drafts_of(db, supervisor)] == [observation_id]
    assert service.drafts_of(db, user(db, office["accounts"]["kierownik.gk"])) == []


def test_calibration_answers_stay_hidden_until_both_observations_are_sent(db, office, supervisor):
    second_supervisor_id = users.insert_user(
        db,
        {
            "login": "zastepca.km",
            "password_hash": "x",
            "role": "supervisor",
            "display_name": "Zastępca KM",
            "department_ids": [office["departments"]["KM"]],
        },
        "test",
    )
    second = user(db, second_supervisor_id)
    first_id = start(db, office, supervisor)
    candidates = observations.calibration_candidates(
        db, department_id=office["departments"]["KM"], observer_id=second.id, around=now()
    )
    assert [c["id"] for c in candidates] == [first_id]
    assert "answers" not in candidates[0]

    second_id = start(db, office, second, calibration_of=first_id)
    answer_all(db, supervisor, first_id, [Answer.MET])
    service.send(db, CHECKLISTS, supervisor, first_id)
    first = observations.get_observation(db, first_id)
    assert service.calibration_view(db, supervisor, first) is None  # the second is still a draft

    answer_all(db, second, second_id, [Answer.MET, Answer.NOT_MET])
    service.send(db, CHECKLISTS, second, second_id)
    partners = service.calibration_view(db, supervisor, first)
    assert [p["id"] for p in partners] == [second_id]


def test_calibration_must_link_another_supervisors_observation_of_the_same_department(db, office, supervisor):
    mine = start(db, office, supervisor)
    with pytest.raises(ObservationError, match="kalibracyjna"):
        start(db, office, supervisor, calibration_of=mine)


# answering the rest of a standard together (issue 13) ----------------------------------------


def rows_of(db, observation_id, standard_id=None) -> dict[str, tuple]:
    """(answer, comment, set together?) per item, read with plain SQL."""
    sql = (
        "SELECT item_id, answer, comment, set_together_at IS NOT NULL FROM observation_answers "
        "WHERE observation_id = ?"
    )
    params = [observation_id]
    if standard_id:
        sql += " AND standard_id = ?"
        params.append(standard_id)
    return {item_id: rest for item_id, *rest in db.query(sql, params)}


def test_the_rest_of_one_standard_is_set_together_and_given_answers_stay(db, office, supervisor):
    observation_id = start(db, office, supervisor)
    first, second = observations.get_observation(db, observation_id)["answers"][:2]
    standard = first["standard_id"]
    assert second["standard_id"] == standard
    service.record_answer(db, CHECKLISTS, supervisor, observation_id, first["item_id"], Answer.NOT_MET, "x")
    service.record_answer(
        db, CHECKLISTS, supervisor, observation_id, second["item_id"], Answer.NOT_APPLICABLE, None
    )

    answered = service.answer_rest(db, CHECKLISTS, supervisor, observation_id, Answer.MET, standard)

    in_standard = rows_of(db, observation_id, standard)
    assert in_standard[first["item_id"]] == ["nie", "x", False]
    assert in_standard[second["item_id"]] == ["nie_dotyczy", None, False]
    others = [i for i in in_standard if i not in (first["item_id"], second["item_id"])]
    assert sorted(answered) == sorted(others) and others
    assert all(in_standard[i] == ["tak", None, True] for i in others)
    outside = {k: v for k, v in rows_of(db, observation_id).items() if k not in in_standard}
    assert outside and all(v == [None, None, False] for v in outside.values())
    # a second tap finds nothing left to set
    assert service.answer_rest(db, CHECKLISTS, supervisor, observation_id, Answer.MET, standard) == []


def test_an_answer_changed_by_hand_is_no_longer_marked_as_set_together(db, office, supervisor):
    observation_id = start(db, office, supervisor)
    item_id = observations.get_observation(db, observation_id)["answers"][0]["item_id"]
    service.answer_rest(db, CHECKLISTS, supervisor, observation_id, Answer.MET)
    service.record_answer(db, CHECKLISTS, supervisor, observation_id, item_id, Answer.MET, "Uwaga")
    assert rows_of(db, observation_id)[item_id] == ["tak", "Uwaga", True]  # a comment keeps the mark
    service.record_answer(db, CHECKLISTS, supervisor, observation_id, item_id, Answer.NOT_MET, "Uwaga")
    assert rows_of(db, observation_id)[item_id] == ["nie", "Uwaga", False]


def test_answering_the_rest_refuses_no_and_a_standard_the_observation_does_not_ask(db, office, supervisor):
    observation_id = start(db, office, supervisor, kind=Kind.PHONE)
    with pytest.raises(ObservationError, match="osobno"):
        service.answer_rest(db, CHECKLISTS, supervisor, observation_id, Answer.NOT_MET)
    with pytest.raises(ObservationError, match="nie należy"):
        service.answer_rest(db, CHECKLISTS, supervisor, observation_id, Answer.MET, "wyglad")
    other = user(db, office["accounts"]["kierownik.gk"])
    with pytest.raises(ObservationError):
        service.answer_rest(db, CHECKLISTS, other, observation_id, Answer.MET)
    assert {v[0] for v in rows_of(db, observation_id).values()} == {None}


# deleting drafts (issue 13) ------------------------------------------------------------------


def test_a_draft_is_deleted_by_its_author_with_a_reason_recorded_in_the_audit_log(db, office, supervisor):
    observation_id = start(db, office, supervisor)
    with pytest.raises(InputError, match="Powód usunięcia"):
        service.delete_draft(db, supervisor, observation_id, "  ")
    assert observations.get_observation(db, observation_id)["status"] == "draft"
    service.delete_draft(db, supervisor, observation_id, "Pomyłka – nie ten pracownik")
    assert db.query("SELECT status, delete_reason FROM observations WHERE id = ?", [observation_id]) == [
        ("deleted", "Pomyłka – nie ten pracownik")
    ]
    entry = audit.entries(db, entity="observation", entity_id=observation_id)[0]
    assert (entry["actor"], entry["action"]) == ("kierownik.km", "delete")
    assert '"status": "draft"' in entry["before"]
    assert '"reason": "Pomyłka – nie ten pracownik"' in entry["after"]
    assert service.drafts_of(db, supervisor) == []


def test_only_the_author_or_an_admin_deletes_a_draft_and_never_a_sent_observation(db, office, supervisor):
    draft = start(db, office, supervisor)
    other = user(db, office["accounts"]["kierownik.gk"])
    with pytest.raises(ObservationError, match="tylko jego autor albo administrator"):
        service.delete_draft(db, other, draft, "Nie moja")
    assert observations.get_observation(db, draft)["status"] == "draft"
    admin = user(db, office["accounts"]["admin"])
    service.delete_draft(db, admin, draft, "Porzucony szkic")
    assert audit.entries(db, entity="observation", entity_id=draft)[0]["actor"] == "admin"

    sent = start(db, office, supervisor)
    answer_all(db, supervisor, sent, [Answer.MET])
    service.send(db, CHECKLISTS, supervisor, sent)
    for who in (supervisor, admin):
        with pytest.raises(ObservationError, match="już wysłana"):
            service.delete_draft(db, who, sent, "Pomyłka")
    assert observations.get_observation(db, sent)["status"] == "sent"
    with pytest.raises(ObservationError, match="Nie znaleziono"):
        service.delete_draft(db, supervisor, draft, "Drugi raz")
