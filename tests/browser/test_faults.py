"""Faults of the one app process that owns the database file.

- kill -9 of the server while clients keep rating (a tap stored at once, then a unique comment
  per visit completing the same row) and a supervisor answers an observation: a new server opens
  the same file; every tap the screen confirmed is a row, every send that reached the thank-you
  screen before the kill is there exactly once, every answer the screen had confirmed is there,
  nothing is duplicated, and `jakosc stats` opens the file afterwards (tests/browser/
  test_kiosk_visit.py: the kiosk's page itself continuing its visit after a kill -9);
- a second `streamlit run server.py` on the same file stops with a clear Polish message, while
  the first keeps serving and the file keeps its rows;
- `jakosc backup --out DIR --keep N` and `jakosc export` while the server runs: the running
  server writes the copy and the workbook, inside its backup and export folders only.

Browsers are driven with Playwright's async API (tests/browser/test_concurrent_clients.py).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import time
import urllib.request
from collections import Counter
from pathlib import Path

import duckdb
import openpyxl
import pytest

from accounts.service import create_account
from checklists.schema import Answer
from storage import maintenance
from storage.departments import add_department
from storage.employees import add_employee
from tests.browser.conftest import LiveServer, descendants
from tests.browser.test_concurrent_clients import (
    FormPage,
    launch,
    long_kiosk_timers,
    new_page,
    require_chromium,
    run_async,
    wait_for_app,
)
from tests.command import jakosc
from tests.conftest import PASSWORD
from tests.seeding import add_account, start_draft

pytestmark = pytest.mark.duckdb_only  # the one process that owns the database file

LOCKED = "jest już otwarta przez inny proces"
ANSWER_LABELS = {
    Answer.MET: "Tak",
    Answer.NOT_APPLICABLE: "Nie dotyczy",
    Answer.NOT_OBSERVED: "Nie zaobserwowano",
}
ANSWER_CYCLE = list(ANSWER_LABELS)  # no "Nie": a critical "nie" would need a comment first
CLIENTS = ("qr1", "qr2", "qr3", "qr4")


def seed(server) -> dict:
    """An administrator, two departments, an employee of KM, its supervisor with a draft
    observation of her, and a kiosk; closed again before the server opens the file."""
    from storage import kiosks

    db = server.open_database()
    try:
        create_account(db, login="admin", password=PASSWORD, role="admin", display_name="Admin", actor="test")
        km = add_department(db, "KM", "Wydział Komunikacji", "test")
        add_department(db, "GK", "Wydział Geodezji i Kartografii", "test")
        employee = add_employee(
            db, {"department_id": km, "first_name": "Anna", "last_name": "Kowalska"}, "test"
        )
        supervisor_id = add_account(db, "kierownik.km", "supervisor", "Kierownik KM", [km])
        draft = start_draft(db, supervisor_id, km, employee)
        kiosk_id, kiosk_token = kiosks.add_kiosk(db, "Kiosk parter", km, "test")
        total = db.scalar("SELECT count(*) FROM observation_answers WHERE observation_id = ?", [draft])
        counts = maintenance.row_counts(db)
    finally:
        db.close()
    return {"KM": km, "draft": draft, "items": total, "kiosk": (kiosk_id, kiosk_token), "counts": counts}


# --- processes --------------------------------------------------------------------------------


def holders(database_file: Path, among: set[int]) -> set[int]:
    """The processes (of `among`) that have the database file open."""
    target = str(database_file.resolve())
    found = set()
    for pid in among:
        try:
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                try:
                    if os.readlink(fd) == target:
                        found.add(pid)
                except OSError:
                    continue
        except OSError:
            continue
    return found


def kill_database_owner(server: LiveServer) -> int:
    """SIGKILL the process of this server that holds the database file (`streamlit run` serves
    in its own process; this checks rather than assumes it)."""
    owners = holders(server.db_path, descendants(server.process.pid))
    assert len(owners) == 1, f"expected one process holding {server.db_path}, found {owners}"
    [pid] = owners
    os.kill(pid, signal.SIGKILL)
    return pid


def stats(db_path: Path) -> dict[str, int]:
    result = jakosc(db_path, "stats", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def healthy(server: LiveServer) -> bool:
    with urllib.request.urlopen(server.url + "/health", timeout=10) as response:
        return response.status == 200 and json.loads(response.read())["status"] == "ok"


# --- the supervisor on a tablet, async ---------------------------------------------------------


async def sign_in(page, base_url: str, login: str) -> None:
    await page.goto(base_url)
    await wait_for_app(page)
    await page.get_by_label("Login", exact=True).fill(login)
    await page.get_by_label("Hasło", exact=True).fill(PASSWORD)
    await page.get_by_role("button", name="Zaloguj się").click()
    deadline = time.monotonic() + 60
    while not any(c["name"] == "jakosc_session" for c in await page.context.cookies()):
        assert time.monotonic() < deadline, "the session cookie never arrived"
        await page.wait_for_timeout(100)


async def wait_for_progress(page, answered: int, total: int) -> None:
    await page.wait_for_function(
        "text => [...document.querySelectorAll('[data-testid=\"stProgress\"]')]"
        ".some(p => p.innerText.includes(text))",
        arg=f"Odpowiedzi: {answered} z {total}",
    )


async def item_ids_on_screen(page, observation_id) -> list[str]:
    prefix = f"st-key-answer_{observation_id}_"
    classes = await page.eval_on_selector_all(f'[class*="{prefix}"]', "nodes => nodes.map(n => n.className)")
    ids = []
    for names in classes:
        match = re.search(re.escape(prefix) + r"(\S+)", names)
        if match and match.group(1) not in ids:
            ids.append(match.group(1))
    return ids


async def chosen_answer(page, observation_id, item_id) -> str | None:
    active = page.locator(f'.st-key-answer_{observation_id}_{item_id} [role="radio"][aria-checked="true"]')
    return (await active.inner_text()).strip() if await active.count() else None


# --- kill -9 ------------------------------------------------------------------------------------


def test_kill_9_in_the_middle_of_sends_loses_no_acknowledged_rating(live_server, tmp_path, monkeypatch):
    require_chromium()
    data = seed(live_server)
    long_kiosk_timers(monkeypatch)
    live_server.start()
    second = LiveServer(live_server.db_path, tmp_path / "server-after-kill.log")
    draft, total = data["draft"], data["items"]
    report: dict = {}

    async def scenario() -> None:
        async with launch() as browser:
            clients = [
                FormPage(name, await new_page(browser), "/?dzial=KM", language, overall)
                for name, language, overall in zip(
                    CLIENTS, ("pl", "en", "uk", "pl"), (5, 4, 2, 1), strict=True
                )
            ]
            tablet = await new_page(browser, "tablet_landscape")
            await sign_in(tablet, live_server.url, "kierownik.km")
            await tablet.goto(f"{live_server.url}/obserwacja?obserwacja={draft}")
            await wait_for_app(tablet)
            await wait_for_progress(tablet, 0, total)
            items = await item_ids_on_screen(tablet, draft)
            assert items
            await asyncio.gather(*(client.open(live_server.url) for client in clients))

            killed = asyncio.Event()
            clicked = asyncio.Event()
            confirmed: dict[str, str] = {}  # item -> answer label the screen confirmed
            pending: list[tuple[str, str]] = []  # the answer tapped last, maybe not confirmed

            async def supervisor() -> None:
                for position, item in enumerate(items):
                    label = ANSWER_LABELS[ANSWER_CYCLE[position % len(ANSWER_CYCLE)]]
                    pending.append((item, label))
                    await (
                        tablet.locator(f".st-key-answer_{draft}_{item}")
                        .get_by_role("radio", name=label, exact=True)
                        .click()
                    )
                    await wait_for_progress(tablet, position + 1, total)
                    confirmed[item] = label
                    await asyncio.sleep(1.0)  # a supervisor's pace: answers spread over the sends

            async def kill_when_busy() -> None:
                deadline = time.monotonic() + 300
                while not (
                    sum(s.acknowledged for c in clients for s in c.sends) >= 2 * len(clients) and confirmed
                ):
                    assert time.monotonic() < deadline, "the pages did not get going"
                    await asyncio.sleep(0.1)
                clicked.clear()
                await clicked.wait()  # a send is on its way right now
                await asyncio.sleep(0.15)
                report["server_pid"] = live_server.process.pid
                report["killed_pid"] = kill_database_owner(live_server)
                killed.set()

            tasks = [asyncio.create_task(c.send_until(killed, clicked, "Awaria")) for c in clients] + [
                asyncio.create_task(supervisor())
            ]
            await kill_when_busy()
            await asyncio.sleep(2)  # what the browsers had received before the kill is on screen now
            for task in tasks:
                task.cancel()
            results = await asyncio.gather(*tasks, return_exceptions=True)
            errors = [
                r
                for r in results
                if isinstance(r, BaseException) and not isinstance(r, asyncio.CancelledError)
            ]
            assert not errors, errors
            for client in clients:
                last = client.sends[-1] if client.sends else None
                thanks = last and client.heading("survey.thanks_title", last.language)
                if last and last.clicked and not last.acknowledged and await thanks.is_visible():
                    last.acknowledged = True
            report["before"] = [send for client in clients for send in client.sends]
            report["confirmed"] = dict(confirmed)
            report["pending"] = pending[-1] if pending else None

            code = await asyncio.to_thread(live_server.process.wait, 30)
            assert code == -signal.SIGKILL
            report["wal"] = live_server.db_path.with_name(live_server.db_path.name + ".wal").exists()
            await asyncio.to_thread(second.start, 120)

            # The new server serves the same pages: each client rates once more.
            await asyncio.gather(*(client.open(second.url) for client in clients))
            report["after"] = await asyncio.gather(
                *(client.send_one(f"Po restarcie {client.name}") for client in clients)
            )
            # The draft resumes with every confirmed answer chosen (the session cookie is kept by
            # the browser for 127.0.0.1 on any port, and the session row survived in the file).
            await tablet.goto(f"{second.url}/obserwacja?obserwacja={draft}")
            await wait_for_app(tablet)
            await tablet.locator('[data-testid="stProgress"]').first.wait_for()
            report["progress"] = await tablet.locator('[data-testid="stProgress"]').first.inner_text()
            # It resumes at the first unanswered standard; the answered ones are on step 1.
            await tablet.locator(f".st-key-observe_step_{draft}").click()
            await tablet.get_by_role("option", name=re.compile(r"^1\. ")).click()
            await wait_for_app(tablet)
            await tablet.locator(f".st-key-answer_{draft}_{items[0]}").wait_for()
            report["shown"] = {item: await chosen_answer(tablet, draft, item) for item in items}

    try:
        run_async(scenario)
    finally:
        second.stop()

    before, after = report["before"], report["after"]
    acknowledged = {s.comment for s in before if s.acknowledged}
    in_flight = {s.comment for s in before if s.clicked and not s.acknowledged}
    print(
        f"\nkill -9 of pid {report['killed_pid']} (server process {report['server_pid']}) after "
        f"{len(acknowledged)} acknowledged sends, {len(in_flight)} in flight, "
        f"{len(report['confirmed'])} answers confirmed; WAL left behind: {report['wal']}"
    )
    assert len(acknowledged) >= 2 * len(CLIENTS)
    assert all(s.acknowledged for s in after)

    counts = stats(live_server.db_path)  # the file opens: `jakosc stats` in its own process
    db = live_server.open_database()
    try:
        visits = db.query("SELECT language, overall, comment FROM client_ratings")
        ids = db.query("SELECT count(DISTINCT id), count(*) FROM client_ratings")[0]
        stored_answers = dict(
            db.query(
                "SELECT item_id, answer FROM observation_answers WHERE observation_id = ? AND answer IS NOT NULL",
                [draft],
            )
        )
        status = db.scalar("SELECT status FROM observations WHERE id = ?", [draft])
    finally:
        db.close()
    comments = Counter(comment for _, _, comment in visits if comment is not None)
    assert counts["client_ratings"] == len(visits)
    assert ids[0] == ids[1]
    duplicated = {comment: n for comment, n in comments.items() if n > 1}
    assert not duplicated, duplicated
    assert acknowledged <= set(comments), f"acknowledged but lost: {acknowledged - set(comments)}"
    after_comments = {s.comment for s in after}
    assert after_comments <= set(comments)
    unacknowledged = set(comments) - acknowledged - after_comments
    assert unacknowledged <= in_flight, f"stored but never sent: {unacknowledged - in_flight}"
    print(
        f"in flight at the kill and stored anyway (committed, thank-you not yet shown): {len(unacknowledged)}"
    )
    # One row per visit, each page known by its language and score: every tap the details screen
    # confirmed is there (sent or not), at most the taps on their way at the kill as well.
    for client in CLIENTS:
        visited = [s for s in before + after if s.page == client]
        language, overall = visited[0].language, visited[0].overall
        rows = sum(1 for row in visits if row[:2] == (language, overall))
        saved, tapped = sum(s.saved for s in visited), sum(s.tapped for s in visited)
        assert saved <= rows <= tapped, (client, saved, rows, tapped)
    for table in ("departments", "employees", "users", "kiosks", "observations", "observation_answers"):
        assert counts[table] == data["counts"][table], table

    # The observation: still a draft, every confirmed answer stored, at most the last tap more.
    labels = {label: answer.value for answer, label in ANSWER_LABELS.items()}
    assert status == "draft"
    for item, label in report["confirmed"].items():
        assert stored_answers.get(item) == labels[label], item
    extra = set(stored_answers) - set(report["confirmed"])
    assert extra <= {report["pending"][0]}, extra
    assert report["progress"].startswith(f"Odpowiedzi: {len(stored_answers)} z {total}")
    for item, label in report["confirmed"].items():
        assert report["shown"][item] == label, item


# --- a second app process on the same file -----------------------------------------------------


def test_a_second_server_on_the_same_database_stops_with_a_clear_message(live_server, tmp_path, monkeypatch):
    require_chromium()
    data = seed(live_server)
    long_kiosk_timers(monkeypatch)
    live_server.start()
    token_file = maintenance.backup_token_file(live_server.db_path)
    token = token_file.read_text()
    second = LiveServer(live_server.db_path, tmp_path / "second.log")
    client = FormPage("qr", None, "/?dzial=KM", "pl", 4)

    async def rate(comment: str) -> None:
        async with launch() as browser:
            client.page = await new_page(browser)
            await client.open(live_server.url)
            await client.send_one(comment)

    run_async(lambda: rate("Przed drugim procesem"))
    try:
        started = time.monotonic()
        try:
            second.start(timeout=120)
        except RuntimeError as error:  # it exited: the log is in the message
            assert "server exited" in str(error), error
        else:
            raise AssertionError("a second server started on a database file that is in use")
        log = (tmp_path / "second.log").read_text(encoding="utf-8")
        print(f"\nsecond server gave up after {time.monotonic() - started:.1f} s:\n{log.strip()[-400:]}")
        assert LOCKED in log and "Jakość Obsługi nie wystartowała" in log
        assert str(live_server.db_path) in log
        assert "Traceback" not in log
        assert second.process.returncode not in (0, None)
    finally:
        second.stop()

    # The first server keeps serving, and its backup token was not replaced by the second.
    assert healthy(live_server)
    assert token_file.read_text() == token
    client.last_saved = 0.0
    run_async(lambda: rate("Po drugim procesie"))
    live_server.stop()
    counts = stats(live_server.db_path)
    assert counts == {**data["counts"], "client_ratings": data["counts"]["client_ratings"] + 2}
    assert [s.acknowledged for s in client.sends] == [True, True]


# --- backup and export while the server runs ---------------------------------------------------


def test_backup_and_export_while_the_server_runs(live_server, tmp_path, monkeypatch):
    require_chromium()
    data = seed(live_server)
    long_kiosk_timers(monkeypatch)
    live_server.start()
    client = FormPage("qr", None, "/?dzial=KM", "en", 3)

    async def rate() -> None:  # a change made after the start, still in the server's WAL
        async with launch() as browser:
            client.page = await new_page(browser)
            await client.open(live_server.url)
            await client.send_one("Before the backup")

    run_async(rate)
    assert client.sends[0].acknowledged

    # Without the server's port the command cannot reach it, and says so.
    refused = jakosc(live_server.db_path, "backup", "--out", str(tmp_path / "nowhere"), "--keep", "2", port=9)
    assert refused.returncode == 1 and "JAKOSC_PORT" in refused.stderr

    # The running server writes only inside its folders: backups/ and exports/ beside the database.
    outside = jakosc(
        live_server.db_path, "backup", "--out", str(tmp_path / "kopie"), "--keep", "2", port=live_server.port
    )
    assert outside.returncode == 2 and "tylko w katalogu" in outside.stderr, outside.stderr
    assert not (tmp_path / "kopie").exists()

    backups = tmp_path / "backups"
    written = []
    for _ in range(3):
        result = jakosc(
            live_server.db_path, "backup", "--out", str(backups), "--keep", "2", port=live_server.port
        )
        assert result.returncode == 0, result.stderr
        assert "Zapisane przez działającą aplikację" in result.stdout
        written.append(Path(result.stdout.strip().rsplit(": ", 1)[1]))
        time.sleep(1.1)  # one dated file per second
    assert sorted(backups.glob("jakosc-*.duckdb")) == sorted(written[1:]), "--keep 2 keeps the two newest"

    workbook = tmp_path / "exports" / "raport.xlsx"
    result = jakosc(live_server.db_path, "export", "--out", str(workbook), port=live_server.port)
    assert result.returncode == 0, result.stderr
    assert "Zapisane przez działającą aplikację" in result.stdout
    assert healthy(live_server)

    live_server.stop()
    final = stats(live_server.db_path)
    exported = data["counts"]["audit_log"] + 1  # the export is recorded, after the backups were made
    assert final == {**data["counts"], "client_ratings": 1, "audit_log": exported}
    backed_up = {**final, "audit_log": exported - 1}
    for copy in written[1:]:
        connection = duckdb.connect(str(copy), read_only=True)
        try:
            copied = {
                t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in maintenance.TABLES
            }
            comment = connection.execute("SELECT comment FROM client_ratings").fetchall()
        finally:
            connection.close()
        assert copied == backed_up, copy
        assert comment == [("Before the backup",)]

    book = openpyxl.load_workbook(workbook, read_only=True)
    try:
        assert "Oceny Klientów" in book.sheetnames, book.sheetnames
        rows = list(book["Oceny Klientów"].iter_rows(values_only=True))
    finally:
        book.close()
    assert len([row for row in rows[1:] if any(cell is not None for cell in row)]) == 1, rows[:3]
