"""Shared fixtures: a fresh database per test, and ready-made departments and accounts.

The suite runs on either store: `pytest --store=postgresql` (or JAKOSC_TEST_STORE=postgresql)
gives every test that asks for `db_path` or `db` a fresh database on a throw-away PostgreSQL
cluster (tests/postgres.py, one per worker) through JAKOSC_DATABASE_URL, the setting the app and
the `jakosc` commands read; the default is a fresh DuckDB file.
"""

from __future__ import annotations

import os

import pytest
from argon2 import PasswordHasher

from accounts import passwords
from accounts.service import create_account
from storage.db import open_database
from storage.departments import add_department
from storage.employees import add_employee

PASSWORD = "Haslo-testowe-1"


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch):
    """Argon2 with its production cost takes ~50 ms a hash, and fixtures make many accounts.
    Tests use the same algorithm at the lowest cost; test_accounts checks real hashes too."""
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))


def pytest_addoption(parser):
    parser.addoption(
        "--store",
        choices=("duckdb", "postgresql"),
        default=os.environ.get("JAKOSC_TEST_STORE", "duckdb"),
        help="the store the tests' databases live in (default: duckdb, or $JAKOSC_TEST_STORE)",
    )


def pytest_collection_modifyitems(config, items):
    if config.getoption("--store") == "postgresql":
        about_the_file = pytest.mark.skip(reason="about the DuckDB file itself")
        ran_already = pytest.mark.skip(reason="sets up its own stores: ran in the DuckDB pass")
        for item in items:
            if "duckdb_only" in item.keywords:
                item.add_marker(about_the_file)
            elif "own_stores" in item.keywords:
                item.add_marker(ran_already)


@pytest.fixture(scope="session")
def store(request) -> str:
    return request.config.getoption("--store")


@pytest.fixture(scope="session")
def postgres_cluster():
    """A throw-away PostgreSQL cluster for this worker, started on first use."""
    from tests.postgres import Cluster

    cluster = Cluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture
def db_path(tmp_path, monkeypatch, store, request):
    """Where the app's database is for this test: a fresh DuckDB file, or on PostgreSQL a fresh
    database named by JAKOSC_DATABASE_URL (the file path then stays unused)."""
    path = tmp_path / "test.duckdb"
    monkeypatch.setenv("JAKOSC_DB", str(path))
    if store != "postgresql":
        yield path
        return
    cluster = request.getfixturevalue("postgres_cluster")
    url = cluster.new_database()
    monkeypatch.setenv("JAKOSC_DATABASE_URL", url)
    yield path
    cluster.drop_database(url)


@pytest.fixture
def db(db_path):
    database = open_database()
    yield database
    database.close()


@pytest.fixture
def office(db):
    """Two departments with two employees each, an admin, a manager, a supervisor of KM and one of GK."""
    km = add_department(db, "KM", "Wydział Komunikacji", "test")
    gk = add_department(db, "GK", "Wydział Geodezji i Kartografii", "test")
    people = {
        "kowalska": add_employee(
            db, {"department_id": km, "first_name": "Anna", "last_name": "Kowalska"}, "test"
        ),
        "nowak": add_employee(db, {"department_id": km, "first_name": "Jan", "last_name": "Nowak"}, "test"),
        "wisniewska": add_employee(
            db, {"department_id": gk, "first_name": "Ewa", "last_name": "Wiśniewska"}, "test"
        ),
        "zielinski": add_employee(
            db, {"department_id": gk, "first_name": "Piotr", "last_name": "Zieliński"}, "test"
        ),
    }
    accounts = {
        "admin": create_account(
            db, login="admin", password=PASSWORD, role="admin", display_name="Admin", actor="test"
        ),
        "starosta": create_account(
            db, login="starosta", password=PASSWORD, role="management", display_name="Starosta", actor="test"
        ),
        "kierownik.km": create_account(
            db,
            login="kierownik.km",
            password=PASSWORD,
            role="supervisor",
            display_name="Kierownik KM",
            actor="test",
            department_ids=[km],
        ),
        "kierownik.gk": create_account(
            db,
            login="kierownik.gk",
            password=PASSWORD,
            role="supervisor",
            display_name="Kierownik GK",
            actor="test",
            department_ids=[gk],
        ),
        "kowalska": create_account(
            db,
            login="kowalska",
            password=PASSWORD,
            role="employee",
            display_name="Anna Kowalska",
            actor="test",
            employee_id=people["kowalska"],
        ),
    }
    return {"departments": {"KM": km, "GK": gk}, "employees": people, "accounts": accounts}
