"""Start screen: what the signed-in user can do, the handbook version in force, and the
improvement actions that need the user (their own overdue and due this week; for management the
office's overdue count)."""

import streamlit as st

from accounts.permissions import may_open, pages_for
from accounts.roles import Role
from checklists.loading import current_checklists
from i18n import format_count, t
from pages import actions
from services import actions as actions_service
from services.clock import now
from ui import session


def render() -> None:
    user = session.require("home")
    language = user.language
    checklists = current_checklists()
    st.title(t("home.title", language))
    st.caption(t("app.office", language))
    st.write(
        t(
            "home.handbook",
            language,
            version=checklists.version,
            standards=format_count(len(checklists.standards), "standard", language),
            items=format_count(len(checklists.all_entries()), "item", language),
        )
    )
    if may_open(user.role, "actions"):
        _actions(user, language)
    st.subheader(t("home.your_pages", language))
    for key in pages_for(user.role):
        if key != "home":
            st.markdown(f"- {t(f'nav.{key}', language)}")


def _actions(user, language: str) -> None:
    today = now().date()
    rows = actions_service.list_for(session.database(), user, today)
    overdue, soon = actions_service.due_soon(rows, user, today)
    office = sum(row["overdue"] for row in rows) if user.role == Role.MANAGEMENT else 0
    if overdue:
        st.error(t("home.actions_overdue", language, count=len(overdue)))
    if soon:
        st.warning(t("home.actions_due_soon", language, count=len(soon)))
    if office:
        st.info(t("home.office_overdue", language, count=office))
    if overdue or soon or office:
        actions.action_link({}, t("home.open_actions", language))
