"""The employee's own view: handbook acknowledgement, own observations with comments, goals."""

import streamlit as st

from checklists.loading import current_checklists
from i18n import format_date, format_datetime, format_percent, t
from services import people as service
from services.organisation import InputError
from ui import observation_view, session
from ui.text import plain


def render() -> None:
    user = session.require("my_results")
    language = user.language
    db = session.database()
    checklists = current_checklists()
    st.title(t("own.title", language))
    if user.employee_id is None:
        st.warning(t("own.no_employee", language))
        return

    st.subheader(t("own.acknowledgement", language, version=checklists.version))
    acknowledgement = service.own_acknowledgement(db, user, checklists.version)
    if acknowledgement:
        st.success(
            t("own.acknowledged", language, date=format_date(acknowledgement["acknowledged_on"], language))
        )
    else:
        with st.container(border=True):
            st.write(t("own.read_first", language))
            st.markdown(f"> {service.ACKNOWLEDGEMENT_TEXT}")
            confirmed = st.checkbox(t("own.confirm_read", language))
            if st.button(t("own.acknowledge", language), type="primary", disabled=not confirmed):
                service.acknowledge_self(db, checklists, user)
                st.rerun()

    history = service.own_conversations(db, user)
    if history:
        st.subheader(t("own.goals", language))
        standards = {s.id: s.short for s in checklists.standards}
        for goal in history[0]["goals"]:
            st.markdown(f"- **{standards.get(goal['standard_id'], '')}**: {plain(goal['text'])}")
        if history[0]["next_on"]:
            st.caption(
                t("own.next_conversation", language, date=format_date(history[0]["next_on"], language))
            )

    st.subheader(t("own.observations", language))
    st.caption(t("own.observations_help", language))
    mine = service.own_observations(db, user)
    if not mine:
        st.info(t("common.none", language))
        return
    for observation in mine:
        label = f"{format_datetime(observation['observed_at'], language)} · {format_percent(observation['score'], language)}"
        with st.expander(label):
            observation_view.notes(observation, language)
            for comment in service.comments_on_own_observation(db, user, observation["id"]):
                st.caption(f"{plain(comment['author'])} · {format_datetime(comment['created_at'], language)}")
                st.text(comment["body"])
            with st.form(f"comment_{observation['id']}", clear_on_submit=True):
                body = st.text_area(t("own.comment", language), max_chars=2000)
                if st.form_submit_button(t("own.add_comment", language)):
                    try:
                        service.comment_on_own_observation(db, user, observation["id"], body)
                    except InputError as error:
                        st.error(str(error))
                    else:
                        st.rerun()
