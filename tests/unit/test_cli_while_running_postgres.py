"""Every `jakosc` command while the app runs on PostgreSQL (issue 17, point 5): there is no file for
the app to own, so each command connects to the database server itself, beside a running app
process (`streamlit run server.py` on the same database), whatever store the rest of the run uses.

One server for the module: the fixture `office` runs every command against the database the app
uses, each in a process of its own as an office's IT runs them, while the app serves, and hands
over what happened. What the commands did is read with plain SQL from the copy `jakosc przenies`
made while the app ran (duckdb), and from the server itself (psycopg) after the last command, a
forced restore of the empty office's backup. The commands are given the address with a password,
which none of them may print.
"""

from __future__ import annotations

import json
import shlex
import urllib.request
from urllib.parse import parse_qs, urlsplit

import duckdb
import psycopg
import pytest
from pypdf import PdfReader

from reports import publish
from services import audit_trail
from storage.postgres import PostgresDatabase
from tests.browser.conftest import LiveServer
from tests.command import jakosc
from tests.seeding import paused_admin

PASSWORD = "Zielony-Kubek-47-Grojec"
SECRET = "Haslo-Do-Serwera-Bazy-58"  # in the commands' URL; the test cluster trusts any password
PUBLIC = "https://jakosc.starostwo.example.pl"
DEMO = "demo --months 1 --ratings 300 --observations 30 --seed 7"


def healthy(server: LiveServer) -> bool:
    with urllib.request.urlopen(server.url + "/health", timeout=10) as response:
        return response.status == 200 and json.loads(response.read())["status"] == "ok"


# PostgreSQL whatever the store: run once, in the DuckDB pass, not again with --store=postgresql.
pytestmark = pytest.mark.own_stores


@pytest.fixture(scope="module")
def office(tmp_path_factory, postgres_cluster) -> dict:
    folder = tmp_path_factory.mktemp("cli-running-postgres")
    url = postgres_cluster.new_database()
    db = PostgresDatabase(url)
    try:
        paused_admin(db, PASSWORD)
    finally:
        db.close()

    server = LiveServer(folder / "unused.duckdb", folder / "server.log", database_url=url)
    server.start(timeout=120)
    commands_url = url.replace("postgres@", f"postgres:{SECRET}@", 1)
    try:

        def run(command: str, stdin: str | None = None):
            result = jakosc(
                folder / "unused.duckdb", *shlex.split(command), database_url=commands_url, input=stdin
            )
            assert SECRET not in result.stdout + result.stderr, command
            return result

        outcome = {
            "empty_backup": run(f"backup --out {folder / 'pusta.dump'}"),
            "user_add": run(
                "user add --login Kierownik.KM --role supervisor --department km --name 'Anna Kowalska' "
                "--password-stdin",
                PASSWORD + "\n",
            ),
            "duplicate": run(
                "user add --login kierownik.km --role supervisor --department KM --password-stdin",
                PASSWORD + "\n",
            ),
            "stats_after_user": run("stats --json"),
            "init": run("init"),
            "unlock": run("user unlock --login Admin"),
            "kiosk": run(f"kiosk add --name 'Kiosk parter' --department KM --base-url {PUBLIC}"),
            "demo": run(DEMO),
            "stats": run("stats --json"),
            "backup": run(f"backup --out {folder / 'kopie'} --keep 3"),
            "export": run(f"export --out {folder / 'raport.xlsx'}"),
            "report": run(f"raport --out {folder / 'raport.pdf'}"),
            "move_out": run(f"przenies --z {commands_url} --do {folder / 'kopia.duckdb'}"),
            "restore": run(f"restore {folder / 'pusta.dump'}"),
            "healthy_before_forced_restore": healthy(server),
            "forced_restore": run(f"restore {folder / 'pusta.dump'} --force"),
            "healthy_after": healthy(server),
        }
    finally:
        server.stop()
    yield {**outcome, "url": url, "folder": folder, "log": server.log_path.read_text()}
    postgres_cluster.drop_database(url)


def succeeded(result) -> str:
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    return result.stdout


def sql(office, query: str) -> list[tuple]:
    """On the server, after every command."""
    with psycopg.connect(office["url"]) as connection:
        return connection.execute(query).fetchall()


