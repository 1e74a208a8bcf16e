"""Shared fixtures: a fresh database file per test, and ready-made departments and accounts."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from accounts import passwords
from accounts.service import create_account
from storage.db import Database
from storage.departments import add_department
from storage.employees import add_employee

PASSWORD = "Haslo-testowe-1"


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch):
    """Argon2 with its production cost takes ~50 ms a hash, and fixtures make many accounts.
    Tests use the same algorithm at the lowest cost; test_accounts checks real hashes too."""
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    path = tmp_path / "test.duckdb"
    monkeypatch.setenv("JAKOSC_DB", str(path))
    return path


@pytest.fixture
def db(db_path):
    database = Database(db_path)
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
