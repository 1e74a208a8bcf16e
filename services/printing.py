"""Printable A4 pages drawn with Pillow, using the DejaVu fonts that ship with the app
(documents/fonts, free licence in LICENSE-DejaVu.txt) so Polish and Ukrainian letters print
the same on every machine."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONTS = Path(__file__).parent.parent / "documents" / "fonts"
WIDTH, HEIGHT = 1240, 1754  # A4 at 150 dpi
MARGIN = 90


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


def new_page() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    page = Image.new("RGB", (WIDTH, HEIGHT), "white")
    return page, ImageDraw.Draw(page)


def wrap(draw: ImageDraw.ImageDraw, text: str, text_font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=text_font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


def write(
    draw, y: int, text: str, text_font, *, centered: bool = False, fill="#111111", x: int = MARGIN
) -> int:
    """Draw wrapped text from y (centred or from x); returns the y below it."""
    for line in wrap(draw, text, text_font, WIDTH - 2 * MARGIN):
        left = (WIDTH - draw.textlength(line, font=text_font)) / 2 if centered else x
        draw.text((left, y), line, font=text_font, fill=fill)
        y += int(text_font.size * 1.35)
    return y
