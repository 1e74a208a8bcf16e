"""Survey campaigns and their per-department targets, every change written with its audit entry,
and the counted client ratings per department in a range of days (a campaign's progress, the
allocation of its targets). Campaigns are in no dashboard figure (NO_FIGURES)."""

from __future__ import annotations

from datetime import date

from storage import audit
from storage.db import NO_FIGURES, Database, now
from storage.ratings import counted

ENTITY = "survey_campaign"
SETTINGS = ("name", "start_date", "end_date", "margin", "confidence", "yearly_clients")
COLUMNS = f"id, {', '.join(SETTINGS)}, created_by, created_at, updated_at"


def _with_targets(db: Database, rows: list[dict]) -> list[dict]:
    """Each campaign row with `targets`: {department id: target answers}."""
    if not rows:
        return rows
    targets: dict = {row["id"]: {} for row in rows}
    for campaign_id, department_id, target in db.query(
        "SELECT campaign_id, department_id, target FROM survey_campaign_targets "
        "WHERE campaign_id IN (SELECT unnest(?::UUID[]))",
        [list(targets)],
    ):
        targets[campaign_id][department_id] = target
    return [{**row, "targets": targets[row["id"]]} for row in rows]


def get(db: Database, campaign_id) -> dict | None:
    rows = db.query_dicts(f"SELECT {COLUMNS} FROM survey_campaigns WHERE id = ?", [campaign_id])
    return _with_targets(db, rows)[0] if rows else None


def listing(db: Database) -> list[dict]:
    """Every campaign, the latest start first."""
    rows = db.query_dicts(f"SELECT {COLUMNS} FROM survey_campaigns ORDER BY start_date DESC, created_at DESC")
    return _with_targets(db, rows)


def overlapping(db: Database, start: date, end: date, except_id=None) -> list[dict]:
    """Campaigns sharing at least one day with start..end (both inclusive), but `except_id`."""
    return db.query_dicts(
        "SELECT id, name, start_date, end_date FROM survey_campaigns "
        "WHERE start_date <= ? AND end_date >= ? AND id IS DISTINCT FROM ? ORDER BY start_date",
        [end, start, except_id],
    )


def name_taken(db: Database, name: str, except_id=None) -> bool:
    """Whether another campaign has this name, letter case and surrounding spaces aside."""
    return bool(
        db.scalar(
            "SELECT count(*) FROM survey_campaigns WHERE lower(trim(name)) = lower(trim(?)) "
            "AND id IS DISTINCT FROM ?",
            [name, except_id],
        )
    )


def counted_answers(db: Database, start: date, end: date, department_ids: list | None = None) -> dict:
    """Client ratings that count in figures, created from `start` to `end` (whole days), every
    channel, by department id (None: the client named no department); only these departments
    when given."""
    sql = (
        "SELECT r.department_id, count(*) FROM client_ratings r "
        f"WHERE r.created_at >= ? AND r.created_at < ? + INTERVAL 1 DAY AND {counted('r')}"
    )
    params: list = [start, end]
    if department_ids is not None:
        sql += " AND r.department_id IN (SELECT unnest(?::UUID[]))"
        params.append(list(department_ids))
    return dict(db.query(sql + " GROUP BY r.department_id", params))


def _audited(cursor, campaign: dict, targets: dict) -> dict:
    """What the audit entry keeps: the campaign's settings and its targets as "KM: 289" (the
    department's code: readable on the audit screen, and kept if the department is renamed)."""
    codes = dict(cursor.execute("SELECT id, code FROM departments").fetchall())
    return {
        **{field: campaign[field] for field in SETTINGS},
        "targets": sorted(
            f"{codes.get(department_id, department_id)}: {n}" for department_id, n in targets.items()
        ),
    }


def _replace_targets(cursor, campaign_id, targets: dict) -> None:
    cursor.execute("DELETE FROM survey_campaign_targets WHERE campaign_id = ?", [campaign_id])
    cursor.executemany(
        "INSERT INTO survey_campaign_targets VALUES (?, ?, ?)",
        [[campaign_id, department_id, target] for department_id, target in targets.items()],
    )


def insert(db: Database, campaign: dict, targets: dict, actor: str) -> None:
    """Store a new campaign (id, name, dates, margin, confidence, yearly_clients) and its targets."""
    moment = now()
    row = {**campaign, "created_by": actor, "created_at": moment, "updated_at": moment}

    def work(cursor):
        cursor.execute(
            f"INSERT INTO survey_campaigns ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
            list(row.values()),
        )
        _replace_targets(cursor, row["id"], targets)
        audit.record(cursor, actor, "create", ENTITY, row["id"], None, _audited(cursor, row, targets))

    db.write(work, changes=NO_FIGURES)


def update(db: Database, before: dict, changes: dict, targets: dict, actor: str) -> bool:
    """Replace the settings and targets of the campaign read as `before`; False (nothing written)
    when someone changed or deleted it meanwhile."""

    def work(cursor) -> bool:
        updated = cursor.execute(
            "UPDATE survey_campaigns SET name = ?, start_date = ?, end_date = ?, margin = ?, confidence = ?, "
            "yearly_clients = ?, updated_at = ? WHERE id = ? AND updated_at = ? RETURNING id",
            [*(changes[field] for field in SETTINGS), now(), before["id"], before["updated_at"]],
        ).fetchall()
        if not updated:
            return False
        _replace_targets(cursor, before["id"], targets)
        audit.record(
            cursor,
            actor,
            "update",
            ENTITY,
            before["id"],
            _audited(cursor, before, before["targets"]),
            _audited(cursor, changes, targets),
        )
        return True

    return db.write(work, changes=NO_FIGURES)


def delete(db: Database, campaign: dict, actor: str, *, starting_after: date) -> bool:
    """Delete a campaign that starts after `starting_after`, with its targets; False when it
    does not exist or has started."""

    def work(cursor) -> bool:
        deleted = cursor.execute(
            "DELETE FROM survey_campaigns WHERE id = ? AND start_date > ? RETURNING id",
            [campaign["id"], starting_after],
        ).fetchall()
        if not deleted:
            return False
        cursor.execute("DELETE FROM survey_campaign_targets WHERE campaign_id = ?", [campaign["id"]])
        audit.record(
            cursor, actor, "delete", ENTITY, campaign["id"], _audited(cursor, campaign, campaign["targets"])
        )
        return True

    return db.write(work, changes=NO_FIGURES)
