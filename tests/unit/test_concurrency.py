"""Many writers at once through the real storage layer: every acknowledged send is stored
exactly once, retries included (DuckDB transaction conflicts are retried by Database.write)."""

from __future__ import annotations

import random
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from accounts.service import CurrentUser
from checklists.loading import current_checklists
from checklists.schema import Answer, Kind
from services import observations as observation_service
from services import survey
from services.observations import StartRequest
from storage import users
from storage.db import now

WRITERS = 50
SENDS_PER_WRITER = 1_000
OBSERVATIONS_PER_WRITER = 10  # each observation is ~70 answer writes plus the send
CHECKLISTS = current_checklists()


def test_fifty_writers_store_every_acknowledged_send_exactly_once(db, office):
    supervisor = CurrentUser.from_row(users.get_user(db, office["accounts"]["kierownik.km"]))
    channel = survey.Channel("qr", department_id=office["departments"]["KM"])
    acknowledged_ratings: list[uuid.UUID] = []
    acknowledged_observations: list[uuid.UUID] = []
    lock = threading.Lock()

    def writer(number: int) -> None:
        rng = random.Random(number)
        for index in range(SENDS_PER_WRITER - OBSERVATIONS_PER_WRITER):
            rating_id = uuid.uuid4()
            raw = {
                "id": rating_id,
                "language": "pl",
                "overall": rng.randint(1, 5),
                "comment": f"pisarz {number}",
            }
            outcome = survey.submit(db, channel, raw)
            if index % 20 == 0:  # a retry of the same form, as after a dropped connection
                assert survey.submit(db, channel, raw).reason == "retry"
            if outcome.stored:
                with lock:
                    acknowledged_ratings.append(rating_id)
        for _ in range(OBSERVATIONS_PER_WRITER):
            observation_id = uuid.uuid4()
            observation_service.start(
                db,
                CHECKLISTS,
                supervisor,
                StartRequest(
                    observation_id,
                    Kind.PHONE,
                    office["departments"]["KM"],
                    office["employees"]["nowak"],
                    now() - timedelta(minutes=5),
                ),
            )
            first = db.query(
                "SELECT item_id FROM observation_answers WHERE observation_id = ? AND position = 0",
                [observation_id],
            )[0][0]
            observation_service.record_answer(
                db, CHECKLISTS, supervisor, observation_id, first, Answer.MET, None
            )
            observation_service.mark_rest_not_observed(db, CHECKLISTS, supervisor, observation_id)
            sent = observation_service.send(db, CHECKLISTS, supervisor, observation_id)
            assert observation_service.send(db, CHECKLISTS, supervisor, observation_id) is False  # double tap
            if sent:
                with lock:
                    acknowledged_observations.append(observation_id)

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        for future in [pool.submit(writer, n) for n in range(WRITERS)]:
            future.result()

    assert len(acknowledged_ratings) == WRITERS * (SENDS_PER_WRITER - OBSERVATIONS_PER_WRITER)
    stored = {row[0] for row in db.query("SELECT id FROM client_ratings")}
    assert stored == set(acknowledged_ratings)
    assert db.scalar("SELECT count(*) FROM client_ratings") == len(acknowledged_ratings)

    assert len(acknowledged_observations) == WRITERS * OBSERVATIONS_PER_WRITER
    sent = {row[0] for row in db.query("SELECT id FROM observations WHERE status = 'sent'")}
    assert sent == set(acknowledged_observations)
    answers_per_observation = len(CHECKLISTS.entries_for(Kind.PHONE))
    assert db.scalar("SELECT count(*) FROM observation_answers") == len(sent) * answers_per_observation
    assert db.scalar("SELECT count(*) FROM observations WHERE score IS NULL AND status = 'sent'") == 0
