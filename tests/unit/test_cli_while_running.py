"""Every `jakosc` command while the app runs (issue 17, point 5, DuckDB): the running server owns the
file, so `init`, `user add`, `user unlock`, `kiosk add`, `demo` and `stats` go through its
/internal/command and do their work there; `restore`, which would replace the file under the app,
is refused with a message saying to stop the app first (backup, export and raport have their own
routes and tests).

One server for the module: the fixture `office` runs every command against it, in a process of its
own as an office's IT runs them, stops the server and hands over what happened; the tests then read
the file with plain SQL (what the running app did is on disk once it stops).
"""

from __future__ import annotations

import json
import shlex
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from accounts.service import authenticate
from storage import kiosks, maintenance
from storage.db import Database
from tests.browser.conftest import LiveServer
from tests.command import jakosc
from tests.seeding import PAUSED_CLIENT, paused_admin

pytestmark = pytest.mark.duckdb_only  # the file's lock; on PostgreSQL: test_cli_while_running_postgres

PASSWORD = "Zielony-Kubek-47-Grojec"
PUBLIC = "https://jakosc.starostwo.example.pl"
DEMO = "demo --months 1 --ratings 300 --observations 30 --seed 7"
SUPERVISOR = "user add --login Kierownik.KM --role supervisor --department km"


def post(server: LiveServer, body: dict, token: str) -> tuple[int, str]:
    request = urllib.request.Request(
        server.url + "/internal/command",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "X-Backup-Token": token},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> dict:
    """The commands' outcomes (subprocess results and HTTP answers) and the database file."""
    folder = tmp_path_factory.mktemp("cli-running")
    db_path = folder / "data" / "jakosc.duckdb"
    db_path.parent.mkdir()
    backup = folder / "kopia.duckdb"
    db = Database(db_path)
    try:
        paused_admin(db, PASSWORD)
        maintenance.backup(db, backup)
    finally:
        db.close()

    server = LiveServer(db_path, folder / "server.log")
    server.start(timeout=120)
    try:

        def run(command: str, password: str | None = None):
            return jakosc(db_path, *shlex.split(command), port=server.port, input=password)

        password = PASSWORD + "\n"
        token = maintenance.backup_token_file(db_path).read_text().strip()
        outcome = {
            "user_add": run(f"{SUPERVISOR} --name 'Anna Kowalska' --password-stdin", password),
            "duplicate": run(f"{SUPERVISOR} --password-stdin", password),
            "unknown_department": run(
                "user add --login nowy.kierownik --role supervisor --department XYZ --password-stdin",
                password,
            ),
            "short_password": run("user add --login nowy --role admin --password-stdin", "krotkie\n"),
            "no_password_stdin": run("user add --login nowy --role admin"),
            "stats_after_user": run("stats --json"),
            "init": run("init"),
            "unlock": run("user unlock --login Admin"),
            "kiosk": run(f"kiosk add --name 'Kiosk parter' --department KM --base-url {PUBLIC}"),
            "kiosk_unknown_department": run("kiosk add --name K --department XYZ"),
            "kiosk_local_address": run("kiosk add --name K --base-url http://127.0.0.1:8501"),
            "demo": run(DEMO),
            "demo_again": run(DEMO),
            "stats": run("stats --json"),
            "stats_table": run("stats"),
            "restore": run(f"restore {backup} --force"),
            "wrong_token": post(server, {"argv": ["stats"]}, "zgadywany"),
            "backup_by_command": post(server, {"argv": ["backup", "--out", str(folder / "x.duckdb")]}, token),
            "restore_by_command": post(server, {"argv": ["restore", str(backup), "--force"]}, token),
            "bad_arguments": post(server, {"argv": ["user", "add", "--role", "cesarz"]}, token),
            "no_argv": post(server, {"password": PASSWORD}, token),
        }
    finally:
        server.stop()
    return {**outcome, "db_path": db_path, "log": server.log_path.read_text(), "folder": folder}


@pytest.fixture
def database(office):
    db = Database(office["db_path"])
    yield db
    db.close()


def succeeded(result) -> str:
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    return result.stdout


def refused(result, code: int = 2) -> str:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert result.stdout == ""
    return result.stderr


