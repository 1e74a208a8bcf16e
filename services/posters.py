"""Printable A4 posters (PNG) with a department's QR code leading to the client form.

The DejaVu fonts ship with the app (services/fonts, free licence in LICENSE-DejaVu.txt) so
Polish and Ukrainian letters print the same on every machine.
"""

from __future__ import annotations

import io
from pathlib import Path

import segno
from PIL import Image, ImageDraw, ImageFont

FONTS = Path(__file__).parent / "fonts"
WIDTH, HEIGHT = 1240, 1754  # A4 at 150 dpi
MARGIN = 90


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


def _centered(draw: ImageDraw.ImageDraw, y: int, text: str, font, fill="#111111") -> int:
    """Draw text centred, wrapped to the page width; returns the y below it."""
    words, lines, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= WIDTH - 2 * MARGIN:
            line = candidate
        else:
            lines.append(line)
            line = word
    lines.append(line)
    for text_line in lines:
        width = draw.textlength(text_line, font=font)
        draw.text(((WIDTH - width) / 2, y), text_line, font=font, fill=fill)
        y += int(font.size * 1.3)
    return y


def department_poster(office: str, department: str, url: str) -> bytes:
    """The poster as PNG bytes."""
    page = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle([0, 0, WIDTH, 24], fill="#1F4E79")
    y = _centered(draw, 110, "Oceń naszą obsługę", _font(84, bold=True), fill="#1F4E79")
    y = _centered(draw, y + 10, "Rate our service · Оцініть наше обслуговування", _font(38))
    y = _centered(
        draw, y + 30, "Zeskanuj kod telefonem – ankieta jest anonimowa i zajmie pół minuty.", _font(36)
    )
    qr = segno.make(url, error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=22, border=2)
    code = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    side = min(code.width, 820)
    code = code.resize((side, side), Image.Resampling.NEAREST)
    page.paste(code, ((WIDTH - side) // 2, y + 30))
    y = y + 30 + side + 40
    y = _centered(draw, y, department, _font(54, bold=True))
    y = _centered(draw, y + 10, office, _font(40))
    _centered(draw, max(y + 30, HEIGHT - 150), url, _font(26), fill="#333333")
    out = io.BytesIO()
    page.save(out, format="PNG", dpi=(150, 150))
    return out.getvalue()
