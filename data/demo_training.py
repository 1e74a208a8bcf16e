"""Demo training register for `jakosc demo`: workplace training held by each department's
supervisor and requests for external training over the months of the demo office, most of them in
the weaker department AB on its weakest standards (as a supervisor there would react), some tied to
a goal of a periodic conversation and, where the demo has them, to AB's open improvement actions.

Reads a database already filled by data.demo (departments, employees, observations, conversations);
the trainers are the demo's fictional supervisor ids (the observer of most of a department's
observations), since the demo has no accounts.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta

import numpy as np

from checklists.loading import ChecklistSet
from data.demo_actions import usual_observers
from storage import training
from storage.db import Database

WEAK_DEPARTMENT = "AB"
WEAKEST = 3  # AB's standards with the lowest score get most of its training
# Workplace training topics per standard: what a supervisor would go through with the team.
TOPICS = {
    "identyfikacja": "Jak mówić o Urzędzie i innych wydziałach przy Kliencie",
    "wyglad": "Strój służbowy i identyfikator – przypomnienie zasad",
    "stanowisko": "Porządek na stanowisku i druki pod ręką",
    "wiedza": "Aktualne opłaty, terminy i wzory wniosków w wydziale",
    "zainteresowanie": "Powitanie i kontakt z Klientem od pierwszej chwili",
    "proces": "Wyjaśnianie Klientowi dalszych kroków i terminu załatwienia sprawy",
    "dyskrecja": "Ochrona danych Klienta przy okienku i w rozmowie",
    "telefon": "Standard rozmowy telefonicznej: przedstawienie się, przełączanie, oddzwanianie",
    "trudne_sytuacje": "Rozmowa z Klientem zdenerwowanym i składającym skargę",
    "informacja": "Tablice informacyjne i ulotki – co zdjąć, co uaktualnić",
}
EXTERNAL = {
    "trudne_sytuacje": "Szkolenie zewnętrzne: komunikacja w sytuacjach konfliktowych",
    "wiedza": "Szkolenie zewnętrzne: zmiany w Prawie budowlanym",
    "proces": "Szkolenie zewnętrzne: prosty język w pismach urzędowych",
    "telefon": "Szkolenie zewnętrzne: obsługa Klienta przez telefon",
    "dyskrecja": "Szkolenie zewnętrzne: RODO w praktyce urzędu",
}
REJECTION = "Brak środków w budżecie szkoleniowym w tym roku; temat omówiony na szkoleniu stanowiskowym."


def add_training(db: Database, checklists: ChecklistSet, rng: np.random.Generator, today: date) -> int:
    """Add the demo's training records; returns how many. Nothing is added to an office without
    observations (no supervisors to hold training)."""
    known = [s.id for s in checklists.standards]
    supervisors = usual_observers(db)
    first = db.query("SELECT min(observed_at)::DATE FROM observations")[0][0]
    if not supervisors or first is None:
        return 0
    staff: dict = {}
    for employee_id, department_id in db.query(
        "SELECT id, department_id FROM employees WHERE active ORDER BY id"
    ):
        staff.setdefault(department_id, []).append(employee_id)
    codes = dict(db.query("SELECT code, id FROM departments"))
    weak = codes.get(WEAK_DEPARTMENT)
    days = max((today - first).days, 1)
    records = []

    def workplace(department_id, standard_id, people, day, **links) -> None:
        day -= timedelta(days=max(day.weekday() - 4, 0))  # held on a working day: a weekend's Friday
        for employee_id in people:
            records.append(
                _record("workplace", employee_id, standard_id, TOPICS[standard_id], day)
                | {"held_by": supervisors[department_id], "status": "held"}
                | links
            )

    for department_id, people in staff.items():
        if department_id not in supervisors:
            continue
        if department_id == weak:
            standards = _weakest(db, weak, known)
            sessions = max(days // 18, 3)  # about every two and a half weeks
        else:
            standards = [s for s in known if s in TOPICS]
            sessions = max(days // 75, 1)
        for _ in range(sessions):
            standard_id = str(rng.choice(standards))
            group = rng.choice(people, size=min(len(people), int(rng.integers(2, 6))), replace=False)
            workplace(department_id, standard_id, group, first + timedelta(days=int(rng.integers(0, days))))
        # requests for external training: decided ones early in the period, the latest still waiting
        requests = 4 if department_id == weak else int(rng.random() < 0.3)
        for number in range(requests):
            standard_id = str(rng.choice([s for s in standards if s in EXTERNAL] or list(EXTERNAL)))
            requested = first + timedelta(days=int(days * (number + rng.random()) / max(requests, 1) * 0.9))
            record = _record("request", rng.choice(people), standard_id, EXTERNAL[standard_id], requested)
            if number < requests - 1 and requested + timedelta(days=30) < today:
                decided = requested + timedelta(days=int(rng.integers(14, 30)))
                if rng.random() < 0.7:
                    record |= {"status": "held", "decided_on": decided}
                else:
                    record |= {"status": "rejected", "decided_on": decided, "rejection_reason": REJECTION}
            records.append(record)
    if weak in supervisors:
        _for_goals(db, weak, workplace, today)
        _for_actions(db, weak, workplace, staff.get(weak, []), rng, today)
    for record in records:  # ids drawn from the seed: the same demo on every run and store
        record["id"] = uuid.UUID(bytes=rng.bytes(16), version=4)
    training.insert(db, records, "demo")
    return len(records)


def _record(kind: str, employee_id, standard_id: str, topic: str, on: date) -> dict:
    return {
        "kind": kind,
        "employee_id": employee_id,
        "standard_ids": [standard_id],
        "topic": topic,
        "notes": None,
        "on_date": on,
        "held_by": None,
        "status": "requested",
        "decided_on": None,
        "rejection_reason": None,
        "action_id": None,
        "conversation_id": None,
        "goal_index": None,
    }


def _weakest(db: Database, department_id, known: list[str]) -> list[str]:
    """The department's standards with the lowest observed score (weights met / scored)."""
    rows = db.query(
        "SELECT s.standard_id FROM observation_standard_scores s JOIN observations o ON o.id = s.observation_id "
        "WHERE o.department_id = ? AND o.status = 'sent' GROUP BY s.standard_id "
        "HAVING sum(s.met_weight + s.not_met_weight) > 0 "
        "ORDER BY sum(s.met_weight) / sum(s.met_weight + s.not_met_weight), s.standard_id",
        [department_id],
    )
    weakest = [r[0] for r in rows if r[0] in known and r[0] in TOPICS][:WEAKEST]
    return weakest or [s for s in known if s in TOPICS][:WEAKEST]


