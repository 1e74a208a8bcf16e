"""The two stores side by side: the embedded DuckDB file against PostgreSQL, on the same data.

Starts a throw-away PostgreSQL cluster (tests/postgres.py: Debian's initdb and pg_ctl in a
temporary folder, removed at the end; restarted with PostgreSQL's durable defaults, where the
tests switch fsync off), builds the same demo office on both stores (`jakosc demo` with one
seed, in a child process each), then measures:

1. every dashboard query (benchmarks/common.py dashboard_queries) for the last 12 months and the
   last 3 months of the data, all departments: median of --runs runs after a warm-up;
2. client ratings sent per second by 1 and 50 concurrent writers, and complete observations by
   10 (benchmarks/writers.py), each run on a new, empty database of each store;
3. the kiosk's send → thank-you in Chromium while two managers reload the dashboard without
   drawing it (benchmarks/load.py's kiosks and headless managers): one app process on DuckDB,
   one on PostgreSQL serving both, and two on PostgreSQL (the kiosks on one, the managers on the
   other, as nginx's sticky sessions spread them).

Prints a Markdown table with the load average beside the figures (the machine is shared) and
writes it to benchmarks/README-stores-table.md.

    .venv/bin/python benchmarks/stores.py [--ratings 1000000] [--observations 100000] [--sends 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT_DIR = HERE.parent
sys.path.insert(0, str(PROJECT_DIR))
sys.path.insert(0, str(HERE))

import common  # noqa: E402
import load  # noqa: E402
import writers  # noqa: E402
from dashboard import timed  # noqa: E402

STORES = ("DuckDB", "PostgreSQL")


def build(env: dict, ratings: int, observations: int, months: int, seed: int) -> float:
    """`jakosc demo` into the store `env` names, in a child process; seconds."""
    command = [sys.executable, "-m", "cli.main", "demo", "--months", str(months), "--ratings", str(ratings)]
    command += ["--observations", str(observations), "--seed", str(seed)]
    started = time.perf_counter()
    subprocess.run(command, cwd=PROJECT_DIR, env={**os.environ, **env}, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def load_average() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def query_times(db, runs: int) -> tuple[dict, dict]:
    """{query: {period: median seconds}} for the dashboard's queries, and the periods."""
    from analytics import queries
    from analytics.filters import Filters
    from checklists.loading import current_checklists

    end = (db.scalar("SELECT max(created_at) FROM client_ratings") or datetime.now()).date()
    periods = {
        "12 months": queries.Scope(Filters(end - timedelta(days=364), end), None),
        "3 months": queries.Scope(Filters(end - timedelta(days=90), end), None),
    }
    found = {}
    for name, query in common.dashboard_queries(db, current_checklists().version).items():
        found[name] = {
            label: timed(lambda q=query, s=scope: q(s), runs)[0] for label, scope in periods.items()
        }
        print(
            f"  {name:45} " + "  ".join(f"{k}: {v * 1000:7.1f} ms" for k, v in found[name].items()),
            flush=True,
        )
    return found, periods


def writer_rates(fresh, ratings: int, observations: int) -> dict[str, float]:
    rates = {f"client ratings, {n} writer(s)": writers.ratings_per_second(n, ratings, fresh) for n in (1, 50)}
    rates["complete observations, 10 writers"] = writers.observations_per_second(10, observations, fresh)
    for name, rate in rates.items():
        print(f"  {name}: {rate:,.0f} per second", flush=True)
    return rates


