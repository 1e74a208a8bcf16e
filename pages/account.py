"""The signed-in user's own account: interface language, e-mail address for notifications, password."""

import streamlit as st

from accounts.service import (
    AccountError,
    CurrentPasswordError,
    change_own_password,
    email_of,
    set_language,
    set_own_email,
)
from i18n import STAFF_LANGUAGES, t
from services import addresses
from ui import client, flash, session

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
        set_language(db, user, chosen)
        flash.success(t("account.language_saved", chosen))
        st.rerun()

    with st.form("email"):
        email = st.text_input(
            t("account.email", language),
            value=email_of(db, user.id) or "",
            max_chars=addresses.MAX_LENGTH,
        )
        st.caption(t("account.email_help", language))  # not help=: Streamlit names its icon in English
        if st.form_submit_button(t("account.save", language)):
            try:
                set_own_email(db, user, email)
            except AccountError as error:
                st.error(str(error))
            else:
                flash.success(t("account.email_saved", language))
                st.rerun()

    st.subheader(t("account.change_password", language))
    with st.form("password", clear_on_submit=True):
        current = st.text_input(t("account.current_password", language), type="password", max_chars=200)
        new = st.text_input(t("account.new_password", language), type="password", max_chars=200)
        submitted = st.form_submit_button(t("account.save", language), type="primary")
    if not submitted:
        return
    try:
        change_own_password(db, user, current, new, client=client.address())
    except CurrentPasswordError:
        st.error(t("account.wrong_password", language))
        return
    except AccountError as error:
        st.error(str(error))
        return
    # The change ended every session of the account, this one too: carry on in a fresh one.
    session.sign_in(user)
    flash.success(t("account.password_changed", language))
    st.rerun()
