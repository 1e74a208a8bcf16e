"""Password hashing (argon2id) and the password policy of NIST SP 800-63B: a minimum length and a
check against a shipped list of common and office-specific passwords, no composition rules."""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MAX_LENGTH = 200
MIN_DISTINCT_CHARACTERS = 5
BLOCKLIST = Path(__file__).with_name("common_passwords.txt")
PREDICTABLE = (
    "To hasło łatwo odgadnąć: jest popularne, zawiera nazwę urzędu, miejscowości lub login albo prosty "
    "wzór (dopisane cyfry i znaki nie pomagają). Wybierz inne, np. kilka niezwiązanych ze sobą słów."
)
# Look-alike characters people swap in to "strengthen" a word: P@ssw0rd is password.
_LEET = str.maketrans(
    {"@": "a", "4": "a", "3": "e", "0": "o", "1": "i", "!": "i", "5": "s", "$": "s", "7": "t"}
)
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    return hasher.hash("not-a-real-password-0")


def verify_nothing(password: str) -> None:
    """The work of one password check with nothing to check against (an unknown login, a throttled
    client): the answer then takes as long as a real check, so timing does not tell them apart."""
    verify_password(_dummy_hash(_hasher), password)


def _fold(text: str) -> str:
    """Lower case without Polish diacritics: Grójec and grojec are the same word."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("ł", "l"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _alnum(text: str) -> str:
    return "".join(c for c in text if c.isalnum())


def _core(text: str) -> str:
    """The word inside a password: digits and signs around it dropped, look-alikes read as letters,
    separators inside removed (Starostwo2026! → starostwo, Gr0jec-Powiat → grojecpowiat)."""
    letters_from = next((i for i, c in enumerate(text) if c.isalpha()), len(text))
    letters_to = max((i + 1 for i, c in enumerate(text) if c.isalpha()), default=letters_from)
    return "".join(c for c in text[letters_from:letters_to].translate(_LEET) if c.isalpha())


@cache
def _blocklist() -> tuple[frozenset[str], frozenset[str]]:
    """The shipped list as whole passwords and as core words."""
    entries = [
        _fold(line.strip())
        for line in BLOCKLIST.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return frozenset(_alnum(e) for e in entries), frozenset(w for e in entries if len(w := _core(e)) >= 3)


def _predictable(password: str, context: tuple[str, ...]) -> bool:
    whole, words = _blocklist()
    folded = _fold(password)
    core = _core(folded)
    personal = {_core(_fold(word)) for word in context} - {""}
    known = words | personal
    return (
        _alnum(folded) in whole
        or len(set(folded)) < MIN_DISTINCT_CHARACTERS
        or core in known
        or any(core[:cut] in known and core[cut:] in known for cut in range(3, len(core) - 2))
    )


def password_problem(password: str, *, context: tuple[str, ...] = ()) -> str | None:
    """A Polish message saying why a new password is not acceptable, or None if it is.
    `context`: the login and name of the account, which must not be the password either."""
    if len(password) < MIN_LENGTH:
        return f"Hasło musi mieć co najmniej {MIN_LENGTH} znaków."
    if len(password) > MAX_LENGTH:
        return f"Hasło może mieć najwyżej {MAX_LENGTH} znaków."
    if password.strip() != password:
        return "Hasło nie może zaczynać się ani kończyć spacją."
    if "\x00" in password:
        return "Hasło zawiera niedozwolony znak."
    if _predictable(password, context):
        return PREDICTABLE
    return None
