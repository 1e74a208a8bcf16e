"""Addresses of the client form: a kiosk's secret URL and a department's QR address."""

from __future__ import annotations

import os
from urllib.parse import urlencode

DEFAULT_BASE_URL = "http://localhost:8501"


def base_url(explicit: str | None = None, *, seen_as: str | None = None) -> str:
    """The app's public address: explicit, else $JAKOSC_PUBLIC_URL, else the address the
    browser used (`seen_as`), else the local default."""
    return (explicit or os.environ.get("JAKOSC_PUBLIC_URL") or seen_as or DEFAULT_BASE_URL).rstrip("/")


def kiosk_url(base: str | None, token: str) -> str:
    return f"{base_url(base)}/?{urlencode({'kiosk': token})}"


def department_form_url(base: str | None, code: str) -> str:
    return f"{base_url(base)}/?{urlencode({'dzial': code})}"
