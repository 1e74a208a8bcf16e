"""Observations: drafts saved as they are filled, sent observations, their answers and scores."""

from __future__ import annotations

import uuid
from datetime import datetime

from storage import audit
from storage.db import NO_FIGURES, OBSERVATIONS, Database, now

HEADER = (
    "o.id, o.status, o.kind, o.department_id, o.employee_id, o.observer_id, o.observed_at, o.modules, "
    "o.handbook_version, o.calibration_of, o.notes_good, o.notes_improve, o.employee_acknowledged, o.score, "
    "o.n_met, o.n_not_met, o.n_not_applicable, o.n_not_observed, o.n_critical, o.created_at, o.updated_at, "
    "o.sent_at, o.deleted_at, o.delete_reason, d.name AS department_name, "
    "e.first_name || ' ' || e.last_name AS employee_name, u.display_name AS observer_name"
)
JOINS = (
    "FROM observations o JOIN departments d ON d.id = o.department_id "
    "LEFT JOIN employees e ON e.id = o.employee_id LEFT JOIN users u ON u.id = o.observer_id"
)


def create_draft(db: Database, header: dict, items: list[dict]) -> bool:
    """Insert a draft with one empty answer row per item. False if the id already exists,
    so a double tap or a retry of the start button makes one observation."""

    def work(cursor):
        exists = cursor.execute("SELECT 1 FROM observations WHERE id = ?", [header["id"]]).fetchone()
        if exists:
            return False
        moment = now()
        cursor.execute(
            "INSERT INTO observations (id, status, kind, department_id, employee_id, observer_id, observed_at, "
            "modules, handbook_version, calibration_of, employee_acknowledged, created_at, updated_at) "
            "VALUES (?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                header["id"],
                header["kind"],
                header["department_id"],
                header["employee_id"],
                header["observer_id"],
                header["observed_at"],
                ",".join(header["modules"]),
                header["handbook_version"],
                header.get("calibration_of"),
                header.get("employee_acknowledged"),
                moment,
                moment,
            ],
        )
        cursor.executemany(
            "INSERT INTO observation_answers (observation_id, item_id, standard_id, position, weight, critical) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                [header["id"], i["item_id"], i["standard_id"], i["position"], i["weight"], i["critical"]]
                for i in items
            ],
        )
        return True

    return db.write(work, changes=NO_FIGURES)


def get_observation(db: Database, observation_id) -> dict | None:
    rows = db.query_dicts(f"SELECT {HEADER} {JOINS} WHERE o.id = ?", [observation_id])
    if not rows:
        return None
    observation = rows[0]
    observation["modules"] = [m for m in observation["modules"].split(",") if m]
    observation["answers"] = db.query_dicts(
        "SELECT item_id, standard_id, position, weight, critical, answer, comment, set_together_at "
        "FROM observation_answers WHERE observation_id = ? ORDER BY position",
        [observation_id],
    )
    return observation


def list_observations(
    db: Database,
    *,
    observer_id=None,
    statuses: tuple[str, ...] = ("sent",),
    department_ids: list | None = None,
    kind: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 500,
) -> list[dict]:
    sql = f"SELECT {HEADER} {JOINS} WHERE o.status IN ({', '.join('?' for _ in statuses)})"
    params: list = list(statuses)
    if observer_id is not None:
        sql += " AND o.observer_id = ?"
        params.append(observer_id)
    if department_ids is not None:
        if not department_ids:
            return []
        sql += f" AND o.department_id IN ({', '.join('?' for _ in department_ids)})"
        params.extend(department_ids)
    if kind:
        sql += " AND o.kind = ?"
        params.append(kind)
    if since:
        sql += " AND o.observed_at >= ?"
        params.append(since)
    if until:
        sql += " AND o.observed_at < ?"
        params.append(until)
    sql += " ORDER BY o.observed_at DESC LIMIT ?"
    params.append(limit)
    return db.query_dicts(sql, params)


def calibration_candidates(
    db: Database, *, department_id, observer_id, around: datetime, hours: int = 12
) -> list[dict]:
    """Other supervisors' observations of the same department close in time: possible same visit.
    Only their header is returned, never their answers."""
    return db.query_dicts(
        f"SELECT {HEADER} {JOINS} WHERE o.department_id = ? AND o.observer_id <> ? AND o.status <> 'deleted' "
        "AND o.calibration_of IS NULL AND o.observed_at BETWEEN ? - to_hours(?) AND ? + to_hours(?) "
        "ORDER BY o.observed_at DESC",
        [department_id, observer_id, around, hours, around, hours],
    )


def calibration_pair(db: Database, observation_id) -> list[dict]:
    """The observations linked to this one by calibration (in either direction)."""
    return db.query_dicts(
        f"SELECT {HEADER} {JOINS} WHERE o.status <> 'deleted' AND o.id <> ? AND "
        "(o.calibration_of = ? OR o.id = (SELECT calibration_of FROM observations WHERE id = ?) "
        " OR o.calibration_of = (SELECT calibration_of FROM observations WHERE id = ?))",
        [observation_id, observation_id, observation_id, observation_id],
    )


