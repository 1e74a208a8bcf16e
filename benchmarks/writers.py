"""Sends per second through the real storage layer with concurrent writers.

Client ratings (services.survey.submit, QR channel: no per-device gap) with 1, 10 and 50
writer threads, and complete observations (start, one answer, the rest "nie zaobserwowano",
send) with 10 writers, each on a fresh database file. Prints a Markdown table and writes it to
benchmarks/README-writers-table.md.

    .venv/bin/python benchmarks/writers.py [--ratings 5000] [--observations 300]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from datetime import date, timedelta
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from accounts.service import CurrentUser, create_account  # noqa: E402
from checklists.loading import current_checklists  # noqa: E402
from checklists.schema import Answer, Kind  # noqa: E402
from services import observations, survey  # noqa: E402
from storage import users  # noqa: E402
from storage.db import Database, now  # noqa: E402
from storage.departments import add_department  # noqa: E402
from storage.employees import add_employee  # noqa: E402


@contextmanager
def fresh_file() -> Iterator[Database]:
    """A new, empty DuckDB file (the default store), deleted afterwards."""
    with tempfile.TemporaryDirectory() as folder:
        db = Database(Path(folder) / "bench.duckdb")
        try:
            yield db
        finally:
            db.close()


# A new, empty database each run (benchmarks/stores.py passes one on PostgreSQL).
Fresh = Callable[[], AbstractContextManager[Database]]


def office(db: Database) -> dict:
    department = add_department(db, "KM", "Wydział Komunikacji", "bench")
    employee = add_employee(
        db, {"department_id": department, "first_name": "Anna", "last_name": "Kowalska"}, "bench"
    )
    account = create_account(
        db,
        login="kierownik",
        password="Benchmark-haslo-1",
        role="supervisor",
        display_name="Kierownik",
        actor="bench",
        department_ids=[department],
    )
    return {"department": department, "employee": employee, "supervisor": account}


def ratings_per_second(writers: int, total: int, fresh: Fresh = fresh_file) -> float:
    with fresh() as db:
        ids = office(db)
        channel = survey.Channel("qr", department_id=ids["department"])

        def send(count: int) -> None:
            for _ in range(count):
                survey.submit(db, channel, {"id": uuid.uuid4(), "language": "pl", "overall": 4})

        started = time.perf_counter()
        with ThreadPoolExecutor(writers) as pool:
            list(pool.map(send, [total // writers] * writers))
        elapsed = time.perf_counter() - started
        assert db.scalar("SELECT count(*) FROM client_ratings") == total // writers * writers
        return total // writers * writers / elapsed


def observations_per_second(writers: int, total: int, fresh: Fresh = fresh_file) -> float:
    checklists = current_checklists()
    with fresh() as db:
        ids = office(db)
        supervisor = CurrentUser.from_row(users.get_user(db, ids["supervisor"]))

        def send(count: int) -> None:
            for _ in range(count):
                observation_id = uuid.uuid4()
                request = observations.StartRequest(
                    observation_id,
                    Kind.IN_PERSON,
                    ids["department"],
                    ids["employee"],
                    now() - timedelta(minutes=5),
                )
                observations.start(db, checklists, supervisor, request)
                first = checklists.entries_for(Kind.IN_PERSON)[0].item.id
                observations.record_answer(
                    db, checklists, supervisor, observation_id, first, Answer.MET, None
                )
                observations.mark_rest_not_observed(db, checklists, supervisor, observation_id)
                observations.send(db, checklists, supervisor, observation_id)

        started = time.perf_counter()
        with ThreadPoolExecutor(writers) as pool:
            list(pool.map(send, [total // writers] * writers))
        elapsed = time.perf_counter() - started
        return total // writers * writers / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ratings", type=int, default=5_000)
    parser.add_argument("--observations", type=int, default=300)
    args = parser.parse_args()
    rows = [(f"client ratings, {w} writer(s)", ratings_per_second(w, args.ratings)) for w in (1, 10, 50)]
    rows.append(
        ("complete observations (in person), 10 writers", observations_per_second(10, args.observations))
    )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        f"Concurrent writers, {date.today():%d.%m.%Y}: {os.cpu_count()} cores ({platform.machine()}, "
        f"Python {platform.python_version()}), load average {load}; {args.ratings} ratings and "
        f"{args.observations} observations per run, each run on a new database file.",
        "",
        "| what | sends per second |",
        "|---|---:|",
        *(f"| {name} | {rate:,.0f} |" for name, rate in rows),
    ]
    table = "\n".join(lines)
    print(table)
    (Path(__file__).parent / "README-writers-table.md").write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
