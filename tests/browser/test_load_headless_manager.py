"""benchmarks/load.py's headless manager against a real server: a dashboard load over Streamlit's
WebSocket with the session cookie, no browser. It counts only when the server really ran the
dashboard (the page's plotly charts arrived); a session token the server does not know gets the
login form, and the manager says so instead of timing it."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.benchmark_scripts import benchmark_script
from tests.seeding import demo_office_for_a_server

load = benchmark_script("load")


def run(coroutine_function, *args):
    """`coroutine_function(*args)` to its end on an event loop of its own thread: the browser tests
    of the same worker keep Playwright's loop running in this one."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(lambda: asyncio.run(coroutine_function(*args))).result()


def test_a_headless_reload_runs_the_dashboard_and_a_stranger_gets_none(live_server):
    demo_office_for_a_server(live_server, months=3, ratings=2_000, observations=200, seed=3)
    db = live_server.open_database()
    try:
        token = benchmark_script("common").session_token(db, "management", "zarzad")  # the seeded manager
    finally:
        db.close()
    live_server.start(timeout=90)

    seconds = [run(load.headless_reload, live_server.url, token) for _ in range(2)]
    assert all(0 < s < 60 for s in seconds)
    with pytest.raises(RuntimeError, match="no dashboard"):
        run(load.headless_reload, live_server.url, "not-a-session")
    assert "Traceback" not in live_server.log_path.read_text()
