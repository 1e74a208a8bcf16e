"""Who is signed in: the session token in st.session_state, restored from the HttpOnly cookie.

The cookie cannot be set from a script, so after a login the page trades a one-time ticket
for it at the /auth/session route of server.py; after a reload the cookie comes back in the
request and is checked against the sessions table (revocation and idle expiry included).
"""

from __future__ import annotations

import json

import streamlit as st

from accounts.permissions import may_open
from accounts.service import CurrentUser, start_session, user_for_session
from i18n import DEFAULT_LANGUAGE, t
from storage import users
from storage.db import Database, shared_database

COOKIE_NAME = "jakosc_session"
_TOKEN = "auth_token"
_TICKET = "auth_ticket"
_LOGGED_OUT = "auth_logged_out"
_EXPIRED = "auth_expired"


def database() -> Database:
    return shared_database()


def _cookie_token() -> str | None:
    try:
        token = st.context.cookies.get(COOKIE_NAME)
    except Exception:  # no browser request behind this run (bare mode)
        return None
    # Under AppTest the runtime is a mock whose "cookies" are mocks too: only text is a token.
    return token if isinstance(token, str) and token else None


def current_user() -> CurrentUser | None:
    """The signed-in user, or None. Checked against the database on every run."""
    token = st.session_state.get(_TOKEN)
    if token is None and not st.session_state.get(_LOGGED_OUT):
        token = _cookie_token()
    if token is None:
        return None
    user = user_for_session(database(), token)
    if user is None:
        st.session_state.pop(_TOKEN, None)
        st.session_state[_EXPIRED] = True
        return None
    st.session_state[_TOKEN] = token
    st.session_state.pop(_EXPIRED, None)
    return user


def session_expired() -> bool:
    return bool(st.session_state.get(_EXPIRED))


def sign_in(user: CurrentUser) -> None:
    token, ticket = start_session(database(), user)
    st.session_state[_TOKEN] = token
    st.session_state[_TICKET] = ticket
    st.session_state.pop(_LOGGED_OUT, None)
    st.session_state.pop(_EXPIRED, None)


def sign_out() -> None:
    token = st.session_state.pop(_TOKEN, None)
    if token:
        users.revoke_session(database(), token)
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.session_state[_LOGGED_OUT] = "clear-cookie"


def sync_cookie() -> None:
    """Trade a fresh login ticket for the cookie, or clear the cookie after a logout."""
    ticket = st.session_state.pop(_TICKET, None)
    if ticket:
        _post("/auth/session", ticket)
    elif st.session_state.get(_LOGGED_OUT) == "clear-cookie" and _cookie_token():
        _post("/auth/logout", "")
        st.session_state[_LOGGED_OUT] = "done"


def _post(path: str, body: str) -> None:
    st.html(
        f"<script>fetch({json.dumps(path)}, {{method: 'POST', body: {json.dumps(body)}, "
        "credentials: 'same-origin'})</script>",
        unsafe_allow_javascript=True,
    )


def language(user: CurrentUser | None = None) -> str:
    if user is not None:
        return user.language
    return st.session_state.get("language", DEFAULT_LANGUAGE)


def require(page: str) -> CurrentUser:
    """The signed-in user if their role may open `page`; otherwise a message and stop."""
    user = current_user()
    if user is None or not may_open(user.role, page):
        st.error(t("app.forbidden", language(user)))
        st.stop()
    return user
