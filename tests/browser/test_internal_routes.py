"""The running server's own routes, attacked over HTTP as issue 12 found them (findings 10, 12, 16).

- /internal/backup and /internal/export write only inside the backup and export folders (a path
  outside, or a symbolic link leading out, is refused with a Polish reason and nothing is
  written), refuse `keep` below 1 without touching a backup, and answer an unwritable path
  with 4xx, never 500;
- started with umask 022, the server still creates its database, WAL, backup token, backups,
  exports and their folders readable by its own user only;
- with outbound traffic black-holed, handshakes from a foreign Origin are refused at once and
  /health keeps answering meanwhile; /_stcore/metrics is closed to anonymous clients;
- `jakosc user unlock` works while the app runs, through /internal/command.

No browser: plain HTTP and raw sockets against `streamlit run server.py`.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import stat
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from unittest import mock

import pytest

from accounts.service import LoginError, authenticate, create_account
from storage import maintenance
from storage.db import Database
from tests.browser.conftest import LiveServer
from tests.browser.test_faults import jakosc
from tests.conftest import PASSWORD

pytestmark = pytest.mark.duckdb_only  # the one process that owns the database file

OUTSIDE = "tylko w katalogu"


@pytest.fixture(scope="module")
def black_hole():
    """A proxy that accepts connections and never answers: outbound traffic silently dropped,
    as behind many office firewalls (a refused connection would fail fast and hide the stall)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


