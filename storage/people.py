"""People processes: handbook acknowledgements, periodic conversations, employees' comments
on their observations, and retention: anonymisation of old observations, removal of old
conversations and of their texts in the audit log."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime

from storage import audit, ratings, training
from storage.db import Database, now

BEGINNING = datetime(1900, 1, 1)  # "since" for a first conversation: everything so far


def acknowledgement_register(db: Database, version: str, department_ids: list | None) -> list[dict]:
    """Every active employee with their acknowledgement of `version` (or None), and how many
    of their observations were made while they had not acknowledged it."""
    sql = (
        "SELECT e.id AS employee_id, e.first_name, e.last_name, e.position, d.id AS department_id, "
        "d.code AS department_code, d.name AS department_name, a.acknowledged_on, a.method, "
        "(SELECT count(*) FROM observations o WHERE o.employee_id = e.id AND o.status = 'sent' "
        " AND o.handbook_version = ? AND o.employee_acknowledged = FALSE) AS unacknowledged_observations "
        "FROM employees e JOIN departments d ON d.id = e.department_id "
        "LEFT JOIN acknowledgements a ON a.employee_id = e.id AND a.handbook_version = ? WHERE e.active"
    )
    params: list = [version, version]
    if department_ids is not None:
        if not department_ids:
            return []
        sql += " AND e.department_id IN (SELECT unnest(?::UUID[]))"
        params.append(list(department_ids))
    return db.query_dicts(sql + " ORDER BY d.name, e.last_name, e.first_name", params)


def acknowledgement_of(db: Database, employee_id, version: str) -> dict | None:
    rows = db.query_dicts(
        "SELECT acknowledged_on, method FROM acknowledgements WHERE employee_id = ? AND handbook_version = ?",
        [employee_id, version],
    )
    return rows[0] if rows else None


def record_acknowledgement(
    db: Database, employee_id, version: str, on: date, method: str, recorded_by, actor: str
) -> bool:
    """Store an acknowledgement; False if this employee had already acknowledged this version."""

    def work(cursor):
        if cursor.execute(
            "SELECT 1 FROM acknowledgements WHERE employee_id = ? AND handbook_version = ?",
            [employee_id, version],
        ).fetchone():
            return False
        acknowledgement_id = uuid.uuid4()
        cursor.execute(
            "INSERT INTO acknowledgements VALUES (?, ?, ?, ?, ?, ?, ?)",
            [acknowledgement_id, employee_id, version, on, method, recorded_by, now()],
        )
        audit.record(
            cursor,
            actor,
            "acknowledge",
            "employee",
            employee_id,
            None,
            {"handbook_version": version, "on": on, "method": method},
        )
        return True

    return db.write(work)


def conversations_of(db: Database, employee_id) -> list[dict]:
    rows = db.query_dicts(
        "SELECT c.id, c.held_on, c.goals, c.goal_assessments, c.training_needs, c.notes, c.next_on, "
        "u.display_name AS supervisor_name FROM conversations c LEFT JOIN users u ON u.id = c.supervisor_id "
        "WHERE c.employee_id = ? ORDER BY c.held_on DESC, c.created_at DESC",
        [employee_id],
    )
    for row in rows:
        row["goals"] = json.loads(row["goals"])
        row["goal_assessments"] = json.loads(row["goal_assessments"])
    return rows


def record_conversation(db: Database, conversation: dict, actor: str) -> bool:
    """Store a conversation; False if this id was already stored (a double tap)."""

    def work(cursor):
        if cursor.execute("SELECT 1 FROM conversations WHERE id = ?", [conversation["id"]]).fetchone():
            return False
        cursor.execute(
            "INSERT INTO conversations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                conversation["id"],
                conversation["employee_id"],
                conversation["supervisor_id"],
                conversation["held_on"],
                json.dumps(conversation["goals"], ensure_ascii=False),
                json.dumps(conversation["goal_assessments"], ensure_ascii=False),
                conversation["training_needs"],
                conversation["notes"],
                conversation["next_on"],
                now(),
            ],
        )
        audit.record(
            cursor,
            actor,
            "create",
            "conversation",
            conversation["id"],
            None,
            {k: v for k, v in conversation.items() if k != "id"},
        )
        return True

    return db.write(work)


def conversation_status(db: Database, department_ids: list | None, today: date) -> list[dict]:
    """Per active employee: the last conversation and the next planned date."""
    sql = (
        "SELECT e.id AS employee_id, e.first_name, e.last_name, d.name AS department_name, "
        "max(c.held_on) AS last_held_on, arg_max(c.next_on, c.held_on) AS next_on "
        "FROM employees e JOIN departments d ON d.id = e.department_id "
        "LEFT JOIN conversations c ON c.employee_id = e.id WHERE e.active"
    )
    params: list = []
    if department_ids is not None:
        if not department_ids:
            return []
        sql += " AND e.department_id IN (SELECT unnest(?::UUID[]))"
        params.append(list(department_ids))
    sql += " GROUP BY ALL ORDER BY d.name, e.last_name, e.first_name"
    return db.query_dicts(sql, params)


def observations_since(db: Database, employee_id, since: datetime | None) -> list[dict]:
    """The employee's sent observations since a moment (all when None). A calibration repeat (a
    second supervisor on the same visit) is the same visit: it counts only in calibration."""
    return db.query_dicts(
        "SELECT o.id, o.observed_at, o.kind, o.score, o.met_weight, o.not_met_weight, o.n_critical, "
        "o.notes_good, o.notes_improve, u.display_name AS observer "
        "FROM observations o LEFT JOIN users u ON u.id = o.observer_id "
        "WHERE o.employee_id = ? AND o.status = 'sent' AND o.calibration_of IS NULL "
        "AND o.observed_at >= ? "
        "ORDER BY o.observed_at DESC",
        [employee_id, since or BEGINNING],
    )


def not_met_answers(db: Database, observation_ids: list) -> list[dict]:
    """The "nie" answers of these observations, in each observation's checklist order, with the
    observer's comment on the item."""
    return db.query_dicts(
        "SELECT observation_id, item_id, standard_id, critical, comment FROM observation_answers "
        "WHERE observation_id IN (SELECT unnest(?::UUID[])) AND answer = 'nie' ORDER BY observation_id, position",
        [list(observation_ids)],
    )


