"""Every benchmark in one go, with their tables collected in benchmarks/RESULTS.md.

Runs, each in its own process: page render times (pages.py), sends per second with concurrent
writers (writers.py), dashboard queries and page at 1,000,000 ratings / 100,000 observations
(dashboard.py), the Excel export of 100,000 ratings / 20,000 observations (export.py), and kiosk
and dashboard latency in Chromium under load on the big database (load.py).
The machine's core count is in every table. Takes about a quarter of an hour (building the big
database alone about half a minute).

    .venv/bin/python benchmarks/run_all.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    ("pages.py", "README-pages-table.md"),
    ("writers.py", "README-writers-table.md"),
    ("dashboard.py", "README-table.md"),
    ("export.py", "README-export-table.md"),
    ("report.py", "README-report-table.md"),
    ("load.py", "README-load-table.md"),
    ("stores.py", "README-stores-table.md"),
]


def main() -> None:
    sections = []
    for script, table in SCRIPTS:
        print(f"== {script}", flush=True)
        subprocess.run([sys.executable, str(HERE / script)], cwd=HERE.parent, check=True)
        sections.append((HERE / table).read_text(encoding="utf-8"))
    (HERE / "RESULTS.md").write_text("\n\n".join(sections), encoding="utf-8")
    print(f"\nAll tables: {HERE / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
