"""The same `jakosc demo` data on both stores gives the same dashboard, report and Excel export.

The demo (same seed, same end) is generated into a DuckDB file and into a database of the
throw-away PostgreSQL cluster: first every table must hold the same rows (the generator is
deterministic by seed on both stores), then every figure the dashboard and the report compute
must be identical, frames to the dtype and floats exactly, for management, a supervisor's two
departments, a filtered period and a channel filter; and the Excel export, read back with
openpyxl, must have the same sheets with the same value and number format in every cell.
"""

from __future__ import annotations

import io
import json
import uuid
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest

from accounts.roles import Role
from accounts.service import CurrentUser
from analytics import effectiveness, export, headline, queries
from analytics.filters import Filters
from checklists.loading import current_checklists
from data import demo
from reports.content import build_report
from reports.model import ReportRequest
from services import observation_plan
from storage import maintenance
from storage.db import Database
from storage.postgres import PostgresDatabase

pytestmark = pytest.mark.own_stores

CHECKLISTS = current_checklists()
END = datetime(2026, 6, 30, 15, 0)
QUARTER = Filters(date(2026, 4, 1), date(2026, 6, 30))
MAY_BE_EMPTY = ("calibration_pairs", "item_observations")  # in a short period or a small scope
SCOPES = ("management, quarter", "supervisor of two departments", "two weeks of May", "QR and paper only")


@pytest.fixture(scope="module")
def stores(tmp_path_factory, postgres_cluster):
    """The demo on both stores: {"duckdb": Database, "postgresql": PostgresDatabase}."""
    url = postgres_cluster.new_database()
    databases = {
        "duckdb": Database(tmp_path_factory.mktemp("parity") / "demo.duckdb"),
        "postgresql": PostgresDatabase(url),
    }
    for database in databases.values():
        demo.generate(database, months=6, ratings=3000, observations=400, seed=17, end=END)
    yield databases
    for database in databases.values():
        database.close()
    postgres_cluster.drop_database(url)


def _scopes(db) -> dict[str, queries.Scope]:
    two = [row[0] for row in db.query("SELECT id FROM departments ORDER BY code LIMIT 2")]
    filters = (
        (QUARTER, None),
        (QUARTER, two),
        (Filters(date(2026, 5, 4), date(2026, 5, 17)), None),
        (Filters(QUARTER.start, QUARTER.end, channels=("qr", "paper")), None),
    )
    return {
        name: queries.resolve_scope(db, f, visible)
        for name, (f, visible) in zip(SCOPES, filters, strict=True)
    }


def _figures(db, scope: queries.Scope) -> dict[str, object]:
    """Every figure the dashboard's tabs and the report read (pages/dashboard.py, reports.content)."""
    items = queries.item_results(db, scope)
    first_item = items["item_id"].iloc[0]
    first_department = next(iter(queries.monthly_scores(db, scope)["department_id"]), None)
    return {
        "headline": queries.headline(db, scope, CHECKLISTS.version),
        "headline_figures": headline.headline_figures(db, scope, CHECKLISTS.version),
        "criterion_figures": headline.criterion_figures(db, scope),
        "monthly_scores": queries.monthly_scores(db, scope),
        "monthly_satisfaction": queries.monthly_satisfaction(db, scope),
        "satisfaction_by_criterion": queries.satisfaction_by_criterion(db, scope),
        "rating_distribution": queries.rating_distribution(db, scope),
        "department_standard": queries.department_standard(db, scope),
        "item_results": items,
        "item_results of one standard": queries.item_results(
            db, scope, standard_id=CHECKLISTS.standards[0].id, limit=100
        ),
        "total_not_met": queries.total_not_met(db, scope),
        "item_observations": queries.item_observations(
            db, queries.Scope(scope.filters, (first_department,)), first_item, with_names=False
        ),
        "rating_hours": queries.rating_hours(db, scope),
        "ratings_by_channel": queries.ratings_by_channel(db, scope),
        "coverage": queries.coverage(db, scope),
        "module_use": queries.module_use(db, scope),
        "calibration_pairs": queries.calibration_pairs(db, scope),
        "critical_breaches": queries.critical_breaches(db, scope),
        "employee_scores": queries.employee_scores(db, scope),
        "approved_comments": queries.approved_comments(db, scope),
        "approved comments rated 1-2": queries.approved_comments(db, scope, overall=(1, 2)),
        "handbook_versions": queries.handbook_versions(db),
    }


