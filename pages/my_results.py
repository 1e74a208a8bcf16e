"""The employee's own view: handbook acknowledgement, goals, own results per standard and over
time, and each observation with the items not met, the observer's comments and critical
breaches; the employee may comment. Cards in one column, readable on a phone."""

import streamlit as st

from analytics.summaries import score_text
from checklists.loading import current_checklists
from checklists.schema import Kind
from i18n import format_count, format_date, format_datetime, format_number, format_percent, t
from pages import training as training_page
from services import actions as action_service
from services import people as service
from services import training as training_service
from services.organisation import InputError
from ui import flash, forms, observation_view, session
from ui.text import plain

ROMAN = ("I", "II", "III", "IV")
# Each observation's header is a touch target on a phone: at least 44 px high (WCAG 2.5.5).
_CSS = "<style>[data-testid='stExpander'] summary { min-height: 48px; }</style>"


def render() -> None:
    user = session.require("my_results")
    language = user.language
    db = session.database()
    checklists = current_checklists()
    st.html(_CSS)
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

    _training(db, checklists, user, language)
    _actions(db, checklists, user, language)
    results = service.own_results(db, checklists, user)
    if not results.observations:
        st.subheader(t("own.observations", language))
        st.info(t("own.no_observations", language))
        return
    _summary(results, language)
    _standards(checklists, results, language)
    _trend(results, language)
    st.subheader(t("own.observations", language))
    st.caption(t("own.observations_help", language))
    for observation in results.observations:
        _observation(db, checklists, user, observation, language)


def _training(db, checklists, user, language: str) -> None:
    """The employee's own training, held and requested: kind and topic, then state, dates and standards."""
    st.subheader(t("own.training", language))
    rows = training_service.training_for_employee(db, user, user.employee_id)
    if not rows:
        st.caption(t("own.training_none", language))
    for row in rows:
        with st.container(border=True):
            kind = t(f"training.kind.{row['kind']}", language)
            st.markdown(f"**{kind}**: {plain(row['topic'])}")
            st.caption(
                f"{plain(training_page.state_text(row, language))} · "
                f"{training_page.standards_text(checklists, row['standard_ids'])}"
            )


def _actions(db, checklists, user, language: str) -> None:
    """The improvement actions raised for the employee: what, by when, its state, and once closed
    what was done (read only; the supervisor runs them)."""
    rows = action_service.own_actions(db, user)
    if not rows:
        return
    st.subheader(t("own.actions", language))
    standards = {s.id: s.short for s in checklists.standards}
    for row in rows:
        with st.container(border=True):
            st.markdown(f"**{plain(row['title'])}**")
            details = [
                t(f"actions.status.{row['status']}", language),
                t("own.action_due", language, due=format_date(row["due_date"], language)),
                standards.get(row["standard_id"], ""),
            ]
            st.caption(" · ".join(part for part in details if part))
            if row["status"] == "closed" and row["closing_note"]:
                st.caption(t("own.action_done", language, note=plain(row["closing_note"])))


def _card(label: str, value: str, basis: str) -> None:
    """One figure as a card: its name, the value in bold and what it rests on (or why withheld)."""
    with st.container(border=True):
        st.markdown(f"{label}  \n**{value}**")
        st.caption(basis)


def _summary(results: service.OwnResults, language: str) -> None:
    st.subheader(t("own.summary", language))
    overall, breaches = st.columns(2)
    with overall:
        _card(t("observe.overall", language), *score_text(results.overall, language))
    with breaches:
        _card(
            t("mine.critical", language),
            format_count(results.critical, "critical_breach", language),
            t(
                "own.failed_observations",
                language,
                count=format_number(results.failed, language, 0),
                total=format_number(len(results.observations), language, 0),
            ),
        )
    if results.critical:
        st.error(t("own.critical_note", language))


def _standards(checklists, results: service.OwnResults, language: str) -> None:
    st.subheader(t("own.by_standard", language))
    st.caption(t("own.by_standard_help", language, min_n=results.overall.min_n))
    names = {s.id: s.short for s in checklists.standards}
    columns = st.columns(2)
    for index, (standard_id, score) in enumerate(results.standards):
        with columns[index % 2]:
            _card(names[standard_id], *score_text(score, language))


def _trend(results: service.OwnResults, language: str) -> None:
    st.subheader(t("own.trend", language))
    st.caption(t("own.trend_help", language, min_n=results.overall.min_n))
    for (year, quarter), score in results.trend:
        _card(
            t("own.quarter", language, roman=ROMAN[quarter - 1], year=year),
            *score_text(score, language),
        )


def _observation(db, checklists, user, observation: service.OwnObservation, language: str) -> None:
    when = format_datetime(observation.observed_at, language)
    score = format_percent(observation.score, language)
    label = f"{when} · {score}"
    if observation.critical:
        # A critical breach fails the observation whatever its score: it comes first, in words and red.
        count = format_count(observation.critical, "critical_breach", language)
        label = f"{when} · :red[**{t('own.failed', language, count=count)}**] · {score}"
    # Keyed: it stays open across the rerun after a comment, though a message then shows above it.
    with st.expander(
        label, key=f"observation_{observation.id}", icon=":material/error:" if observation.critical else None
    ):
        kind = checklists.handbook.kinds[Kind(observation.kind)]
        st.caption(
            t(
                "own.observed_by",
                language,
                name=plain(observation.observer or "—"),
                kind=kind.title_en if language == "en" else kind.title,
            )
        )
        if observation.not_met:
            st.markdown(f"**{t('own.not_met', language)}**")
        for answer in observation.not_met:
            entry = checklists.entry(answer["item_id"])
            with st.container(border=True):
                if answer["critical"]:
                    st.markdown(f":red[**{t('own.critical_item', language)}**]")
                st.markdown(f"**{entry.item.label}**  \n{entry.standard.short}")
                if answer["comment"]:
                    st.caption(t("own.observer_comment", language))
                    st.text(answer["comment"])
        observation_view.notes(vars(observation), language)
        for comment in service.comments_on_own_observation(db, user, observation.id):
            st.caption(f"{plain(comment['author'])} · {format_datetime(comment['created_at'], language)}")
            st.text(comment["body"])
        with st.form(forms.key(f"comment_{observation.id}")):
            body = st.text_area(
                t("own.comment", language), max_chars=2000, placeholder=t("own.comment_placeholder", language)
            )
            if st.form_submit_button(t("own.add_comment", language)):
                try:
                    service.comment_on_own_observation(db, user, observation.id, body)
                except InputError as error:
                    st.error(str(error))
                else:
                    flash.success(t("own.comment_added", language))
                    forms.clear(f"comment_{observation.id}")
                    st.rerun()
