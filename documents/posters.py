"""Printable A4 posters (vector PDF) with a department's QR code leading to the client form.

The QR code is an SVG from segno with the four-module quiet zone the QR standard asks for, so it
prints sharp at any size; the texts are real text in the embedded DejaVu fonts (selectable,
read by screen readers), typeset by documents/templates/poster.typ.
"""

from __future__ import annotations

import io

import segno

from documents.pdf import render

HEADING = "Oceń naszą obsługę"
LANGUAGES = "Rate our service · Оцініть наше обслуговування"
INVITATION = "Zeskanuj kod telefonem – ankieta jest anonimowa i zajmie pół minuty."


def department_poster(office: str, department: str, url: str) -> bytes:
    """The poster as a one-page A4 PDF."""
    code = io.BytesIO()
    segno.make(url, error="m").save(code, kind="svg", border=4)  # the 4-module quiet zone
    data = {
        "title": f"{HEADING} – {department}",
        "heading": HEADING,
        "languages": LANGUAGES,
        "invitation": INVITATION,
        "qr_alt": f"Kod QR prowadzący do ankiety: {url}",
        "department": department,
        "office": office,
        "url": url,
    }
    return render("poster.typ", data, {"qr.svg": code.getvalue()})