def _assert_same(name: str, left, right) -> None:
    if isinstance(left, pd.DataFrame):
        assert len(left) > 0 or name in MAY_BE_EMPTY, f"{name}: no rows, nothing compared"
        pd.testing.assert_frame_equal(left, right, check_exact=True, obj=name)
    else:
        assert left == right, name


def _rows(db, table: str) -> list[tuple]:
    """A table's rows as plain values in a store-independent order (JSON as parsed values,
    the moments the rows were written as one marker)."""

    def plain(value):
        if isinstance(value, datetime) and value > END:
            return "the moment of the run"  # a row's created_at: now(), not drawn from the seed
        if isinstance(value, str) and value[:1] in ("{", "["):
            try:
                return json.dumps(json.loads(value), sort_keys=True)
            except ValueError:
                return value
        if isinstance(value, dict | list):
            return json.dumps(value, sort_keys=True)
        return value

    return sorted((tuple(plain(v) for v in row) for row in db.query(f"SELECT * FROM {table}")), key=repr)


def test_the_demo_with_one_seed_holds_the_same_rows_on_both_stores(stores):
    counts = {store: maintenance.row_counts(db) for store, db in stores.items()}
    assert counts["duckdb"] == counts["postgresql"]
    assert counts["duckdb"]["client_ratings"] > 3000 and counts["duckdb"]["improvement_actions"] > 0
    # The audit entry of the run itself records when it ran (now): the one row allowed to differ.
    for table in (name for name, count in counts["duckdb"].items() if count and name != "audit_log"):
        assert _rows(stores["duckdb"], table) == _rows(stores["postgresql"], table), table


@pytest.mark.parametrize("scope_name", SCOPES)
def test_every_dashboard_figure_is_identical_on_both_stores(stores, scope_name):
    figures = {store: _figures(db, _scopes(db)[scope_name]) for store, db in stores.items()}
    for name, value in figures["duckdb"].items():
        _assert_same(name, value, figures["postgresql"][name])


def test_the_observation_plan_progress_is_identical_on_both_stores(stores):
    """The dashboard's "18 z 24" and its rows, for management and for a supervisor of two departments."""
    progress = {}
    for store, db in stores.items():
        two = tuple(row[0] for row in db.query("SELECT id FROM departments ORDER BY code LIMIT 2"))
        users = [
            CurrentUser(uuid.UUID(int=1), "zarzad", Role.MANAGEMENT, "Zarząd", None, (), "pl"),
            CurrentUser(uuid.UUID(int=2), "kierownik", Role.SUPERVISOR, "Kierownik", None, two, "pl"),
        ]
        progress[store] = [observation_plan.progress(db, user, 2026, 2) for user in users]
    assert progress["duckdb"] == progress["postgresql"]
    assert all(rows for rows in progress["duckdb"])


def test_every_action_has_the_same_effectiveness_on_both_stores(stores):
    moment = datetime(2026, 6, 30, 15, 0)
    results = {}
    for store, db in stores.items():
        actions = db.query_dicts("SELECT * FROM improvement_actions ORDER BY id")
        results[store] = [effectiveness.effectiveness(db, action, moment) for action in actions]
    assert results["duckdb"] == results["postgresql"]
    assert any(result is not None for result in results["duckdb"])


def test_the_report_is_identical_on_both_stores(stores):
    request = ReportRequest(QUARTER.start, QUARTER.end)
    reports = {
        store: build_report(db, CHECKLISTS, request, today=date(2026, 7, 1)) for store, db in stores.items()
    }
    assert reports["duckdb"] == reports["postgresql"]


@pytest.mark.parametrize("with_names", [False, True])
def test_every_export_sheet_is_identical_cell_by_cell(stores, monkeypatch, with_names):
    monkeypatch.setattr(export, "now", lambda: datetime(2026, 7, 1, 8, 30))
    sheets = {}
    for store, db in stores.items():
        data = export.workbook_bytes(
            db,
            _scopes(db)["management, quarter"],
            checklists=CHECKLISTS,
            made_by="Test",
            with_names=with_names,
        )
        book = openpyxl.load_workbook(io.BytesIO(data))
        sheets[store] = {
            ws.title: [[(cell.value, cell.number_format) for cell in row] for row in ws.iter_rows()]
            for ws in book.worksheets
        }
    assert list(sheets["duckdb"]) == list(sheets["postgresql"])
    for title, rows in sheets["duckdb"].items():
        assert len(rows) > 1, f"sheet {title} is empty"
        assert rows == sheets["postgresql"][title], f"sheet {title}"
