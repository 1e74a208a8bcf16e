"""Start screen: what the signed-in user can do, and the handbook version in force."""

import streamlit as st

from accounts.permissions import pages_for
from checklists.loading import current_checklists
from i18n import t
from ui import session

NOT_BUILT = {
    "pl": "ankieta Klienta (kiosk i QR), pulpity kierownictwa, eksport do Excela, rejestr zapoznania się "
    "z podręcznikiem, rozmowy okresowe",
    "en": "client survey (kiosk and QR), management dashboards, Excel export, handbook acknowledgement "
    "register, periodic conversations",
}


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
            standards=len(checklists.standards),
            items=len(checklists.all_entries()),
        )
    )
    st.subheader(t("home.your_pages", language))
    for key in pages_for(user.role):
        if key != "home":
            st.markdown(f"- {t(f'nav.{key}', language)}")
    st.info(t("home.not_built", language, parts=NOT_BUILT.get(language, NOT_BUILT["pl"])))
