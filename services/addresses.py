"""E-mail addresses as the app accepts them: an account's address for notifications, the sender
of the office's messages, the recipient of a test message. Only the form is checked (one @, no
spaces, a domain with a dot); whether the mailbox exists is the mail server's answer."""

from __future__ import annotations

import re

from services.organisation import InputError, clean_text

MAX_LENGTH = 254  # the longest address SMTP carries (RFC 5321)
_ADDRESS = re.compile(
    r"^[^@\s<>(),;:\"\[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$"
)


def clean_address(raw, *, field: str = "Adres e-mail", required: bool = False) -> str | None:
    """`raw` as an address, trimmed, or None when empty and not `required`; InputError in Polish."""
    text = clean_text(raw, field=field, max_length=MAX_LENGTH, required=required)
    if text is not None and not _ADDRESS.match(text):
        raise InputError(f"Pole „{field}” nie jest poprawnym adresem e-mail (np. jan.kowalski@grojec.pl).")
    return text
