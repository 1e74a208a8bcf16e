"""`jakosc przenies --z … --do …` (services.transfer): a demo office moved from a DuckDB file to a
PostgreSQL database and back into a new DuckDB file arrives whole, whatever store the rest of the
run uses. Expected values come from plain SQL on each side (duckdb and psycopg directly): every
table's rows equal on all three, and the headline counts the command prints equal to counts
written here by hand. Refusals: a target with data, a different migration history, a wrong or
unreachable address, a missing source file; a copy that does not add up is rolled back.
"""

from __future__ import annotations

import shutil
from datetime import timedelta

import duckdb
import psycopg
import pytest

from storage.db import now
from tests.command import in_process
from tests.postgres import free_port
from tests.seeding import demo_database

PASSWORD = "Haslo-Serwera-Bazy-31"  # the test cluster trusts any; it must never be printed


# PostgreSQL whatever the store: run once, in the DuckDB pass, not again with --store=postgresql.
pytestmark = pytest.mark.own_stores


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("przenies") / "demo.duckdb"
    demo_database(path, months=2, ratings=600, observations=60, seed=17, improvement_loop=True).close()
    return path


@pytest.fixture
def source(demo_file, tmp_path):
    path = tmp_path / "zrodlo.duckdb"
    shutil.copy(demo_file, path)
    return path


@pytest.fixture
def server(postgres_cluster):
    """A fresh, migrated, empty PostgreSQL database: (URL with a password, URL for psycopg)."""
    url = postgres_cluster.new_database()
    yield url.replace("postgres@", f"postgres:{PASSWORD}@", 1), url
    postgres_cluster.drop_database(url)


@pytest.fixture
def jakosc(capsys, monkeypatch):
    run = in_process(capsys, monkeypatch)

    def checked(*args: str) -> tuple[int, str, str]:
        code, out, err = run(*args)
        assert PASSWORD not in out + err
        return code, out, err

    return checked


def tables(path) -> list[str]:
    with duckdb.connect(str(path), read_only=True) as connection:
        return [
            name
            for (name,) in connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1"
            ).fetchall()
        ]


