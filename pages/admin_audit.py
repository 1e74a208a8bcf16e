"""Administration: the audit log – changes to shared data, sign-ins, exports and downloads, and
openings of named employees' results (who saw whose evaluation)."""

import json

import streamlit as st

from checklists.loading import current_checklists
from i18n import MESSAGES, format_datetime, t
from services import audit_trail, organisation
from ui import session

ENTITIES = ["", "department", "employee", "user", "observation", "kiosk", "client_rating"]
DESCRIBED = (audit_trail.EXPORT, audit_trail.VIEW)


def render() -> None:
    user = session.require("admin_audit")
    language = user.language
    db = session.database()
    st.title(t("admin.audit.title", language))
    left, right = st.columns(2)
    entity = left.selectbox(
        t("common.object", language),
        ENTITIES,
        format_func=lambda e: _label("entity", e, language) if e else t("common.choose", language),
    )
    action = right.selectbox(
        t("audit.action_filter", language),
        ["", *audit_trail.actions(db)],
        format_func=lambda a: _label("action", a, language) if a else t("audit.all", language),
        key="audit_action",
    )
    rows = audit_trail.entries(db, entity=entity or None, action=action or None, limit=500)
    if not rows:
        st.info(t("common.none", language))
        return
    kinds = {k.value: info.title for k, info in current_checklists().handbook.kinds.items()}
    names = {
        str(e["id"]): f"{e['first_name']} {e['last_name']}"
        for e in organisation.list_employees(db, active_only=False)
    }
    st.dataframe(
        [
            {
                t("common.when", language): format_datetime(r["happened_at"], language),
                t("common.who", language): r["actor"],
                t("common.action", language): _label("action", r["action"], language),
                t(
                    "common.object", language
                ): f"{_label('entity', r['entity'], language)} {r['entity_id'] or ''}".strip(),
                t("audit.details", language): audit_trail.summary(
                    json.loads(r["after"]), language, kinds=kinds, employees=names
                )
                if r["action"] in DESCRIBED and r["after"]
                else "",
                t("common.before", language): r["before"] or "",
                t("common.after", language): r["after"] or "",
            }
            for r in rows
        ],
        hide_index=True,
        width="stretch",
    )


def _label(kind: str, code: str, language: str) -> str:
    """The Polish (or English) name of an action or object; a code added later shows as it is."""
    key = f"audit.{kind}.{code}"
    return t(key, language) if key in MESSAGES else code
