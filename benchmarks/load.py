"""Kiosk and dashboard latency under load, in real Chromium, at 1,000,000 ratings / 100,000 observations.

One server (`streamlit run server.py`, as the browser tests start it) on a scratch copy of the big
database (the sends add rows; the copy is deleted at the end), with a management session and
kiosks put into the copy before the server opens it. Then, in this order:

1. The dashboard as management at 1366x768, cold three ways, each the first dashboard after a
   server (re)start: in a new browser that signs in on the login page first (no cookie, nothing of
   the app cached: the login page drawn, the manager's login and password typed at 8 keys a second,
   then "Pulpit" chosen in the menu of the start page, timed from that click), in a new browser
   that has the session cookie (the first page load), and in that browser again after a restart
   (the app's files cached, as in a manager's browser every morning); --cold-runs rounds of the
   three. Then warm (reloads) and filter change (clicks on the period presets Rok, Ostatni miesiąc,
   Kwartał in turn; with cached results a repeated preset may be served from the cache).
   --dashboard-only stops here.
2. Kiosk pages at 1080x1920 (`/?kiosk=<token>`): tap a face, then "Wyślij ocenę", until the
   thank-you screen, over and over; each iteration opens the next of the kiosk's tokens, so no kiosk
   sends twice within the 3 s double-tap gap nor six times a minute (the burst rule). Three scenarios:
   (a) alone; (b) while two managers reload the dashboard without drawing it; (c) while two
   managers reload it in Chromium pages (pessimistic: their drawing competes for the same cores).
   The managers reload continuously (--manager-pause: seconds between reloads), so a faster
   dashboard means more reloads in the same time: compare their count (n) as well.

The headless managers of (b) are Streamlit sessions driven over the WebSocket, as a browser
drives them: each reload opens /_stcore/stream with the session cookie, sends a BackMsg
`rerun_script` (the dashboard page's hash, its URL path, an empty query string: the default
period) and reads ForwardMsgs until `script_finished` (FINISHED_SUCCESSFULLY), then closes the
socket. The server does all its work for them (queries, figures, serialisation); nothing is drawn.

When is a screen "done"? Every time is measured inside the page, on the page's own clock
(performance.now(): the navigation start for a page load, the click for a click, caught by a
capture-phase listener), polled on every animation frame:
- a kiosk step: the first frame in which the awaited text is rendered and visible (the thank-you
  heading after "Wyślij ocenę"; the "saved" status after the tap on a face);
- the dashboard: the first frame from which on, for 500 ms, Streamlit's script has run since the
  start (stApp's `data-test-script-state` went to "running", logged by a MutationObserver) and is
  "notRunning" with the connection "CONNECTED", no element is stale (`data-stale="true"`), and
  every st.plotly_chart of the visible tab has its plotly `.main-svg`. The 500 ms guard against a
  rerun that follows right after (a query-string sync); they are not counted.

Prints p50 / p95 / max and the load average at the start and end of each scenario, and writes a
Markdown table (default benchmarks/README-load-table.md). Takes 3-7 minutes.

    .venv/bin/python benchmarks/load.py [--db /tmp/jakosc-bench.duckdb] [--project DIR] [--out FILE]
        [--profile FILE.json] [--dashboard-only] [--cold-runs N]

--project runs the server from another checkout (e.g. a git worktree of an older commit) with
this checkout's Python. --profile records the server with py-spy during scenario (b) (speedscope
JSON; `pip install .[bench]`), only the samples holding the interpreter lock (what every other
session waits for), and prints the functions with the most own time and the project's functions
with the most time inclusive.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from itertools import cycle
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT_DIR = HERE.parent
sys.path.insert(0, str(PROJECT_DIR))

COOKIE = "jakosc_session"
DASHBOARD = "pulpit"
TOKENS_PER_KIOSK = 30  # a kiosk comes back to a token only after 29 other visits: never a burst
KIOSK_AIM_MS, COLD_AIM_S, WARM_AIM_S = 300, 2.0, 1.0
SETTLE_MS = 500
TIMEOUT_MS = 120_000
KIOSK = {"width": 1080, "height": 1920}
LAPTOP = {"width": 1366, "height": 768}
TYPING_MS = 125  # between two keys of the login and password: a person typing briskly
MENU_BUTTON = ".st-key-menu_compact [data-testid='stPopover'] button"  # the menu below 1400 px

# Installed in every page before its scripts: the time of the last click and every change of
# Streamlit's script state, on the page's clock.
INIT_SCRIPT = """
window.__clickAt = null;
window.__runs = [];
performance.setResourceTimingBufferSize(2000);  // Streamlit's own files alone are over 100 entries
document.addEventListener("click", () => { window.__clickAt = performance.now(); }, true);
new MutationObserver(() => {
    const state = document.querySelector('[data-testid="stApp"]')?.getAttribute("data-test-script-state");
    if (state && window.__runs.at(-1)?.[0] !== state) window.__runs.push([state, performance.now()]);
}).observe(document, {subtree: true, childList: true, attributes: true,
                      attributeFilter: ["data-test-script-state"]});
