"""Demo client cases for a database already filled by data.demo: a few a month over the demo's
months, mostly reply requests from the rating form (the rest complaints on paper or by phone),
in the departments where clients rate most. Most were answered and closed in time, a few late,
some are still open and a few of those overdue; cases closed more than the contact period ago
have their contact data already deleted, as the retention run leaves them.

Contact data are fictional: names from a small pool, e-mails at the reserved .example domain
(no mail can reach anyone), random phone numbers (the app never dials or texts a number).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

import numpy as np

from storage import audit
from storage.db import NO_FIGURES, Database

PER_MONTH = 4
DUE = timedelta(days=14)  # the default JAKOSC_CASE_DUE_DAYS
CONTACT_KEPT = timedelta(days=30)  # the default JAKOSC_CASE_CONTACT_DAYS
CLIENT_DOMAIN = "poczta.example"
FIRST_NAMES = (
    "Jan",
    "Anna",
    "Piotr",
    "Katarzyna",
    "Tomasz",
    "Małgorzata",
    "Andrzej",
    "Ewa",
    "Olena",
    "Marek",
)
LAST_NAMES = ("Kowalski", "Nowak", "Wójcik", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Dąbrowski")
REQUESTS = (
    "Czekam od trzech tygodni na decyzję w mojej sprawie. Kiedy mogę się jej spodziewać?",
    "Pani w okienku nie umiała powiedzieć, jakie dokumenty muszę donieść. Proszę o informację.",
    "Chciałbym złożyć skargę na długi czas oczekiwania w kolejce – ponad godzina.",
    "Proszę o informację, czy mogę odebrać dokument w imieniu ojca na podstawie upoważnienia.",
    "Na stronie internetowej jest inny wzór wniosku niż w urzędzie. Który jest aktualny?",
    "Dziękuję za pomoc, ale nadal nie wiem, jaka jest opłata za wypis z rejestru.",
    "Brak miejsca do wypełnienia wniosków dla osoby na wózku. Czy można to zmienić?",
    "Pracownik był bardzo pomocny – proszę przekazać podziękowania kierownikowi.",
)
REPLIES = (
    "Decyzja została wydana i wysłana pocztą; informację przekazano Klientowi.",
    "Przekazano listę wymaganych dokumentów wraz z wzorem upoważnienia.",
    "Przeprosiliśmy za czas oczekiwania; w godzinach szczytu otwieramy dodatkowe stanowisko.",
    "Wyjaśniono, który wzór wniosku obowiązuje; wzór na stronie zaktualizowano.",
    "Podziękowania przekazano pracownikowi i kierownikowi wydziału.",
)


def add_cases(db: Database, rng: np.random.Generator, today: date) -> int:
    """Add the demo's client cases over the period of its ratings; returns how many."""
    first = db.scalar("SELECT min(created_at) FROM client_ratings")
    if first is None:
        return 0
    weights = db.query(
        "SELECT department_id, count(*) FROM client_ratings WHERE department_id IS NOT NULL "
        "GROUP BY department_id ORDER BY department_id"
    )
    if not weights:
        return 0
    departments = [row[0] for row in weights]
    shares = np.array([row[1] for row in weights], dtype=float)
    days = (today - first.date()).days
    count = max(12, round(days / 30 * PER_MONTH))
    rows = [
        _case(rng, first.date() + timedelta(days=int(offset)), departments, shares / shares.sum(), today)
        for offset in np.sort(rng.integers(0, max(days, 1), count))
    ]

    def work(cursor) -> None:
        for row in rows:
            cursor.execute(
                f"INSERT INTO client_cases ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                list(row.values()),
            )
        audit.record(cursor, "demo", "generate", "client_case", None, None, {"cases": len(rows)})

    db.write(work, changes=NO_FIGURES)
    return len(rows)


def _case(rng: np.random.Generator, opened: date, departments: list, shares, today: date) -> dict:
    opened += timedelta(days=max(0, 7 - opened.weekday()) if opened.weekday() >= 5 else 0)  # office days
    opened = min(opened, today)
    created_at = datetime.combine(opened, time(8)) + timedelta(minutes=int(rng.integers(0, 7 * 60)))
    due = opened + DUE
    origin = str(rng.choice(["form", "paper", "phone"], p=[0.7, 0.2, 0.1]))
    department = None if rng.random() < 0.1 else departments[rng.choice(len(departments), p=shares)]
    language = str(rng.choice(["pl", "uk", "en"], p=[0.9, 0.07, 0.03])) if origin == "form" else "pl"
    # Closed in time mostly; a case due long ago is sometimes answered late; a few stay open.
    fate = rng.random()
    if due < today and fate < 0.95:
        late = fate >= 0.85
        replied = opened + timedelta(days=int(rng.integers(15, 25) if late else rng.integers(1, 14)))
        closed_at = datetime.combine(min(replied, today), time(12)) + timedelta(
            minutes=int(rng.integers(0, 180))
        )
    elif due >= today and fate < 0.4 and opened < today:
        closed_at = created_at + timedelta(days=int(rng.integers(1, max((today - opened).days, 1) + 1)))
        closed_at = min(closed_at, datetime.combine(today, time(8)))
    else:
        closed_at = None
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    email = f"klient{int(rng.integers(100, 999))}@{CLIENT_DOMAIN}" if rng.random() < 0.75 else None
    phone = (
        f"+48 600 {int(rng.integers(100, 999))} {int(rng.integers(100, 999))}"
        if email is None or rng.random() < 0.3
        else None
    )
    forgotten = closed_at is not None and closed_at + CONTACT_KEPT < datetime.combine(today, time(0))
    return {
        "id": uuid.UUID(bytes=rng.bytes(16), version=4),
        "origin": origin,
        "department_id": department,
        "request": str(rng.choice(REQUESTS)),
        "contact_name": None if forgotten or rng.random() < 0.3 else name,
        "contact_email": None if forgotten else email,
        "contact_phone": None if forgotten else phone,
        "consent_version": "2026-11/30" if origin == "form" else None,
        "language": language,
        "status": "open" if closed_at is None else "closed",
        "due_date": due,
        "reply": None if closed_at is None else str(rng.choice(REPLIES)),
        "replied_on": None if closed_at is None else closed_at.date(),
        "replied_by": None if closed_at is None else "demo",
        "created_by": "client" if origin == "form" else "demo",
        "created_at": created_at,
        "closed_at": closed_at,
        "contact_deleted_at": closed_at + CONTACT_KEPT if forgotten else None,
    }
