"""The acknowledgement form of the handbook (Załącznik nr 1), prefilled per employee, as a
multi-page PDF to print for those who sign on paper."""

from __future__ import annotations

import io
from datetime import date

from services.people import ACKNOWLEDGEMENT_TEXT
from services.printing import MARGIN, WIDTH, font, new_page, write


def acknowledgement_forms(rows: list[dict], office: str, version: str, printed_on: date) -> bytes:
    """One page per employee: name, position, department, the statement, date and signature lines."""
    pages = []
    for row in rows:
        page, draw = new_page()
        y = write(draw, 120, "Załącznik nr 1", font(30), fill="#444444")
        y = write(
            draw,
            y + 20,
            "Potwierdzenie zapoznania się z Podręcznikiem Standardów Obsługi Klienta",
            font(40, bold=True),
        )
        y = write(draw, y + 10, f"{office} · wersja podręcznika {version}", font(30), fill="#444444")
        y += 60
        for label, value in (
            ("Imię i nazwisko pracownika", f"{row['first_name']} {row['last_name']}"),
            ("Stanowisko", row.get("position") or ""),
            ("Komórka organizacyjna", row["department_name"]),
        ):
            y = write(draw, y, label, font(26), fill="#444444")
            y = write(draw, y, value or "." * 60, font(36))
            y += 30
        y += 40
        y = write(draw, y, ACKNOWLEDGEMENT_TEXT, font(34))
        y += 160
        draw.line([MARGIN, y, WIDTH - MARGIN, y], fill="#111111", width=2)
        write(draw, y + 10, "data i podpis pracownika", font(26), fill="#444444")
        write(draw, 1600, f"Grójec, wydrukowano {printed_on:%d.%m.%Y}", font(24), fill="#666666")
        pages.append(page)
    return _pdf(pages)


def _pdf(pages) -> bytes:
    out = io.BytesIO()
    if pages:
        pages[0].save(out, format="PDF", resolution=150, save_all=True, append_images=pages[1:])
    return out.getvalue()
