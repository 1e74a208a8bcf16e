"""E-mail: the accounts' addresses, who is to be told about a department, and the outbox (one row
per message, its dedupe key unique).

A message is claimed before it is sent: the claim, in one transaction, counts the attempt and
moves its next attempt past the time a send may take, so a second sender (another thread, or a
second server on the same file) skips it. A sender that dies mid-send leaves the message to be
tried again after that time. Nothing here changes a dashboard figure (NO_FIGURES).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from storage import audit
from storage.db import NO_FIGURES, Database, dict_rows, now

STATES = ("held", "queued", "sent", "failed", "in_digest")


def email_of(db: Database, user_id) -> str | None:
    return db.scalar("SELECT email FROM users WHERE id = ?", [user_id])


def emails(db: Database) -> dict:
    """Every account's address by account id (None: no address)."""
    return dict(db.query("SELECT id, email FROM users"))


def set_email(db: Database, user_id, email: str | None, actor: str) -> None:
    """Store an account's address (None removes it); the change is audited with both values."""

    def work(cursor):
        before = cursor.execute("SELECT email FROM users WHERE id = ?", [user_id]).fetchone()[0]
        if before == email:
            return
        cursor.execute("UPDATE users SET email = ? WHERE id = ?", [email, user_id])
        audit.record(cursor, actor, "update", "user", user_id, {"email": before}, {"email": email})

    db.write(work, changes=NO_FIGURES)


def active_without_email(db: Database) -> list[str]:
    """Logins of active accounts that have no address (notifications skip them)."""
    return [
        row[0] for row in db.query("SELECT login FROM users WHERE active AND email IS NULL ORDER BY login")
    ]


def recipients(db: Database, user_ids) -> list[dict]:
    """Of these accounts, the active ones with an address: id, email, display_name."""
    ids = list(user_ids)
    if not ids:
        return []
    return db.query_dicts(
        "SELECT id, email, display_name FROM users WHERE active AND email IS NOT NULL "
        "AND id IN (SELECT unnest(?::UUID[])) ORDER BY login",
        [ids],
    )


def enqueue(db: Database, messages: list[dict], *, state: str = "queued", actor: str | None = None) -> int:
    """Queue messages (dedupe_key, recipient_id, recipient, subject, body, kind) whose dedupe key
    is new; `state` "held" keeps them for the daily digest. A message a person asked for (`actor`:
    the administrator's test) is in the audit log; the sweep's are in the outbox itself. Returns
    how many were added."""
    if not messages:
        return 0
    moment = now()

    def work(cursor) -> int:
        added = 0
        for message in messages:
            message_id = uuid.uuid4()
            cursor.execute(
                "INSERT INTO mail_outbox (id, dedupe_key, recipient_id, recipient, subject, body, kind, "
                "state, next_attempt_at, created_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ? "
                "WHERE NOT EXISTS (SELECT 1 FROM mail_outbox WHERE dedupe_key = ?) RETURNING id",
                [
                    message_id,
                    message["dedupe_key"],
                    message["recipient_id"],
                    message["recipient"],
                    message["subject"],
                    message["body"],
                    message["kind"],
                    state,
                    moment,
                    moment,
                    message["dedupe_key"],
                ],
            )
            inserted = len(cursor.fetchall())  # RETURNING: one row when added (both stores)
            if inserted and actor is not None:
                details = {k: message[k] for k in ("recipient", "subject", "kind")}
                audit.record(cursor, actor, "create", "mail", message_id, None, details)
            added += inserted
        return added

    # Two processes sweeping at once queue the same events: the second insert of a key meets the
    # first's before it commits (a duplicate on PostgreSQL); tried again, it finds the row.
    return db.write(work, changes=NO_FIGURES, keyed_by_caller=True)


def known_keys(db: Database, keys: list[str]) -> set[str]:
    """Those of `keys` already used by a message."""
    if not keys:
        return set()
    return {
        row[0]
        for row in db.query(
            "SELECT dedupe_key FROM mail_outbox WHERE dedupe_key IN (SELECT unnest(?::VARCHAR[]))", [keys]
        )
    }


def claim_due(db: Database, moment: datetime, lease_until: datetime, limit: int = 50) -> list[dict]:
    """Queued messages due at `moment`, each claimed for one attempt (attempts + 1, next attempt
    at `lease_until`) in one transaction: a concurrent claimer gets none of them."""
    return db.write(
        lambda cursor: dict_rows(
            cursor.execute(
                "UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = ? WHERE id IN "
                "(SELECT id FROM mail_outbox WHERE state = 'queued' AND next_attempt_at <= ? "
                "ORDER BY next_attempt_at, created_at LIMIT ?) RETURNING *",
                [lease_until, moment, limit],
            )
        ),
        changes=NO_FIGURES,
    )