def kiosk_latency(kiosk_server, manager_server, prepared: dict, sends: int, label: str) -> load.Figure:
    """load.py's scenario (b): kiosks on `kiosk_server`, two headless managers on `manager_server`."""

    async def measure() -> load.Figure:
        from playwright.async_api import async_playwright

        from tests.browser.conftest import CHROMIUM

        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            kiosks = []
            for tokens in (prepared["kiosks"][0::2], prepared["kiosks"][1::2]):
                context = await browser.new_context(viewport=load.KIOSK, locale="pl-PL")
                await context.add_init_script(load.INIT_SCRIPT)
                kiosks.append(load.Kiosk(await context.new_page(), kiosk_server.url, tokens))
            await asyncio.gather(*(kiosk.visit() for kiosk in kiosks))  # warm-up, not counted
            url, token = manager_server.url, prepared["manager"]
            send, _ = await load.kiosk_scenario(
                kiosks,
                sends,
                label,
                lambda stop: [
                    load.headless_manager(url, token, 0.0, stop, load.Figure("managers")) for _ in range(2)
                ],
            )
            await browser.close()
            return send

    figure = asyncio.run(measure())
    print(f"  {figure.line()}", flush=True)
    return figure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ratings", type=int, default=1_000_000)
    parser.add_argument("--observations", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query")
    parser.add_argument("--writer-ratings", type=int, default=2_000, help="ratings per writers' run")
    parser.add_argument("--writer-observations", type=int, default=200, help="observations per writers' run")
    parser.add_argument("--sends", type=int, default=20, help="kiosk sends per latency scenario")
    parser.add_argument("--out", type=Path, default=HERE / "README-stores-table.md")
    args = parser.parse_args()

    from storage.db import Database
    from storage.postgres import PostgresDatabase
    from tests.browser.conftest import LiveServer
    from tests.postgres import Cluster

    for timer in ("IDLE", "WARNING", "THANKS"):  # load.py's kiosks move on by themselves
        os.environ[f"JAKOSC_KIOSK_{timer}_SECONDS"] = "3600"
    scratch = Path(tempfile.mkdtemp(prefix="jakosc-stores-"))
    cluster = Cluster.start()
    servers: list[LiveServer] = []
    try:
        # The tests' cluster runs without fsync; measured here with PostgreSQL's durable defaults,
        # as DuckDB's commits are durable too.
        options = (
            f"-p {cluster.port} -k {cluster.folder} -c listen_addresses=127.0.0.1 -c max_connections=300"
        )
        cluster.pg_ctl("-w", "restart", "-o", options, "-l", str(cluster.folder / "log"))
        file, url = scratch / "bench.duckdb", cluster.new_database()
        built = {}
        for store, env in zip(STORES, ({"JAKOSC_DB": str(file)}, {"JAKOSC_DATABASE_URL": url}), strict=True):
            print(
                f"building {store}: {args.ratings:,} ratings, {args.observations:,} observations…", flush=True
            )
            built[store] = build(env, args.ratings, args.observations, args.months, args.seed)

        engine = PostgresDatabase(url)
        version = engine.scalar("SELECT current_setting('server_version')").split()[0]
        durable = engine.scalar(
            "SELECT current_setting('fsync') || '/' || current_setting('synchronous_commit')"
        )
        engine.close()
        times, writes, prepared = {}, {}, {}
        for store, opened in zip(
            STORES, (lambda: Database(file), lambda: PostgresDatabase(url)), strict=True
        ):
            print(f"{store}: dashboard queries (load average {load_average()})", flush=True)
            db = opened()
            try:
                counts = {
                    t: db.scalar(f"SELECT count(*) FROM {t}") for t in ("client_ratings", "observations")
                }
                times[store], periods = query_times(db, args.runs)
                times[store]["load average after"] = load_average()
                prepared[store] = {
                    "manager": common.session_token(db, "management", common.MANAGER),
                    "kiosks": common.kiosk_tokens(db, 2 * load.TOKENS_PER_KIOSK),
                }
            finally:
                db.close()

        @contextmanager
        def fresh_postgres() -> Iterator[PostgresDatabase]:
            fresh_url = cluster.new_database()
            db = PostgresDatabase(fresh_url)
            try:
                yield db
            finally:
                db.close()
                cluster.drop_database(fresh_url)

        for store, fresh in zip(STORES, (writers.fresh_file, fresh_postgres), strict=True):
            print(f"{store}: concurrent writers (load average {load_average()})", flush=True)
            writes[store] = writer_rates(fresh, args.writer_ratings, args.writer_observations)
            writes[store]["load average after"] = load_average()

        log = scratch / "server"
        duck = LiveServer(file, Path(f"{log}-duckdb.log"))
        first = LiveServer(scratch / "unused", Path(f"{log}-pg1.log"), database_url=url)
        second = LiveServer(scratch / "unused", Path(f"{log}-pg2.log"), database_url=url)
        servers += [duck, first, second]
        latency = []
        duck.start(timeout=300)
        latency.append(kiosk_latency(duck, duck, prepared["DuckDB"], args.sends, "DuckDB, one process"))
        duck.stop()
        first.start(timeout=300)
        latency.append(
            kiosk_latency(first, first, prepared["PostgreSQL"], args.sends, "PostgreSQL, one process")
        )
        second.start(timeout=300)
        latency.append(
            kiosk_latency(
                first,
                second,
                prepared["PostgreSQL"],
                args.sends,
                "PostgreSQL, two processes (kiosks on one, managers on the other)",
            )
        )
    finally:
        for server in servers:
            server.stop()
        cluster.stop()
        shutil.rmtree(scratch, ignore_errors=True)

    table = markdown_table(
        args,
        counts,
        built,
        f"{version} (fsync/synchronous_commit {durable})",
        times,
        periods,
        writes,
        latency,
    )
    print()
    print(table)
    args.out.write_text(table, encoding="utf-8")
    print(f"written to {args.out}")


def markdown_table(args, counts, built, postgres, times, periods, writes, latency) -> str:
    def ms(seconds: float) -> str:
        return f"{seconds * 1000:,.0f} ms" if seconds >= 0.0095 else f"{seconds * 1000:.1f} ms"

    span = ", ".join(f"{k} = {s.filters.start:%d.%m.%Y}–{s.filters.end:%d.%m.%Y}" for k, s in periods.items())
    lines = [
        f"Stores side by side, {date.today():%Y-%m-%d}: {os.cpu_count()} cores ({platform.machine()}, "
        f"Python {platform.python_version()}), shared with other work (load averages below); "
        f"{counts['client_ratings']:,} client ratings and {counts['observations']:,} observations over "
        f"{args.months} months, the same `jakosc demo --seed {args.seed}` on both (built in "
        + ", ".join(f"{store} {seconds:.0f} s" for store, seconds in built.items())
        + f"). PostgreSQL {postgres}, a throw-away local cluster on the same machine. "
        "`benchmarks/stores.py` makes this table.",
        "",
        f"Dashboard queries, all departments ({span}): median of {args.runs} runs after a warm-up.",
        "",
        "| query | " + " | ".join(f"{store}, {period}" for period in periods for store in STORES) + " |",
        "|---|" + "---:|" * (len(periods) * len(STORES)),
    ]
    for name in times[STORES[0]]:
        if name == "load average after":
            continue
        cells = [ms(times[store][name][period]) for period in periods for store in STORES]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    loads = "; ".join(f"{store} {times[store]['load average after']}" for store in STORES)
    lines += ["", f"Load average after the queries: {loads}.", ""]
    lines += [
        f"Concurrent writers ({args.writer_ratings:,} ratings, {args.writer_observations} observations per run, "
        "each run on a new database):",
        "",
        "| sends per second | " + " | ".join(STORES) + " |",
        "|---|" + "---:|" * len(STORES),
    ]
    for name in writes[STORES[0]]:
        if name != "load average after":
            lines.append(f"| {name} | " + " | ".join(f"{writes[s][name]:,.0f}" for s in STORES) + " |")
    loads = "; ".join(f"{store} {writes[store]['load average after']}" for store in STORES)
    lines += ["", f"Load average after the writers: {loads}.", ""]
    lines += [
        f"Kiosk send → thank-you in Chromium (2 kiosk pages, {args.sends} sends) while two managers reload the "
        "dashboard without drawing it (benchmarks/load.py's scenario b):",
        "",
        "| app processes | p50 | p95 | max | load average (start → end) |",
        "|---|---:|---:|---:|---|",
    ]
    for figure in latency:
        p50, p95, top = figure.cells()
        label = figure.name.split(", ", 1)[1]
        lines.append(f"| {label} | {p50} | {p95} | {top} | {figure.load[0]:.1f} → {figure.load[1]:.1f} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
