"""First start: create the administrator of an empty database (there is no default password)."""

import streamlit as st

from accounts.service import AccountError, create_first_admin
from i18n import t
from ui import session


def render() -> None:
    language = session.language()
    st.title(t("first_run.title", language))
    st.info(t("first_run.intro", language))
    with st.form("first_admin"):
        name = st.text_input(t("first_run.name", language), max_chars=100)
        login = st.text_input(t("login.login", language), max_chars=40)
        password = st.text_input(t("login.password", language), type="password", max_chars=200)
        again = st.text_input(t("first_run.password_again", language), type="password", max_chars=200)
        submitted = st.form_submit_button(t("first_run.submit", language), type="primary")
    if not submitted:
        return
    if password != again:
        st.error(t("first_run.mismatch", language))
        return
    try:
        create_first_admin(session.database(), login=login, password=password, display_name=name)
    except AccountError as error:
        st.error(str(error))
        return
    st.session_state["first_run_done"] = True
    st.rerun()
