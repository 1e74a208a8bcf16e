"""AppTest fixtures: the app's own process-wide database, seeded before the app runs, and a
record of the menu st.navigation was given.

AppTest runs app.py in this process, where storage.db.shared_database() opens the file at
$JAKOSC_DB once. The tests seed through that same Database (one connection per file) and
the teardown closes it and forgets it, so the next test starts on a fresh file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import streamlit

from services import transfer
from storage import db as storage_db
from storage.db import Database


@pytest.fixture
def db(db_path):
    """Overrides tests/conftest.py: the Database the app itself will use for $JAKOSC_DB."""
    database = storage_db.shared_database()
    assert database.store == "postgresql" or database.path.resolve() == db_path.resolve()
    yield database
    with storage_db._shared_lock:
        for opened in storage_db._shared.values():
            opened.close()
        storage_db._shared.clear()


@pytest.fixture
def app_database_from(db_path, store, request):
    """app_database_from(template) -> the app's shared Database holding the rows of a DuckDB file
    built once per module: a copy of the file at $JAKOSC_DB, or on PostgreSQL the rows moved into
    the test's database (services.transfer, as `jakosc przenies` moves them)."""

    def load(template: Path) -> Database:
        if store == "duckdb":
            shutil.copy(template, db_path)
        database = request.getfixturevalue("db")
        if store == "postgresql":
            source = Database(template)
            try:
                transfer.move(source, database)
            finally:
                source.close()
        return database

    return load


class Menu:
    """The pages of the latest st.navigation call, as app.py passed them."""

    def __init__(self):
        self.pages: list = []

    def record(self, pages):
        sections = pages.values() if isinstance(pages, dict) else [pages]
        self.pages = [page for section in sections for page in section]

    def offered(self) -> set[str]:
        """Titles a user sees in the menu (hidden pages only answer their URL)."""
        return {page.title for page in self.pages if page.visibility == "visible"}

    def url_paths(self) -> set[str]:
        return {page.url_path for page in self.pages}


@pytest.fixture
def menu(monkeypatch):
    recorder = Menu()
    original = streamlit.navigation

    def navigation(pages, **options):
        recorder.record(pages)
        return original(pages, **options)

    monkeypatch.setattr(streamlit, "navigation", navigation)
    return recorder
