"""Printable A4 posters (PNG) with a department's QR code leading to the client form."""

from __future__ import annotations

import io

import segno
from PIL import Image

from services.printing import HEIGHT, WIDTH, font, new_page, write


def department_poster(office: str, department: str, url: str) -> bytes:
    """The poster as PNG bytes."""
    page, draw = new_page()
    draw.rectangle([0, 0, WIDTH, 24], fill="#1F4E79")
    y = write(draw, 110, "Oceń naszą obsługę", font(84, bold=True), centered=True, fill="#1F4E79")
    y = write(draw, y + 10, "Rate our service · Оцініть наше обслуговування", font(38), centered=True)
    y = write(
        draw,
        y + 30,
        "Zeskanuj kod telefonem – ankieta jest anonimowa i zajmie pół minuty.",
        font(36),
        centered=True,
    )
    qr = segno.make(url, error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=22, border=4)  # the 4-module quiet zone the QR standard asks
    code = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    side = min(code.width, 820)
    code = code.resize((side, side), Image.Resampling.NEAREST)
    page.paste(code, ((WIDTH - side) // 2, y + 10))
    y = y + 10 + side + 20
    y = write(draw, y, department, font(54, bold=True), centered=True)
    y = write(draw, y + 10, office, font(40), centered=True)
    write(draw, max(y + 30, HEIGHT - 150), url, font(26), centered=True, fill="#333333")
    out = io.BytesIO()
    page.save(out, format="PNG", dpi=(150, 150))
    return out.getvalue()
