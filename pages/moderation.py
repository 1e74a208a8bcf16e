"""Moderation of the client form: ratings flagged as part of a burst (counted only once approved)
and client comments (nothing a client wrote is shown to staff before approval), decided one at a
time or several at once after a confirmation that says how many."""

import streamlit as st

from accounts.permissions import may_open
from i18n import format_count, format_datetime, t
from pages import actions
from services import moderation as service
from services.organisation import InputError
from ui import flash, session
from ui.text import plain

CONFIRM = "comments_confirm"  # the bulk action waiting for its confirmation: "approve" or "hide"
# "Ukryj" opens a popover: its button is a touch target like every other (WCAG 2.5.5).
_CSS = "<style>[data-testid='stPopover'] button { min-height: 48px; }</style>"


def render() -> None:
    user = session.require("moderation")
    language = user.language
    db = session.database()
    st.html(_CSS)
    st.title(t("moderation.title", language))
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
        placeholder=t("moderation.bursts_placeholder", language),
        select_all=False,  # Streamlit's own "Select all" is English; the checkbox above does it
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
                flash.success(t(f"moderation.bursts_{done}", language, count=count))
                st.session_state.pop("burst_chosen", None)
                st.rerun()


def _pick_all(ids: list) -> None:
    """The "select all" checkbox ticks or clears every comment's own checkbox."""
    for rating_id in ids:
        st.session_state[f"pick_{rating_id}"] = st.session_state["comments_all"]


def _comments(db, user, language: str) -> None:
    st.write(t("moderation.intro", language))
    pending = service.pending_comments(db, user)
    if not pending:
        st.session_state.pop(CONFIRM, None)
        st.info(t("moderation.nothing", language))
        return
    ids = [row["id"] for row in pending]
    chosen = [rating_id for rating_id in ids if st.session_state.get(f"pick_{rating_id}")]
    st.session_state["comments_all"] = len(chosen) == len(ids)  # unticking one clears "all"
    st.checkbox(
        t("moderation.pick_all", language, count=format_count(len(ids), "comment", language)),
        key="comments_all",
        on_change=_pick_all,
        args=(ids,),
    )
    _bulk(db, user, chosen, language)
    for row in pending:
        _comment(db, user, row, language)


def _bulk(db, user, chosen: list, language: str) -> None:
    """One action for the chosen comments, done only after a confirmation that says how many."""
    count = format_count(len(chosen), "comment", language)
    approve, hide = st.columns(2)
    for column, action in ((approve, "approve"), (hide, "hide")):
        if column.button(
            t(f"moderation.bulk_{action}", language, count=len(chosen)),
            key=f"bulk_{action}",
            type="primary" if action == "approve" else "secondary",
            disabled=not chosen,
            width="stretch",
        ):
            st.session_state[CONFIRM] = action
    action = st.session_state.get(CONFIRM)
    if action is None or not chosen:
        return
    with st.container(border=True):
        st.warning(t(f"moderation.confirm_{action}", language, count=count))
        reason = None
        if action == "hide":
            reason = st.text_input(
                t("moderation.reason", language),
                key="bulk_reason",
                max_chars=300,
                placeholder=t("moderation.reason_placeholder", language),
            )
        yes, no = st.columns(2)
        if yes.button(
            t(f"moderation.confirm_{action}_yes", language, count=count),
            key="bulk_yes",
            type="primary",
            width="stretch",
        ):
            try:
                if action == "approve":
                    done = service.approve_comments(db, user, chosen)
                else:
                    done = service.hide_comments(db, user, chosen, reason)
            except InputError as error:
                st.error(str(error))
            else:
                _decided(action, done, chosen, language)
        if no.button(t("moderation.confirm_cancel", language), key="bulk_no", width="stretch"):
            st.session_state.pop(CONFIRM, None)
            st.rerun()


def _decided(action: str, done: int, ids: list, language: str) -> None:
    """After a decision: say how many, forget the choices, show the list again."""
    flash.success(t(f"moderation.done_{action}", language, count=format_count(done, "comment", language)))
    for key in (CONFIRM, "comments_all", "bulk_reason", *(f"pick_{rating_id}" for rating_id in ids)):
        st.session_state.pop(key, None)
    st.rerun()


def _comment(db, user, row: dict, language: str) -> None:
    with st.container(border=True):
        where = plain(row["department_name"] or "—")
        st.checkbox(
            f"{format_datetime(row['created_at'], language)} · {where} · "
            f"{t('moderation.rating', language)}: {row['overall']}",
            key=f"pick_{row['id']}",
        )
        if row["burst"]:
            st.warning(t("moderation.burst", language))
        st.text(row["comment"])  # as plain text: never Markdown or HTML
        if may_open(user.role, "actions"):  # the comment as the "why" of an improvement action
            actions.action_link(
                {actions.SOURCE_PARAM: "opinia", actions.REF_PARAM: str(row["id"])},
                t("actions.plan", language),
            )
        approve, hide = st.columns(2)
        if approve.button(
            t("moderation.approve", language), key=f"approve_{row['id']}", type="primary", width="stretch"
        ):
            _decided("approve", service.approve_comments(db, user, [row["id"]]), [row["id"]], language)
        with hide.popover(t("moderation.hide", language), width="stretch"):
            reason = st.text_input(
                t("moderation.reason", language),
                key=f"reason_{row['id']}",
                max_chars=300,
                placeholder=t("moderation.reason_placeholder", language),
            )
            if st.button(t("moderation.hide_confirm", language), key=f"hide_{row['id']}"):
                try:
                    done = service.hide_comments(db, user, [row["id"]], reason)
                except InputError as error:
                    st.error(str(error))
                else:
                    _decided("hide", done, [row["id"]], language)
