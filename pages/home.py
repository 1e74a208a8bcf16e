"""Start screen: what the signed-in user can do, the handbook version in force, and the
improvement actions that need the user (their own overdue and due this week; for management the
office's overdue count), and the survey campaign running now with its progress."""

import streamlit as st

from accounts.permissions import may_open, pages_for
from accounts.roles import Role
from checklists.loading import current_checklists
from i18n import format_count, format_number, t
from pages import actions
from pages import campaigns as campaigns_page
from services import actions as actions_service
from services import campaigns
from services.clock import now
from ui import preload, session


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
    if may_open(user.role, "campaigns"):
        _campaign(user, language)
    st.subheader(t("home.your_pages", language))
    for key in pages_for(user.role):
        if key != "home":
            st.markdown(f"- {t(f'nav.{key}', language)}")
    if may_open(user.role, "dashboard"):
        preload.charts()  # a session kept by its cookie skips the login page, which fetches them too


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


def _campaign(user, language: str) -> None:
    """The running campaign's answers against its target (the user's departments for a supervisor)."""
    db, today = session.database(), now().date()
    campaign = campaigns.running(db, today)
    if campaign is None:
        return
    done = campaigns.total(campaigns.progress(db, campaign, campaigns.visible_departments(user)))
    st.info(
        t(
            "home.campaign_running",
            language,
            name=campaign.name,
            answers=format_number(done.answers, language, 0),
            target=format_number(done.target, language, 0),
            days=format_count(campaigns.days_left(campaign, today), "day", language),
        )
    )
    st.page_link(
        st.Page(campaigns_page.render, url_path=campaigns_page.URL_PATH),
        label=t("home.open_campaigns", language),
        icon=":material/poll:",
    )
