"""Security headers on every answer, and no framing of the app by other sites (issue 12, finding 9).

- every kind of answer (Streamlit's page, its static files, /_stcore/*, media, the app's own
  routes, refusals) carries Content-Security-Policy with frame-ancestors 'none',
  X-Frame-Options DENY, X-Content-Type-Options nosniff and Referrer-Policy same-origin;
- in Chromium, a page of a sibling host of the office's domain (same site, so the SameSite=Strict
  session cookie goes along) and a page of another site both try to frame a signed-in
  administrator's page: the frame stays empty, while a frame of their own loads;
- the policy does not break the app: sign-in, every page of management and of the
  administrator, the dashboard's charts and the client form work with no policy violation (the
  favicon is the app's own image, not a Material icon Streamlit would load from Google).

Host names come from Chromium's resolver rules: jakosc.grojec.test is the app,
intranet.grojec.test its sibling, both on this machine.
"""

from __future__ import annotations

import re
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from accounts.permissions import pages_for
from accounts.roles import Role
from accounts.service import create_account
from data.demo import generate
from tests.browser.conftest import CHROMIUM, LiveServer, server_on_store, sign_in, wait_for_app
from tests.conftest import PASSWORD
from ui.navigation import STAFF_PAGES

EXPECTED = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}
APP_HOST, SIBLING_HOST = "jakosc.grojec.test", "intranet.grojec.test"
VIOLATIONS = """window.__violations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"""


@pytest.fixture(scope="module")
def server(tmp_path_factory, request):
    """Demo data, an administrator and a management account."""
    with server_on_store(request, tmp_path_factory.mktemp("headers"), "jakosc") as server:
        db = server.open_database()
        try:
            generate(db, months=3, ratings=2_000, observations=200, seed=7)
            create_account(
                db, login="admin", password=PASSWORD, role="admin", display_name="Admin", actor="test"
            )
            create_account(
                db, login="zarzad", password=PASSWORD, role="management", display_name="Zarząd", actor="test"
            )
        finally:
            db.close()
        yield server.start(timeout=90)


def answer(server: LiveServer, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(server.url + path, data=b"" if method == "POST" else None, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def test_every_kind_of_answer_carries_the_security_headers(server):
    status, _, page = answer(server, "/")
    assert status == 200
    static = re.findall(rb'(?:src|href)="\.?(/static/[^"]+)"', page)
    assert static, "the page names its static files"
    # Closed to a stranger: refused on DuckDB (the maintenance routes need this machine's token),
    # absent on PostgreSQL (no token there: every command connects to the database server).
    closed = 404 if server.database_url else 403
    paths = [
        ("GET", "/", 200),  # Streamlit's index.html
        ("GET", "/pulpit", 200),  # a page of the app's navigation
        ("GET", "/?kiosk=nieznany", 200),  # the kiosk form
        ("GET", "/?dzial=KM", 200),  # the QR form
        *[("GET", path.decode(), 200) for path in static[:3]],
        ("GET", "/favicon.png", 200),
        ("GET", "/_stcore/health", 200),
        ("GET", "/_stcore/host-config", 200),
        ("GET", "/_stcore/metrics", closed),
        ("GET", "/media/nie-ma.xlsx", 404),
        ("GET", "/health", 200),
        ("POST", "/auth/session", 403),
        ("POST", "/auth/logout", 204),
        ("POST", "/internal/backup", closed),
    ]
    seen = []
    for method, path, expected_status in paths:
        status, headers, _ = answer(server, path, method)
        seen.append((path, status))
        assert status == expected_status, (path, status)
        for name, value in EXPECTED.items():
            assert headers.get(name) == value, (path, name, headers.get(name))
        policy = [part.strip() for part in headers.get("content-security-policy", "").split(";")]
        assert "frame-ancestors 'none'" in policy, (path, policy)
    print(seen)


@pytest.fixture
def named_hosts(browser):
    """A Chromium that resolves the office's host names to this machine."""
    named = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            f"--host-resolver-rules=MAP {APP_HOST} 127.0.0.1, MAP {SIBLING_HOST} 127.0.0.1",
        ],
    )
    yield named
    named.close()


@pytest.fixture
def framing_site():
    """A second web server, on another port: its page frames the URL in ?frame=…, next to a
    frame of its own (which proves frames load at all)."""

    class Framer(BaseHTTPRequestHandler):
        def do_GET(self):
            if "?frame=" not in self.path:
                body = b"<p id='own'>ramka tej witryny</p>"
            else:
                target = self.path.split("?frame=", 1)[1]
                body = (
                    f"<iframe id='app' src='{target}' width='900' height='600'></iframe>"
                    "<iframe id='own' src='/own' width='300' height='100'></iframe>"
                ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    site = ThreadingHTTPServer(("127.0.0.1", 0), Framer)
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    yield site.server_address[1]
    site.shutdown()
    site.server_close()
    thread.join()


def frame_shows_the_app(page, frame_id: str) -> bool:
    frame = page.query_selector(f"#{frame_id}").content_frame()
    try:
        frame.wait_for_selector('[data-testid="stApp"]', state="attached", timeout=5_000)
    except Exception:  # Playwright's timeout: nothing of the app in the frame
        return False
    return True


def test_a_signed_in_page_cannot_be_framed_by_a_sibling_host_or_another_site(
    server, named_hosts, framing_site
):
    context = named_hosts.new_context(viewport={"width": 1440, "height": 900}, locale="pl-PL")
    context.set_default_timeout(20_000)
    page = context.new_page()
    app = f"http://{APP_HOST}:{server.port}"
    sign_in(page, app, "admin")
    page.goto(f"{app}/konta")
    wait_for_app(page)

    for framer in (f"http://{SIBLING_HOST}:{framing_site}", f"http://localhost:{framing_site}"):
        page.goto(f"{framer}/?frame={app}/konta", wait_until="load")
        own = page.query_selector("#own").content_frame()
        own.wait_for_selector("#own", timeout=10_000)  # the framing page's own frame loads
        assert not frame_shows_the_app(page, "app"), f"{framer} framed the signed-in page"
        assert page.query_selector("#app").content_frame().url != f"{app}/konta"
    context.close()


def test_the_policy_leaves_every_page_and_the_client_form_working(server, open_page):
    """Every page of management and of the administrator, the dashboard's charts and the client
    form run under the policy, which refuses nothing they ask for."""
    for login, role in (("zarzad", Role.MANAGEMENT), ("admin", Role.ADMIN)):
        page = open_page("desktop")
        page.context.add_init_script(VIOLATIONS)
        console = []
        page.on("console", lambda message, seen=console: seen.append(message.text))
        sign_in(page, server.url, login)  # the ticket is posted by an inline script (st.html)
        for key in pages_for(role):
            page.goto(f"{server.url}/{STAFF_PAGES[key][1]}")
            wait_for_app(page)
            if key == "dashboard":
                page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=45_000)
            assert page.evaluate("window.__violations") == [], (login, key)
        refused = [text for text in console if "Content Security Policy" in text]
        assert refused == []

    page = open_page("kiosk")
    page.context.add_init_script(VIOLATIONS)
    page.goto(f"{server.url}/?dzial=KM")
    wait_for_app(page)
    page.wait_for_function("document.documentElement.lang === 'pl'")  # set by an inline script
    assert page.evaluate("window.__violations") == []