def weakest_items_since(db: Database, employee_id, since: datetime | None, limit: int = 5) -> list[dict]:
    # HAVING repeats the count: PostgreSQL knows no select alias there (ORDER BY it does).
    return db.query_dicts(
        "SELECT a.item_id, count(*) FILTER (WHERE a.answer = 'nie') AS not_met, "
        "count(*) FILTER (WHERE a.answer IN ('tak', 'nie')) AS scored, "
        "count(*) FILTER (WHERE a.answer = 'nie' AND a.critical) AS critical "
        "FROM observation_answers a JOIN observations o ON o.id = a.observation_id "
        "WHERE o.employee_id = ? AND o.status = 'sent' AND o.calibration_of IS NULL AND o.observed_at >= ? "
        "GROUP BY a.item_id HAVING count(*) FILTER (WHERE a.answer = 'nie') > 0 "
        "ORDER BY not_met DESC, a.item_id LIMIT ?",
        [employee_id, since or BEGINNING, limit],
    )


def department_ratings_since(db: Database, department_id, since: datetime | None) -> dict:
    return db.query_dicts(
        "SELECT count(*) AS ratings, count(*) FILTER (WHERE overall >= 4) AS satisfied, avg(overall) AS mean_rating "
        f"FROM client_ratings r WHERE department_id = ? AND created_at >= ? AND {ratings.counted('r')}",
        [department_id, since or BEGINNING],
    )[0]


def add_observation_comment(db: Database, observation_id, author_id, body: str, actor: str) -> uuid.UUID:
    comment_id = uuid.uuid4()

    def work(cursor):
        cursor.execute(
            "INSERT INTO observation_comments VALUES (?, ?, ?, ?, ?)",
            [comment_id, observation_id, author_id, body, now()],
        )
        audit.record(cursor, actor, "comment", "observation", observation_id, None, {"comment": body})

    db.write(work)
    return comment_id


