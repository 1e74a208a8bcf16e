"""The office clock for the screens: naive local office time (Europe/Warsaw), as every stored
moment is. Pages ask here instead of reaching into storage."""

from storage.db import now

__all__ = ["now"]
