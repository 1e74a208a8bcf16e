"""Time the satisfaction report (reports/) for 12 months of a large office and measure its memory.

A demo database (data.demo.generate: 1 000 000 client ratings and 100 000 observations over 12
months) is generated into a temporary file, or into --db when that file does not exist yet (an
existing --db is used as it is). Each format is then made in a child process that does nothing
else, so its peak resident memory (getrusage ru_maxrss) is the report's own: the content
(reports.content.build_report, every department, the whole period), then the PDF or the DOCX.
Prints a Markdown table and writes it to benchmarks/README-report-table.md. Aim: the report
(content and file) under 30 s and under 1 GiB.

    .venv/bin/python benchmarks/report.py [--ratings 1000000] [--observations 100000] [--db FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from export import _period, data_arguments, generate, high_water_mib, peak_rss_mib  # benchmarks/export.py

PROJECT_DIR = Path(__file__).resolve().parent.parent
TABLE = PROJECT_DIR / "benchmarks" / "README-report-table.md"
AIM_SECONDS, AIM_MIB = 30, 1024
FORMATS = ("pdf", "docx")


def child(database: Path, fmt: str) -> int:
    """Only the report: open the database, build the content, make the file; JSON on stdout."""
    sys.path.insert(0, str(PROJECT_DIR))
    from checklists.loading import current_checklists
    from reports.content import build_report
    from reports.model import ReportRequest
    from reports.publish import FORMATS as RENDERERS
    from storage.db import Database

    checklists = current_checklists()
    db = Database(database)
    first, last = _period(db)
    started = time.perf_counter()
    report = build_report(db, checklists, ReportRequest(first, last), today=last)
    built = time.perf_counter()
    build_peak = peak_rss_mib()
    data = RENDERERS[fmt][1](report)
    done = time.perf_counter()
    print(
        json.dumps(
            {
                "build_seconds": built - started,
                "build_peak_mib": build_peak,
                "render_seconds": done - built,
                "peak_mib": peak_rss_mib(),
                "vmhwm_mib": high_water_mib(),
                "size_kib": len(data) / 2**10,
                "period": [first.isoformat(), last.isoformat()],
            }
        )
    )
    return 0


def run(database: Path, args) -> int:
    if not database.exists():
        print(f"Generating the demo office in {database}…", file=sys.stderr)
        generate(database, args.months, args.ratings, args.observations, args.seed)
    results = {}
    for fmt in FORMATS:
        command = [sys.executable, str(Path(__file__).resolve()), "--child", str(database), fmt]
        started = time.perf_counter()
        done = subprocess.run(command, cwd=PROJECT_DIR, capture_output=True, text=True)
        if done.returncode != 0:
            print(done.stdout, done.stderr, file=sys.stderr)
            return done.returncode
        results[fmt] = {
            **json.loads(done.stdout.strip().splitlines()[-1]),
            "wall": time.perf_counter() - started,
        }
    counts = _counts(database)
    table = _table(results, counts)
    print(table)
    TABLE.write_text(table + "\n", encoding="utf-8")
    print(f"\n(written to {TABLE.relative_to(PROJECT_DIR)})", file=sys.stderr)
    return 0


def _counts(database: Path) -> tuple[int, int]:
    sys.path.insert(0, str(PROJECT_DIR))
    from storage.db import Database

    db = Database(database)
    try:
        return db.scalar("SELECT count(*) FROM client_ratings"), db.scalar(
            "SELECT count(*) FROM observations"
        )
    finally:
        db.close()


def _table(results: dict, counts: tuple[int, int]) -> str:
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    period = results[FORMATS[0]]["period"]
    lines = [
        f"Report benchmark, {date.today().isoformat()}: {os.cpu_count()} CPU ({platform.machine()}), "
        f"Python {platform.python_version()}, load average {load} when it ended; {counts[0]:,} client ratings, "
        f"{counts[1]:,} observations; period {period[0]} – {period[1]}, every department. Each format in a "
        "child process of its own: the content, then the file.",
        "",
        "| format | content (build_report) | peak RSS after the content | file | content + file "
        f"| child process incl. imports | peak RSS (ru_maxrss) | VmHWM | size | under {AIM_SECONDS} s and "
        f"{AIM_MIB} MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for fmt, r in results.items():
        total = r["build_seconds"] + r["render_seconds"]
        high_water = f"{r['vmhwm_mib']:.0f} MiB" if r.get("vmhwm_mib") else "–"
        verdict = "yes" if total < AIM_SECONDS and r["peak_mib"] < AIM_MIB else "no"
        lines.append(
            f"| {fmt.upper()} | {r['build_seconds']:.1f} s | {r['build_peak_mib']:.0f} MiB | "
            f"{r['render_seconds']:.1f} s | {total:.1f} s | {r['wall']:.1f} s | {r['peak_mib']:.0f} MiB | "
            f"{high_water} | {r['size_kib']:.0f} KiB | {verdict} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    data_arguments(parser, ratings=1_000_000, observations=100_000)
    parser.add_argument("--child", nargs=2, metavar=("DB", "FORMAT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(Path(args.child[0]), args.child[1])
    if args.db:
        return run(Path(args.db), args)
    with tempfile.TemporaryDirectory(prefix="jakosc-report-bench-") as directory:
        return run(Path(directory) / "demo.duckdb", args)


if __name__ == "__main__":
    sys.exit(main())
