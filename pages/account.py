"""The signed-in user's own account: interface language and password."""

import streamlit as st

from accounts.passwords import verify_password
from accounts.service import AccountError, set_password
from i18n import STAFF_LANGUAGES, t
from storage import users
from ui import session

LANGUAGE_NAMES = {"pl": "Polski", "en": "English"}


def render() -> None:
    user = session.require("account")
    language = user.language
    db = session.database()
    st.title(t("account.title", language))
    chosen = st.radio(
        t("account.language", language),
        STAFF_LANGUAGES,
        index=STAFF_LANGUAGES.index(language),
        format_func=LANGUAGE_NAMES.get,
        horizontal=True,
    )
    if chosen != language:
        users.update_user(db, user.id, {"language": chosen}, user.login)
        st.rerun()

    st.subheader(t("account.change_password", language))
    with st.form("password", clear_on_submit=True):
        current = st.text_input(t("account.current_password", language), type="password", max_chars=200)
        new = st.text_input(t("account.new_password", language), type="password", max_chars=200)
        submitted = st.form_submit_button(t("account.save", language), type="primary")
    if submitted:
        if not verify_password(users.get_user(db, user.id)["password_hash"], current):
            st.error(t("account.wrong_password", language))
            return
        try:
            set_password(db, user.id, new, user.login)
        except AccountError as error:
            st.error(str(error))
            return
        st.success(t("account.password_changed", language))
