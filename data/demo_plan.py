"""Demo observation plans for `jakosc demo`: every active department of an office already filled
by data.demo gets a plan for the current quarter and the one before, so the plan page and the
dashboard's "18 z 24" show real progress (the demo observes each employee about four times a
quarter, at random, so some departments are ahead and some behind).

The rows go through storage (not the service, which refuses a quarter already over), audited as
written by "demo".
"""

from __future__ import annotations

from datetime import date

import numpy as np

from checklists.loading import ChecklistSet
from checklists.schema import Kind
from services.observation_plan import previous_quarter, quarter_of
from storage import departments
from storage import observation_plan as storage

ACTOR = "demo"


def add_plans(db, checklists: ChecklistSet, rng: np.random.Generator, today: date) -> int:
    """Plans of the quarter of `today` and the previous one for every active department; returns
    how many department plans were written."""
    year, quarter = quarter_of(today)
    previous = previous_quarter(year, quarter)
    kinds = set(checklists.handbook.kinds)
    written = 0
    for department in departments.list_departments(db, active_only=True):
        plan = {
            Kind.IN_PERSON: int(rng.integers(2, 4)),  # two or three visits watched per employee
            Kind.PHONE: int(rng.random() < 0.6),  # one call, in most departments
            Kind.PREMISES: int(rng.integers(1, 4)),  # one to three audits of the department
        }
        counts = {kind.value: n for kind, n in plan.items() if kind in kinds}
        # the quarter before: the same plan, but with one in-person observation less where it had
        # three (the office raised it after the previous quarter's review)
        earlier = counts | {Kind.IN_PERSON.value: min(counts[Kind.IN_PERSON.value], 2)}
        written += storage.replace(db, department["id"], *previous, earlier, ACTOR)
        written += storage.replace(db, department["id"], year, quarter, counts, ACTOR)
    return written
