"""Many clients on the form of one server at the same time.

Six Chromium pages (one browser, six contexts, driven together with Playwright's async API)
rate the office at once: four phones on the QR address of Wydział Komunikacji (/?dzial=KM)
and two kiosks registered before the start. Every page rates a few visits one after another,
each in its own language, with its own overall score (stored at the tap) and a comment unique to
the visit (completing the same row at the send); all pages press "Wyślij" together (a barrier
before each round). Every send that reached the thank-you screen is recorded; after the server
stops, the database holds exactly one row per acknowledged visit, with that page's language,
score, channel and kiosk, and nothing twice.

The async driver here (FormPage, run_async, launch) is also used by test_faults.py.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
import time
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TypeVar

import pytest

from i18n import MESSAGES
from storage import kiosks
from storage.departments import add_department
from tests.browser.conftest import CHROMIUM, VIEWPORTS

T = TypeVar("T")

LANGUAGE_NAMES = {"pl": "Polski", "en": "English", "uk": "Українська"}
LONG = "3600"  # kiosk timers that never fire during a test
# A session's (and a kiosk's) new rating within services.survey.MIN_GAP (3 s) of its last is
# taken for a double tap: the screens go on, nothing is stored. A rating is stored at the tap on
# a face; real clients are slower, and the pages here wait this long after their last confirmed
# tap before the next one.
SEND_GAP = 3.6
TIMEOUT_MS = 60_000  # generous: two shared cores, six pages and other suites running
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROUNDS = 3


def msg(key: str, language: str = "pl") -> str:
    return MESSAGES[key][language]


def long_kiosk_timers(monkeypatch) -> None:
    """No idle warning, reset or automatic return from the thank-you screen during a test:
    the pages move on by tapping "Nowa ocena" themselves."""
    for name in ("IDLE", "WARNING", "THANKS"):
        monkeypatch.setenv(f"JAKOSC_KIOSK_{name}_SECONDS", LONG)


def require_chromium() -> None:
    if not os.path.exists(CHROMIUM) or shutil.which(CHROMIUM) is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium not found at {CHROMIUM}; CI must run the browser tests")
        pytest.skip(f"Chromium not found at {CHROMIUM}")


def run_async(main: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine in a thread of its own: the session's sync Playwright keeps its own
    event loop in the test thread, and the async API must not share it."""
    outcome: dict = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(main())
        except BaseException as error:  # handed to the test thread
            outcome["error"] = error

    thread = threading.Thread(target=target, name="async-browser")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