def copied(office, query: str) -> list[tuple]:
    """On the copy moved out while the app ran (before the forced restore)."""
    with duckdb.connect(str(office["folder"] / "kopia.duckdb"), read_only=True) as copy:
        return copy.execute(query).fetchall()


def test_user_add_and_unlock_work_on_the_apps_database(office):
    assert succeeded(office["user_add"]) == "Utworzono konto kierownik.km (supervisor).\n"
    assert office["duplicate"].returncode == 2
    assert office["duplicate"].stderr == "Login „kierownik.km” jest już zajęty.\n"
    assert json.loads(succeeded(office["stats_after_user"]))["users"] == 2
    assert copied(office, "SELECT login, role, display_name FROM users ORDER BY login") == [
        ("admin", "admin", "Admin"),
        ("kierownik.km", "supervisor", "Anna Kowalska"),
    ]
    assert copied(office, "SELECT count(*) FROM sign_in_attempts") == [(0,)], "unlocked"
    assert (
        succeeded(office["unlock"]) == "Odblokowano logowanie na konto admin (usunięte nieudane próby: 5).\n"
    )
    assert succeeded(office["init"]).startswith(
        f"Baza gotowa: postgresql://postgres@127.0.0.1:{office['url'].rsplit(':', 1)[1]} (podręcznik "
    )


def test_kiosk_demo_and_stats_are_in_the_database(office):
    url = succeeded(office["kiosk"]).strip()
    assert url.startswith(PUBLIC + "/?kiosk=") and parse_qs(urlsplit(url).query)["kiosk"][0]
    assert copied(
        office,
        "SELECT d.code FROM kiosks k JOIN departments d ON d.id = k.department_id WHERE k.name = 'Kiosk parter'",
    ) == [("KM",)]
    summary = json.loads(succeeded(office["demo"]))
    counts = json.loads(succeeded(office["stats"]))
    assert summary["observations"] == counts["observations"] == 30
    assert counts["client_ratings"] == summary["client_ratings"]
    assert copied(office, "SELECT count(*) FROM client_ratings") == [(counts["client_ratings"],)]


def test_backup_export_report_and_a_move_out_are_written_while_the_app_runs(office):
    folder = office["folder"]
    [dump] = (folder / "kopie").glob("jakosc-*.dump")
    assert succeeded(office["backup"]) == f"Kopia zapisana: {dump}\n"
    assert dump.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    assert succeeded(office["export"]).startswith(f"Zapisano {folder / 'raport.xlsx'} (")
    assert succeeded(office["report"]).startswith(f"Zapisano {folder / 'raport.pdf'} (")
    assert PdfReader(folder / "raport.pdf").metadata.title
    assert succeeded(office["move_out"]).startswith("Przeniesiono bazę z postgresql://postgres@")
    assert copied(office, "SELECT count(*) FROM observations") == [(30,)]
    entries = "SELECT entity FROM audit_log WHERE action = 'export' AND actor = 'cli' ORDER BY entity"
    assert copied(office, entries) == sorted([(audit_trail.PERIOD_EXPORT,), (publish.REPORT_EXPORT,)])


def test_restore_is_refused_while_the_app_is_connected_and_forced_keeps_it_serving(office):
    refused = office["restore"]
    assert refused.returncode == 2 and refused.stdout == ""
    assert (
        refused.stderr.startswith("Z bazą postgresql://postgres@")
        and "Baza nie została zmieniona." in refused.stderr
    )
    assert office["healthy_before_forced_restore"]

    out = succeeded(office["forced_restore"])
    assert out.startswith(
        f"Dotychczasowe dane zapisano w kopii {office['folder'] / 'backups'}/before-restore-"
    )
    assert office["healthy_after"], "the app serves on after the data were swapped under it"
    # the empty office's backup: the department and the administrator, nothing the commands added
    assert sql(office, "SELECT login FROM users") == [("admin",)]
    assert sql(office, "SELECT count(*) FROM observations") == [(0,)]
    assert sql(office, "SELECT count(*) FROM kiosks") == [(0,)]
    assert "Traceback" not in office["log"]
