"""Acknowledgement register: who has and has not confirmed the current handbook version."""

import pandas as pd
import streamlit as st

from accounts.roles import Role
from analytics.export import MIME, register_workbook
from analytics.summaries import department_labels, register_text
from checklists.loading import current_checklists
from documents.acknowledgement import acknowledgement_forms
from i18n import format_date, t
from services import audit_trail
from services import people as service
from services.clock import now
from services.organisation import InputError
from ui import downloads, flash, forms, session
from ui.text import plain

METHODS = {"self": "ack.method.self", "paper": "ack.method.paper"}


def render() -> None:
    user = session.require("acknowledgements")
    language = user.language
    db = session.database()
    checklists = current_checklists()
    st.title(t("ack.title", language))
    st.write(t("ack.intro", language, version=checklists.version))
    rows = service.register(db, checklists, user)
    if not rows:
        st.info(t("common.none", language))
        return

    st.subheader(t("ack.coverage", language))
    coverage = service.coverage_by_department(rows)
    names = department_labels(pd.DataFrame(coverage))
    st.dataframe(
        [
            {
                t("common.department", language): names[c["department_id"]],
                t("ack.employees", language): c["employees"],
                t("ack.acknowledged", language): c["acknowledged"],
                t("ack.share", language): register_text(c["acknowledged"], c["employees"], language),
            }
            for c in coverage
        ],
        hide_index=True,
        width="stretch",
    )

    st.subheader(t("ack.register", language))
    only_missing = st.toggle(t("ack.only_missing", language))
    shown = [r for r in rows if r["acknowledged_on"] is None] if only_missing else rows
    st.dataframe(
        [
            {
                t("common.employee", language): f"{r['last_name']} {r['first_name']}",
                t("common.department", language): r["department_name"],
                t("ack.status", language): format_date(r["acknowledged_on"], language)
                if r["acknowledged_on"]
                else t("ack.missing", language),
                t("ack.method", language): t(METHODS[r["method"]], language) if r["method"] else "",
                t("ack.unacknowledged_observations", language): r["unacknowledged_observations"],
            }
            for r in shown
        ],
        hide_index=True,
        width="stretch",
    )
    downloads.personal_download(
        t("ack.export", language),
        lambda: register_workbook(rows, checklists.version),
        file_name=f"rejestr-potwierdzen-{checklists.version}.xlsx",
        mime=MIME,
        record=lambda: _record(db, user, audit_trail.ACK_REGISTER, rows, checklists.version, "xlsx"),
        icon=":material/download:",
    )
    missing = [r for r in rows if r["acknowledged_on"] is None]
    if missing:
        downloads.personal_download(
            t("ack.print_forms", language, count=len(missing)),
            lambda: acknowledgement_forms(missing, t("app.office"), checklists.version, now().date()),
            file_name=f"potwierdzenia-{checklists.version}.pdf",
            mime="application/pdf",
            record=lambda: _record(db, user, audit_trail.ACK_FORMS, missing, checklists.version, "pdf"),
            icon=":material/print:",
        )
    if user.role == Role.SUPERVISOR and missing:
        _paper_form(db, checklists, user, missing, language)


def _record(db, user, what: str, rows: list[dict], version: str, file_kind: str) -> None:
    """Both files name employees: the audit entry says how many, of which departments."""
    details = {
        "wersja": version,
        "dzialy": sorted({r["department_name"] for r in rows}),
        "pracownicy": len(rows),
    }
    audit_trail.record_export(db, user.login, what, details=details, with_names=True, file_kind=file_kind)


def _paper_form(db, checklists, user, missing, language) -> None:
    st.subheader(t("ack.paper", language))
    names = {
        r["employee_id"]: f"{r['last_name']} {r['first_name']} ({r['department_name']})" for r in missing
    }
    with st.form(forms.key("paper_acknowledgement")):
        employee_id = st.selectbox(
            t("common.employee", language),
            list(names),
            format_func=names.get,
            placeholder=t("observe.employee_placeholder", language),
        )
        signed_on = st.date_input(
            t("ack.signed_on", language), value=now().date(), max_value=now().date(), format="DD.MM.YYYY"
        )
        if st.form_submit_button(t("common.save", language), type="primary"):
            try:
                service.record_paper_acknowledgement(db, checklists, user, employee_id, signed_on)
            except InputError as error:
                st.error(str(error))
            else:
                flash.success(t("ack.paper_saved", language, name=plain(names[employee_id])))
                forms.clear("paper_acknowledgement")
                st.rerun()