def mark_sent(db: Database, message_id, moment: datetime) -> None:
    db.write(
        lambda cursor: cursor.execute(
            "UPDATE mail_outbox SET state = 'sent', sent_at = ?, last_error = NULL WHERE id = ?",
            [moment, message_id],
        ),
        changes=NO_FIGURES,
    )


def mark_attempt_failed(
    db: Database, message_id, error: str, next_attempt_at: datetime, *, final: bool
) -> None:
    """Record a failed attempt: tried again at `next_attempt_at`, or never again when `final`."""
    db.write(
        lambda cursor: cursor.execute(
            "UPDATE mail_outbox SET last_error = ?, next_attempt_at = ?, state = ? WHERE id = ?",
            [error, next_attempt_at, "failed" if final else "queued", message_id],
        ),
        changes=NO_FIGURES,
    )


def release_held(db: Database) -> int:
    """The digest was switched off: every held message goes out on its own."""
    return db.write(
        lambda cursor: len(
            cursor.execute(
                "UPDATE mail_outbox SET state = 'queued' WHERE state = 'held' RETURNING id"
            ).fetchall()
        ),
        changes=NO_FIGURES,
    )


def held(db: Database) -> list[dict]:
    """Messages waiting for the digest, oldest first."""
    return db.query_dicts("SELECT * FROM mail_outbox WHERE state = 'held' ORDER BY created_at")


def queue_digest(db: Database, digest: dict, parts: list, due: datetime) -> bool:
    """Queue one digest message, to be sent from `due` on, carrying the held messages `parts`
    (ids), which become "in_digest"; False (nothing written) when its dedupe key is used already."""
    digest_id = uuid.uuid4()

    def work(cursor) -> bool:
        if cursor.execute(
            "SELECT 1 FROM mail_outbox WHERE dedupe_key = ?", [digest["dedupe_key"]]
        ).fetchone():
            return False
        cursor.execute(
            "INSERT INTO mail_outbox (id, dedupe_key, recipient_id, recipient, subject, body, kind, state, "
            "next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'digest', 'queued', ?, ?)",
            [
                digest_id,
                digest["dedupe_key"],
                digest["recipient_id"],
                digest["recipient"],
                digest["subject"],
                digest["body"],
                due,
                now(),
            ],
        )
        cursor.execute(
            "UPDATE mail_outbox SET state = 'in_digest', digest_id = ? "
            "WHERE id IN (SELECT unnest(?::UUID[])) AND state = 'held'",
            [digest_id, list(parts)],
        )
        return True

    return db.write(work, changes=NO_FIGURES)


def recent(db: Database, limit: int = 50) -> list[dict]:
    """The newest messages, newest first (the administrator's view of the outbox)."""
    return db.query_dicts(
        "SELECT created_at, recipient, subject, kind, state, attempts, next_attempt_at, last_error, sent_at "
        "FROM mail_outbox ORDER BY created_at DESC, id LIMIT ?",
        [limit],
    )


def state_counts(db: Database) -> dict[str, int]:
    return dict(db.query("SELECT state, count(*) FROM mail_outbox GROUP BY state"))


# What the sweep reads: the tables are the events (nothing has to call the notifier).


def active_actions(db: Database) -> list[dict]:
    """Improvement actions not yet done (open, in progress), with their department's name."""
    return db.query_dicts(
        "SELECT a.id, a.title, a.owner_id, a.due_date, a.updated_at, d.name AS department_name "
        "FROM improvement_actions a LEFT JOIN departments d ON d.id = a.department_id "
        "WHERE a.status IN ('open', 'in_progress') ORDER BY a.due_date, a.id"
    )


def open_cases(db: Database) -> list[dict]:
    """Client cases still open, with their department's name (None: no department chosen)."""
    return db.query_dicts(
        "SELECT c.id, c.department_id, c.origin, c.due_date, c.created_at, d.name AS department_name "
        "FROM client_cases c LEFT JOIN departments d ON d.id = c.department_id "
        "WHERE c.status = 'open' ORDER BY c.due_date, c.id"
    )


def forget_before(db: Database, moment: datetime) -> int:
    """Delete the messages done with (sent, in a digest, given up) created before `moment`; how many."""
    if not db.scalar(
        "SELECT count(*) FROM mail_outbox WHERE state IN ('sent', 'in_digest', 'failed') AND created_at < ?",
        [moment],
    ):
        return 0
    return db.write(
        lambda cursor: len(
            cursor.execute(
                "DELETE FROM mail_outbox WHERE state IN ('sent', 'in_digest', 'failed') AND created_at < ? "
                "RETURNING id",
                [moment],
            ).fetchall()
        ),
        changes=NO_FIGURES,
    )