"""
APP_IDLE = (
    'document.querySelector(\'[data-testid="stApp"][data-test-script-state="notRunning"]'
    '[data-test-connection-state="CONNECTED"]\')'
)
RAN_SINCE = "window.__runs.some(([state, at]) => state === 'running' && at >= since)"
NOTHING_STALE = "!document.querySelector('[data-stale=\"true\"]')"
CHARTS_DRAWN = (
    "(charts => charts.length > 0 && charts.every(c => c.querySelector('.main-svg')))"
    "([...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')].filter(c => c.checkVisibility()))"
)
TEXT_SHOWN = (
    "[...document.querySelectorAll(selector)].some(e => e.checkVisibility() && e.textContent.includes(text))"
)
# When Streamlit's plotly chunk had arrived, in ms from the navigation; null when not fetched.
CHUNK_ARRIVED = """() => performance.getEntriesByType("resource")
    .find(e => /\\/PlotlyChart\\.[^/]+\\.js$/.test(e.name))?.responseEnd ?? null"""


def steady(condition: str) -> str:
    """A wait_for_function predicate: once `condition` has held for `settle` ms, the ms from `since`
    (default: the last click) to the frame where it began to hold; false until then."""
    return f"""({{since, settle, selector, text}}) => {{
        since = since ?? window.__clickAt;
        if (since === null || !({condition})) {{ window.__readyAt = null; return false; }}
        window.__readyAt ??= performance.now();
        return performance.now() - window.__readyAt >= settle ? Math.max(window.__readyAt - since, 0.01) : false;
    }}"""


DASHBOARD_DONE = steady(f"{RAN_SINCE} && {APP_IDLE} && {NOTHING_STALE} && {CHARTS_DRAWN}")
SHOWN = steady(TEXT_SHOWN)
IDLE = steady(APP_IDLE)


async def wait(page, predicate: str, **arg) -> float:
    """Milliseconds, as the predicate measures them (see steady())."""
    await page.evaluate("window.__readyAt = null")
    arg = {"since": None, "settle": 0, "selector": None, "text": None, **arg}
    handle = await page.wait_for_function(predicate, arg=arg, polling="raf", timeout=TIMEOUT_MS)
    return await handle.json_value()


async def wait_dashboard(page) -> float:
    """After a page load (navigation start = 0): milliseconds until the dashboard is drawn."""
    return await wait(page, DASHBOARD_DONE, since=0, settle=SETTLE_MS)


async def settle(page) -> None:
    """Until the script is idle for a moment: a click during a run can be lost."""
    await wait(page, IDLE, since=0, settle=200)


@dataclass
class Figure:
    """One row of the table: milliseconds of every repetition, the load average around them."""

    name: str
    ms: list[float] = field(default_factory=list)
    load: tuple[float, float] = (0.0, 0.0)
    aim: str = ""
    aim_met: bool | None = None

    def p(self, percent: int) -> float:
        """The percentile in ms (the value itself when there is one)."""
        if len(self.ms) == 1:
            return self.ms[0]
        return statistics.quantiles(self.ms, n=100, method="inclusive")[percent - 1]

    def cells(self, unit=lambda value: f"{value:,.0f} ms") -> tuple[str, str, str]:
        """p50, p95 and max written by `unit`; a single value is only the p50, none a dash."""
        if len(self.ms) < 2:
            return (unit(self.ms[0]) if self.ms else "—", "", "")
        return unit(self.p(50)), unit(self.p(95)), unit(max(self.ms))

    def line(self) -> str:
        p50, p95, top = self.cells()
        return (
            f"{self.name}: {f'p50 {p50}, p95 {p95}, max {top}' if p95 else p50} "
            f"(n={len(self.ms)}); load average {self.load[0]:.2f} → {self.load[1]:.2f}"
        )


def load_average() -> float:
    return os.getloadavg()[0]


# --- the managers ---------------------------------------------------------------------------


async def headless_reload(url: str, token: str) -> float:
    """One dashboard load as a browser's reload asks for it, without drawing; seconds."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.util import calc_hash

    request = BackMsg()
    state = request.rerun_script
    state.page_script_hash = calc_hash(DASHBOARD)  # the hash of st.Page(url_path="pulpit")
    state.page_name = DASHBOARD
    state.context_info.url = f"{url}/{DASHBOARD}"
    state.context_info.timezone = "Europe/Warsaw"
    state.context_info.locale = "pl-PL"
    started = time.perf_counter()
    async with websockets.connect(
        url.replace("http", "ws", 1) + "/_stcore/stream",
        subprotocols=["streamlit"],
        additional_headers={"Cookie": f"{COOKIE}={token}", "Origin": url},
        max_size=None,
    ) as socket:
        await socket.send(request.SerializeToString())
        charts = 0
        while True:
            message = ForwardMsg()
            message.ParseFromString(await socket.recv())
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.new_element.WhichOneof("type") == "plotly_chart":
                charts += 1
            elif kind == "script_finished" and message.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                break
    if not charts:  # the login form instead of the dashboard: the cookie was not taken
        raise RuntimeError("the headless manager got no dashboard")
    return time.perf_counter() - started


