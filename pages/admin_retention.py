"""Administration: removing named observation data and conversations older than the retention
period, the contact data of client cases closed long enough ago, and rewriting the database
file without them."""

import streamlit as st

from i18n import t
from services import client_cases
from services import people as service
from services.organisation import InputError
from ui import session


def render() -> None:
    user = session.require("admin_retention")
    language = user.language
    db = session.database()
    st.title(t("retention.title", language))
    st.write(t("retention.intro", language))
    st.write(t("retention.case_contacts_intro", language, days=client_cases.contact_days()))
    months = st.number_input(
        t("retention.months", language), min_value=6, max_value=120, value=service.retention_months(), step=1
    )
    confirmed = st.checkbox(t("retention.confirm", language, months=months))
    if st.button(t("retention.run", language), type="primary", disabled=not confirmed):
        try:
            result = service.anonymise_old(db, user, int(months))
        except InputError as error:
            st.error(str(error))
        else:
            st.success(
                t(
                    "retention.done",
                    language,
                    observations=result.observations,
                    conversations=result.conversations,
                    training=result.training,
                    audit_entries=result.audit_entries,
                )
            )
            st.info(  # the client cases' own period: a count of its own beside the run's
                t(
                    "retention.case_contacts",
                    language,
                    count=result.case_contacts,
                    days=client_cases.contact_days(),
                )
            )
            if result.file_rewritten:
                st.success(t("retention.file_done", language))
            else:
                st.warning(t("retention.file_busy", language))
