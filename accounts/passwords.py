"""Password hashing (argon2id) and the password rules shown to users."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> str | None:
    """A Polish message saying why a new password is not acceptable, or None if it is."""
    if len(password) < MIN_LENGTH:
        return f"Hasło musi mieć co najmniej {MIN_LENGTH} znaków."
    if password.strip() != password:
        return "Hasło nie może zaczynać się ani kończyć spacją."
    if password.isdigit() or password.isalpha():
        return "Hasło musi zawierać litery i cyfry lub inne znaki."
    if "\x00" in password:
        return "Hasło zawiera niedozwolony znak."
    return None
