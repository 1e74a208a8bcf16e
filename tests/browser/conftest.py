"""Browser tests: a real `streamlit run server.py` on localhost, driven by Debian's Chromium.

With CI=true a missing Chromium fails the run instead of skipping, so CI always proves the
user journeys in a browser. The server's database is on the store of the run (pytest --store):
a DuckDB file, or a new database of the throw-away PostgreSQL cluster; tests seed and read it
through `LiveServer.open_database()`.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

from storage.db import Database
from tests.conftest import PASSWORD

PROJECT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("JAKOSC_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = PROJECT / "test-artifacts"

VIEWPORTS = {
    "tablet_landscape": {"width": 1024, "height": 768},
    "tablet_portrait": {"width": 810, "height": 1080},
    "kiosk": {"width": 1080, "height": 1920},
    "phone": {"width": 390, "height": 844},
    "laptop": {"width": 1366, "height": 768},
    "desktop": {"width": 1440, "height": 900},
}


# expect() waits 5 s by default, the pages' own waits 20 s (open_page): on a busy CI machine a
# rerun after a click can take longer than 5 s, and a browser test is about what shows, not how fast.
expect.set_options(timeout=20_000)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """One app server process on its own database file (`project`: the checkout it runs from), or
    on the PostgreSQL database `database_url` (JAKOSC_DATABASE_URL), which several may share."""

    def __init__(
        self, db_path: Path, log_path: Path, project: Path = PROJECT, database_url: str | None = None
    ):
        self.db_path = db_path
        self.database_url = database_url
        self.project = project
        self.log_path = log_path
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def open_database(self) -> Database:
        """The server's database opened in the test's process (migrated): to seed it before the
        start, or to read what the server stored (a DuckDB file only once the server stopped)."""
        if self.database_url:
            from storage.postgres import PostgresDatabase

            return PostgresDatabase(self.database_url)
        return Database(self.db_path)

    def start(self, timeout: float = 60) -> LiveServer:
        env = {**os.environ, "JAKOSC_DB": str(self.db_path), "PYTHONUNBUFFERED": "1"}
        if self.database_url:
            env["JAKOSC_DATABASE_URL"] = self.database_url
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "server.py",
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
            ],
            cwd=self.project,
            env=env,
            stdout=self.log_path.open("ab"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("server did not start in time")

    def kill_9(self) -> None:
        """SIGKILL the server and every process below it, as a power cut would (no clean-up)."""
        for pid in descendants(self.process.pid):
            os.kill(pid, signal.SIGKILL)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


def descendants(pid: int) -> set[int]:
    """pid and every process below it."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        found.add(current)
        todo.extend(children.get(current, []))
    return found


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell a failed test at teardown."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _failed(request) -> bool:
    report = getattr(request.node, "report_call", None)
    return report is not None and report.failed


@contextmanager
def server_on_store(request, folder: Path, name: str = "browser") -> Iterator[LiveServer]:
    """A server (not started) on a new database on the store of the run: the file
    `folder/<name>.duckdb`, or on --store=postgresql a new database of the test cluster, dropped
    once the server has stopped. Its log is `folder/server.log`."""
    url = None
    if request.config.getoption("--store") == "postgresql":
        cluster = request.getfixturevalue("postgres_cluster")
        url = cluster.new_database()
    server = LiveServer(folder / f"{name}.duckdb", folder / "server.log", database_url=url)
    try:
        yield server
    finally:
        server.stop()
        if url:
            cluster.drop_database(url)


@pytest.fixture
def live_server(tmp_path, request):
    """A server that the test starts after seeding its database (the server then owns a DuckDB
    file). When the test fails, the end of the server's log is printed (CI keeps only the output)."""
    with server_on_store(request, tmp_path) as server:
        yield server
        server.stop()
        if _failed(request) and server.log_path.exists():
            print(f"--- the end of the server's log ({server.log_path}) ---")
            print(server.log_path.read_text(errors="replace")[-6000:])


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium not found at {CHROMIUM}; CI must run the browser tests")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, request):
    """open_page(viewport_name) -> a new page in a fresh context (no cookies) at that size.
    When the test fails, each open page is saved as test-artifacts/failed_<test>_<n>.png and
    its address and visible text are printed."""
    contexts = []

    def factory(viewport: str = "desktop", **options):
        context = browser.new_context(viewport=VIEWPORTS[viewport], locale="pl-PL", **options)
        context.set_default_timeout(20_000)
        contexts.append(context)
        return context.new_page()

    yield factory
    if _failed(request):
        _record_failure(request.node.name, [page for context in contexts for page in context.pages])
    for context in contexts:
        context.close()


def _record_failure(test_name: str, pages: list) -> None:
    name = "".join(c if c.isalnum() or c in "-_" else "_" for c in test_name)
    for number, page in enumerate(pages, start=1):
        try:
            path = screenshot(page, f"failed_{name}_{number}")
            text = page.locator("body").inner_text(timeout=5_000)
        except Exception as error:  # a crashed or closed page: say so, keep the other pages
            print(f"--- page {number}: not recorded ({error}) ---")
            continue
        print(f"--- page {number}: {page.url}, screenshot {path} ---")
        print(text[-3000:])


def wait_for_app(page) -> None:
    """Wait until Streamlit is connected and has finished running the script.

    A click starts a rerun a moment later, so the state is read after a short pause."""
    page.wait_for_selector('[data-testid="stApp"]', state="attached")
    page.wait_for_timeout(250)
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"][data-test-connection-state="CONNECTED"]',
        state="attached",
    )
    page.wait_for_timeout(150)


def sign_in(
    page, base_url: str, login: str, password: str = PASSWORD, *, greeting: str = "Zalogowano:"
) -> None:
    """Sign in through the form and wait until the browser holds the session cookie, which
    comes back from /auth/session right after the login (a new page load needs it), and the
    menu bar shows who is signed in (`greeting`: "Signed in:" for an English user)."""
    page.goto(base_url)
    wait_for_app(page)
    page.get_by_label("Login", exact=True).fill(login)
    page.get_by_label("Hasło", exact=True).fill(password)
    with page.expect_response(
        lambda r: r.url.endswith("/auth/session") and r.request.method == "POST", timeout=30_000
    ) as answer:
        page.get_by_role("button", name="Zaloguj się").click()
    assert answer.value.ok, "the session cookie was refused"
    assert any(c["name"] == "jakosc_session" for c in page.context.cookies())
    page.get_by_text(greeting).wait_for()
    wait_for_app(page)


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