async def headless_manager(url: str, token: str, pause: float, stop: asyncio.Event, figure: Figure) -> None:
    """Reloads until `stop`, `pause` seconds apart."""
    while not stop.is_set():
        figure.ms.append(1000 * await headless_reload(url, token))
        await asyncio.sleep(pause)


async def browser_manager(page, url: str, pause: float, stop: asyncio.Event, figure: Figure) -> None:
    """Reloads until `stop`, `pause` seconds apart."""
    await page.goto(f"{url}/{DASHBOARD}")
    await wait_dashboard(page)
    while not stop.is_set():
        await page.reload()
        figure.ms.append(await wait_dashboard(page))
        await asyncio.sleep(pause)


# --- the kiosks -----------------------------------------------------------------------------


class Kiosk:
    """One kiosk page that opens the next of its tokens for every visit."""

    def __init__(self, page, url: str, tokens: list[str]):
        from i18n import MESSAGES

        self.page, self.url, self.tokens = page, url, cycle(tokens)
        self.text = {key: value["pl"] for key, value in MESSAGES.items() if key.startswith("survey.")}
        self.visits = 0

    async def visit(self) -> tuple[float, float]:
        """(tap → confirmed, send → thank-you) in ms."""
        value = self.visits % 5 + 1
        self.visits += 1
        label = self.text[f"survey.scale.{value}"]
        await self.page.goto(f"{self.url}/?kiosk={next(self.tokens)}")
        await settle(self.page)
        await self.page.get_by_role("button", name=f"{value} – {label}").click()
        chosen = self.text["survey.overall_chosen"].format(value=value, label=label)
        tapped = await wait(self.page, SHOWN, selector='[role="status"]', text=chosen)
        await settle(self.page)
        await self.page.get_by_role("button", name=self.text["survey.send"]).click()
        sent = await wait(self.page, SHOWN, selector="h1", text=self.text["survey.thanks_title"])
        await settle(self.page)
        return tapped, sent


