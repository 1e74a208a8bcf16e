"""The retention page under AppTest: the administrator runs it in the app, the old conversation
and its text leave the tables, the audit log and the database file, and the app goes on working
on the rewritten file."""

from __future__ import annotations

import uuid
from datetime import timedelta

from streamlit.testing.v1 import AppTest

from accounts.service import CurrentUser, start_session
from checklists.loading import current_checklists
from i18n import MESSAGES
from services import people as service
from storage import users
from storage.db import now
from tests.apptest.driver import PROJECT, open_url_path, texts

OLD_NOTE = "Notatka o chorobie pracownika sprzed trzech lat, której nie wolno już przechowywać."


def open_as(db, office, login: str, url_path: str) -> AppTest:
    token, _ = start_session(db, CurrentUser.from_row(users.get_user(db, office["accounts"][login])))
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30)
    at.session_state["auth_token"] = token
    return open_url_path(at, url_path)


def test_the_administrator_removes_an_old_conversation_from_the_tables_and_the_file(db, office):
    supervisor = CurrentUser.from_row(users.get_user(db, office["accounts"]["kierownik.km"]))
    assert service.record_conversation(
        db,
        current_checklists(),
        supervisor,
        conversation_id=uuid.uuid4(),
        employee_id=office["employees"]["kowalska"],
        held_on=now().date() - timedelta(days=900),
        assessments=[],
        goals=[{"standard_id": "wiedza", "text": "Znać procedury."}],
        training_needs=[],
        notes=OLD_NOTE,
        next_on=None,
    )
    if db.store == "duckdb":  # the file's bytes; PostgreSQL's VACUUM FULL: tests/unit/test_rewrite.py
        db.query("CHECKPOINT")
        assert OLD_NOTE.encode() in db.path.read_bytes()

    at = open_as(db, office, "admin", "retencja")
    at.checkbox[0].check().run()
    (run,) = [b for b in at.button if b.label == MESSAGES["retention.run"]["pl"]]
    at = run.click().run()

    assert not at.exception
    done = MESSAGES["retention.done"]["pl"].format(
        observations=0, conversations=1, training=0, audit_entries=1
    )
    assert texts(at.success) == [done, MESSAGES["retention.file_done"]["pl"]]
    assert db.scalar("SELECT count(*) FROM conversations") == 0
    if db.store == "duckdb":
        db.query("CHECKPOINT")
        assert OLD_NOTE.encode() not in db.path.read_bytes()
    # The app, on the swapped file, still answers and writes.
    assert not open_as(db, office, "admin", "retencja").exception
