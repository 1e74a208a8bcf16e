"""Administration: anonymising named observation data older than the retention period."""

import streamlit as st

from i18n import t
from services import people as service
from services.organisation import InputError
from ui import session


def render() -> None:
    user = session.require("admin_retention")
    language = user.language
    db = session.database()
    st.title(t("retention.title", language))
    st.write(t("retention.intro", language))
    months = st.number_input(
        t("retention.months", language), min_value=6, max_value=120, value=service.retention_months(), step=1
    )
    confirmed = st.checkbox(t("retention.confirm", language, months=months))
    if st.button(t("retention.run", language), type="primary", disabled=not confirmed):
        try:
            count = service.anonymise_old(db, user, int(months))
        except InputError as error:
            st.error(str(error))
        else:
            st.success(t("retention.done", language, count=count))
