"""The acknowledgement form of the handbook (Załącznik nr 1), prefilled per employee, as a
vector PDF (one page per employee) to print for those who sign on paper; typeset by
documents/templates/acknowledgement.typ."""

from __future__ import annotations

from datetime import date

from documents.pdf import render
from i18n import format_date
from services.people import ACKNOWLEDGEMENT_TEXT

ANNEX = "Załącznik nr 1"
TITLE = "Potwierdzenie zapoznania się z Podręcznikiem Standardów Obsługi Klienta"


def acknowledgement_forms(rows: list[dict], office: str, version: str, printed_on: date) -> bytes:
    """One page per employee: name, position, department, the statement, date and signature lines."""
    data = {
        "title": f"{TITLE} ({ANNEX})",
        "office": office,
        "annex": ANNEX,
        "edition": f"{office} · wersja podręcznika {version}",
        "statement": ACKNOWLEDGEMENT_TEXT,
        "signature": "data i podpis pracownika",
        "printed": f"Grójec, wydrukowano {format_date(printed_on)}",
        "heading": TITLE,
        "forms": [
            [
                {"label": "Imię i nazwisko pracownika", "value": f"{row['first_name']} {row['last_name']}"},
                {"label": "Stanowisko", "value": row.get("position") or ""},
                {"label": "Komórka organizacyjna", "value": row["department_name"]},
            ]
            for row in rows
        ],
    }
    return render("acknowledgement.typ", data)