@pytest.fixture(scope="module")
def server(tmp_path_factory, black_hole):
    """One server for the module, started with umask 022 and every HTTP request sent outward
    going into the black hole."""
    folder = tmp_path_factory.mktemp("routes")
    server = LiveServer(folder / "data" / "jakosc.duckdb", folder / "server.log")
    proxies = {name: black_hole for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")}
    previous = os.umask(0o022)
    try:
        local = "127.0.0.1,localhost"  # the start-up probe of this process goes straight to the server
        with mock.patch.dict(os.environ, {**proxies, "NO_PROXY": local, "no_proxy": local}):
            server.start(timeout=90)
    finally:
        os.umask(previous)
        urllib.request.install_opener(None)  # urlopen's shared opener kept the proxies of the start
    yield server
    server.stop()


def call(server: LiveServer, path: str, body=None, token: str | None = None, method: str = "POST"):
    """(status, text) of one request; `token` defaults to the server's backup token."""
    token = maintenance.backup_token_file(server.db_path).read_text() if token is None else token
    request = urllib.request.Request(
        server.url + path,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "X-Backup-Token": token},
        method=method,
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def folders(server: LiveServer) -> tuple[Path, Path]:
    data = server.db_path.parent
    return data / "backups", data / "exports"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


EXPORT = {"od": "2026-01-01", "do": "2026-03-31", "dzialy": [], "rodzaj": None, "imiennie": True}


# --- finding 10: owner-only files whatever the umask ---------------------------------------------


def test_inside_the_folders_backup_and_export_are_written_owner_only(server):
    """First in the module: the server, not a test, creates the folders."""
    backups, exports = folders(server)
    status, text = call(server, "/internal/backup", {"out": str(backups), "keep": 2})
    assert status == 200, text
    backup = Path(json.loads(text)["written"])
    status, text = call(server, "/internal/export", {**EXPORT, "out": "raport.xlsx"})
    assert status == 200, text
    export = Path(json.loads(text)["written"])
    assert export == exports.resolve() / "raport.xlsx" and export.exists()
    data = server.db_path.parent
    wal = data / "jakosc.duckdb.wal"
    files = [server.db_path, maintenance.backup_token_file(server.db_path), backup, export]
    files += [wal] if wal.exists() else []
    assert {path.name: oct(mode(path)) for path in files} == {path.name: "0o600" for path in files}
    assert {path.name: oct(mode(path)) for path in (data, backups, exports)} == {
        path.name: "0o700" for path in (data, backups, exports)
    }


# --- finding 12: writes only inside the configured folders ---------------------------------------


def test_a_backup_outside_the_backup_folder_is_refused_and_nothing_is_written(server, tmp_path):
    backups, _ = folders(server)
    elsewhere = tmp_path / "elsewhere" / "kopia.duckdb"
    status, text = call(server, "/internal/backup", {"out": str(elsewhere)})
    assert status == 403 and OUTSIDE in text and str(backups) in text, text
    assert not elsewhere.exists() and not elsewhere.parent.exists()

    status, text = call(server, "/internal/backup", {"out": "../kopia.duckdb"})
    assert status == 403 and OUTSIDE in text, text
    assert not (backups.parent / "kopia.duckdb").exists()


def test_a_symbolic_link_inside_the_folder_cannot_lead_the_write_out(server, tmp_path):
    _, exports = folders(server)
    exports.mkdir(mode=0o700, exist_ok=True)
    victim = tmp_path / "unrelated.txt"
    victim.write_text("do not touch", encoding="utf-8")
    (exports / "link.xlsx").symlink_to(victim)
    (exports / "outside").symlink_to(tmp_path, target_is_directory=True)
    try:
        for out in ("link.xlsx", "outside/report.xlsx"):
            status, text = call(server, "/internal/export", {**EXPORT, "out": str(exports / out)})
            assert status == 403 and OUTSIDE in text, (out, text)
        assert victim.read_text(encoding="utf-8") == "do not touch"
        assert not (tmp_path / "report.xlsx").exists()
    finally:
        (exports / "link.xlsx").unlink()
        (exports / "outside").unlink()


def test_an_export_outside_the_export_folder_leaves_the_file_there_untouched(server, tmp_path):
    victim = tmp_path / "important.txt"
    victim.write_text("unrelated", encoding="utf-8")
    status, text = call(server, "/internal/export", {**EXPORT, "out": str(victim)})
    assert status == 403 and OUTSIDE in text, text
    assert victim.read_text(encoding="utf-8") == "unrelated"


def test_keep_below_one_is_refused_and_every_backup_stays(server):
    backups, _ = folders(server)
    backups.mkdir(mode=0o700, exist_ok=True)
    old = [backups / f"jakosc-2020010{day}-020000.duckdb" for day in (1, 2, 3)]
    for path in old:
        path.write_bytes(b"old backup")
    before = sorted(backups.glob("jakosc-*.duckdb"))
    try:
        for keep in (-100, 0, "2", 1.5, True):
            status, text = call(server, "/internal/backup", {"out": str(backups), "keep": keep})
            assert status == 400, (keep, status, text)
        assert "co najmniej 1" in call(server, "/internal/backup", {"out": str(backups), "keep": 0})[1]
        assert sorted(backups.glob("jakosc-*.duckdb")) == before, "nothing written, nothing removed"
    finally:
        for path in old:
            path.unlink()


def test_an_unwritable_path_inside_the_folder_is_a_polish_4xx_not_500(server):
    backups, exports = folders(server)
    for folder in (backups, exports):
        folder.mkdir(mode=0o700, exist_ok=True)
        (folder / "plik").write_text("a file, not a folder", encoding="utf-8")
    try:
        status, text = call(server, "/internal/backup", {"out": str(backups / "plik" / "kopia.duckdb")})
        assert status == 400 and "Nie można zapisać" in text, (status, text)
        status, text = call(server, "/internal/backup", {"out": str(backups / "plik"), "keep": 2})
        assert status == 400 and "Nie można zapisać" in text, (status, text)
        status, text = call(server, "/internal/export", {**EXPORT, "out": str(exports / "plik" / "r.xlsx")})
        assert status == 400 and "Nie można zapisać" in text, (status, text)
        status, text = call(server, "/internal/backup", {"out": str(backups / "plik")})
        assert status == 409 and "już istnieje" in text, (status, text)
        for body in ({}, {"out": 5}, [1]):
            assert call(server, "/internal/backup", body)[0] == 400
            assert call(server, "/internal/export", body)[0] == 400
    finally:
        for folder in (backups, exports):
            (folder / "plik").unlink()


def test_the_routes_want_the_token(server):
    status, text = call(server, "/internal/backup", {"out": "x.duckdb"}, token="zgadywany")
    assert status == 403 and text == "Nieprawidłowy klucz."


def test_the_command_says_why_the_running_app_refuses_a_path_outside_the_folder(server, tmp_path):
    result = jakosc(server.db_path, "backup", "--out", str(tmp_path / "kopia.duckdb"), port=server.port)
    assert result.returncode == 2 and OUTSIDE in result.stderr and "JAKOSC_BACKUP_DIR" in result.stderr
    assert not (tmp_path / "kopia.duckdb").exists()


# --- finding 16: foreign origins cannot stall the server; metrics closed ----------------------------


def handshake(server: LiveServer, origin: str) -> tuple[int, float]:
    """(HTTP status, seconds) of a WebSocket handshake to Streamlit's stream with `origin`."""
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        f"GET /_stcore/stream HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        f"Origin: {origin}\r\n\r\n"
    )
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(request.encode())
        status_line = sock.recv(4096).split(b"\r\n", 1)[0]
    return int(status_line.split()[1]), time.monotonic() - started


