"""First start on an empty database: the app asks for the administrator, with no default
password, and then sends them to the login screen."""

from __future__ import annotations

from accounts.service import needs_first_admin
from storage import users
from tests.apptest.driver import (
    FIRST_RUN_TITLE,
    HOME_TITLE,
    fill,
    form,
    form_ids,
    sign_in,
    signed_in_as,
    start,
    submit,
    texts,
)

STRONG = "Mocne-haslo-2024"


def _create(at, *, password, again, login="admin", name="Anna Administrator"):
    fill(
        form(at, "first_admin"),
        **{"Imię i nazwisko": name, "Login": login, "Hasło": password, "Powtórz hasło": again},
    )
    return submit(at, "first_admin", "Utwórz administratora")


def test_empty_database_shows_the_administrator_form(db):
    at = start()
    assert not at.exception
    assert texts(at.title) == [FIRST_RUN_TITLE]
    assert "nie ma domyślnego hasła" in at.info[0].value
    assert form_ids(at) == ["first_admin"]
    assert signed_in_as(at) is None


def test_mismatched_passwords_are_refused(db):
    at = _create(start(), password=STRONG, again=STRONG + "x")
    assert texts(at.error) == ["Hasła nie są takie same."]
    assert needs_first_admin(db)


def test_weak_password_is_refused_with_the_rule(db):
    at = _create(start(), password="krotkie1", again="krotkie1")
    assert texts(at.error) == ["Hasło musi mieć co najmniej 12 znaków."]
    assert needs_first_admin(db)


def test_bad_login_is_refused(db):
    at = _create(start(), password=STRONG, again=STRONG, login="Zażółć")
    assert at.error[0].value.startswith("Login: 3–40 znaków")
    assert needs_first_admin(db)


def test_administrator_is_created_and_the_login_screen_follows(db):
    at = _create(start(), password=STRONG, again=STRONG, login="Admin")
    assert not at.exception
    assert texts(at.success) == ["Administrator utworzony. Zaloguj się."]
    assert form_ids(at) == ["login"]
    account = users.get_by_login(db, "admin")
    assert (account["role"], account["display_name"]) == ("admin", "Anna Administrator")

    at = sign_in(at, "admin", STRONG)
    assert texts(at.title) == [HOME_TITLE]
    assert signed_in_as(at) == "Zalogowano: Anna Administrator (Administrator)"


def test_form_is_gone_once_an_administrator_exists(db, office):
    at = start()
    assert form_ids(at) == ["login"]
    assert FIRST_RUN_TITLE not in texts(at.title)
