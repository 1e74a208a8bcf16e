"""The dashboard's kept results (analytics.cache) and the data versions that end them
(storage.db.Database.data_version): each write moves the version of what it changes, a result
is computed again once the data it reads moved, and a write of data in no figure (a session, a
draft) keeps every result."""

from __future__ import annotations

import threading
import uuid

import pytest

from analytics.cache import BOTH, OBSERVED, RATED, Results
from checklists.schema import Answer
from services import moderation, organisation, survey
from services import observations as observing
from services.survey import Channel
from storage import users
from storage.db import OBSERVATIONS, RATINGS, Database
from tests.unit.test_observations import CHECKLISTS, answer_all, start, user


def versions(db) -> dict[str, tuple[int, ...]]:
    return {"observations": db.data_version(OBSERVATIONS), "ratings": db.data_version(RATINGS)}


def moved(db, work) -> set[str]:
    """Which versions `work()` moves."""
    before = versions(db)
    work()
    after = versions(db)
    return {kind for kind in before if before[kind] != after[kind]}


def test_each_write_moves_the_version_of_what_it_changes(db, office):
    supervisor = user(db, office["accounts"]["kierownik.km"])
    km = office["departments"]["KM"]
    rating_id = uuid.uuid4()
    rating = {"id": str(rating_id), "language": "pl", "overall": 2, "department_id": str(km)}
    # a client's tap and send: ratings only, so the observation figures are kept
    assert moved(db, lambda: survey.tap(db, Channel("qr", department_id=km), rating)) == {"ratings"}
    sent = {**rating, "comment": "Długo czekałem na swoją kolej."}
    assert moved(db, lambda: survey.submit(db, Channel("qr", department_id=km), sent)) == {"ratings"}
    admin = user(db, office["accounts"]["admin"])
    assert moved(db, lambda: moderation.approve_comments(db, admin, [rating_id])) == {"ratings"}
    # a draft is in no figure; its send is an observation
    observation_id = None

    def begin():
        nonlocal observation_id
        observation_id = start(db, office, supervisor)

    assert moved(db, begin) == set()
    assert moved(db, lambda: answer_all(db, supervisor, observation_id, [Answer.MET])) == set()
    assert moved(db, lambda: observing.send(db, CHECKLISTS, supervisor, observation_id)) == {"observations"}
    # signing in and sessions: no figure
    assert moved(db, lambda: users.create_session(db, office["accounts"]["admin"])) == set()
    # a write that declares nothing may change any figure (here a department's name)
    assert moved(
        db, lambda: organisation.update_department(db, km, "Wydział Komunikacji i Dróg", True, "admin")
    ) == {"observations", "ratings"}


def test_a_kept_result_is_used_until_the_data_it_reads_changes(tmp_path):
    db = Database(tmp_path / "kept.duckdb")
    results, runs = Results(), []

    def compute():
        runs.append(1)
        return len(runs)

    def get(reads):
        return results.get(db, reads, "figure", compute)

    assert [get(OBSERVED), get(OBSERVED)] == [1, 1]
    db.write(lambda cursor: None, changes=(RATINGS,))
    assert get(OBSERVED) == 1  # a rating: the observation figure stays
    db.write(lambda cursor: None, changes=(OBSERVATIONS,))
    assert get(OBSERVED) == 2
    db.write(lambda cursor: None)  # any figure may have changed
    assert get(OBSERVED) == 3
    db.write(lambda cursor: None, changes=())
    assert get(OBSERVED) == 3
    db.close()


def test_a_failed_write_moves_no_version(tmp_path):
    db = Database(tmp_path / "failed.duckdb")
    before = db.data_version(RATINGS, OBSERVATIONS)

    def failing(cursor):
        cursor.execute("CREATE TABLE scratch (x INTEGER)")
        raise RuntimeError("refused")

    with pytest.raises(RuntimeError):
        db.write(failing)
    assert db.data_version(RATINGS, OBSERVATIONS) == before
    db.close()


def test_results_are_kept_per_database_and_key_and_the_oldest_dropped_first(tmp_path):
    first, second = Database(tmp_path / "a.duckdb"), Database(tmp_path / "b.duckdb")
    results = Results(max_entries=2)
    assert results.get(first, RATED, "x", lambda: "first") == "first"
    assert results.get(second, RATED, "x", lambda: "second") == "second"  # another office's file
    assert results.get(first, RATED, "x", lambda: "again") == "first"
    assert results.get(first, BOTH, "y", lambda: "y") == "y"  # a third entry drops "second"
    assert results.get(second, RATED, "x", lambda: "recomputed") == "recomputed"
    first.close()
    second.close()


def test_two_sessions_asking_at_once_compute_once_and_a_failure_is_not_kept(tmp_path):
    db = Database(tmp_path / "busy.duckdb")
    results, runs, started, release = Results(), [], threading.Event(), threading.Event()

    def slow():
        runs.append(1)
        started.set()
        release.wait(10)
        return "figure"

    answers = []
    first = threading.Thread(target=lambda: answers.append(results.get(db, OBSERVED, "k", slow)))
    first.start()
    started.wait(10)
    second = threading.Thread(target=lambda: answers.append(results.get(db, OBSERVED, "k", slow)))
    second.start()
    release.set()
    first.join(10)
    second.join(10)
    assert answers == ["figure", "figure"] and len(runs) == 1

    def broken():
        raise ValueError("query failed")

    with pytest.raises(ValueError):
        results.get(db, OBSERVED, "other", broken)
    assert results.get(db, OBSERVED, "other", lambda: "fine") == "fine"
    db.close()
