"""Two app processes on one PostgreSQL database, as behind nginx (deploy/nginx-jakosc.conf).

A throw-away PostgreSQL cluster (tests/postgres.py) holds one database; two `streamlit run
server.py` processes, A and B, serve it on their own ports. Client pages rate the office on A
while management watches the dashboard on B: a reload of B shows each rating at once (the data
versions are PostgreSQL sequences, so B's results cache sees A's writes). Then A is killed with
SIGKILL while a send is on its way: every send whose thank-you screen showed is in the database,
nothing twice, and B goes on serving (its pages load, a rating sent through it is stored, its
dashboard counts every stored rating).

Also here: the shipped nginx configuration (deploy/) run in front of two processes, through which
a client's page keeps working when the process serving it is killed; and a start with an
unreachable or wrong JAKOSC_DATABASE_URL, which stops with the Polish reason on stderr and a
non-zero exit, without a traceback and without falling back to the DuckDB file.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from accounts.service import create_account
from storage import kiosks, maintenance
from storage.departments import add_department
from tests.browser.conftest import CHROMIUM, PROJECT, VIEWPORTS, LiveServer
from tests.browser.test_concurrent_clients import (
    FormPage,
    launch,
    long_kiosk_timers,
    new_page,
    require_chromium,
    run_async,
    wait_for_app,
)
from tests.browser.test_faults import sign_in
from tests.conftest import PASSWORD
from tests.postgres import free_port

pytestmark = pytest.mark.own_stores

RATINGS_TILE = "Oceny Klientów"
CLIENTS = ("qr1", "qr2", "kiosk")
NOT_STARTED = "Jakość Obsługi nie wystartowała"


def seed(url: str) -> str:
    """An administrator, a manager, Wydział Komunikacji and its kiosk (the kiosk's token)."""
    from storage.postgres import PostgresDatabase

    db = PostgresDatabase(url)
    try:
        for login, role in (("admin", "admin"), ("zarzad", "management")):
            create_account(db, login=login, password=PASSWORD, role=role, display_name=login, actor="test")
        km = add_department(db, "KM", "Wydział Komunikacji", "test")
        return kiosks.add_kiosk(db, "Kiosk parter", km, "test")[1]
    finally:
        db.close()


def stored(url: str) -> list[tuple]:
    """(comment, id, counts in figures) of every client rating, read with SQL of its own: a rating
    flagged as part of a burst (many from one address or kiosk in a minute) counts only once a
    moderator approved it."""
    import psycopg

    with psycopg.connect(url) as connection:
        return connection.execute(
            "SELECT comment, id, NOT burst OR coalesce(burst_review = 'approved', false) FROM client_ratings"
        ).fetchall()


def start_both(servers: list[LiveServer]) -> None:
    """Both processes start at once (one migrates, the other waits: storage.postgres)."""
    failures: list[BaseException] = []

    def start(server: LiveServer) -> None:
        try:
            server.start(timeout=180)
        except BaseException as error:  # handed to the test thread
            failures.append(error)

    threads = [threading.Thread(target=start, args=(server,)) for server in servers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


async def ratings_on_dashboard(page, base_url: str) -> str:
    """The value of the "Oceny Klientów" tile after a fresh load of the dashboard."""
    await page.goto(f"{base_url}/pulpit")
    await wait_for_app(page)
    tile = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=RATINGS_TILE)
    )
    return (await tile.locator('[data-testid="stMetricValue"]').inner_text(timeout=60_000)).strip()


