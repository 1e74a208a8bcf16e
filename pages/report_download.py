"""The satisfaction report's download on the dashboard, for management only.

The manager chooses what the report covers (the period of the dashboard's filters or a
campaign, with the departments of the filters), asks for it to be prepared, edits the
pre-filled conclusions and downloads it as PDF (to publish) or DOCX (to edit). Nothing heavy
runs on an ordinary dashboard run: the conclusions are computed when asked for (and kept until
the data change), each file only when its button is clicked (ui/downloads.py), which also
writes its audit entry.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import streamlit as st

from accounts.roles import Role
from analytics.cache import BOTH, DASHBOARD
from i18n import format_date, t
from reports import publish
from reports.content import default_conclusions
from reports.model import ReportRequest
from services import campaigns
from services.clock import now
from ui import downloads

PREPARED = "report_prepared"  # the request whose conclusions are shown


def section(db, scope, checklists, user, language) -> None:
    """The report's part of the dashboard's export section; nothing for anyone but management."""
    if user.role is not Role.MANAGEMENT:
        return
    st.subheader(t("report.heading", language))
    st.caption(t("report.help", language))
    period = _span(scope.filters.start, scope.filters.end, language)
    # What the manager reads is what is chosen: the labels are the options (campaign names are unique).
    choices = {t("report.from_filters", language, period=period): None} | {
        t("report.campaign", language, name=c.name, period=_span(c.start, c.end, language)): c
        for c in campaigns.list_campaigns(db)
    }
    label = st.selectbox(
        t("report.basis", language),
        list(choices),
        placeholder=t("report.basis_placeholder", language),
        key="report_basis",
    )
    campaign = choices[label]
    start, end = (campaign.start, campaign.end) if campaign else (scope.filters.start, scope.filters.end)
    request = ReportRequest(start, end, scope.department_ids, campaign.id if campaign else None)
    if st.session_state.get(PREPARED) != request:
        if not st.button(t("report.prepare", language)):
            return
        st.session_state[PREPARED] = request
    today = now().date()

    def conclusions() -> str:
        return default_conclusions(db, checklists, request, today=today)

    st.caption(t("report.conclusions_help", language))  # not help=: Streamlit names its icon in English
    text = st.text_area(
        t("report.conclusions", language),
        value=DASHBOARD.get(db, BOTH, ("report_conclusions", request, today), conclusions),
        height=220,
        key=f"report_conclusions_{hash(request)}",  # a new request starts from its own pre-filled text
    )
    final = replace(request, conclusions=text)
    for fmt, column in zip(publish.FORMATS, st.columns(len(publish.FORMATS)), strict=True):
        with column:
            downloads.personal_download(
                t(f"report.download_{fmt}", language),
                lambda fmt=fmt: publish.report_bytes(db, final, fmt, today=today, checklists=checklists),
                file_name=publish.file_name(final, fmt),
                mime=publish.FORMATS[fmt][0],
                record=lambda fmt=fmt: publish.record(db, user.login, final, fmt),
                type="primary" if fmt == "pdf" else "secondary",
            )


def _span(start: date, end: date, language: str) -> str:
    return f"{format_date(start, language)} – {format_date(end, language)}"
