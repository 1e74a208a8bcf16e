"""Administration: the audit log in words – who did what to which object and what changed – a page
at a time, filtered by kind of object, action, person and period."""

import streamlit as st

from i18n import format_count, t
from services import audit_trail
from services.audit_trail import LogFilters
from ui import session
from ui.text import plain

PAGE = "audit_page"


def render() -> None:
    user = session.require("admin_audit")
    language = user.language
    db = session.database()
    st.title(t("admin.audit.title", language))
    filters = _filters(audit_trail.filter_options(db, language), language)
    if st.session_state.get("audit_filters") != filters:  # other filters start at the newest entries
        st.session_state["audit_filters"] = filters
        st.session_state[PAGE] = 1
    log = audit_trail.read_log(db, user, filters, st.session_state.get(PAGE, 1), language)
    st.caption(t("audit.reading_logged", language))
    if not log.entries:
        st.info(t("common.none", language))
        return
    st.caption(
        t(
            "audit.page_of",
            language,
            count=format_count(log.total, "audit_entry", language),
            page=log.page,
            pages=log.pages,
        )
    )
    st.table(
        [
            {
                t("common.when", language): entry.when,
                t("common.who", language): plain(entry.who),
                t("common.action", language): entry.action,
                t("common.object", language): plain(entry.subject),
                t("audit.details", language): plain("\n".join(entry.details)),
            }
            for entry in log.entries
        ],
        hide_index=True,
        alt=t("audit.table", language),
    )
    if log.pages > 1:
        newer, older = st.columns(2)
        newer.button(
            t("audit.newer", language),
            icon=":material/chevron_left:",
            disabled=log.page == 1,
            on_click=_turn,
            args=(log.page - 1,),
            width="stretch",
        )
        older.button(
            t("audit.older", language),
            icon=":material/chevron_right:",
            disabled=log.page == log.pages,
            on_click=_turn,
            args=(log.page + 1,),
            width="stretch",
        )


def _filters(options: dict[str, list[str]], language: str) -> LogFilters:
    # two filters a row: an action's name or a date range stays whole on a 1024 px tablet
    entity_column, action_column = st.columns(2)
    actor_column, period_column = st.columns(2)
    entity = entity_column.selectbox(
        t("common.object", language),
        options["entity"],
        index=None,
        placeholder=t("audit.filter_entity_all", language),
        format_func=lambda code: audit_trail.entity_label(code, language),
        key="audit_entity",
    )
    action = action_column.selectbox(
        t("audit.action_filter", language),
        options["action"],
        index=None,
        placeholder=t("audit.filter_action_all", language),
        format_func=lambda code: audit_trail.action_label(code, language),
        key="audit_action",
    )
    actor = actor_column.selectbox(
        t("common.who", language),
        options["actor"],
        index=None,
        placeholder=t("audit.filter_actor_all", language),
        key="audit_actor",
    )
    period = period_column.date_input(
        t("audit.period_filter", language),
        value=(),
        format="DD.MM.YYYY",
        key="audit_period",
    )
    start, end = (*period, None, None)[:2]
    return LogFilters(action=action, actor=actor, entity=entity, start=start, end=end)


def _turn(page: int) -> None:
    st.session_state[PAGE] = page