def internal_command(base_url: str) -> tuple[int, str]:
    """`jakosc stats` as the command would ask a running app on DuckDB: (status, answer)."""
    request = urllib.request.Request(
        f"{base_url}/internal/command",
        data=json.dumps({"argv": ["stats"]}).encode(),
        headers={"Content-Type": "application/json", "X-Backup-Token": "x"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


async def shot(page, name: str) -> None:
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_two_processes_share_one_database_and_survive_a_kill(postgres_cluster, tmp_path, monkeypatch):
    require_chromium()
    long_kiosk_timers(monkeypatch)
    url = postgres_cluster.new_database()
    kiosk = seed(url)
    a = LiveServer(tmp_path / "unused-a.duckdb", tmp_path / "a.log", database_url=url)
    b = LiveServer(tmp_path / "unused-b.duckdb", tmp_path / "b.log", database_url=url)
    report: dict = {}

    async def scenario() -> None:
        async with launch() as browser:
            manager = await new_page(browser, "desktop")
            await sign_in(manager, b.url, "zarzad")
            report["tiles"] = [await ratings_on_dashboard(manager, b.url)]
            paths = {"qr1": "/?dzial=KM", "qr2": "/?dzial=KM", "kiosk": f"/?kiosk={kiosk}"}
            clients = [
                FormPage(
                    name,
                    await new_page(browser, "kiosk" if name == "kiosk" else "phone"),
                    paths[name],
                    "pl",
                    4,
                )
                for name in CLIENTS
            ]
            for client in clients:
                await client.open(a.url)

            # A rating sent on A is on B's dashboard at the next reload, and the next one too.
            for number, client in enumerate(clients[:2], start=1):
                await client.send_one(f"Przez proces A, ocena {number}")
                report["tiles"].append(await ratings_on_dashboard(manager, b.url))
            await shot(manager, "two_processes_dashboard_on_b")

            # Every client sends over and over on A; A is killed while a send is on its way.
            killed, clicked = asyncio.Event(), asyncio.Event()

            kiosk_client = next(client for client in clients if client.name == "kiosk")

            async def first_thanks_on_the_kiosk(number: int) -> None:
                if number == 1:
                    await shot(kiosk_client.page, "two_processes_kiosk_thanks_on_a")

            async def kill_when_busy() -> None:
                deadline = time.monotonic() + 300
                while sum(s.acknowledged for c in clients for s in c.sends) < 2 + 2 * len(clients):
                    assert time.monotonic() < deadline, "the pages did not get going"
                    await asyncio.sleep(0.1)
                clicked.clear()
                await clicked.wait()  # a send is on its way right now
                await asyncio.sleep(0.15)
                a.kill_9()
                killed.set()

            tasks = [
                asyncio.create_task(
                    client.send_until(
                        killed,
                        clicked,
                        "Awaria A",
                        first_thanks_on_the_kiosk if client is kiosk_client else None,
                    )
                )
                for client in clients
            ]
            await kill_when_busy()
            await asyncio.sleep(2)  # what the pages had received before the kill is on screen now
            for task in tasks:
                task.cancel()
            results = await asyncio.gather(*tasks, return_exceptions=True)
            assert not [
                r for r in results if isinstance(r, Exception) and not isinstance(r, asyncio.CancelledError)
            ]
            for client in clients:
                last = client.sends[-1] if client.sends else None
                if last and last.clicked and not last.acknowledged:
                    last.acknowledged = await client.heading("survey.thanks_title", "pl").is_visible()
            report["before"] = [send for client in clients for send in client.sends]
            report["code"] = await asyncio.to_thread(a.process.wait, 30)

            # B goes on serving: the same clients rate through it, management reloads it.
            for client in clients:
                client.last_saved = 0.0
                await client.open(b.url)
            report["after"] = [await client.send_one(f"Przez proces B, {client.name}") for client in clients]
            await shot(clients[-1].page, "two_processes_kiosk_on_b_after_kill")
            report["tiles"].append(await ratings_on_dashboard(manager, b.url))
            await shot(manager, "two_processes_dashboard_on_b_after_kill")

    try:
        start_both([a, b])
        # On PostgreSQL the `jakosc` command works on the database itself: no token file, and the
        # routes it uses on DuckDB say so (also to a local client that knows nothing).
        assert not maintenance.backup_token_file(a.db_path).exists()
        refusal = internal_command(a.url)
        assert refusal[0] == 404 and "polecenia jakosc łączą się z nim same" in refusal[1]
        run_async(scenario)
    finally:
        a.stop()
        b.stop()

    assert report["code"] == -signal.SIGKILL
    rows = stored(url)
    comments = Counter(comment for comment, _, _ in rows if comment)
    acknowledged = {s.comment for s in report["before"] + report["after"] if s.acknowledged}
    in_flight = {s.comment for s in report["before"] if s.clicked and not s.acknowledged}
    print(
        f"\n{len(acknowledged)} sends acknowledged, {len(in_flight)} in flight at the kill; "
        f"{len(rows)} ratings stored ({sum(c for _, _, c in rows)} counted); the tile on B: {report['tiles']}"
    )
    assert report["tiles"][:3] == ["0", "1", "2"]
    assert all(s.acknowledged for s in report["after"])
    assert acknowledged <= set(comments), f"acknowledged but lost: {acknowledged - set(comments)}"
    assert not [c for c, n in comments.items() if n > 1]
    assert len({row_id for _, row_id, _ in rows}) == len(rows)
    assert set(comments) - acknowledged <= in_flight
    # B counts what A stored before its death, and its own.
    assert report["tiles"][-1] == str(sum(counts for _, _, counts in rows))


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("postgresql://jakosc@127.0.0.1:{port}/jakosc", "Nie można połączyć się z bazą danych PostgreSQL"),
        ("mysql://jakosc@127.0.0.1:{port}/jakosc", "musi być adresem bazy PostgreSQL"),
    ],
    ids=["closed-port", "not-postgresql"],
)
def test_a_wrong_database_url_stops_the_start_with_a_polish_message(tmp_path, url, reason):
    port = free_port()  # nothing listens there
    database_file = tmp_path / "never.duckdb"
    env = {
        **os.environ,
        "JAKOSC_DATABASE_URL": url.format(port=port),
        "JAKOSC_DB": str(database_file),
        "JAKOSC_DB_CONNECT_TIMEOUT": "2",
    }
    command = [sys.executable, "-m", "streamlit", "run", "server.py", "--server.headless", "true"]
    command += ["--server.port", str(free_port()), "--server.address", "127.0.0.1"]
    finished = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=180)
    print(f"\nexit {finished.returncode}; stderr: {finished.stderr.strip()}")
    assert finished.returncode != 0
    assert NOT_STARTED in finished.stderr and reason in finished.stderr
    assert "Traceback" not in finished.stderr + finished.stdout
    assert "@127.0.0.1" in finished.stderr or "postgresql://" in finished.stderr
    assert not database_file.exists()  # no quiet fall-back to the embedded file