async def kiosk_scenario(kiosks: list[Kiosk], sends: int, label: str, managers) -> list[Figure]:
    """The kiosks send `sends` ratings between them while `managers(stop)` (coroutines) run."""
    tap, send = Figure(f"kiosk tap → confirmed, {label}"), Figure(f"kiosk send → thank-you, {label}")
    stop = asyncio.Event()
    started = load_average()

    async def kiosk_loop(kiosk: Kiosk, count: int) -> None:
        for _ in range(count):
            tapped, sent = await kiosk.visit()
            tap.ms.append(tapped)
            send.ms.append(sent)

    background = [asyncio.create_task(m) for m in managers(stop)]
    try:
        await asyncio.sleep(3 if background else 0)  # the managers' first loads are under way
        await asyncio.gather(*(kiosk_loop(k, -(-sends // len(kiosks))) for k in kiosks))
    finally:
        stop.set()
        await asyncio.gather(*background)
    tap.load = send.load = (started, load_average())
    send.aim, send.aim_met = f"p95 ≤ {KIOSK_AIM_MS} ms", send.p(95) <= KIOSK_AIM_MS
    return [send, tap]


# --- the dashboard --------------------------------------------------------------------------


async def restart(server, page) -> None:
    """A server start; `page` leaves first (an open page would reconnect to the new server by itself)."""
    await page.goto("about:blank")
    server.stop()
    server.start(timeout=300)


async def signed_in_on_login_page(context, url: str) -> tuple[float, float | None, float]:
    """A new browser signs in on the login page and opens the dashboard from the start page's menu:
    (the login page drawn, ms from the navigation; Streamlit's plotly chunk arrived, ms from the
    navigation, None when it was not fetched there; the click on "Pulpit" to the dashboard drawn)."""
    from common import MANAGER, PASSWORD

    from i18n import MESSAGES

    text = {
        key: MESSAGES[key]["pl"] for key in ("login.login", "login.password", "login.submit", "nav.dashboard")
    }
    page = await context.new_page()
    await page.goto(url)
    submit = '[data-testid="stFormSubmitButton"] button'
    login_page = await wait(page, SHOWN, since=0, selector=submit, text=text["login.submit"])
    await page.get_by_label(text["login.login"], exact=True).press_sequentially(MANAGER, delay=TYPING_MS)
    await page.get_by_label(text["login.password"], exact=True).press_sequentially(PASSWORD, delay=TYPING_MS)
    await page.get_by_role("button", name=text["login.submit"]).click()
    greeting = MESSAGES["app.logged_in_as"]["pl"].split("{")[0]
    await wait(page, SHOWN, selector=".st-key-menu_who", text=greeting)  # the start page
    await settle(page)
    chunk = await page.evaluate(CHUNK_ARRIVED)
    await page.locator(MENU_BUTTON).click()
    await page.get_by_test_id("stPopoverBody").get_by_role("link", name=text["nav.dashboard"]).click()
    dashboard = await wait(page, DASHBOARD_DONE, settle=SETTLE_MS)  # from that click
    await context.close()
    return login_page, chunk, dashboard


async def dashboard_figures(new_context, server, runs: int, cold_runs: int, shot: Path) -> list[Figure]:
    """`cold_runs` rounds of three first loads, each after a server (re)start: a new browser that
    signs in on the login page, a new browser with the session cookie, that browser again (as a
    manager's browser every morning); then warm reloads and filter changes in the last of them.
    `new_context(signed_in)`: a new browser context (its own cache, as a new browser)."""
    from i18n import MESSAGES

    url = server.url
    login_page = Figure("login page drawn, new browser (from the navigation)")
    chunk = Figure("plotly chunk arrived, new browser on the login page (from the navigation)")
    after_login = Figure("dashboard cold, new browser, after signing in on the login page (from the click)")
    fresh = Figure("dashboard cold, new browser (first load after the start)")
    cold = Figure("dashboard cold, browser that opened the app before (first load after a restart)")
    started = load_average()
    page = None
    for round_ in range(cold_runs):
        if round_:
            await restart(server, page)
            await page.context.close()
        drawn, arrived, opened = await signed_in_on_login_page(await new_context(False), url)
        login_page.ms.append(drawn)
        after_login.ms.append(opened)
        if arrived is not None:
            chunk.ms.append(arrived)
        page = await (await new_context(True)).new_page()
        await restart(server, page)
        await page.goto(f"{url}/{DASHBOARD}")
        fresh.ms.append(await wait_dashboard(page))
        await restart(server, page)
        await page.goto(f"{url}/{DASHBOARD}")
        cold.ms.append(await wait_dashboard(page))
    warm = Figure("dashboard warm (reload)")
    for _ in range(runs):
        await page.reload()
        warm.ms.append(await wait_dashboard(page))
    await page.locator('[data-testid="stPlotlyChart"]').first.scroll_into_view_if_needed()
    await page.screenshot(path=str(shot))  # for a look: the first chart, drawn
    change = Figure("dashboard filter change (period preset)")
    presets = cycle(MESSAGES[f"dash.preset.{p}"]["pl"] for p in ("year", "month", "quarter"))
    for _ in range(max(runs, 6)):
        await page.get_by_role("radio", name=next(presets), exact=True).click()
        change.ms.append(await wait(page, DASHBOARD_DONE, settle=SETTLE_MS))
    figures = [login_page, chunk, after_login, fresh, cold, warm, change]
    for figure in figures:
        figure.load = (started, load_average())
    for first_load in (after_login, fresh, cold):
        first_load.aim, first_load.aim_met = f"≤ {COLD_AIM_S:g} s", first_load.p(50) <= 1000 * COLD_AIM_S
    warm.aim, warm.aim_met = f"≤ {WARM_AIM_S:g} s", warm.p(50) <= 1000 * WARM_AIM_S
    await page.context.close()
    return [figure for figure in figures if figure.ms]


# --- the run --------------------------------------------------------------------------------


@contextlib.contextmanager
def py_spy(pid: int, out: Path | None):
    """py-spy recording the server (non-blocking: it does not pause the server to sample)."""
    if out is None:
        yield
        return
    binary = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    command = [binary, "record", "--pid", str(pid), "--output", str(out), "--format", "speedscope"]
    # --gil: only the thread holding the interpreter lock, the one every other session waits for
    recorder = subprocess.Popen(
        [*command, "--gil", "--nonblocking", "--rate", "100"], stdout=subprocess.DEVNULL
    )
    time.sleep(1)
    try:
        yield
    finally:
        recorder.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
        try:
            recorder.wait(timeout=60)
        except subprocess.TimeoutExpired:
            recorder.kill()
            recorder.wait()


def hot_spots(speedscope: Path, project: Path, count: int = 12) -> tuple[list, list]:
    """(own, inclusive) as (function, share of all samples): the frames most often at the top of
    the stack, and the project's own functions most often anywhere in it."""
    data = json.loads(speedscope.read_text())
    frames = data["shared"]["frames"]
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for profile in data["profiles"]:
        for stack, weight in zip(profile["samples"], profile["weights"], strict=True):
            total += weight
            if not stack:
                continue
            top = frames[stack[-1]]
            own[f"{top['name']} ({Path(top.get('file') or '?').name}:{top.get('line', '?')})"] += weight
            ours = set()
            for frame in (frames[i] for i in stack):
                file = Path(frame.get("file") or "/")
                if file.is_relative_to(project) and ".venv" not in file.parts:
                    ours.add(f"{frame['name']} ({file.relative_to(project)})")
            for name in ours:  # once per sample, however deep the recursion
                inclusive[name] += weight
    return [
        [(name, weight / (total or 1)) for name, weight in found.most_common(count)]
        for found in (own, inclusive)
    ]


# An administrator, put in with the project's code: without one, a browser that has no session
# meets the first run's form instead of the login page.
ADMIN = """import sys
sys.path[:0] = sys.argv[1:3]
from common import session_token
from storage.db import Database
db = Database(sys.argv[3])
try:
    session_token(db, "admin", "bench.admin")
finally:
    db.close()
"""


def prepare(source: Path, scratch: Path, project: Path, kiosks: int) -> dict:
    """Copy the database and put the manager's session, an administrator and the kiosks into the
    copy with the project's own code (its migrations), before its server opens the file."""
    shutil.copyfile(source, scratch)
    if source.with_name(source.name + ".wal").exists():
        shutil.copyfile(source.with_name(source.name + ".wal"), scratch.with_name(scratch.name + ".wal"))
    command = [sys.executable, str(HERE / "common.py"), "--project", str(project)]
    found = subprocess.run(
        [*command, "--kiosks", str(kiosks * TOKENS_PER_KIOSK), str(scratch)],
        cwd=project,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    subprocess.run(
        [sys.executable, "-c", ADMIN, str(project), str(HERE), str(scratch)], cwd=project, check=True
    )
    return json.loads(found.stdout)


def stored_sends(path: Path) -> tuple[int, int, int]:
    """(ratings, sent, flagged as a burst) from the benchmark's kiosks, read after the server stopped."""
    import duckdb

    with duckdb.connect(str(path), read_only=True) as db:
        return db.execute(
            "SELECT count(*), count(r.completed_at), count(*) FILTER (WHERE r.burst) FROM client_ratings r "
            "JOIN kiosks k ON k.id = r.kiosk_id WHERE k.name LIKE 'Kiosk pomiarowy%'"
        ).fetchone()


async def measure(args, server, prepared: dict) -> list[Figure]:
    from playwright.async_api import async_playwright

    from tests.browser.conftest import ARTIFACTS, CHROMIUM

    ARTIFACTS.mkdir(exist_ok=True)
    name = args.project.name
    url, token = server.url, prepared["manager"]
    cookie = {"name": COOKIE, "value": token, "url": url}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )

        async def context(viewport: dict, signed_in: bool):
            made = await browser.new_context(viewport=viewport, locale="pl-PL")
            await made.add_init_script(INIT_SCRIPT)
            if signed_in:
                await made.add_cookies([cookie])
            return made

        figures = await dashboard_figures(
            lambda signed_in: context(LAPTOP, signed_in),
            server,
            args.dashboard_runs,
            args.cold_runs,
            ARTIFACTS / f"load_{name}_dashboard.png",
        )
        for figure in figures:
            print(figure.line(), flush=True)
        if args.dashboard_only:
            await browser.close()
            return figures

        tokens = prepared["kiosks"]
        kiosks = [
            Kiosk(await (await context(KIOSK, False)).new_page(), url, tokens[i :: args.kiosks])
            for i in range(args.kiosks)
        ]
        await asyncio.gather(*(k.visit() for k in kiosks))  # warm-up, not counted
        await kiosks[0].page.screenshot(path=str(ARTIFACTS / f"load_{name}_kiosk_thanks.png"))

        headless = Figure("managers' dashboard reloads, headless (WebSocket), during (b)")
        in_chromium = Figure("managers' dashboard reloads in Chromium, during (c)")
        pages = [await (await context(LAPTOP, True)).new_page() for _ in range(args.managers)]
        pause = args.manager_pause
        scenarios = [
            ("alone", None, lambda stop: []),
            (
                f"with {args.managers} managers reloading headless",
                headless,
                lambda stop: [
                    headless_manager(url, token, pause, stop, headless) for _ in range(args.managers)
                ],
            ),
            (
                f"with {args.managers} managers reloading in Chromium",
                in_chromium,
                lambda stop: [browser_manager(page, url, pause, stop, in_chromium) for page in pages],
            ),
        ]
        for label, reloads, background in scenarios:
            with py_spy(server.process.pid, args.profile if reloads is headless else None):
                found = await kiosk_scenario(kiosks, args.sends, label, background)
            if reloads is not None:
                reloads.load = found[0].load
                found.append(reloads)
            figures += found
            for figure in found:
                print(figure.line(), flush=True)
        await browser.close()
    return figures


def machine() -> str:
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{os.cpu_count()} cores ({platform.machine()}, Python {platform.python_version()}), "
        f"load average {load}"
    )


def markdown_table(figures: list[Figure], header: str) -> str:
    def ms(value: float) -> str:
        return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.0f} ms"

    lines = [
        header,
        "",
        "| figure | p50 | p95 | max | n | load average (start → end) | aim | |",
        "|---|---:|---:|---:|---:|---|---|---|",
    ]
    for f in figures:
        mark = "" if f.aim_met is None else "✓" if f.aim_met else "✗"
        lines.append(
            f"| {f.name} | {' | '.join(f.cells(ms))} | "
            f"{len(f.ms)} | {f.load[0]:.2f} → {f.load[1]:.2f} | {f.aim} | {mark} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/jakosc-bench.duckdb"), help="built if missing")
    parser.add_argument("--project", type=Path, default=PROJECT_DIR, help="the checkout whose server runs")
    parser.add_argument("--out", type=Path, default=HERE / "README-load-table.md")
    parser.add_argument("--profile", type=Path, help="py-spy speedscope file of the server during (b)")
    parser.add_argument("--sends", type=int, default=40, help="kiosk sends per scenario")
    parser.add_argument("--kiosks", type=int, default=2, help="kiosk pages sending at the same time")
    parser.add_argument("--managers", type=int, default=2)
    parser.add_argument(
        "--manager-pause",
        type=float,
        default=0.0,
        help="seconds between a manager's reloads (0: continuous, so a faster dashboard means more reloads)",
    )
    parser.add_argument("--dashboard-runs", type=int, default=5, help="warm reloads and filter changes")
    parser.add_argument("--cold-runs", type=int, default=1, help="rounds of the three cold dashboard loads")
    parser.add_argument("--dashboard-only", action="store_true", help="the dashboard's figures, no kiosks")
    args = parser.parse_args()
    args.project = args.project.resolve()
    print(f"{date.today():%Y-%m-%d}: {machine()}; server from {args.project}", flush=True)
    if not args.db.exists():
        from dashboard import build

        build(args.db, seed=2026)

    from tests.browser.conftest import ARTIFACTS, LiveServer

    # The kiosk's timers (idle reset, thank-you screen) never fire during a visit of the benchmark.
    for timer in ("IDLE", "WARNING", "THANKS"):
        os.environ[f"JAKOSC_KIOSK_{timer}_SECONDS"] = "3600"
    scratch = Path(tempfile.mkdtemp(prefix="jakosc-load-"))
    copy = scratch / "load.duckdb"
    ARTIFACTS.mkdir(exist_ok=True)
    server = LiveServer(copy, ARTIFACTS / f"load_{args.project.name}_server.log", project=args.project)
    try:
        prepared = prepare(args.db, copy, args.project, 0 if args.dashboard_only else args.kiosks)
        server.start(timeout=300)
        figures = asyncio.run(measure(args, server, prepared))
        server.stop()
        ratings, sent, bursts = stored_sends(copy)
    finally:
        server.stop()
        shutil.rmtree(scratch)
    print(f"stored by the benchmark's kiosks: {ratings} ratings, {sent} sent, {bursts} flagged as a burst")
    header = (
        f"Load benchmark, {date.today():%Y-%m-%d}: {machine()} at the end; server from `{args.project}`; "
        f"a copy of `{args.db.name}` ({prepared['ratings']:,} ratings / {prepared['observations']:,} "
        f"observations); Debian Chromium on the same machine; {args.cold_runs} round(s) of the cold "
        "dashboard loads, each after a server start; "
        + (
            "the dashboard's figures only"
            if args.dashboard_only
            else f"{args.kiosks} kiosk pages (1080x1920) sending at once, each visit a new page; managers "
            f"at 1366x768, {args.manager_pause:g} s between a manager's reloads"
        )
        + ". Times from the click (or the navigation) to the screen drawn, measured in the page. "
        "`benchmarks/load.py` makes this table."
    )
    table = markdown_table(figures, header)
    print()
    print(table)
    args.out.write_text(table, encoding="utf-8")
    print(f"written to {args.out}")
    if args.profile:
        own, inclusive = hot_spots(args.profile, args.project)
        print(f"\npy-spy profile of the server during (b), holding the GIL: {args.profile}")
        for title, found in (
            ("most own time", own),
            ("the project's functions, most time inclusive", inclusive),
        ):
            print(f"{title}:")
            for name, share in found:
                print(f"  {share:6.1%}  {name}")


if __name__ == "__main__":
    main()
