"""Demo improvement actions for a database already filled by data.demo: over the demo's months,
the weakest department × standard cells of each quarter and some critical breaches become actions
owned by the departments' (fictional) observers. The oldest are closed with a note (so the
effectiveness check has a before and an after), some are cancelled, some are still running and
a few are past their due date, so the dashboard's counts and the actions page show something.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

import numpy as np

from checklists.loading import ChecklistSet
from storage import audit
from storage.db import NO_FIGURES, Database

WINDOW = timedelta(days=90)  # a heat-map cell is scored over the quarter before its action
TERM = timedelta(days=30)  # the usual due date: a month after the action is raised
WEAK_CELLS = 2  # actions from the weakest cells of each quarter
BREACHES = 6  # actions from critical breaches over the whole period
MIN_OBSERVATIONS = 5  # a cell is "weak" only on the dashboard's minimum of observations
CLOSING_NOTES = (
    "Przeprowadzono szkolenie stanowiskowe dla całego zespołu i omówiono wyniki obserwacji.",
    "Uzupełniono instrukcję stanowiskową i wywieszono ją przy okienkach.",
    "Kierownik omówił standard z każdym pracownikiem indywidualnie; ustalono wspólną formułę.",
    "Zmieniono organizację pracy w godzinach szczytu – drugi pracownik na sali obsługi.",
)
CANCEL_NOTES = ("Działanie połączone z innym działaniem dotyczącym tego samego standardu.",)
BREACH_TITLE = "Omówić naruszenie krytyczne z pracownikiem i sprawdzić na kolejnej obserwacji"


def usual_observers(db: Database) -> dict:
    """Each department's most frequent observer (of sent observations), ties to the first id:
    the same on both stores, which DuckDB's mode() and PostgreSQL's are not."""
    return dict(
        db.query(
            "SELECT department_id, observer_id FROM (SELECT department_id, observer_id, row_number() "
            "OVER (PARTITION BY department_id ORDER BY count(*) DESC, observer_id) AS place "
            "FROM observations WHERE status = 'sent' AND calibration_of IS NULL "
            "GROUP BY department_id, observer_id) ranked WHERE place = 1"
        )
    )


def add_actions(db: Database, checklists: ChecklistSet, rng: np.random.Generator, today: date) -> int:
    """Add the demo's actions (from the sent observations already there); returns how many."""
    observers = usual_observers(db)
    names = {s.id: s.short for s in checklists.standards}
    first = db.scalar("SELECT min(observed_at) FROM observations WHERE status = 'sent'")
    if first is None:
        return 0
    rows = []
    raised = first.date() + WINDOW
    while raised < today:
        rows += _weak_cells(db, names, observers, raised, rng, today)
        raised += WINDOW
    rows += _breaches(db, checklists, observers, rng, today)

    def work(cursor) -> None:
        for row in rows:
            cursor.execute(
                f"INSERT INTO improvement_actions ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                list(row.values()),
            )
        audit.record(cursor, "demo", "generate", "improvement_action", None, None, {"actions": len(rows)})

    db.write(work, changes=NO_FIGURES)
    return len(rows)


def _weak_cells(db, names, observers, raised: date, rng, today: date) -> list[dict]:
    start = raised - WINDOW
    cells = db.query(
        "SELECT o.department_id, d.code, s.standard_id, sum(s.met_weight) / sum(s.met_weight + s.not_met_weight) "
        "FROM observation_standard_scores s JOIN observations o ON o.id = s.observation_id "
        "JOIN departments d ON d.id = o.department_id WHERE o.status = 'sent' AND o.calibration_of IS NULL "
        "AND o.observed_at >= ? AND o.observed_at < ? AND s.met_weight + s.not_met_weight > 0 "
        "GROUP BY ALL HAVING count(*) >= ? ORDER BY 4, 2, 3 LIMIT ?",
        [start, raised, MIN_OBSERVATIONS, WEAK_CELLS],
    )
    period = f"{start:%d.%m.%Y}–{raised - timedelta(days=1):%d.%m.%Y}"
    return [
        _action(
            rng,
            today,
            raised,
            title=f"Poprawić standard „{names.get(standard_id, standard_id)}” w wydziale {code}",
            reason=f"Najsłabsze pole mapy cieplnej w okresie {period}: wynik {score:.0%}.",
            source=("heatmap_cell", period),
            department_id=department_id,
            owner_id=observers[department_id],
            standard_id=standard_id,
        )
        for department_id, code, standard_id, score in cells
        if department_id in observers
    ]


def _breaches(db, checklists: ChecklistSet, observers, rng, today: date) -> list[dict]:
    """Actions for the employee from a few critical breaches, spread over the period."""
    breaches = db.query(
        "SELECT o.id, o.department_id, o.employee_id, o.observed_at, a.item_id FROM observations o "
        "JOIN observation_answers a ON a.observation_id = o.id WHERE o.status = 'sent' "
        "AND o.calibration_of IS NULL AND o.employee_id IS NOT NULL AND a.critical AND a.answer = 'nie' "
        "ORDER BY o.observed_at, o.id, a.item_id"
    )
    if not breaches:
        return []
    chosen = np.unique(np.linspace(0, len(breaches) - 1, min(BREACHES, len(breaches))).astype(int))
    rows = []
    for index in chosen:
        observation_id, department_id, employee_id, observed_at, item_id = breaches[index]
        if department_id not in observers or not checklists.has_item(item_id):
            continue
        entry = checklists.entry(item_id)
        rows.append(
            _action(
                rng,
                today,
                observed_at.date() + timedelta(days=1),
                title=BREACH_TITLE,
                reason=f"Naruszenie krytyczne w obserwacji z {observed_at:%d.%m.%Y}: „{entry.item.label}”.",
                source=("observation_item", str(observation_id)),
                department_id=department_id,
                owner_id=observers[department_id],
                standard_id=entry.standard.id,
                item_id=item_id,
                employee_id=employee_id,
            )
        )
    return rows


def _action(rng, today: date, raised: date, *, title, reason, source, **fields) -> dict:
    """One action raised on `raised`: the older it is, the likelier it is done; of those still
    running, the ones past their due date are overdue."""
    created = datetime.combine(raised, time(9, 0))
    age = (today - raised).days
    closed_on = raised + timedelta(days=int(rng.integers(14, 45)))
    status, note, closed_at = "open", None, None
    if closed_on < today and rng.random() < min(0.9, age / 150):
        if rng.random() < 0.1:
            status, note = "cancelled", str(rng.choice(CANCEL_NOTES))
        else:
            status, note = "closed", str(rng.choice(CLOSING_NOTES))
        closed_at = datetime.combine(closed_on, time(14, 0))
    elif age > 7 and rng.random() < 0.6:
        status = "in_progress"
    return {
        "id": uuid.UUID(bytes=rng.bytes(16), version=4),  # the same seed, the same ids
        "title": title,
        "reason": reason,
        "source_kind": source[0],
        "source_ref": source[1],
        "standard_id": None,
        "item_id": None,
        "employee_id": None,
        **fields,
        "due_date": raised + TERM,
        "status": status,
        "closing_note": note,
        "created_by": "demo",
        "created_at": created,
        "updated_at": closed_at or created,
        "closed_at": closed_at,
    }
