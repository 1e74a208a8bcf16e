"""Time `jakosc demo` at a given size and report rows per second and peak memory.

The command runs in a child process on a fresh database file, so the time includes starting
Python and the peak resident memory (getrusage of the children) is the command's own.

    .venv/bin/python benchmarks/demo_generation.py --ratings 1000000 --observations 100000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
ROW_TABLES = (
    "departments",
    "employees",
    "kiosks",
    "acknowledgements",
    "conversations",
    "observations",
    "observation_answers",
    "observation_standard_scores",
    "client_ratings",
)


def peak_child_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes on macOS, KiB on Linux


def run(months: int, ratings: int, observations: int, seed: int, database: Path) -> int:
    command = [
        sys.executable, "-m", "cli.main", "demo", "--months", str(months), "--ratings", str(ratings),
        "--observations", str(observations), "--seed", str(seed),
    ]  # fmt: skip
    environment = {**os.environ, "JAKOSC_DB": str(database)}
    started = time.perf_counter()
    done = subprocess.run(command, cwd=PROJECT_DIR, env=environment, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
        return done.returncode
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    rows = sum(summary[table] for table in ROW_TABLES)
    print(f"jakosc demo --months {months} --ratings {ratings} --observations {observations} --seed {seed}")
    for table in ROW_TABLES:
        print(f"  {table:30} {summary[table]:>12,}")
    print(f"  {'rows in all':30} {rows:>12,}")
    print(f"time          {seconds:10.1f} s")
    print(f"rows/second   {rows / seconds:10,.0f}")
    print(f"peak RSS      {peak_child_rss_mib():10,.0f} MiB")
    print(f"database file {database.stat().st_size / 2**20:10,.0f} MiB")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--ratings", type=int, default=1_000_000)
    parser.add_argument("--observations", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--db", help="database file to fill (must not exist); default: a temporary file")
    args = parser.parse_args(argv)
    if args.db:
        if Path(args.db).exists():
            parser.error(f"{args.db} already exists")
        return run(args.months, args.ratings, args.observations, args.seed, Path(args.db))
    with tempfile.TemporaryDirectory(prefix="jakosc-bench-") as directory:
        return run(args.months, args.ratings, args.observations, args.seed, Path(directory) / "demo.duckdb")


if __name__ == "__main__":
    sys.exit(main())
