"""Accounts, sessions and kiosks that the benchmarks put into a database before they measure.

Imported by pages.py, load.py and stores.py (which also takes the dashboard's queries from
here). Run as a script it prepares a file for a server of another checkout with that checkout's
own code (its migrations, its accounts), and prints what the benchmark needs as JSON:

    .venv/bin/python benchmarks/common.py --project /tmp/before --kiosks 24 /tmp/copy.duckdb
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

PASSWORD = "Benchmark-haslo-1"
MANAGER = "bench.management"


def session_token(db, role, login: str, *, department_ids=(), employee_id=None) -> str:
    """A new session token of the account `login` (created with `role` when missing)."""
    from accounts.service import CurrentUser, create_account, start_session
    from storage import users

    row = users.get_by_login(db, login)
    account_id = (
        row["id"]
        if row
        else create_account(
            db,
            login=login,
            password=PASSWORD,
            role=role,
            display_name=login,
            actor="benchmark",
            department_ids=list(department_ids),
            employee_id=employee_id,
        )
    )
    return start_session(db, CurrentUser.from_row(users.get_user(db, account_id)))[0]


def kiosk_tokens(db, count: int) -> list[str]:
    """`count` new kiosks for any department; their secret tokens."""
    from storage import kiosks

    return [kiosks.add_kiosk(db, f"Kiosk pomiarowy {i + 1}", None, "benchmark")[1] for i in range(count)]


def dashboard_queries(db, version: str) -> dict:
    """Every query the dashboard runs, by name: each a function of a queries.Scope (all departments,
    or one for the drill-downs)."""
    from analytics import headline, queries, summaries

    item = db.scalar("SELECT item_id FROM observation_answers LIMIT 1")
    one = (db.scalar("SELECT id FROM departments ORDER BY code LIMIT 1"),)
    return {
        "headline (one period)": lambda s: queries.headline(db, s, version),
        "summaries.tiles (both periods)": lambda s: summaries.tiles(
            headline.headline_figures(db, s, version)
        ),
        "monthly_scores": lambda s: queries.monthly_scores(db, s),
        "monthly_satisfaction": lambda s: queries.monthly_satisfaction(db, s),
        "satisfaction_by_criterion": lambda s: queries.satisfaction_by_criterion(db, s),
        "department_standard": lambda s: queries.department_standard(db, s),
        "item_results (Pareto)": lambda s: queries.item_results(db, s),
        "total_not_met": lambda s: queries.total_not_met(db, s),
        "item_results (one department, one standard)": lambda s: queries.item_results(
            db, queries.Scope(s.filters, one), standard_id="proces", limit=100
        ),
        "item_observations (drill-down)": lambda s: queries.item_observations(
            db, queries.Scope(s.filters, one), item, with_names=False
        ),
        "rating_hours": lambda s: queries.rating_hours(db, s),
        "coverage": lambda s: queries.coverage(db, s),
        "module_use": lambda s: queries.module_use(db, s),
        "calibration_pairs": lambda s: queries.calibration_pairs(db, s),
        "critical_breaches": lambda s: queries.critical_breaches(db, s),
        "employee_scores": lambda s: queries.employee_scores(db, s),
        "approved_comments": lambda s: queries.approved_comments(db, s),
        "handbook_versions": lambda s: queries.handbook_versions(db),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--project", type=Path, required=True, help="the checkout whose code opens the file")
    parser.add_argument("--kiosks", type=int, default=1)
    args = parser.parse_args()
    sys.path.insert(0, str(args.project.resolve()))
    os.environ["JAKOSC_DB"] = str(args.db)

    from storage.db import Database

    db = Database(args.db)
    try:
        prepared = {
            "manager": session_token(db, "management", MANAGER),
            "kiosks": kiosk_tokens(db, args.kiosks),
            "ratings": db.scalar("SELECT count(*) FROM client_ratings"),
            "observations": db.scalar("SELECT count(*) FROM observations"),
        }
    finally:
        db.close()
    print(json.dumps(prepared))


if __name__ == "__main__":
    main()
