"""Sign-in screen."""

import streamlit as st

from accounts.service import LoginError, authenticate
from i18n import t
from ui import client, preload, session


def render() -> None:
    language = session.language()
    st.title(t("app.title", language))
    st.caption(t("app.office", language))
    if st.session_state.pop("first_run_done", False):
        st.success(t("first_run.done", language))
    if session.session_expired():
        st.info(t("app.session_expired", language))
    with st.form("login", enter_to_submit=True):
        login = st.text_input(t("login.login", language), max_chars=40, autocomplete="username")
        password = st.text_input(
            t("login.password", language), type="password", max_chars=200, autocomplete="current-password"
        )
        submitted = st.form_submit_button(t("login.submit", language), type="primary")
    st.caption(t("login.hint", language))
    preload.charts()  # after the form, which it must not delay: the dashboard is the usual next page
    if not submitted:
        return
    if not login.strip() or not password:
        st.error(t("login.empty", language))
        return
    try:
        user = authenticate(session.database(), login, password, client=client.address())
    except LoginError as error:
        st.error(str(error))
        return
    session.sign_in(user)
    st.rerun()
