"""Backup, restore and the retention rewrite on PostgreSQL (JAKOSC_DATABASE_URL), whatever store the
rest of the run uses: `jakosc backup` writes pg_dump's custom format (owner-only, rotated),
`jakosc restore` puts it back with pg_restore in one transaction, refusing a database with data or
with other processes connected unless --force, a broken or foreign file, a missing program and a
refused connection in Polish; the retention's rewrite is VACUUM FULL of the tables with personal
data, after which the removed text is in no data file of the table.

Expected values come from the server itself, read with plain SQL through psycopg (counts, rows),
from pg_restore's own listing of the file, and from the bytes of the table's data file.
"""

from __future__ import annotations

import io
import stat
import subprocess
import sys
import uuid
from datetime import datetime

import psycopg
import pytest

from cli.main import main
from data.demo import generate
from services import transfer
from storage import maintenance
from storage.db import Database
from storage.postgres import PostgresDatabase
from tests.command import jakosc as jakosc_process
from tests.postgres import free_port

PASSWORD = "Tajne-Haslo-Bazy-77"  # the test cluster trusts every password; it must never be printed


def with_password(url: str) -> str:
    return url.replace("postgres@", f"postgres:{PASSWORD}@", 1)


# PostgreSQL whatever the store: run once, in the DuckDB pass, not again with --store=postgresql.
pytestmark = pytest.mark.own_stores


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """A small demo office in a DuckDB file (data.demo), moved into the databases that need data."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    db = Database(path)
    try:
        generate(db, months=1, ratings=200, observations=20, seed=11)
    finally:
        db.close()
    return path


def fill(url: str, demo_file) -> None:
    source, target = Database(demo_file), PostgresDatabase(url)
    try:
        transfer.move(source, target)
    finally:
        source.close()
        target.close()


@pytest.fixture
def server_db(postgres_cluster, monkeypatch, tmp_path):
    """A fresh PostgreSQL database as the configured store (its URL with a password), and the
    backup folder the commands use."""
    url = postgres_cluster.new_database()
    monkeypatch.setenv("JAKOSC_DATABASE_URL", with_password(url))
    monkeypatch.setenv("JAKOSC_DB", str(tmp_path / "unused.duckdb"))
    monkeypatch.setenv("JAKOSC_BACKUP_DIR", str(tmp_path / "kopie"))
    yield url
    postgres_cluster.drop_database(url)


@pytest.fixture
def jakosc(capsys, monkeypatch):
    """Run one command in this process; (exit code, output, errors), the password never in them."""

    def run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(""))
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        assert PASSWORD not in out + err
        return code, out, err

    return run


def counts(url: str) -> dict[str, int]:
    """Rows per table, by plain SQL on the server."""
    with psycopg.connect(url) as connection:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in maintenance.TABLES
        }


def listed_tables(dump) -> set[str]:
    listing = subprocess.run(
        [maintenance.postgres_tool("pg_restore"), "--list", str(dump)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {line.split()[-2] for line in listing.splitlines() if " TABLE DATA public " in line}


def test_backup_is_an_owner_only_pg_dump_of_every_table_and_rotation_keeps_the_newest(
    server_db, jakosc, tmp_path, monkeypatch, demo_file
):
    fill(server_db, demo_file)
    single = tmp_path / "kopia.dump"
    code, out, err = jakosc("backup", "--out", str(single))
    assert (code, err) == (0, "") and out == f"Kopia zapisana: {single}\n"
    assert stat.S_IMODE(single.stat().st_mode) == 0o600
    assert {"observations", "client_ratings", "schema_migrations", "audit_log"} <= listed_tables(single)
    assert not any(name.startswith("data_version") for name in listed_tables(single))

    folder = tmp_path / "kopie-datowane"
    days = iter(datetime(2026, 11, day, 2, 0) for day in (1, 2, 3))  # a name per second: a day apart
    monkeypatch.setattr(maintenance, "now", lambda: next(days))
    for _ in range(3):
        assert jakosc("backup", "--out", str(folder), "--keep", "2")[0] == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "jakosc-20261102-020000.dump",
        "jakosc-20261103-020000.dump",
    ]
    assert jakosc("backup", "--out", str(single))[2] == f"Plik {single} już istnieje.\n"


def test_the_command_writes_the_backup_owner_only_also_with_umask_022(server_db, tmp_path):
    out = tmp_path / "kopia.dump"
    result = jakosc_process(tmp_path / "unused.duckdb", "backup", "--out", str(out), umask=0o022, timeout=300)
    assert result.returncode == 0, result.stderr
    assert PASSWORD not in result.stdout + result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_restore_into_a_fresh_database_gives_the_same_rows_and_moves_the_data_versions(
    server_db, postgres_cluster, jakosc, tmp_path, monkeypatch, demo_file
):
    fill(server_db, demo_file)
    original = counts(server_db)
    dump = tmp_path / "kopia.dump"
    assert jakosc("backup", "--out", str(dump))[0] == 0

    fresh = postgres_cluster.new_database()
    try:
        running = PostgresDatabase(fresh)  # an app process on the new database, idle meanwhile
        before = running.data_version("ratings", "observations")
        running.close()
        monkeypatch.setenv("JAKOSC_DATABASE_URL", with_password(fresh))
        code, out, err = jakosc("restore", str(dump))
        assert (code, err) == (0, "")
        assert (
            out
            == f"Przywrócono {dump} do postgresql://postgres@127.0.0.1:{postgres_cluster.port}/{fresh.rsplit('/', 1)[1]}.\n"
        )
        assert counts(fresh) == original and original["observations"] == 20
        with psycopg.connect(server_db) as a, psycopg.connect(fresh) as b:
            query = "SELECT * FROM client_ratings ORDER BY id"
            assert a.execute(query).fetchall() == b.execute(query).fetchall()
        reopened = PostgresDatabase(fresh)
        after = reopened.data_version("ratings", "observations")
        reopened.close()
        assert after[0] > before[0], "every figure a running process keeps is computed anew"
    finally:
        postgres_cluster.drop_database(fresh)


def test_restore_over_data_needs_force_and_keeps_the_replaced_data_in_a_backup(
    server_db, jakosc, tmp_path, demo_file
):
    fill(server_db, demo_file)
    dump = tmp_path / "kopia.dump"
    assert jakosc("backup", "--out", str(dump))[0] == 0
    with psycopg.connect(server_db) as connection:
        connection.execute("DELETE FROM client_ratings WHERE overall = 5")
    changed = counts(server_db)

    code, out, err = jakosc("restore", str(dump))
    assert code == 2 and out == ""
    assert err.startswith("Baza postgresql://postgres@") and "zawiera dane. Użyj --force" in err
    assert counts(server_db) == changed

    code, out, err = jakosc("restore", str(dump), "--force")
    assert (code, err) == (0, "")
    [saved] = (tmp_path / "kopie").glob("before-restore-*.dump")
    assert out.startswith(f"Dotychczasowe dane zapisano w kopii {saved}.\nPrzywrócono {dump}")
    assert counts(server_db)["client_ratings"] > changed["client_ratings"]
    assert "client_ratings" in listed_tables(saved)


def test_restore_while_another_process_is_connected_is_refused_unless_forced(server_db, jakosc, tmp_path):
    assert jakosc("init")[0] == 0
    dump = tmp_path / "kopia.dump"
    assert jakosc("backup", "--out", str(dump))[0] == 0
    with psycopg.connect(server_db) as app:  # e.g. a running app process's pooled connection
        app.execute("INSERT INTO settings VALUES ('po_kopii', 'tak')")
        code, _, err = jakosc("restore", str(dump))
        assert code == 2
        assert err.startswith("Z bazą postgresql://postgres@") and "(połączenia: 1)" in err
        assert "Baza nie została zmieniona." in err
        assert app.execute("SELECT value FROM settings WHERE key = 'po_kopii'").fetchone() == ("tak",)
        app.commit()
    assert jakosc("restore", str(dump), "--force")[0] == 0
    with psycopg.connect(server_db) as check:
        assert check.execute("SELECT count(*) FROM settings WHERE key = 'po_kopii'").fetchone() == (0,)


@pytest.mark.parametrize("content", [b"to nie jest kopia", b"DUCK" * 1000], ids=["text", "garbage"])
def test_a_broken_or_foreign_file_is_refused_before_anything_changes(server_db, jakosc, tmp_path, content):
    assert jakosc("init")[0] == 0
    with psycopg.connect(server_db) as connection:
        connection.execute("INSERT INTO settings VALUES ('zostaje', 'tak')")
    broken = tmp_path / "kopia.dump"
    broken.write_bytes(content)
    code, out, err = jakosc("restore", str(broken), "--force")
    assert (code, out) == (2, "")
    assert err == (
        f"Plik {broken} nie jest kopią bazy PostgreSQL zapisaną przez jakosc backup (pg_dump -Fc) "
        "albo jest uszkodzony. Baza nie została zmieniona.\n"
    )
    with psycopg.connect(server_db) as connection:
        assert connection.execute("SELECT value FROM settings WHERE key = 'zostaje'").fetchone() == ("tak",)


def test_a_dump_of_another_database_is_not_taken_for_a_backup(server_db, postgres_cluster, jakosc, tmp_path):
    other = postgres_cluster.url("postgres")
    foreign = tmp_path / "obca.dump"
    postgres_cluster.admin("CREATE TABLE IF NOT EXISTS obca (x int)")
    subprocess.run(
        [maintenance.postgres_tool("pg_dump"), "-Fc", "-f", str(foreign), f"--dbname={other}"], check=True
    )
    code, _, err = jakosc("restore", str(foreign), "--force")
    assert (
        code == 2
        and err == f"Plik {foreign} nie jest kopią bazy Jakość Obsługi. Baza nie została zmieniona.\n"
    )


def test_a_missing_program_is_named_with_the_package_to_install(server_db, jakosc, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "puste"))
    monkeypatch.setattr(maintenance.glob, "glob", lambda pattern: [])
    code, _, err = jakosc("backup", "--out", str(tmp_path / "kopia.dump"))
    assert code == 1
    assert err.startswith("Nie znaleziono programu pg_dump. Zainstaluj klienta PostgreSQL")
    assert "apt-get install postgresql-client" in err
    assert not (tmp_path / "kopia.dump").exists()


def test_a_refused_connection_is_said_in_polish_without_the_password(jakosc, tmp_path, monkeypatch):
    url = f"postgresql://postgres:{PASSWORD}@127.0.0.1:{free_port()}/jakosc"
    monkeypatch.setenv("JAKOSC_DATABASE_URL", url)
    monkeypatch.setattr("storage.postgres.CONNECT_TIMEOUT", 2.0)
    dump = tmp_path / "kopia.dump"
    dump.write_bytes(b"")
    for command in (["backup", "--out", str(dump.with_name("nowa.dump"))], ["stats"]):
        code, out, err = jakosc(*command)
        assert (code, out) == (1, ""), command
        assert err.startswith(
            "Nie można połączyć się z bazą danych PostgreSQL postgresql://postgres@127.0.0.1:"
        )
    assert not dump.with_name("nowa.dump").exists()


# --- the retention's rewrite: VACUUM FULL ------------------------------------------------------

GONE = "Uwaga Klienta do usunięcia przez retencję, której nie może już być w plikach bazy"


def table_file_bytes(cluster, url: str, table: str) -> bytes:
    """The table's main data file as it is on disk (after a checkpoint writes the buffers out)."""
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("CHECKPOINT")
        (relative,) = connection.execute("SELECT pg_relation_filepath(%s)", (table,)).fetchone()
    path = cluster.folder / "data" / relative
    return b"".join(p.read_bytes() for p in sorted(path.parent.glob(path.name + "*")) if "_" not in p.name)


