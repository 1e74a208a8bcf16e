"""Time the Excel export (analytics/export.py) of a demo office and measure its peak memory.

A demo database (data.demo.generate: 100 000 client ratings and 20 000 observations over 12
months by default) is generated into a temporary file, or into --db when that file does not exist
yet (an existing --db is used as it is). The export then runs in a child process that does nothing
else, so its peak resident memory (getrusage ru_maxrss of that process) is the export's own and
generation is not counted. The whole period, all departments, with employee names (the largest
workbook management can ask for). Prints a Markdown table and writes it to
benchmarks/README-export-table.md. Aim: under 15 s and under 500 MiB.

    .venv/bin/python benchmarks/export.py [--ratings 100000] [--observations 20000] [--db FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
TABLE = PROJECT_DIR / "benchmarks" / "README-export-table.md"
AIM_SECONDS, AIM_MIB = 15, 500


def peak_rss_mib() -> float:
    """Peak resident memory of this process (getrusage ru_maxrss)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes on macOS, KiB on Linux


def high_water_mib() -> float | None:
    """Linux: VmHWM, the peak resident memory since exec (a cross-check of ru_maxrss)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 2**10
    except OSError:
        pass
    return None


def child(database: Path, out: Path) -> int:
    """Only the export: open the database, write the workbook, report as JSON on stdout."""
    sys.path.insert(0, str(PROJECT_DIR))
    from analytics.export import write_workbook
    from analytics.filters import Filters
    from analytics.queries import resolve_scope
    from checklists.loading import current_checklists
    from storage.db import Database

    checklists = current_checklists()
    db = Database(database)
    first, last = _period(db)
    scope = resolve_scope(db, Filters(first, last), None)
    started = time.perf_counter()
    result = write_workbook(db, scope, out, checklists=checklists, made_by="benchmark", with_names=True)
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_mib": peak_rss_mib(),
                "vmhwm_mib": high_water_mib(),
                "rows": result.rows,
                "notes": result.notes,
                "size_mib": out.stat().st_size / 2**20,
                "period": [first.isoformat(), last.isoformat()],
            },
            ensure_ascii=False,
        )
    )
    return 0


def _period(db) -> tuple[date, date]:
    """The first and last day with an observation or a rating."""
    return db.query(
        "SELECT least((SELECT min(observed_at) FROM observations), (SELECT min(created_at) FROM client_ratings))"
        "::DATE, greatest((SELECT max(observed_at) FROM observations), "
        "(SELECT max(created_at) FROM client_ratings))::DATE"
    )[0]


def generate(database: Path, months: int, ratings: int, observations: int, seed: int) -> None:
    """`jakosc demo` in a process of its own: this one stays small, and a child inherits the peak
    resident memory of the process that started it (Linux keeps ru_maxrss across exec)."""
    command = [
        sys.executable, "-m", "cli.main", "demo", "--months", str(months), "--ratings", str(ratings),
        "--observations", str(observations), "--seed", str(seed),
    ]  # fmt: skip
    environment = {**os.environ, "JAKOSC_DB": str(database)}
    subprocess.run(command, cwd=PROJECT_DIR, env=environment, check=True, capture_output=True)


def run(database: Path, args) -> int:
    if not database.exists():
        print(f"Generating the demo office in {database}…", file=sys.stderr)
        generate(database, args.months, args.ratings, args.observations, args.seed)
    with tempfile.TemporaryDirectory(prefix="jakosc-export-bench-") as directory:
        out = Path(directory) / "eksport.xlsx"
        command = [sys.executable, str(Path(__file__).resolve()), "--child", str(database), str(out)]
        started = time.perf_counter()
        done = subprocess.run(command, cwd=PROJECT_DIR, capture_output=True, text=True)
        wall = time.perf_counter() - started
    if done.returncode != 0:
        print(done.stdout, done.stderr, file=sys.stderr)
        return done.returncode
    report = json.loads(done.stdout.strip().splitlines()[-1])
    rows = report["rows"]
    answers = sum(count for sheet, count in rows.items() if sheet.startswith("Odpowiedzi"))
    ratings = rows.get("Oceny Klientów", 0)
    observations = rows.get("Obserwacje", 0)
    verdict = "yes" if report["seconds"] < AIM_SECONDS and report["peak_mib"] < AIM_MIB else "no"
    table = _table(report, rows, answers, ratings, observations, wall, verdict)
    print(table)
    TABLE.write_text(table + "\n", encoding="utf-8")
    print(f"\n(written to {TABLE.relative_to(PROJECT_DIR)})", file=sys.stderr)
    return 0


def _table(
    report: dict, rows: dict, answers: int, ratings: int, observations: int, wall: float, verdict: str
) -> str:
    sheets = ", ".join(f"{sheet} {count:,}" for sheet, count in rows.items())
    high_water = f"{report['vmhwm_mib']:.0f} MiB" if report.get("vmhwm_mib") else "–"
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    lines = [
        f"Excel export benchmark, {date.today().isoformat()}: {os.cpu_count()} CPU "
        f"({platform.machine()}), Python {platform.python_version()}, load average {load} when it ended; "
        f"period {report['period'][0]} – {report['period'][1]}, all departments, with employee names.",
        "",
        "| client ratings | observations | answer rows | .xlsx size | export time | child process incl. imports "
        f"| peak RSS (ru_maxrss) | VmHWM | under {AIM_SECONDS} s and {AIM_MIB} MiB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        f"| {ratings:,} | {observations:,} | {answers:,} | {report['size_mib']:.1f} MiB | "
        f"{report['seconds']:.1f} s | {wall:.1f} s | {report['peak_mib']:.0f} MiB | {high_water} | {verdict} |",
        "",
        f"Rows per sheet: {sheets}.",
        *(f"{note}" for note in report["notes"]),
    ]
    return "\n".join(lines)


def data_arguments(parser: argparse.ArgumentParser, *, ratings: int, observations: int) -> None:
    """The options of the demo database a benchmark measures on (this one and report.py)."""
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--ratings", type=int, default=ratings)
    parser.add_argument("--observations", type=int, default=observations)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--db", help="database file: generated when missing, used as it is otherwise")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    data_arguments(parser, ratings=100_000, observations=20_000)
    parser.add_argument("--child", nargs=2, metavar=("DB", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(Path(args.child[0]), Path(args.child[1]))
    if args.db:
        return run(Path(args.db), args)
    with tempfile.TemporaryDirectory(prefix="jakosc-export-bench-") as directory:
        return run(Path(directory) / "demo.duckdb", args)


if __name__ == "__main__":
    sys.exit(main())
