"""Databases for module fixtures on the store the run tests (pytest --store): a new one
(`store_database`, `store_demo`), or a filled one made once per module and copied for each test:
a DuckDB file copied, or a PostgreSQL database used as the template of the test's own database
(CREATE DATABASE … TEMPLATE: a copy at file level, no reloading).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from storage.db import Database
from tests.seeding import fill_demo


@contextmanager
def store_database(request: pytest.FixtureRequest, folder: Path) -> Iterator[Database]:
    """A new database on the store of the run (a file in `folder`, or a database of the test
    cluster), closed and on PostgreSQL dropped afterwards."""
    if request.config.getoption("--store") != "postgresql":
        database = Database(folder / "module.duckdb")
        try:
            yield database
        finally:
            database.close()
        return
    from storage.postgres import PostgresDatabase

    cluster = request.getfixturevalue("postgres_cluster")
    url = cluster.new_database()
    database = PostgresDatabase(url)
    try:
        yield database
    finally:
        database.close()
        cluster.drop_database(url)


@contextmanager
def store_demo(request: pytest.FixtureRequest, folder: Path, **options) -> Iterator[Database]:
    """tests.seeding.demo_database on the store of the run: data.demo.generate(**options),
    without the improvement loop unless `improvement_loop=True`."""
    with store_database(request, folder) as database:
        yield fill_demo(database, **options)


def filled_template(
    request: pytest.FixtureRequest, folder: Path, fill: Callable[[Database], object]
) -> Iterator[tuple[str | Path, object]]:
    """For a module fixture: a new database filled by `fill` (then closed) and what `fill`
    returned; yields (its file or URL, that result) and drops a PostgreSQL one afterwards."""
    if request.config.getoption("--store") != "postgresql":
        path = folder / "template.duckdb"
        database = Database(path)
        try:
            result = fill(database)
        finally:
            database.close()
        yield path, result
        return
    from storage.postgres import PostgresDatabase

    cluster = request.getfixturevalue("postgres_cluster")
    url = cluster.new_database()
    database = PostgresDatabase(url)
    try:
        result = fill(database)
    finally:
        database.close()  # no open connection: CREATE DATABASE … TEMPLATE needs none
    yield url, result
    cluster.drop_database(url)


def copy_template(request: pytest.FixtureRequest, template: str | Path, db_path: Path) -> None:
    """Make this test's database (tests/conftest.py's db_path: the file, or JAKOSC_DATABASE_URL
    on PostgreSQL) a copy of `template`."""
    if isinstance(template, Path):
        shutil.copy(template, db_path)
        return
    cluster = request.getfixturevalue("postgres_cluster")
    url = os.environ["JAKOSC_DATABASE_URL"]
    cluster.drop_database(url)
    cluster.admin(f"CREATE DATABASE {url.rsplit('/', 1)[1]} TEMPLATE {template.rsplit('/', 1)[1]}")
