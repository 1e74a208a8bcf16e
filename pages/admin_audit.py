"""Administration: the audit log of changes to shared data."""

import streamlit as st

from i18n import format_datetime, t
from storage import audit
from ui import session


def render() -> None:
    user = session.require("admin_audit")
    language = user.language
    st.title(t("admin.audit.title", language))
    entities = ["", "department", "employee", "user", "observation", "kiosk", "client_rating"]
    entity = st.selectbox(
        t("common.object", language), entities, format_func=lambda e: e or t("common.choose", language)
    )
    rows = audit.entries(session.database(), entity=entity or None, limit=500)
    if not rows:
        st.info(t("common.none", language))
        return
    st.dataframe(
        [
            {
                t("common.when", language): format_datetime(r["happened_at"], language),
                t("common.who", language): r["actor"],
                t("common.action", language): r["action"],
                t("common.object", language): f"{r['entity']} {r['entity_id'] or ''}",
                t("common.before", language): r["before"] or "",
                t("common.after", language): r["after"] or "",
            }
            for r in rows
        ],
        hide_index=True,
        width="stretch",
    )
