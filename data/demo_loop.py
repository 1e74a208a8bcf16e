"""The improvement loop's part of `jakosc demo`: after data.demo has loaded the office and its
history, paper questionnaires, survey campaigns, improvement actions, training, observation plans,
client cases and the e-mail history that would have gone out about them, each from its own module,
in the order they depend on (campaign targets follow the ratings, paper ones included; training
links to open actions; the e-mail history is about the actions).

Each part draws from its own random stream, so changing one leaves the others as they were.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from checklists.loading import ChecklistSet
from data.demo_actions import add_actions
from data.demo_campaigns import add_campaigns
from data.demo_cases import add_cases
from data.demo_mail import add_mail
from data.demo_paper import add_paper
from data.demo_plan import add_plans
from data.demo_training import add_training
from storage.db import Database

# table -> where its demo rows hang on the office (for removing a failed run): a column and
# whether it holds a department's id ("department"), an employee's ("employee"), an observer's
# ("observer") or the demo's own name as the author ("demo"). Paper questionnaires are ratings,
# which a failed run removes whole.
TABLES = {
    "survey_campaign_targets": ("department_id", "department"),
    "survey_campaigns": ("created_by", "demo"),
    "improvement_actions": ("department_id", "department"),
    "training_records": ("employee_id", "employee"),
    "observation_plan": ("department_id", "department"),
    "client_cases": ("department_id", "department"),
    "mail_outbox": ("recipient_id", "observer"),
}


def add_loop(db: Database, checklists: ChecklistSet, seed: int, today: date) -> dict[str, int]:
    """Add every part of the loop; returns the rows added per table (for observation_plan: the
    plans, one per department and quarter, each of a row per kind)."""

    def rng(part: int) -> np.random.Generator:
        return np.random.default_rng([seed, 1000 + part])

    return {
        "paper_ratings": add_paper(db, rng(5), today),
        "survey_campaigns": add_campaigns(db, rng(6), today),
        "improvement_actions": add_actions(db, checklists, rng(0), today),
        "training_records": add_training(db, checklists, rng(1), today),
        "observation_plan": add_plans(db, checklists, rng(2), today),
        "client_cases": add_cases(db, rng(3), today),
        "mail_outbox": add_mail(db, rng(4), today),
    }
