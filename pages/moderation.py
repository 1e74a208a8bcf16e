"""Moderation of client comments: nothing a client wrote is shown to staff before approval."""

import streamlit as st

from i18n import format_datetime, t
from services.organisation import InputError, clean_text
from storage import ratings
from ui import session
from ui.text import plain


def render() -> None:
    user = session.require("moderation")
    language = user.language
    db = session.database()
    st.title(t("moderation.title", language))
    st.write(t("moderation.intro", language))
    pending = ratings.comments(db, status="pending")
    if not pending:
        st.info(t("moderation.nothing", language))
    for row in pending:
        with st.container(border=True):
            where = plain(row["department_name"] or "—")
            st.write(
                f"{format_datetime(row['created_at'], language)} · {where} · {t('moderation.rating', language)}: {row['overall']}"
            )
            if row["burst"]:
                st.warning(t("moderation.burst", language))
            st.text(row["comment"])  # as plain text: never Markdown or HTML
            approve, hide = st.columns(2)
            if approve.button(
                t("moderation.approve", language), key=f"approve_{row['id']}", type="primary", width="stretch"
            ):
                ratings.moderate(db, row["id"], "approved", None, user.id, user.login)
                st.rerun()
            with hide.popover(t("moderation.hide", language), width="stretch"):
                reason = st.text_input(
                    t("moderation.reason", language), key=f"reason_{row['id']}", max_chars=300
                )
                if st.button(t("moderation.hide_confirm", language), key=f"hide_{row['id']}"):
                    try:
                        reason = clean_text(reason, field=t("moderation.reason", "pl"), max_length=300)
                    except InputError as error:
                        st.error(str(error))
                    else:
                        ratings.moderate(db, row["id"], "hidden", reason, user.id, user.login)
                        st.rerun()