def save_answer(
    db: Database,
    observation_id,
    item_id: str,
    answer: str | None,
    comment: str | None,
    actor: str,
    *,
    audited: bool,
) -> bool:
    """Store one answer (and its comment). Audited changes (of a sent observation) log before and after."""

    def work(cursor):
        before = cursor.execute(
            "SELECT answer, comment FROM observation_answers WHERE observation_id = ? AND item_id = ?",
            [observation_id, item_id],
        ).fetchone()
        if before is None:
            return False
        if before == (answer, comment):
            return True
        # An answer changed by hand is no longer one of a set given together; a comment
        # added to an unchanged answer keeps the mark.
        cursor.execute(
            "UPDATE observation_answers SET answer = ?, comment = ?, "
            "set_together_at = CASE WHEN answer IS NOT DISTINCT FROM ? THEN set_together_at END "
            "WHERE observation_id = ? AND item_id = ?",
            [answer, comment, answer, observation_id, item_id],
        )
        cursor.execute("UPDATE observations SET updated_at = ? WHERE id = ?", [now(), observation_id])
        if audited:
            audit.record(
                cursor,
                actor,
                "edit_answer",
                "observation",
                observation_id,
                {"item_id": item_id, "answer": before[0], "comment": before[1]},
                {"item_id": item_id, "answer": answer, "comment": comment},
            )
        return True

    return db.write(work, changes=NO_FIGURES)


def answer_unanswered(db: Database, observation_id, answer: str, standard_id: str | None = None) -> list[str]:
    """Give every still unanswered item (of one standard, or of the whole observation) the same
    answer in one write, marked as set together; returns the item ids it answered."""

    def work(cursor):
        moment = now()
        sql = (
            "UPDATE observation_answers SET answer = ?, set_together_at = ? "
            "WHERE observation_id = ? AND answer IS NULL"
        )
        params = [answer, moment, observation_id]
        if standard_id is not None:
            sql += " AND standard_id = ?"
            params.append(standard_id)
        answered = [row[0] for row in cursor.execute(sql + " RETURNING item_id", params).fetchall()]
        if answered:
            cursor.execute("UPDATE observations SET updated_at = ? WHERE id = ?", [moment, observation_id])
        return answered

    return db.write(work, changes=NO_FIGURES)


def save_notes(
    db: Database,
    observation_id,
    notes_good: str | None,
    notes_improve: str | None,
    actor: str,
    *,
    audited: bool,
) -> None:
    def work(cursor):
        before = cursor.execute(
            "SELECT notes_good, notes_improve FROM observations WHERE id = ?", [observation_id]
        ).fetchone()
        if before == (notes_good, notes_improve):
            return
        cursor.execute(
            "UPDATE observations SET notes_good = ?, notes_improve = ?, updated_at = ? WHERE id = ?",
            [notes_good, notes_improve, now(), observation_id],
        )
        if audited:
            audit.record(
                cursor,
                actor,
                "edit_notes",
                "observation",
                observation_id,
                {"notes_good": before[0], "notes_improve": before[1]},
                {"notes_good": notes_good, "notes_improve": notes_improve},
            )

    db.write(work, changes=NO_FIGURES)


def store_scores(cursor, observation_id, overall: dict, by_standard: dict[str, dict]) -> None:
    """Write the summary columns and the per-standard scores (inside the caller's transaction)."""
    cursor.execute(
        "UPDATE observations SET score = ?, met_weight = ?, not_met_weight = ?, n_met = ?, n_not_met = ?, "
        "n_not_applicable = ?, n_not_observed = ?, n_critical = ?, updated_at = ? WHERE id = ?",
        [
            overall["score"],
            overall["met_weight"],
            overall["not_met_weight"],
            overall["met"],
            overall["not_met"],
            overall["not_applicable"],
            overall["not_observed"],
            overall["critical"],
            now(),
            observation_id,
        ],
    )
    cursor.execute("DELETE FROM observation_standard_scores WHERE observation_id = ?", [observation_id])
    cursor.executemany(
        "INSERT INTO observation_standard_scores VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [
                observation_id,
                standard_id,
                s["met_weight"],
                s["not_met_weight"],
                s["met"],
                s["not_met"],
                s["not_applicable"],
                s["not_observed"],
                s["score"],
            ]
            for standard_id, s in by_standard.items()
        ],
    )


def mark_sent(db: Database, observation_id, overall: dict, by_standard: dict[str, dict]) -> bool:
    """Send a draft with its scores. False when it was already sent: sending is idempotent."""

    def work(cursor):
        status = cursor.execute("SELECT status FROM observations WHERE id = ?", [observation_id]).fetchone()
        if status is None or status[0] != "draft":
            return False
        store_scores(cursor, observation_id, overall, by_standard)
        cursor.execute(
            "UPDATE observations SET status = 'sent', sent_at = ? WHERE id = ?", [now(), observation_id]
        )
        return True

    return db.write(work, changes=(OBSERVATIONS,))


def rescore(db: Database, observation_id, overall: dict, by_standard: dict[str, dict]) -> None:
    db.write(
        lambda cursor: store_scores(cursor, observation_id, overall, by_standard), changes=(OBSERVATIONS,)
    )


def mark_deleted(db: Database, observation_id, reason: str, actor: str, *, status: str) -> bool:
    """Mark an observation deleted with its reason, audited; only while it still has `status`
    (a draft sent meanwhile is not deleted as a draft). False when it no longer had it."""

    def work(cursor):
        before = cursor.execute("SELECT status FROM observations WHERE id = ?", [observation_id]).fetchone()
        if before is None or before[0] != status:
            return False
        moment = now()
        cursor.execute(
            "UPDATE observations SET status = 'deleted', deleted_at = ?, delete_reason = ?, updated_at = ? "
            "WHERE id = ?",
            [moment, reason, moment, observation_id],
        )
        audit.record(
            cursor,
            actor,
            "delete",
            "observation",
            observation_id,
            {"status": before[0]},
            {"status": "deleted", "reason": reason},
        )
        return True

    return db.write(work, changes=(OBSERVATIONS,))


def employee_acknowledged(db: Database, employee_id, handbook_version: str) -> bool:
    return bool(
        db.scalar(
            "SELECT count(*) FROM acknowledgements WHERE employee_id = ? AND handbook_version = ?",
            [employee_id, handbook_version],
        )
    )


def new_id() -> uuid.UUID:
    return uuid.uuid4()