def file_rows(path, table: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as connection:
        return sorted(connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr)


def server_rows(url: str, table: str) -> list[tuple]:
    with psycopg.connect(url) as connection:
        return sorted(connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr)


def test_a_demo_office_goes_to_postgresql_and_back_whole(source, server, jakosc, tmp_path):
    url, plain_url = server
    back = tmp_path / "z-powrotem.duckdb"

    code, out, err = jakosc("przenies", "--z", str(source), "--do", url)
    assert (code, err) == (0, ""), err
    code, out_back, err = jakosc("przenies", "--z", url, "--do", str(back))
    assert (code, err) == (0, ""), err

    names = [name for name in tables(source) if name != "schema_migrations"]
    assert len(names) >= 25
    total = 0
    for table in names:
        rows = file_rows(source, table)
        assert server_rows(plain_url, table) == rows, table
        assert file_rows(back, table) == rows, table
        total += len(rows)
    assert file_rows(back, "schema_migrations") != [] and tables(back) == tables(source)

    shown = f"postgresql://postgres@127.0.0.1:{plain_url.rsplit(':', 1)[1]}"
    first, checked = out.splitlines()
    assert first == f"Przeniesiono bazę z {source} do {shown}: {total} wierszy w {len(names)} tabelach."
    assert out_back.splitlines()[0] == (
        f"Przeniesiono bazę z {shown} do {back}: {total} wierszy w {len(names)} tabelach."
    )
    # The headline counts printed, against plain SQL over the source file.
    start = now().date() - timedelta(days=364)
    with duckdb.connect(str(source), read_only=True) as connection:
        observations = connection.execute(
            "SELECT count(*) FROM observations WHERE status = 'sent' AND calibration_of IS NULL "
            "AND observed_at >= ?",
            [start],
        ).fetchone()[0]
        ratings = connection.execute(
            "SELECT count(*) FROM client_ratings WHERE (NOT burst OR burst_review = 'approved') "
            "AND created_at >= ?",
            [start],
        ).fetchone()[0]
    assert observations > 0
    assert checked.startswith(
        f"Sprawdzono: liczba wierszy każdej tabeli i wskaźniki pulpitu za okres {start.isoformat()} – "
    )
    assert 0 < ratings < 1000, "written without a thousands separator"
    assert f"Obserwacje: {observations};" in checked and f"Oceny Klientów: {ratings};" in checked


def test_a_target_with_data_is_refused_unless_forced(source, server, jakosc):
    url, plain_url = server
    assert jakosc("przenies", "--z", str(source), "--do", url)[0] == 0
    with psycopg.connect(plain_url) as connection:
        connection.execute("DELETE FROM client_ratings WHERE overall = 1")
    left = len(server_rows(plain_url, "client_ratings"))

    code, out, err = jakosc("przenies", "--z", str(source), "--do", url)
    assert (code, out) == (2, "")
    assert err.startswith("Baza docelowa zawiera dane (acknowledgements: ")
    assert err.endswith("użyj --force, aby zastąpić jej dane. Nic nie zostało skopiowane.\n")
    assert len(server_rows(plain_url, "client_ratings")) == left

    assert jakosc("przenies", "--z", str(source), "--do", url, "--force")[0] == 0
    assert server_rows(plain_url, "client_ratings") == file_rows(source, "client_ratings")


def test_a_copy_that_does_not_add_up_is_rolled_back_and_says_what_differed(source, server, jakosc):
    url, plain_url = server
    (lost,) = min(file_rows(source, "kiosks"))[:1]
    with psycopg.connect(plain_url) as connection:  # the target's server drops one kiosk on the way
        connection.execute(
            "CREATE FUNCTION lose_one() RETURNS trigger AS $$ BEGIN "
            f"IF NEW.id = '{lost}' THEN RETURN NULL; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
        )
        connection.execute(
            "CREATE TRIGGER lose_one BEFORE INSERT ON kiosks FOR EACH ROW EXECUTE FUNCTION lose_one()"
        )
    kiosks = len(file_rows(source, "kiosks"))

    code, out, err = jakosc("przenies", "--z", str(source), "--do", url)
    assert (code, out) == (2, "")
    assert f"Liczby wierszy różnią się po skopiowaniu (kiosks: źródło {kiosks}, cel {kiosks - 1})" in err
    assert err.endswith("Przeniesienie wycofane.\n")
    for table in ("kiosks", "observations", "client_ratings", "departments"):
        assert server_rows(plain_url, table) == [], table


def test_a_target_migrated_by_another_version_is_refused(source, server, jakosc):
    url, plain_url = server
    with psycopg.connect(plain_url) as connection:
        connection.execute("INSERT INTO schema_migrations VALUES (999, '999_nowsza.sql', now())")
    code, _, err = jakosc("przenies", "--z", str(source), "--do", url)
    assert code == 2
    assert err.startswith("Bazy mają różne wersje schematu (migracje źródła: 1, 2, ")
    assert ", 999)." in err and err.endswith("Nic nie zostało skopiowane.\n")
    assert server_rows(plain_url, "observations") == []


def test_wrong_addresses_and_a_missing_file_are_said_in_polish(source, jakosc, tmp_path, monkeypatch):
    monkeypatch.setattr("storage.postgres.CONNECT_TIMEOUT", 2.0)
    closed = f"postgresql://postgres:{PASSWORD}@127.0.0.1:{free_port()}/jakosc"
    code, out, err = jakosc("przenies", "--z", str(source), "--do", closed)
    assert (code, out) == (1, "")
    assert err.startswith("Nie można połączyć się z bazą danych PostgreSQL postgresql://postgres@127.0.0.1:")

    code, _, err = jakosc("przenies", "--z", str(source), "--do", "mysql://root@localhost/jakosc")
    assert code == 2 and err.startswith("Nieznany rodzaj adresu „mysql://”")

    missing = tmp_path / "nie-ma.duckdb"
    code, _, err = jakosc("przenies", "--z", str(missing), "--do", str(tmp_path / "cel.duckdb"))
    assert code == 2 and err == f"Nie ma pliku bazy {missing} (--z).\n"
    assert not missing.exists() and not (tmp_path / "cel.duckdb").exists()

    code, _, err = jakosc("przenies", "--z", str(source), "--do", str(source))
    assert code == 2 and err == "Źródło (--z) i cel (--do) to ta sama baza.\n"