# --- nginx in front (deploy/nginx-jakosc.conf) ---------------------------------------------------

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DEPLOY_CONFIG = PROJECT / "deploy" / "nginx-jakosc.conf"


def nginx_config(folder: Path, ports: dict[str, int], backends: list[LiveServer]) -> Path:
    """deploy/nginx-jakosc.conf as shipped, with only its addresses, ports and certificate made
    the test's (a self-signed one), inside a main configuration that keeps nginx's files in
    `folder` and logs which process answered each request."""
    keys = ["-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")]
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            *keys,
        ],
        check=True,
        capture_output=True,
    )
    text = DEPLOY_CONFIG.read_text(encoding="utf-8")
    changes = {
        "server 127.0.0.1:8501 ": f"server 127.0.0.1:{backends[0].port} ",
        "server 127.0.0.1:8502 ": f"server 127.0.0.1:{backends[1].port} ",
        "listen 80;": f"listen 127.0.0.1:{ports['http']};",
        "listen 443 ssl;": f"listen 127.0.0.1:{ports['https']} ssl;",
        "/etc/ssl/certs/jakosc.pem": str(folder / "cert.pem"),
        "/etc/ssl/private/jakosc.key": str(folder / "key.pem"),
    }
    for old, new in changes.items():
        assert text.count(old) == 1, f"deploy/nginx-jakosc.conf changed: {old!r}"
        text = text.replace(old, new)
    (folder / "jakosc.conf").write_text(text, encoding="utf-8")
    temporary = " ".join(
        f"{kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = folder / "nginx.conf"
    main.write_text(
        f"user root;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\nevents {{}}\n"
        f"http {{\n  {temporary}\n  log_format upstream '$request_uri $status $upstream_addr';\n"
        f"  access_log {folder / 'access.log'} upstream;\n  include {folder / 'jakosc.conf'};\n}}\n",
        encoding="utf-8",
    )
    return main


def answered_by(access_log: Path, path: str) -> list[str]:
    """The upstream address of each request to `path`, from nginx's log, in order."""
    lines = access_log.read_text(encoding="utf-8").splitlines() if access_log.exists() else []
    return [line.split()[-1] for line in lines if line.split()[0].startswith(path)]


def test_nginx_in_front_of_two_processes_with_sticky_websockets_and_failover(
    postgres_cluster, tmp_path, monkeypatch
):
    """The shipped nginx configuration passes `nginx -t`, carries the form's WebSocket, the sign-in
    and the dashboard, and when the process serving a client is killed the client's next visit is
    served by the other one, still signed in (the session lives in the database)."""
    if not os.path.exists(NGINX):
        pytest.skip("nginx (Debian's nginx package) is not installed")
    require_chromium()
    long_kiosk_timers(monkeypatch)
    url = postgres_cluster.new_database()
    kiosk = seed(url)
    servers = [
        LiveServer(tmp_path / f"unused-{n}.duckdb", tmp_path / f"{n}.log", database_url=url) for n in "ab"
    ]
    ports = {"http": free_port(), "https": free_port()}
    folder = tmp_path / "nginx"
    folder.mkdir()
    main = nginx_config(folder, ports, servers)
    checked = subprocess.run(
        [NGINX, "-t", "-c", str(main), "-p", str(folder)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    front = f"https://127.0.0.1:{ports['https']}"
    access_log = folder / "access.log"
    report: dict = {}

    async def scenario() -> None:
        from playwright.async_api import async_playwright

        from tests.browser.test_concurrent_clients import LAUNCH_ARGS, TIMEOUT_MS

        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
            )
            context = await browser.new_context(
                ignore_https_errors=True, locale="pl-PL", viewport=VIEWPORTS["kiosk"]
            )
            context.set_default_timeout(TIMEOUT_MS)
            client = FormPage("kiosk", await context.new_page(), f"/?kiosk={kiosk}", "pl", 5)
            await client.open(front)
            report["first"] = await client.send_one("Przez nginx, pierwszy proces")
            manager = await (
                await browser.new_context(
                    ignore_https_errors=True, locale="pl-PL", viewport=VIEWPORTS["desktop"]
                )
            ).new_page()
            manager.set_default_timeout(TIMEOUT_MS)
            await sign_in(manager, front, "zarzad")
            report["tiles"] = [await ratings_on_dashboard(manager, front)]

            serving = {answered_by(access_log, "/_stcore/stream")[-1]}
            victim = next(s for s in servers if f"127.0.0.1:{s.port}" in serving)
            victim.kill_9()
            victim.process.wait(30)

            client.last_saved = 0.0
            await client.open(front)
            report["second"] = await client.send_one("Przez nginx, po awarii procesu")
            report["tiles"].append(await ratings_on_dashboard(manager, front))
            await shot(manager, "two_processes_nginx_dashboard_after_failover")
            report["streams"] = answered_by(access_log, "/_stcore/stream")
            report["victim"] = f"127.0.0.1:{victim.port}"
            await browser.close()

    nginx = None
    try:
        start_both(servers)
        nginx = subprocess.Popen(
            [NGINX, "-c", str(main), "-p", str(folder), "-g", "daemon off;"], stderr=subprocess.STDOUT
        )
        run_async(scenario)
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait(15)
        for server in servers:
            server.stop()

    print(
        f"\nWebSockets answered by: {report['streams']}; killed {report['victim']}; tiles {report['tiles']}"
    )
    assert report["first"].acknowledged and report["second"].acknowledged
    assert report["tiles"] == ["1", "2"]
    survivor = [stream for stream in report["streams"] if stream != report["victim"]]
    assert survivor and report["streams"][-1] != report["victim"]
    assert sorted(comment for comment, _, _ in stored(url)) == [
        "Przez nginx, pierwszy proces",
        "Przez nginx, po awarii procesu",
    ]