def _for_goals(db: Database, department_id, workplace, today: date) -> None:
    """A workplace training two weeks after each of the department's conversations, on its first goal."""
    rows = db.query(
        "SELECT c.id, c.employee_id, c.held_on, c.goals FROM conversations c "
        "JOIN employees e ON e.id = c.employee_id WHERE e.department_id = ? ORDER BY c.id",
        [department_id],
    )
    for conversation_id, employee_id, held_on, goals in rows:
        goal = json.loads(goals)[0]
        day = held_on + timedelta(days=14)
        if day <= today and goal["standard_id"] in TOPICS:
            workplace(
                department_id,
                goal["standard_id"],
                [employee_id],
                day,
                conversation_id=conversation_id,
                goal_index=0,
            )


def _for_actions(db: Database, department_id, workplace, people: list, rng, today: date) -> None:
    """A workplace training last week for each open improvement action of the department on a standard."""
    rows = db.query(
        "SELECT id, standard_id FROM improvement_actions WHERE department_id = ? "
        "AND status IN ('open', 'in_progress') AND standard_id IS NOT NULL ORDER BY id",
        [department_id],
    )
    for action_id, standard_id in rows:
        if standard_id in TOPICS and people:
            group = rng.choice(people, size=min(len(people), 4), replace=False)
            workplace(
                department_id,
                standard_id,
                group,
                today - timedelta(days=int(rng.integers(1, 8))),
                action_id=action_id,
            )
