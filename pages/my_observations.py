"""Supervisor: own observations – list, filter, open, edit within the window, delete with a reason."""

from datetime import datetime, time, timedelta

import streamlit as st

from checklists.loading import current_checklists
from checklists.schema import Kind
from i18n import format_datetime, format_percent, t
from pages import actions
from services import audit_trail, organisation
from services import observations as service
from services.clock import now
from services.organisation import InputError
from ui import flash, observation_view, session
from ui.text import plain


def render() -> None:
    user = session.require("my_observations")
    language = user.language
    db = session.database()
    checklists = current_checklists()
    st.title(t("mine.title", language))

    scope = organisation.list_departments(db, ids=list(user.department_ids))
    dept_label = {d["id"]: d["name"] for d in scope}
    kind_label = {k: _kind_title(checklists, k, language) for k in Kind}
    today = now().date()  # office time: the server's clock may run in UTC
    left, middle, right = st.columns(3)
    period = left.date_input(
        t("mine.period", language), value=(today - timedelta(days=90), today), format="DD.MM.YYYY"
    )
    department = middle.selectbox(
        t("common.department", language),
        [None, *dept_label],
        format_func=lambda d: t("mine.all", language) if d is None else dept_label[d],
        placeholder=t("common.choose", language),
    )
    kind = right.selectbox(
        t("observe.kind", language),
        [None, *Kind],
        format_func=lambda k: t("mine.all", language) if k is None else kind_label[k],
        placeholder=t("common.choose", language),
    )
    start, end = period if isinstance(period, tuple) and len(period) == 2 else (period[0], period[0])
    rows = service.list_observations(
        db,
        observer_id=user.id,
        department_ids=[department] if department else None,
        kind=kind.value if kind else None,
        since=datetime.combine(start, time.min),
        until=datetime.combine(end + timedelta(days=1), time.min),
    )
    if not rows:
        st.info(t("common.none", language))
        return
    observation_view.table(
        [
            {
                t("common.when", language): format_datetime(r["observed_at"], language),
                t("common.employee", language): r["employee_name"] or "—",
                t("common.department", language): r["department_name"],
                t("observe.kind", language): kind_label[Kind(r["kind"])],
                t("observe.score", language): format_percent(r["score"], language),
                t("mine.critical", language): r["n_critical"] or 0,
            }
            for r in rows
        ],
        key="mine_list",
    )
    labels = {
        r[
            "id"
        ]: f"{format_datetime(r['observed_at'], language)} · {r['employee_name'] or r['department_name']}"
        for r in rows
    }
    chosen = st.selectbox(
        t("mine.open", language),
        list(labels),
        format_func=labels.get,
        placeholder=t("common.choose", language),
    )
    _details(db, checklists, user, chosen, language)


def _kind_title(checklists, kind: Kind, language: str) -> str:
    info = checklists.handbook.kinds[kind]
    return info.title_en if language == "en" else info.title


def _details(db, checklists, user, observation_id, language) -> None:
    try:
        observation = service.load_own(db, user, observation_id)
    except InputError as error:
        st.error(str(error))
        return
    if observation["employee_id"] is not None:
        audit_trail.record_view(
            db, user, audit_trail.OBSERVATION, observation["id"], {}, employee_id=observation["employee_id"]
        )
    score = service.score_of(checklists, observation)
    st.metric(t("observe.overall", language), format_percent(score.overall.score, language))
    if score.critical_breaches:
        labels = "; ".join(checklists.entry(i).item.label for i in score.critical_breaches)
        st.error(t("observe.critical_breaches", language, items=labels))
    actions.observation_offers(db, checklists, observation, language)  # items not met -> actions
    observation_view.notes(observation, language)
    with st.expander(t("mine.answers", language)):
        observation_view.table(
            [
                {
                    t("observe.standard", language): _standard_title(checklists, a["item_id"], language),
                    t("mine.item", language): actions.item_label(checklists, a["item_id"], language),
                    t("mine.answer", language): observation_view.answer_label(a, language),
                    t("mine.comment", language): a["comment"] or "",
                }
                for a in observation["answers"]
                if checklists.has_item(a["item_id"])
            ],
            key="mine_answers",
        )
    _calibration(db, checklists, user, observation, language)

    if not service.editable(observation):
        st.caption(t("mine.locked", language))
        return
    edit, remove = st.columns(2)
    if edit.button(t("observe.edit", language), icon=":material/edit:", width="stretch"):
        from pages import observe  # imported here: the pages package imports no page at load time

        st.switch_page(
            st.Page(observe.render, url_path="obserwacja"),
            query_params={observe.PARAM: str(observation["id"]), "edycja": "1"},
        )
    with remove.popover(t("mine.delete", language), icon=":material/delete:", width="stretch"):
        reason = st.text_input(
            t("mine.delete_reason", language), max_chars=500, key=f"reason_{observation['id']}"
        )
        if st.button(t("mine.delete_confirm", language), type="primary", key=f"delete_{observation['id']}"):
            try:
                service.delete(db, user, observation["id"], reason)
            except InputError as error:
                st.error(str(error))
            else:
                flash.success(t("mine.deleted", language))
                st.rerun()


def _standard_title(checklists, item_id: str, language: str) -> str:
    standard = checklists.entry(item_id).standard
    return standard.short_en if language == "en" else standard.short


def _calibration(db, checklists, user, observation, language) -> None:
    partners = service.calibration_view(db, user, observation)
    if partners is None:
        if service.calibration_pair(db, observation["id"]):
            st.info(t("mine.calibration_waiting", language))
        return
    mine = {a["item_id"]: a["answer"] for a in observation["answers"]}
    for partner in partners:
        theirs = {a["item_id"]: a["answer"] for a in partner["answers"]}
        common = [i for i in mine if i in theirs]
        agree = sum(1 for i in common if mine[i] == theirs[i])
        share = agree / len(common) if common else None
        st.info(
            t(
                "mine.calibration_result",
                language,
                name=plain(partner["observer_name"]),
                agree=agree,
                total=len(common),
                share=format_percent(share, language),
            )
        )
