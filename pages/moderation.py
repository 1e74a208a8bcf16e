"""Moderation of the client form: ratings flagged as part of a burst (counted only once approved)
and client comments (nothing a client wrote is shown to staff before approval)."""

import streamlit as st

from i18n import format_datetime, t
from services import moderation as service
from services.organisation import InputError
from ui import session
from ui.text import plain

FLASH = "moderation_flash"


def render() -> None:
    user = session.require("moderation")
    language = user.language
    db = session.database()
    st.title(t("moderation.title", language))
    if FLASH in st.session_state:
        st.success(st.session_state.pop(FLASH))
    _bursts(db, user, language)
    st.header(t("moderation.comments_title", language))
    _comments(db, user, language)


def _where(row: dict, language: str) -> str:
    channel = (
        t("moderation.channel.kiosk", language, name=row["kiosk_name"] or "—")
        if row["channel"] == "kiosk"
        else t("moderation.channel.qr", language)
    )
    return f"{row['department_name'] or '—'} · {channel}"


def _bursts(db, user, language: str) -> None:
    st.header(t("moderation.bursts_title", language))
    st.write(t("moderation.bursts_intro", language))
    flagged = service.flagged_ratings(db, user)
    if not flagged:
        st.info(t("moderation.bursts_none", language))
        return
    # Numbered: a burst's ratings share their minute, place and often their score, and the
    # multiselect tells options apart by their labels.
    labels = {
        row["id"]: f"{number}. {format_datetime(row['created_at'], language)} · {_where(row, language)} · "
        f"{t('moderation.rating', language)}: {row['overall']}"
        for number, row in enumerate(flagged, start=1)
    }
    every = st.checkbox(t("moderation.bursts_all", language, count=len(flagged)), key="burst_all")
    chosen = st.multiselect(
        t("moderation.bursts_choose", language),
        list(labels),
        format_func=labels.get,  # option labels are plain text in Streamlit, never Markdown
        key="burst_chosen",
        disabled=every,
    )
    ids = list(labels) if every else chosen
    approve, reject = st.columns(2)
    for column, approving, done in ((approve, True, "approved"), (reject, False, "rejected")):
        label = t("moderation.bursts_approve" if approving else "moderation.bursts_reject", language)
        if column.button(label, key=f"burst_{done}", type="primary" if approving else "secondary"):
            try:
                count = service.review_burst(db, user, ids, approve=approving)
            except InputError as error:
                st.error(str(error))
            else:
                st.session_state[FLASH] = t(f"moderation.bursts_{done}", language, count=count)
                st.session_state.pop("burst_chosen", None)
                st.rerun()


def _comments(db, user, language: str) -> None:
    st.write(t("moderation.intro", language))
    pending = service.pending_comments(db, user)
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
                service.approve_comment(db, user, row["id"])
                st.rerun()
            with hide.popover(t("moderation.hide", language), width="stretch"):
                reason = st.text_input(
                    t("moderation.reason", language), key=f"reason_{row['id']}", max_chars=300
                )
                if st.button(t("moderation.hide_confirm", language), key=f"hide_{row['id']}"):
                    try:
                        service.hide_comment(db, user, row["id"], reason)
                    except InputError as error:
                        st.error(str(error))
                    else:
                        st.rerun()