@asynccontextmanager
async def launch():
    """One headless Debian Chromium for the async API."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            await browser.close()


async def new_page(browser, viewport: str = "phone", client_address: str | None = None):
    """A page in a fresh context; `client_address` is what a trusted proxy would forward for it."""
    headers = {"X-Forwarded-For": client_address} if client_address else {}
    context = await browser.new_context(
        viewport=VIEWPORTS[viewport], locale="pl-PL", extra_http_headers=headers
    )
    context.set_default_timeout(TIMEOUT_MS)
    return await context.new_page()


async def wait_for_app(page) -> None:
    """The async twin of conftest.wait_for_app: connected, and no script run under way."""
    await page.wait_for_selector('[data-testid="stApp"]', state="attached")
    await page.wait_for_timeout(250)
    await page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"][data-test-connection-state="CONNECTED"]',
        state="attached",
    )
    await page.wait_for_timeout(150)


@dataclass
class Send:
    """One visit of a page: what it chose, and how far the server confirmed it."""

    page: str
    language: str
    overall: int
    comment: str
    tapped: bool = False  # the face was tapped (the rating may or may not have arrived)
    saved: bool = False  # the details screen confirmed the tap: the rating is stored
    clicked: bool = False  # "Wyślij" was pressed (the answers may or may not have arrived)
    acknowledged: bool = False  # the thank-you screen showed: the server stored the answers


@dataclass
class FormPage:
    """One client device: a Chromium page on a kiosk or QR address of the form."""

    name: str
    page: object
    path: str  # "/?dzial=KM" or "/?kiosk=<token>"
    language: str
    overall: int
    sends: list[Send] = field(default_factory=list)
    last_saved: float = 0.0  # time.monotonic() of the last confirmed tap (a new rating)

    async def open(self, base_url: str) -> None:
        await self.page.goto(base_url + self.path)
        await wait_for_app(self.page)
        await self.heading("survey.title", "pl").wait_for()

    def heading(self, key: str, language: str):
        return self.page.get_by_role("heading", name=msg(key, language), exact=True)

    async def tap(self, locator) -> None:
        await locator.click()
        await wait_for_app(self.page)

    async def fill_in(self, comment: str) -> Send:
        """From the start screen to a stored tap and a filled-in form, ready to send."""
        language = self.language
        send = Send(self.name, language, self.overall, comment)
        self.sends.append(send)
        if language != "pl":
            await self.tap(self.page.get_by_role("radio", name=LANGUAGE_NAMES[language], exact=True))
            await self.heading("survey.title", language).wait_for()
        scale = msg(f"survey.scale.{self.overall}", language)
        await self.keep_the_gap()
        send.tapped = True
        await self.tap(self.page.get_by_role("button", name=f"{self.overall} – {scale}"))
        await self.heading("survey.details_title", language).wait_for()
        send.saved = True
        self.last_saved = time.monotonic()
        box = self.page.get_by_label(msg("survey.comment", language), exact=True)
        await box.fill(comment)
        await box.blur()  # Streamlit takes a text area's value when it loses focus
        await wait_for_app(self.page)
        return send

    async def keep_the_gap(self) -> None:
        await asyncio.sleep(max(0.0, self.last_saved + SEND_GAP - time.monotonic()))

    async def press_send(self, send: Send) -> None:
        await self.page.get_by_role("button", name=msg("survey.send", send.language)).click()
        send.clicked = True

    async def thanked(self, send: Send) -> None:
        await self.heading("survey.thanks_title", send.language).wait_for()
        send.acknowledged = True

    async def next_client(self) -> None:
        await self.tap(self.page.get_by_role("button", name=msg("survey.again", self.language), exact=True))
        await self.heading("survey.title", "pl").wait_for()

    async def send_one(self, comment: str, before_click: Callable[[], Awaitable[None]] | None = None) -> Send:
        send = await self.fill_in(comment)
        if before_click is not None:
            await before_click()
        await self.press_send(send)
        await self.thanked(send)
        await self.next_client()
        return send

    async def send_until(
        self,
        stop: asyncio.Event,
        clicked: asyncio.Event,
        label: str,
        on_thanks: Callable[[int], Awaitable[None]] | None = None,
    ) -> None:
        """Visit after visit (comment "<label> <name> ocena <n>") until `stop` is set, setting
        `clicked` at each press of Send: the device a fault test kills its server under;
        `on_thanks(n)` runs on each thank-you screen."""
        number = 0
        while not stop.is_set():
            number += 1
            send = await self.fill_in(f"{label} {self.name} ocena {number}")
            await self.press_send(send)
            clicked.set()
            await self.thanked(send)
            if on_thanks is not None:
                await on_thanks(number)
            await self.next_client()


def seed(server) -> dict:
    """Two departments and two kiosks (one bound to Geodezja, one unbound); closed again before
    the server opens the file."""
    db = server.open_database()
    try:
        km = add_department(db, "KM", "Wydział Komunikacji", "test")
        gk = add_department(db, "GK", "Wydział Geodezji i Kartografii", "test")
        bound_id, bound = kiosks.add_kiosk(db, "Kiosk GK", gk, "test")
        free_id, free = kiosks.add_kiosk(db, "Kiosk parter", None, "test")
    finally:
        db.close()
    return {"KM": km, "GK": gk, "kiosks": {"bound": (bound_id, bound), "free": (free_id, free)}}


def client_plan(data: dict) -> list[dict]:
    """Six devices; each has its own language and overall score, so a row shows its page."""
    return [
        {"name": "qr1", "path": "/?dzial=KM", "language": "pl", "overall": 5},
        {"name": "qr2", "path": "/?dzial=KM", "language": "en", "overall": 4},
        {"name": "qr3", "path": "/?dzial=KM", "language": "uk", "overall": 3},
        {"name": "qr4", "path": "/?dzial=km", "language": "pl", "overall": 2},
        {"name": "kiosk_gk", "path": f"/?kiosk={data['kiosks']['bound'][1]}", "language": "en", "overall": 1},
        {
            "name": "kiosk_free",
            "path": f"/?kiosk={data['kiosks']['free'][1]}",
            "language": "uk",
            "overall": 5,
        },
    ]


def expected_origin(data: dict, name: str) -> tuple:
    """(channel, kiosk_id, department_id) a row of this page must carry."""
    if name == "kiosk_gk":
        return ("kiosk", data["kiosks"]["bound"][0], data["GK"])
    if name == "kiosk_free":
        return ("kiosk", data["kiosks"]["free"][0], None)  # the department is optional; not chosen
    return ("qr", None, data["KM"])


def comment_of(page: str, number: int) -> str:
    # letters and single digits only: nothing the comment scrubbing would take for a phone number
    return f"Rownolegle {page} ocena {number}"


def test_six_clients_rate_at_the_same_time(live_server, monkeypatch):
    require_chromium()
    data = seed(live_server)
    long_kiosk_timers(monkeypatch)
    # every phone is its own client, as behind the office's proxy: four phones rating at once are
    # not a burst from one address (tests/unit/test_survey.py covers the burst itself)
    monkeypatch.setenv("JAKOSC_TRUSTED_PROXY", "1")
    live_server.start()
    plan = client_plan(data)

    async def scenario() -> tuple[list[FormPage], float]:
        async with launch() as browser:
            pages = [
                FormPage(
                    p["name"],
                    await new_page(
                        browser, "kiosk" if "kiosk" in p["name"] else "phone", f"203.0.113.{index + 10}"
                    ),
                    **{k: p[k] for k in ("path", "language", "overall")},
                )
                for index, p in enumerate(plan)
            ]
            await asyncio.gather(*(page.open(live_server.url) for page in pages))
            barrier = asyncio.Barrier(len(pages))
            started = time.monotonic()

            async def device(page: FormPage) -> None:
                for number in range(1, ROUNDS + 1):
                    await page.send_one(comment_of(page.name, number), before_click=barrier.wait)

            await asyncio.gather(*(device(page) for page in pages))
            return pages, time.monotonic() - started

    pages, took = run_async(scenario)
    sends = [send for page in pages for send in page.sends]
    print(f"\n{len(sends)} sends from {len(pages)} pages in {ROUNDS} simultaneous rounds: {took:.1f} s")
    assert len(sends) == len(pages) * ROUNDS
    assert all(send.acknowledged for send in sends)

    live_server.stop()
    db = live_server.open_database()
    try:
        rows = db.query_dicts("SELECT * FROM client_ratings")
    finally:
        db.close()
    by_comment: dict[str, list[dict]] = {}
    for row in rows:
        by_comment.setdefault(row["comment"], []).append(row)
    assert len(rows) == len(sends), "one row per acknowledged send"
    assert len({row["id"] for row in rows}) == len(rows)
    assert set(by_comment) == {send.comment for send in sends}
    for send in sends:
        [row] = by_comment[send.comment]  # exactly once
        assert (row["language"], row["overall"]) == (send.language, send.overall), send
        assert (row["channel"], row["kiosk_id"], row["department_id"]) == expected_origin(data, send.page)
        assert row["comment_status"] == "pending" and not row["burst"]
    per_page = {}
    for row in rows:
        key = (row["channel"], row["kiosk_id"], row["language"], row["overall"])
        per_page[key] = per_page.get(key, 0) + 1
    assert sorted(per_page.values()) == [ROUNDS] * len(pages)
    # The rounds really overlapped: the six sends of a round completed their rows moments apart.
    for number in range(1, ROUNDS + 1):
        moments = [by_comment[comment_of(page.name, number)][0]["completed_at"] for page in pages]
        spread = (max(moments) - min(moments)).total_seconds()
        print(f"round {number}: six sends completed their rows within {spread:.2f} s")
        assert spread < 10
