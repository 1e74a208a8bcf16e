"""Start screen: what the signed-in user can do, and the handbook version in force."""

import streamlit as st

from accounts.permissions import pages_for
from checklists.loading import current_checklists
from i18n import format_count, t
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
    st.subheader(t("home.your_pages", language))
    for key in pages_for(user.role):
        if key != "home":
            st.markdown(f"- {t(f'nav.{key}', language)}")