def test_the_rewrite_on_postgresql_leaves_the_removed_text_in_no_data_file(server_db, postgres_cluster):
    db = PostgresDatabase(server_db)
    try:
        rows = [(uuid.uuid4(), f"wpis {n}") for n in range(50)]
        db.write(
            lambda cursor: cursor.executemany(
                "INSERT INTO audit_log VALUES (?, now(), 'test', 'create', 'x', NULL, NULL, ?)", rows
            )
        )
        gone = uuid.uuid4()
        db.write(
            lambda cursor: cursor.execute(
                "INSERT INTO audit_log VALUES (?, now(), 'test', 'create', 'x', NULL, NULL, ?)", [gone, GONE]
            )
        )
        db.write(lambda cursor: cursor.execute("DELETE FROM audit_log WHERE id = ?", [gone]))
        assert GONE.encode() in table_file_bytes(postgres_cluster, server_db, "audit_log"), (
            "a deleted row stays in the data file until the table is rewritten"
        )

        maintenance.rewrite_file(db)

        assert GONE.encode() not in table_file_bytes(postgres_cluster, server_db, "audit_log")
        assert db.scalar("SELECT count(*) FROM audit_log WHERE actor = 'test'") == 50
    finally:
        db.close()


def test_the_rewrite_on_postgresql_gives_up_when_a_table_stays_busy(server_db):
    db = PostgresDatabase(server_db)
    try:
        with psycopg.connect(server_db) as export:  # a long read holding the table
            export.execute("SELECT count(*) FROM audit_log").fetchone()
            with pytest.raises(maintenance.DatabaseBusy, match="zajęta"):
                maintenance.rewrite_file(db, wait=0.3)
        maintenance.rewrite_file(db)  # once it is done, the rewrite goes through
    finally:
        db.close()