def health_time(server: LiveServer) -> float:
    started = time.monotonic()
    with urllib.request.urlopen(server.url + "/health", timeout=30) as response:
        assert response.status == 200
    return time.monotonic() - started


def test_foreign_origin_handshakes_are_refused_at_once_and_health_keeps_answering(server):
    assert handshake(server, server.url)[0] == 101, "the same origin still connects"
    start = threading.Barrier(4)

    def foreign(number: int) -> tuple[int, float]:
        start.wait()
        return handshake(server, f"http://intranet-{number}.example.org")

    def probe() -> float:
        start.wait()
        time.sleep(0.1)  # while the handshakes are being checked
        return health_time(server)

    with ThreadPoolExecutor(4) as pool:
        handshakes = [pool.submit(foreign, number) for number in range(3)]
        health = pool.submit(probe)
        answers = [future.result() for future in handshakes]
        health_seconds = health.result()
    assert [status for status, _ in answers] == [403, 403, 403]
    assert max(seconds for _, seconds in answers) < 1.0, answers
    assert health_seconds < 1.0, health_seconds


def test_metrics_are_not_served_to_anonymous_clients(server):
    request = urllib.request.Request(server.url + "/_stcore/metrics")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403
    assert call(server, "/_stcore/metrics/", token="", method="GET")[0] == 403
    status, _ = call(server, "/_stcore/metrics", method="GET")
    assert status == 200, "this machine's administrator, with the token, still reads them"


# --- `jakosc user unlock` while the app runs ------------------------------------------------------


def test_user_unlock_works_through_the_running_app(tmp_path):
    """Five wrong passwords pause one address; with the app running (it owns the file) the
    command asks the app, which clears the pause and audits it as the command's."""
    db_path = tmp_path / "data" / "jakosc.duckdb"
    db_path.parent.mkdir()
    db = Database(db_path)
    try:
        create_account(db, login="admin", password=PASSWORD, role="admin", display_name="Admin", actor="test")
        for _ in range(5):
            with pytest.raises(LoginError):
                authenticate(db, "admin", "Zle-haslo-123", client="10.0.0.66")
        with pytest.raises(LoginError):  # paused, though the password is right
            authenticate(db, "admin", PASSWORD, client="10.0.0.66")
    finally:
        db.close()
    server = LiveServer(db_path, tmp_path / "server.log")
    server.start(timeout=90)
    try:
        done = jakosc(db_path, "user", "unlock", "--login", "Admin", port=server.port)
    finally:
        server.stop()
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "Odblokowano logowanie na konto admin (usunięte nieudane próby: 5).\n"
    db = Database(db_path)
    try:
        assert authenticate(db, "admin", PASSWORD, client="10.0.0.66").login == "admin"
        assert db.scalar("SELECT count(*) FROM audit_log WHERE actor = 'cli' AND action = 'unlock'") == 1
    finally:
        db.close()
