"""Accounts: argon2 passwords and their rules, login, account rules, sessions, login tickets,
and which pages each role may open (throttling and the password blocklist: test_sign_in_security)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from accounts.passwords import hash_password, password_problem, verify_password
from accounts.permissions import PAGE_ROLES, may_open, pages_for
from accounts.roles import Role
from accounts.service import (
    AccountError,
    LoginError,
    authenticate,
    change_account,
    create_account,
    create_first_admin,
    needs_first_admin,
    set_password,
    start_session,
    user_for_session,
)
from storage import users
from storage.db import now
from tests.conftest import PASSWORD

WRONG = (
    "Nieprawidłowy login lub hasło. Po kilku nieudanych próbach logowanie z tego komputera "
    "jest wstrzymane na 15 minut."
)
DESK = "10.1.2.3"


def exactly(message: str) -> str:
    """A pytest.raises pattern for exactly this message."""
    return f"^{re.escape(message)}$"


def starting(prefix: str) -> str:
    """A pytest.raises pattern for a message starting with this text."""
    return f"^{re.escape(prefix)}"


def _user(db, login):
    return users.get_by_login(db, login)


# --- passwords -----------------------------------------------------------------------------


def test_password_is_stored_as_a_salted_argon2id_hash():
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first.startswith("$argon2id$")
    assert PASSWORD not in first
    assert first != second  # a fresh salt each time
    assert verify_password(first, PASSWORD)
    assert verify_password(second, PASSWORD)


def test_verify_refuses_a_wrong_password_and_a_malformed_hash():
    stored = hash_password(PASSWORD)
    assert not verify_password(stored, PASSWORD + "x")
    assert not verify_password(stored, "")
    assert not verify_password("not-a-hash", PASSWORD)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Krotkie-1", "Hasło musi mieć co najmniej 12 znaków."),
        (" Haslo-testowe-1", "Hasło nie może zaczynać się ani kończyć spacją."),
        ("Haslo-testowe-1 ", "Hasło nie może zaczynać się ani kończyć spacją."),
        ("Haslo\x00testowe1", "Hasło zawiera niedozwolony znak."),
    ],
)
def test_password_rules_explain_the_problem_in_polish(password, message):
    assert password_problem(password) == message


@pytest.mark.parametrize(
    "password", [PASSWORD, "zażółć gęślą jaźń", "kot Ala ma psa 7", "correct horse battery staple"]
)
def test_acceptable_passwords_have_no_problem(password):
    assert password_problem(password) is None


# --- authenticate -----------------------------------------------------------------------------


def test_correct_login_returns_the_user_with_role_and_scope(db, office):
    user = authenticate(db, "  Kierownik.KM ", PASSWORD, client=DESK)
    assert user.login == "kierownik.km"
    assert user.role is Role.SUPERVISOR
    assert user.department_ids == (office["departments"]["KM"],)
    assert _user(db, "kierownik.km")["last_login_at"] is not None


def test_wrong_password_and_unknown_login_get_the_same_message(db, office):
    with pytest.raises(LoginError, match=exactly(WRONG)):
        authenticate(db, "admin", "Zle-haslo-123", client=DESK)
    with pytest.raises(LoginError, match=exactly(WRONG)):
        authenticate(db, "nie.ma.takiego", PASSWORD, client=DESK)


def test_inactive_account_is_refused_with_the_correct_password(db, office):
    account = _user(db, "kowalska")
    change_account(
        db,
        account["id"],
        role="employee",
        display_name=account["display_name"],
        active=False,
        department_ids=[],
        employee_id=account["employee_id"],
        new_password="",
        actor="admin",
    )
    with pytest.raises(LoginError, match=exactly(WRONG)):
        authenticate(db, "kowalska", PASSWORD, client=DESK)


# --- creating and changing accounts ----------------------------------------------------------


def test_first_admin_only_while_there_is_none(db):
    assert needs_first_admin(db)
    create_first_admin(db, login="Admin", password=PASSWORD, display_name="Anna Admin")
    assert not needs_first_admin(db)
    assert _user(db, "admin")["role"] == "admin"
    with pytest.raises(AccountError, match=exactly("Administrator już istnieje. Zaloguj się.")):
        create_first_admin(db, login="drugi", password=PASSWORD, display_name="Drugi")
    assert _user(db, "drugi") is None


def test_first_admin_obeys_the_password_rules(db):
    with pytest.raises(AccountError, match="co najmniej"):
        create_first_admin(db, login="admin", password="krotkie", display_name="Admin")
    assert needs_first_admin(db)


def test_new_login_is_normalised_and_must_be_free(db, office):
    create_account(db, login=" Nowy.Login ", password=PASSWORD, role="management", display_name="", actor="t")
    assert _user(db, "nowy.login")["display_name"] == "nowy.login"
    with pytest.raises(AccountError, match=exactly("Login „admin” jest już zajęty.")):
        create_account(db, login="ADMIN", password=PASSWORD, role="admin", display_name="X", actor="t")


@pytest.mark.parametrize("login", ["ab", "łukasz", "jan kowalski", "a" * 41])
def test_login_pattern_is_enforced(db, login):
    with pytest.raises(AccountError, match=starting("Login: 3–40 znaków")):
        create_account(db, login=login, password=PASSWORD, role="admin", display_name="X", actor="t")


def test_unknown_role_is_refused(db):
    with pytest.raises(AccountError, match=exactly("Nieznana rola: root.")):
        create_account(db, login="root", password=PASSWORD, role="root", display_name="X", actor="t")


def test_supervisor_needs_a_department(db, office):
    with pytest.raises(
        AccountError, match=exactly("Przełożony musi mieć przypisany co najmniej jeden wydział.")
    ):
        create_account(
            db, login="kierownik", password=PASSWORD, role="supervisor", display_name="K", actor="t"
        )
    supervisor = _user(db, "kierownik.km")
    with pytest.raises(AccountError, match="Przełożony musi mieć przypisany"):
        change_account(
            db,
            supervisor["id"],
            role="supervisor",
            display_name="K",
            active=True,
            department_ids=[],
            employee_id=None,
            new_password="",
            actor="admin",
        )
    assert _user(db, "kierownik.km")["department_ids"] == [office["departments"]["KM"]]


def _edit(db, login, **changes):
    account = _user(db, login)
    fields = {
        "role": account["role"],
        "display_name": account["display_name"],
        "active": account["active"],
        "department_ids": account["department_ids"],
        "employee_id": account["employee_id"],
        "new_password": "",
        "actor": "admin",
        **changes,
    }
    change_account(db, account["id"], **fields)


@pytest.mark.parametrize("change", [{"role": "management"}, {"active": False}])
def test_last_active_admin_cannot_lose_the_role(db, office, change):
    with pytest.raises(AccountError, match="ostatniemu aktywnemu administratorowi"):
        _edit(db, "admin", **change)
    assert _user(db, "admin")["role"] == "admin"
    assert _user(db, "admin")["active"]


def test_an_admin_can_be_demoted_when_another_admin_remains(db, office):
    _edit(db, "starosta", role="admin")
    _edit(db, "admin", role="management")
    assert _user(db, "admin")["role"] == "management"
    with pytest.raises(AccountError, match="ostatniemu aktywnemu administratorowi"):
        _edit(db, "starosta", role="employee")


def test_change_account_sets_a_new_password_only_if_acceptable(db, office):
    with pytest.raises(AccountError, match="co najmniej"):
        _edit(db, "kowalska", new_password="krotkie")
    authenticate(db, "kowalska", PASSWORD, client=DESK)
    _edit(db, "kowalska", new_password="Nowe-haslo-2024")
    authenticate(db, "kowalska", "Nowe-haslo-2024", client=DESK)
    with pytest.raises(LoginError):
        authenticate(db, "kowalska", PASSWORD, client=DESK)


def test_set_password_applies_the_rules(db, office):
    account = _user(db, "kowalska")
    with pytest.raises(AccountError, match="łatwo odgadnąć"):
        set_password(db, account["id"], "123456789012", "kowalska")
    set_password(db, account["id"], "Inne-haslo-99", "kowalska")
    assert authenticate(db, "kowalska", "Inne-haslo-99", client=DESK).login == "kowalska"


# --- sessions and login tickets --------------------------------------------------------------


def test_session_token_identifies_the_user_until_revoked(db, office):
    user = authenticate(db, "kierownik.km", PASSWORD, client=DESK)
    token, _ticket = start_session(db, user)
    assert user_for_session(db, token) == user
    assert user_for_session(db, token) == user  # checking does not use it up
    users.revoke_session(db, token)
    assert user_for_session(db, token) is None


def test_only_the_token_hash_is_stored(db, office):
    token, _ticket = start_session(db, authenticate(db, "admin", PASSWORD, client=DESK))
    stored = db.query("SELECT token_hash FROM sessions")
    assert len(stored) == 1
    assert token not in stored[0][0]


@pytest.mark.parametrize("token", [None, "", "zmyslony-token"])
def test_unknown_token_has_no_user(db, office, token):
    assert user_for_session(db, token) is None


def _last_seen(db, token, minutes_ago):
    db.write(
        lambda c: c.execute(
            "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?",
            [now() - timedelta(minutes=minutes_ago), users._hash(token)],
        )
    )


def test_idle_session_expires_after_the_configured_minutes(db, office, monkeypatch):
    monkeypatch.delenv("JAKOSC_SESSION_IDLE_MINUTES", raising=False)
    token, _ = start_session(db, authenticate(db, "admin", PASSWORD, client=DESK))
    _last_seen(db, token, 59)
    assert user_for_session(db, token) is not None
    _last_seen(db, token, 61)
    assert user_for_session(db, token) is None
    monkeypatch.setenv("JAKOSC_SESSION_IDLE_MINUTES", "120")
    assert user_for_session(db, token) is not None
    monkeypatch.setenv("JAKOSC_SESSION_IDLE_MINUTES", "30")
    _last_seen(db, token, 31)
    assert user_for_session(db, token) is None


def test_using_a_session_keeps_it_alive(db, office):
    token, _ = start_session(db, authenticate(db, "admin", PASSWORD, client=DESK))
    _last_seen(db, token, 50)
    assert user_for_session(db, token) is not None  # touches last_seen_at
    last_seen = db.scalar("SELECT last_seen_at FROM sessions WHERE token_hash = ?", [users._hash(token)])
    assert now() - last_seen < timedelta(minutes=1)


def test_session_of_a_deactivated_user_ends(db, office):
    token, _ = start_session(db, authenticate(db, "kowalska", PASSWORD, client=DESK))
    _edit(db, "kowalska", active=False)
    assert user_for_session(db, token) is None


def test_login_ticket_is_traded_for_the_token_once(db, office):
    token, ticket = start_session(db, authenticate(db, "admin", PASSWORD, client=DESK))
    assert users.redeem_login_ticket(db, ticket) == token
    assert users.redeem_login_ticket(db, ticket) is None
    assert users.redeem_login_ticket(db, "zmyslony-bilet") is None


def test_login_ticket_expires(db, office):
    _token, ticket = start_session(db, authenticate(db, "admin", PASSWORD, client=DESK))
    db.write(lambda c: c.execute("UPDATE login_tickets SET expires_at = ?", [now() - timedelta(seconds=1)]))
    assert users.redeem_login_ticket(db, ticket) is None


def test_login_ticket_is_valid_for_two_minutes(db, office):
    _token, _ticket = start_session(db, authenticate(db, "admin", PASSWORD, client=DESK))
    expires_at = db.scalar("SELECT expires_at FROM login_tickets")
    assert timedelta(minutes=1, seconds=55) < expires_at - now() <= timedelta(minutes=2)


# --- permissions -----------------------------------------------------------------------------

ADMIN_PAGES = {"admin_departments", "admin_employees", "admin_accounts", "admin_audit"}
SUPERVISOR_PAGES = {"observe", "my_observations"}
EVERYONE = {"home", "account"}


@pytest.mark.parametrize("role", Role)
def test_every_role_has_the_start_page_and_its_own_account(role):
    assert set(pages_for(role)) >= EVERYONE


@pytest.mark.parametrize("role", Role)
def test_administration_is_for_the_administrator_only(role):
    administration = ADMIN_PAGES | {page for page in PAGE_ROLES if page.startswith("admin_")}
    assert all(may_open(role, page) == (role is Role.ADMIN) for page in administration)


@pytest.mark.parametrize("role", Role)
def test_observations_are_for_supervisors_only(role):
    assert all(may_open(role, page) == (role is Role.SUPERVISOR) for page in SUPERVISOR_PAGES)


@pytest.mark.parametrize("role", Role)
def test_pages_for_lists_what_may_open_allows(role):
    assert set(pages_for(role)) == {page for page in PAGE_ROLES if may_open(role, page)}


def test_nobody_and_unknown_pages_are_refused():
    assert not any(may_open(None, page) for page in PAGE_ROLES)
    assert not any(may_open(role, "no_such_page") for role in Role)


def test_supervisor_sees_only_the_departments_of_the_scope(db, office):
    km, gk = office["departments"]["KM"], office["departments"]["GK"]
    supervisor = authenticate(db, "kierownik.gk", PASSWORD, client=DESK)
    assert supervisor.visible_department_ids() == [gk]
    assert supervisor.may_see_department(gk) and not supervisor.may_see_department(km)
    manager = authenticate(db, "starosta", PASSWORD, client=DESK)
    assert manager.visible_department_ids() is None
    assert manager.may_see_department(km) and manager.may_see_department(gk)