def observation_comments(db: Database, observation_id) -> list[dict]:
    return db.query_dicts(
        "SELECT c.body, c.created_at, u.display_name AS author FROM observation_comments c "
        "LEFT JOIN users u ON u.id = c.author_id WHERE c.observation_id = ? ORDER BY c.created_at",
        [observation_id],
    )


# Audit entries of removed records keep what changed (an item's answer, a status), never what
# someone wrote: every other key of their before/after texts goes.
AUDIT_KEPT = frozenset({"item_id", "answer", "status"})


def anonymise_before(db: Database, cutoff: datetime, actor: str) -> dict[str, int]:
    """Remove names and free text from observations older than `cutoff` (scores stay), the
    conversations held before it, and the texts of both in the audit log; one audit entry, with
    counts only, records the run. Returns those counts."""

    def work(cursor):
        old = [
            r[0]
            for r in cursor.execute("SELECT id FROM observations WHERE observed_at < ?", [cutoff]).fetchall()
        ]
        named = [
            r[0]
            for r in cursor.execute(
                "SELECT id FROM observations o WHERE id IN (SELECT unnest(?::UUID[])) AND (employee_id IS NOT NULL "
                "OR notes_good IS NOT NULL OR notes_improve IS NOT NULL OR delete_reason IS NOT NULL "
                "OR EXISTS (SELECT 1 FROM observation_answers a WHERE a.observation_id = o.id AND a.comment IS NOT NULL) "
                "OR EXISTS (SELECT 1 FROM observation_comments c WHERE c.observation_id = o.id))",
                [old],
            ).fetchall()
        ]
        cursor.execute(
            "UPDATE observations SET employee_id = NULL, notes_good = NULL, notes_improve = NULL, "
            "delete_reason = NULL WHERE id IN (SELECT unnest(?::UUID[]))",
            [named],
        )
        cursor.execute(
            "UPDATE observation_answers SET comment = NULL WHERE observation_id IN (SELECT unnest(?::UUID[]))",
            [named],
        )
        cursor.execute(
            "DELETE FROM observation_comments WHERE observation_id IN (SELECT unnest(?::UUID[]))", [named]
        )
        conversations = [
            r[0]
            for r in cursor.execute(
                "DELETE FROM conversations WHERE held_on < ? RETURNING id", [cutoff.date()]
            ).fetchall()
        ]
        # training records go with the conversations they were talked about in: by their last date
        trainings = training.delete_before(cursor, cutoff.date())
        counts = {
            "observations": len(named),
            "conversations": len(conversations),
            "training": len(trainings),
            "audit_entries": _scrub_audit(cursor, "observation", old)
            + _scrub_audit(cursor, "conversation", conversations)
            + _scrub_audit(cursor, "training", trainings),
        }
        audit.record(cursor, actor, "retention", "database", None, None, {"cutoff": cutoff, **counts})
        return counts

    return db.write(work)


def _scrub_audit(cursor, entity: str, ids: list) -> int:
    """Strip the audit texts of these records down to AUDIT_KEPT; returns the entries changed."""
    entries = cursor.execute(
        "SELECT id, before, after FROM audit_log WHERE entity = ? AND entity_id IN (SELECT unnest(?::VARCHAR[]))",
        [entity, [str(i) for i in ids]],
    ).fetchall()
    changed = 0
    for entry_id, before, after in entries:
        texts = [json.loads(text) if text else {} for text in (before, after)]
        if all(key in AUDIT_KEPT for text in texts for key in text):
            continue
        kept = [{k: v for k, v in text.items() if k in AUDIT_KEPT} for text in texts]
        cursor.execute(
            "UPDATE audit_log SET before = ?, after = ? WHERE id = ?",
            [*(json.dumps(k, ensure_ascii=False, sort_keys=True) if k else None for k in kept), entry_id],
        )
        changed += 1
    return changed
