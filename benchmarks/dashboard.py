"""Time the management dashboard on a large demo database and write a Markdown table.

Builds (or reuses) a demo database of 1,000,000 client ratings and 100,000 observations over 12
months (`jakosc demo`, in a child process so that its memory is not counted here), then times:
- every dashboard query of analytics.queries and the tiles (analytics.headline), for the last 12 months and
  the last 3 months of the data, all departments: median (and slowest) of 5 runs after one
  warm-up run;
- a full render of the dashboard page under Streamlit's AppTest, signed in as management
  (median of 3 runs after one warm-up; AppTest runs the script and builds every element and
  chart spec, but no browser draws them);
- this process's peak resident memory (getrusage ru_maxrss) and the DuckDB file size.
The table is printed and written to benchmarks/README-table.md.

    .venv/bin/python benchmarks/dashboard.py [--db /tmp/jakosc-bench.duckdb]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

RATINGS, OBSERVATIONS, MONTHS = 1_000_000, 100_000, 12
QUERY_AIM_MS, PAGE_AIM_S, MEMORY_AIM_MIB = 300, 3, 1024
LOGIN = "benchmark.zarzad"
PASSWORD = "Benchmark-haslo-1"


def build(path: Path, seed: int) -> None:
    """`jakosc demo` into a new file, in a child process."""
    command = [
        sys.executable, "-m", "cli.main", "demo", "--months", str(MONTHS), "--ratings", str(RATINGS),
        "--observations", str(OBSERVATIONS), "--seed", str(seed),
    ]  # fmt: skip
    print(f"building {path} ({RATINGS:,} ratings, {OBSERVATIONS:,} observations)…", flush=True)
    started = time.perf_counter()
    subprocess.run(command, cwd=PROJECT_DIR, env={**os.environ, "JAKOSC_DB": str(path)}, check=True)
    print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)


def timed(work: Callable[[], object], runs: int) -> tuple[float, float]:
    """(median, slowest) seconds of `runs` runs after one warm-up run."""
    work()
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), max(seconds)


def peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes on macOS, KiB on Linux


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/jakosc-bench.duckdb", help="reused if it exists")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query")
    parser.add_argument("--page-runs", type=int, default=3, help="timed renders of the page")
    parser.add_argument("--out", default=str(PROJECT_DIR / "benchmarks" / "README-table.md"))
    args = parser.parse_args(argv)

    path = Path(args.db).resolve()
    if not path.exists():
        build(path, args.seed)
    os.environ["JAKOSC_DB"] = str(path)

    # imported only now: the app's modules read $JAKOSC_DB
    from common import dashboard_queries  # benchmarks/, the script's own folder
    from streamlit.testing.v1 import AppTest
    from streamlit.util import calc_hash

    from accounts.service import CurrentUser, create_account, start_session
    from analytics import queries
    from analytics.filters import Filters
    from checklists.loading import current_checklists
    from storage import maintenance, users
    from storage.db import shared_database

    db = shared_database()
    counts = maintenance.row_counts(db)
    print(
        f"{path}: {counts['client_ratings']:,} ratings, {counts['observations']:,} observations", flush=True
    )
    if counts["client_ratings"] < RATINGS or counts["observations"] < OBSERVATIONS:
        print(
            f"  (smaller than the {RATINGS:,} / {OBSERVATIONS:,} aimed at: delete the file to rebuild it)",
            flush=True,
        )
    account = users.get_by_login(db, LOGIN)
    account_id = (
        account["id"]
        if account
        else create_account(
            db, login=LOGIN, password=PASSWORD, role="management", display_name="Benchmark", actor="benchmark"
        )
    )
    version = current_checklists().version

    # The periods end on the last day with data, so a file built days ago measures the same.
    last = db.scalar("SELECT max(created_at) FROM client_ratings") or datetime.now()
    end = last.date()
    scopes = {
        "12 months": queries.Scope(Filters(end - timedelta(days=364), end), None),
        "3 months": queries.Scope(Filters(end - timedelta(days=90), end), None),
    }
    work = dashboard_queries(db, version)
    results: dict[str, dict[str, tuple[float, float]]] = {}
    for name, query in work.items():
        results[name] = {
            label: timed(lambda q=query, s=scope: q(s), args.runs) for label, scope in scopes.items()
        }
        cells = "  ".join(
            f"{label}: {m * 1000:7.1f} ms (max {x * 1000:.0f})" for label, (m, x) in results[name].items()
        )
        print(f"  {name:45} {cells}", flush=True)

    token, _ = start_session(db, CurrentUser.from_row(users.get_user(db, account_id)))

    def render(params: dict[str, str]) -> None:
        at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=300)
        at.session_state["auth_token"] = token
        at.query_params.update(params)
        at._page_hash = calc_hash("pulpit")  # the page's URL path, as a browser asks for it
        at.run()
        if at.exception or at.error or len(at.metric) != 7:
            raise RuntimeError(f"the dashboard did not render: {[e.value for e in at.exception or at.error]}")

    pages = {
        label: timed(lambda s=scope: render(s.filters.to_params()), args.page_runs)
        for label, scope in scopes.items()
    }
    for label, (median, slowest) in pages.items():
        print(f"  page render, {label}: {median:.2f} s (max {slowest:.2f})", flush=True)

    rss = peak_rss_mib()
    size = path.stat().st_size / 2**20
    table = markdown_table(results, pages, rss, size, counts, scopes, args.runs, args.page_runs)
    print()
    print(table)
    Path(args.out).write_text(table, encoding="utf-8")
    print(f"written to {args.out}")
    return 0


def markdown_table(results, pages, rss, size, counts, scopes, runs, page_runs) -> str:
    def ms(value: float) -> str:
        return f"{value * 1000:,.0f} ms" if value >= 0.0095 else f"{value * 1000:.1f} ms"

    def mark(ok: bool) -> str:
        return "✓" if ok else "✗ over the aim"

    labels = list(scopes)
    periods = ", ".join(
        f"{label} = {s.filters.start:%d.%m.%Y}–{s.filters.end:%d.%m.%Y}" for label, s in scopes.items()
    )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    lines = [
        f"Dashboard benchmark, {date.today():%Y-%m-%d}: {os.cpu_count()} cores ({platform.machine()}, "
        f"Python {platform.python_version()}), load average {load} while measuring; "
        f"{counts['client_ratings']:,} client ratings, {counts['observations']:,} observations "
        f"({counts['observation_answers']:,} answers) over {MONTHS} months; all departments; {periods}.",
        f"Queries: median of {runs} runs after a warm-up (slowest in brackets). "
        f"Page: AppTest render of the dashboard as management, median of {page_runs} after a warm-up "
        "(script, queries and chart specs; no browser drawing). `benchmarks/dashboard.py` makes this table.",
        "",
        f"| what | {' | '.join(labels)} | aim | |",
        f"|---|{'---:|' * len(labels)}---|---|",
    ]
    for name, by_scope in results.items():
        worst = max(median for median, _ in by_scope.values())
        cells = " | ".join(f"{ms(m)} ({ms(x)})" for m, x in by_scope.values())
        lines.append(f"| {name} | {cells} | < {QUERY_AIM_MS} ms | {mark(worst * 1000 < QUERY_AIM_MS)} |")
    worst_page = max(median for median, _ in pages.values())
    cells = " | ".join(f"{m:.2f} s ({x:.2f} s)" for m, x in pages.values())
    lines.append(
        f"| **page render (AppTest)** | {cells} | < {PAGE_AIM_S} s | {mark(worst_page < PAGE_AIM_S)} |"
    )
    lines.append(
        f"| peak memory of the process (ru_maxrss) | {rss:,.0f} MiB | | < {MEMORY_AIM_MIB:,} MiB | "
        f"{mark(rss < MEMORY_AIM_MIB)} |"
    )
    lines.append(f"| DuckDB file | {size:,.0f} MiB | | | |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
