"""Render time of every screen under Streamlit's AppTest on a demo database.

Each page is rendered for a role allowed to open it (median of 3 runs after a warm-up);
AppTest runs the script and builds every element, no browser draws them. Prints a Markdown
table and writes it to benchmarks/README-pages-table.md.

    .venv/bin/python benchmarks/pages.py [--db /tmp/jakosc-pages.duckdb]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from common import session_token  # noqa: E402  (benchmarks/, the script's own folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/jakosc-pages.duckdb")
    args = parser.parse_args()
    path = Path(args.db)
    os.environ["JAKOSC_DB"] = str(path)
    if not path.exists():
        subprocess.run(
            [sys.executable, "-m", "cli.main", "demo"], cwd=PROJECT_DIR, check=True, stdout=subprocess.DEVNULL
        )

    from streamlit.testing.v1 import AppTest
    from streamlit.util import calc_hash

    from accounts.permissions import PAGE_ROLES
    from accounts.roles import Role
    from storage import departments, employees
    from storage.db import shared_database
    from ui.navigation import STAFF_PAGES

    PREFERENCE = (Role.MANAGEMENT, Role.SUPERVISOR, Role.ADMIN, Role.EMPLOYEE)  # the fullest view first
    db = shared_database()
    department = departments.list_departments(db)[0]
    someone = employees.list_employees(db, department_ids=[department["id"]])[0]
    tokens = {
        role: session_token(
            db,
            role,
            f"bench.{role.value}",
            department_ids=[department["id"]] if role == Role.SUPERVISOR else [],
            employee_id=someone["id"] if role == Role.EMPLOYEE else None,
        )
        for role in Role
    }

    def render(url_path: str, token: str | None, params: dict | None = None) -> float:
        at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=120)
        if token:
            at.session_state["auth_token"] = token
        at.query_params.update(params or {})
        at._page_hash = calc_hash(url_path)  # the page's URL path, as a browser asks for it
        started = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - started
        if at.exception:
            raise RuntimeError(f"{url_path}: {at.exception[0].value}")
        return elapsed

    rows = []
    for key, (_, url_path, _, _) in STAFF_PAGES.items():
        role = next(r for r in PREFERENCE if r in PAGE_ROLES[key])
        times = [render(url_path, tokens[role]) for _ in range(4)][1:]
        rows.append((f"/{url_path} ({role.value})", statistics.median(times), max(times)))
    kiosk_times = [render("ankieta", None, {"dzial": department["code"]}) for _ in range(4)][1:]
    rows.append(("client form /?dzial=… (anonymous)", statistics.median(kiosk_times), max(kiosk_times)))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        f"Page render (AppTest), {date.today():%d.%m.%Y}: {os.cpu_count()} cores ({platform.machine()}, "
        f"Python {platform.python_version()}), load average {load}; `jakosc demo` defaults "
        "(20 000 ratings, 2 000 observations); median of 3 runs after a warm-up (slowest in brackets).",
        "",
        "| page (role) | render |",
        "|---|---:|",
        *(f"| {name} | {median:.2f} s ({slowest:.2f} s) |" for name, median, slowest in rows),
    ]
    table = "\n".join(lines)
    print(table)
    (Path(__file__).parent / "README-pages-table.md").write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