def test_user_add_creates_an_account_that_signs_in(office, database):
    assert succeeded(office["user_add"]) == "Utworzono konto kierownik.km (supervisor).\n"
    user = authenticate(database, "kierownik.km", PASSWORD, client="10.0.0.5")
    assert (user.display_name, user.role) == ("Anna Kowalska", "supervisor")
    km = database.scalar("SELECT id FROM departments WHERE code = 'KM'")
    assert list(user.department_ids) == [km]
    assert json.loads(office["stats_after_user"].stdout)["users"] == 2, "the running app counts it at once"
    actors = database.query(
        "SELECT DISTINCT actor FROM audit_log WHERE entity = 'user' AND action = 'create'"
    )
    assert sorted(actor for (actor,) in actors) == ["cli", "test"]


def test_user_add_refusals_keep_their_polish_messages(office, database):
    assert refused(office["duplicate"]) == "Login „kierownik.km” jest już zajęty.\n"
    assert refused(office["unknown_department"]) == "Nie ma wydziału o kodzie XYZ.\n"
    assert "co najmniej 12 znaków" in refused(office["short_password"])
    assert "--password-stdin" in refused(office["no_password_stdin"])
    logins = [login for (login,) in database.query("SELECT login FROM users ORDER BY login")]
    assert logins == ["admin", "kierownik.km"]


def test_init_checks_the_checklists_of_the_running_apps_database(office):
    assert succeeded(office["init"]).startswith(f"Baza gotowa: {office['db_path']} (podręcznik ")


def test_user_unlock_lets_the_paused_address_sign_in(office, database):
    assert (
        succeeded(office["unlock"]) == "Odblokowano logowanie na konto admin (usunięte nieudane próby: 5).\n"
    )
    assert authenticate(database, "admin", PASSWORD, client=PAUSED_CLIENT).login == "admin"


def test_kiosk_add_prints_a_working_address_of_a_registered_kiosk(office, database):
    url = succeeded(office["kiosk"]).strip()
    assert url.startswith(PUBLIC + "/?kiosk=")
    [token] = parse_qs(urlsplit(url).query)["kiosk"]
    kiosk = kiosks.by_token(database, token)
    assert kiosk["name"] == "Kiosk parter"
    assert kiosk["department_id"] == database.scalar("SELECT id FROM departments WHERE code = 'KM'")
    assert refused(office["kiosk_unknown_department"]) == "Nie ma wydziału o kodzie XYZ.\n"
    assert "To adres tego komputera (localhost)" in refused(office["kiosk_local_address"])
    names = [
        name for (name,) in database.query("SELECT name FROM kiosks WHERE name IN ('K', 'Kiosk parter')")
    ]
    assert names == ["Kiosk parter"], "a refused kiosk is not registered"


def test_demo_fills_the_running_apps_database_once(office, database):
    summary = json.loads(succeeded(office["demo"]))
    assert summary["observations"] == database.scalar("SELECT count(*) FROM observations") == 30
    assert summary["client_ratings"] == database.scalar("SELECT count(*) FROM client_ratings")
    assert "Baza zawiera już obserwacje lub oceny" in refused(office["demo_again"])


def test_stats_counts_what_the_file_holds(office, database):
    counts = json.loads(succeeded(office["stats"]))
    for table in ("users", "kiosks", "departments", "employees", "observations", "client_ratings"):
        assert counts[table] == database.scalar(f"SELECT count(*) FROM {table}"), table
    lines = succeeded(office["stats_table"]).splitlines()
    assert f"{'observations':32} {30:>10}" in lines


def test_restore_is_refused_while_the_app_runs_and_changes_nothing(office, database):
    message = refused(office["restore"], code=1)
    assert message.startswith("Nie można przywrócić kopii, gdy aplikacja działa")
    assert "Najpierw zatrzymaj aplikację" in message and "Baza nie została zmieniona." in message
    assert not list(office["db_path"].parent.glob("*.before-restore-*"))
    assert database.scalar("SELECT count(*) FROM observations") == 30, "not the backup's empty office"


def test_the_route_runs_only_the_database_commands_for_the_command_that_knows_the_token(office):
    assert office["wrong_token"] == (403, "Nieprawidłowy klucz.")
    for refusal in ("backup_by_command", "restore_by_command", "bad_arguments", "no_argv"):
        assert office[refusal] == (400, "Nieprawidłowe polecenie dla działającej aplikacji."), refusal
    assert not (Path(office["folder"]) / "x.duckdb").exists()
    assert "Traceback" not in office["log"]
