"""Supervisor on a tablet: start an observation, answer standard by standard, review, send.

Every answer is saved to the database as it is given and the observation id sits in the URL,
so a reload or a dropped connection resumes where the supervisor was. The start screen lists
the unfinished observations (resume, or delete with a reason) next to the form for a new one.
No answer is preselected: the supervisor taps what was not "Tak" and then sets the rest of the
standard with one button that names how many items it sets; every standard's step is shown,
since items are answered only on their own step.
"""

import uuid
from datetime import datetime

import streamlit as st

from checklists.loading import current_checklists
from checklists.schema import Answer, Kind
from i18n import format_count, format_datetime, format_percent, t
from pages import actions
from services import observations as service
from services import organisation
from services.clock import now
from services.observations import StartRequest
from services.organisation import InputError
from ui import flash, observation_view, outage, session
from ui.text import plain

PARAM = "obserwacja"
SUMMARY = "__summary__"
SCROLL_TOP = "observe_scroll_top"
ERROR = "observe_error"  # an answer refused inside a widget callback, shown on the run it starts


def render() -> None:
    user = session.require("observe")
    language = user.language
    db = session.database()
    checklists = current_checklists()
    if error := st.session_state.pop(ERROR, None):
        st.error(error)
    _screen(db, checklists, user, language)
    if st.session_state.pop(SCROLL_TOP, False):
        _scroll_to_top()


def _screen(db, checklists, user, language) -> None:
    wanted = st.query_params.get(PARAM)
    if not wanted:
        _forget_draft_in_address_bar()
        st.title(t("observe.title", language))
        _start_screen(db, checklists, user, language)
        return
    try:
        observation = service.load_own(db, user, wanted)
    except InputError as error:
        st.error(str(error))
        if st.button(t("observe.back_to_start", language)):
            del st.query_params[PARAM]
            st.rerun()
        return
    if observation["status"] == "sent" and not st.query_params.get("edycja"):
        _sent_screen(db, checklists, observation, language)
    elif not service.editable(observation):
        st.warning(t("observe.not_editable", language))
        _sent_screen(db, checklists, observation, language)
    else:
        _fill_screen(db, checklists, user, observation, language)


def _forget_draft_in_address_bar() -> None:
    """The menu's link to this page runs it without the draft's id but leaves the id in the
    address bar, where a reload would reopen the draft: send the address this run has (the
    browser changes it only when it differs)."""
    st.query_params.update({})


def _close() -> None:
    """Back to the start screen (drafts and a new observation); an open draft stays a draft."""
    st.session_state[SCROLL_TOP] = True
    st.query_params.pop(PARAM, None)
    st.query_params.pop("edycja", None)


def _open(observation_id, *, edit: bool = False) -> None:
    st.session_state[SCROLL_TOP] = True
    st.query_params[PARAM] = str(observation_id)
    if edit:
        st.query_params["edycja"] = "1"
    st.rerun()


def _kind_label(checklists, kind: Kind, language: str) -> str:
    info = checklists.handbook.kinds[kind]
    return info.title_en if language == "en" else info.title


def _module_label(module, language: str) -> str:
    return module.title_en if language == "en" else module.title


# start ---------------------------------------------------------------------------------------


def _start_screen(db, checklists, user, language) -> None:
    drafts = service.drafts_of(db, user)
    if drafts:
        st.subheader(t("observe.drafts", language))
        for draft in drafts:
            _draft_row(db, checklists, user, draft, language)

    st.subheader(t("observe.new", language))
    scope = organisation.list_departments(db, ids=list(user.department_ids), active_only=True)
    if not scope:
        st.warning(t("observe.no_departments", language))
        return
    dept_label = {d["id"]: d["name"] for d in scope}
    wanted_employee = _employee_from_url(db, user, language)
    dept_ids = list(dept_label)
    default_dept = wanted_employee["department_id"] if wanted_employee else dept_ids[0]
    department_id = st.selectbox(
        t("common.department", language),
        dept_ids,
        index=dept_ids.index(default_dept),
        format_func=dept_label.get,
        placeholder=t("common.choose", language),
    )
    kind = st.segmented_control(
        t("observe.kind", language),
        list(Kind),
        default=Kind.IN_PERSON,
        format_func=lambda k: _kind_label(checklists, k, language),
        key="observe_kind",
    )
    kind = kind or Kind.IN_PERSON
    employee_id = None
    modules: list[str] = []
    if kind is not Kind.PREMISES:
        staff = organisation.list_employees(db, department_ids=[department_id])
        if not staff:
            st.warning(t("observe.no_employees", language))
            return
        staff_ids = [e["id"] for e in staff]
        names = {e["id"]: f"{e['last_name']} {e['first_name']}" for e in staff}
        preset = wanted_employee["id"] if wanted_employee and wanted_employee["id"] in names else None
        employee_id = st.selectbox(
            t("common.employee", language),
            staff_ids,
            index=staff_ids.index(preset) if preset else None,
            format_func=names.get,
            placeholder=t("observe.employee_placeholder", language),
        )
        module_labels = {m.id: _module_label(m, language) for m in checklists.modules()}
        modules = st.pills(
            t("observe.modules", language),
            list(module_labels),
            selection_mode="multi",
            format_func=module_labels.get,
            help=t("observe.modules_help", language),
        )
    moment = now()
    column_date, column_time = st.columns(2)
    day = column_date.date_input(
        t("observe.date", language), value=moment.date(), max_value=moment.date(), format="DD.MM.YYYY"
    )
    hour = column_time.time_input(
        t("observe.time", language), value=moment.time().replace(second=0, microsecond=0), step=300
    )
    observed_at = datetime.combine(day, hour)
    calibration_of = _calibration_choice(db, user, department_id, kind, observed_at, language)

    new_id = st.session_state.setdefault("observe_new_id", uuid.uuid4())
    if st.button(t("observe.start", language), type="primary", icon=":material/play_arrow:", width="stretch"):
        request = StartRequest(
            observation_id=new_id,
            kind=kind,
            department_id=department_id,
            employee_id=employee_id,
            observed_at=observed_at,
            modules=frozenset(modules or []),
            calibration_of=calibration_of,
        )
        try:
            service.start(db, checklists, user, request)
        except InputError as error:
            st.error(str(error))
            return
        st.session_state.pop("observe_new_id", None)
        _open(new_id)


def _draft_row(db, checklists, user, draft, language) -> None:
    """One unfinished observation: what it is, "Wznów" and "Usuń" (with a reason)."""
    who = plain(draft["employee_name"] or draft["department_name"])
    kind = _kind_label(checklists, Kind(draft["kind"]), language)
    with st.container(border=True, key=f"draft_{draft['id']}"):
        text, resume, remove = st.columns([4, 1.3, 1.3], vertical_alignment="center")
        text.markdown(f"**{who}** · {kind} · {format_datetime(draft['observed_at'], language)}")
        if resume.button(
            t("observe.resume", language),
            key=f"resume_{draft['id']}",
            icon=":material/play_arrow:",
            type="primary",
            width="stretch",
        ):
            _open(draft["id"])
        with remove.popover(t("observe.delete_draft", language), icon=":material/delete:", width="stretch"):
            _delete_draft_form(db, user, draft["id"], language)


def _delete_draft_form(db, user, observation_id, language) -> None:
    """The confirmation of a draft's deletion: a reason (required, kept in the audit log) and a button."""
    st.markdown(t("observe.delete_draft_question", language))
    reason = st.text_input(
        t("mine.delete_reason", language),
        max_chars=500,
        key=f"draft_reason_{observation_id}",
        placeholder=t("observe.delete_reason_placeholder", language),
    )
    if st.button(
        t("observe.discard_confirm", language),
        type="primary",
        icon=":material/delete:",
        key=f"discard_{observation_id}",
    ):
        try:
            service.delete_draft(db, user, observation_id, reason)
        except InputError as error:
            st.error(str(error))
            return
        flash.success(t("observe.draft_deleted", language))
        if st.query_params.get(PARAM) == str(observation_id):
            _close()
        st.rerun()


def _employee_from_url(db, user, language):
    """An employee preselected by ?pracownik=<id>, only from the supervisor's departments."""
    raw = st.query_params.get("pracownik")
    if not raw:
        return None
    try:
        employee = organisation.get_employee(db, uuid.UUID(raw))
    except ValueError:
        employee = None
    if employee is None or employee["department_id"] not in user.department_ids:
        st.error(t("observe.employee_not_in_scope", language))
        return None
    return employee


def _calibration_choice(db, user, department_id, kind, observed_at, language):
    candidates = [
        c
        for c in service.calibration_candidates(
            db, department_id=department_id, observer_id=user.id, around=observed_at
        )
        if c["kind"] == kind.value
    ]
    if not candidates:
        return None
    with st.expander(t("observe.calibration", language)):
        st.caption(t("observe.calibration_help", language))
        options = [None] + [c["id"] for c in candidates]
        labels = {
            c["id"]: f"{c['observer_name']} · {c['employee_name'] or c['department_name']} · "
            f"{format_datetime(c['observed_at'], language)}"
            for c in candidates
        }
        return st.selectbox(
            t("observe.calibration_partner", language),
            options,
            format_func=lambda o: t("observe.calibration_none", language) if o is None else labels[o],
            placeholder=t("common.choose", language),
        )


# filling -------------------------------------------------------------------------------------

# Room for the checklist on a tablet: the header of a step is one line of who/what, the progress
# bar and the step picker; an item is its text above its answer buttons, with little padding.
_COMPACT_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 1rem; }
.st-key-observe_header { gap: 0.4rem !important; }
.st-key-observe_items { gap: 0.5rem !important; }
[class*="st-key-item_"] { padding: 0.4rem 0.75rem !important; gap: 0.4rem !important; }
[class*="st-key-item_"] [data-testid="stMarkdownContainer"] p { font-size: 1rem; line-height: 1.3; }
/* Text beside its answers on a landscape tablet; above them when the screen is narrower. */
@media (max-width: 900px) {
    [class*="st-key-item_"] [data-testid="stHorizontalBlock"] { flex-direction: column; align-items: stretch; }
    [class*="st-key-item_"] [data-testid="stColumn"] { width: 100% !important; flex: 1 1 auto !important; }
}
</style>
"""


def _fill_screen(db, checklists, user, observation, language) -> None:
    observation_id = observation["id"]
    answers = {a["item_id"]: a for a in observation["answers"]}
    standards = list(dict.fromkeys(a["standard_id"] for a in observation["answers"]))
    answered = sum(1 for a in observation["answers"] if a["answer"] is not None)
    total = len(observation["answers"])
    st.html(_COMPACT_CSS)

    steps = [*standards, SUMMARY]
    # Where the supervisor is lives in its own key. The select below shows it, but its option
    # labels carry live counts, so the browser may send back the label of an earlier run; such
    # a value is no step and must not move the supervisor (it used to jump to the first one).
    at_key = f"observe_at_{observation_id}"
    step_key = f"observe_step_{observation_id}"
    if st.session_state.get(at_key) not in steps:
        st.session_state[at_key] = _resume_step(observation, steps)

    def step_label(step: str) -> str:
        if step == SUMMARY:
            return t("observe.summary", language)
        standard = checklists.standard(step)
        done = sum(1 for a in observation["answers"] if a["standard_id"] == step and a["answer"] is not None)
        count = sum(1 for a in observation["answers"] if a["standard_id"] == step)
        title = standard.short_en if language == "en" else standard.short
        return f"{standard.order}. {title} ({done}/{count})"

    def chosen() -> None:
        if st.session_state.get(step_key) in steps:
            _go_to(at_key, st.session_state[step_key])

    with st.container(key="observe_header"):
        who = plain(observation["employee_name"] or observation["department_name"])
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(
                f"**{who}** · {_kind_label(checklists, Kind(observation['kind']), language)} · "
                f"{format_datetime(observation['observed_at'], language)}"
            )
            if st.button(t("observe.new", language), icon=":material/add:", key="observe_close"):
                _close()
                st.rerun()
        if observation["status"] == "sent":
            st.info(t("observe.editing_sent", language))
        st.progress(
            answered / total if total else 1.0,
            text=t("observe.progress", language, answered=answered, total=total),
        )
        st.session_state[step_key] = st.session_state[at_key]
        st.selectbox(
            t("observe.standard", language),
            steps,
            format_func=step_label,
            key=step_key,
            on_change=chosen,
            label_visibility="collapsed",
            placeholder=t("observe.step_placeholder", language),
        )
    step = st.session_state[at_key]
    if step == SUMMARY:
        _summary(db, checklists, user, observation, steps, at_key, step_label, language)
    else:
        _standard_items(db, checklists, user, observation_id, step, answers, language)
        _answer_rest_buttons(db, checklists, user, observation_id, step, answers, language)
    _step_buttons(steps, at_key, language)


def _resume_step(observation, steps) -> str:
    """After a reload: the first standard with an unanswered item, else the summary
    (a sent observation opened for changes starts at the first standard)."""
    if observation["status"] != "draft":
        return steps[0]
    for answer in observation["answers"]:
        if answer["answer"] is None:
            return answer["standard_id"]
    return SUMMARY


def _go_to(at_key: str, step: str) -> None:
    st.session_state[at_key] = step
    st.session_state[SCROLL_TOP] = True


def _scroll_to_top() -> None:
    """A new screen or step starts at its top: "Dalej" and "Wyślij" sit below long lists, and
    the page would otherwise open the next standard at its end or hide "Obserwacja wysłana"."""
    st.html(
        f"<script>/* {uuid.uuid4().hex} */ "
        "document.querySelector('[data-testid=\"stMain\"]')?.scrollTo({top: 0});</script>",
        unsafe_allow_javascript=True,
    )


def _step_buttons(steps, at_key, language) -> None:
    index = steps.index(st.session_state[at_key])

    def move(offset: int) -> None:
        _go_to(at_key, steps[index + offset])

    back, forward = st.columns(2)
    back.button(
        t("observe.previous", language),
        on_click=move,
        args=(-1,),
        disabled=index == 0,
        icon=":material/arrow_back:",
        width="stretch",
    )
    forward.button(
        t("observe.next", language),
        on_click=move,
        args=(1,),
        disabled=index == len(steps) - 1,
        icon=":material/arrow_forward:",
        type="primary",
        width="stretch",
    )


def _answer_key(observation_id, item_id: str) -> str:
    return f"answer_{observation_id}_{item_id}"


def _save_answer(db, checklists, user, observation_id, item_id, answer_key, comment_key) -> None:
    raw = st.session_state.get(answer_key)
    comment = st.session_state.get(comment_key)
    try:
        service.record_answer(
            db, checklists, user, observation_id, item_id, None if raw is None else Answer(raw), comment
        )
    except InputError as error:
        st.session_state[ERROR] = str(error)


def _standard_items(db, checklists, user, observation_id, standard_id, answers, language) -> None:
    standard = checklists.standard(standard_id)
    modules = {m.id: m for m in standard.modules}
    current_module = None
    together = " :blue-badge[:material/done_all: " + t("observe.set_together_marker", language) + "]"
    with st.container(key="observe_items"):
        for item in standard.items:
            if item.id not in answers:
                continue
            if item.module != current_module and item.module is not None:
                current_module = item.module
                st.markdown(f"**{_module_label(modules[item.module], language)}**")
            stored = answers[item.id]
            answer_key = _answer_key(observation_id, item.id)
            comment_key = f"comment_{observation_id}_{item.id}"
            args = (db, checklists, user, observation_id, item.id, answer_key, comment_key)
            text = item.text_en if language == "en" else item.text
            marker = " " + t("observe.critical_marker", language) if item.critical else ""
            with st.container(border=True, key=f"item_{observation_id}_{item.id}"):
                about, buttons = st.columns(2, vertical_alignment="center", gap="small")
                about.markdown(f"**{text}**{marker}" + (together if stored["set_together_at"] else ""))
                if item.hint:
                    with about.popover(t("observe.hint", language), icon=":material/help:"):
                        st.write(item.hint)
                choice = buttons.segmented_control(
                    f"{text}{marker}",
                    [a.value for a in Answer],
                    default=stored["answer"],
                    format_func=lambda value: t(observation_view.ANSWER_KEYS[Answer(value)], language),
                    key=answer_key,
                    on_change=outage.callback(_save_answer),
                    args=args,
                    width="stretch",
                    label_visibility="collapsed",
                )
                needs_comment = choice == Answer.NOT_MET and item.critical
                if choice == Answer.NOT_MET or stored["comment"]:
                    st.text_input(
                        t("observe.comment_required" if needs_comment else "observe.comment", language),
                        value=stored["comment"] or "",
                        key=comment_key,
                        max_chars=service.COMMENT_MAX,
                        on_change=outage.callback(_save_answer),
                        args=args,
                        placeholder=t("observe.comment_placeholder", language),
                    )


def _answer_rest_buttons(db, checklists, user, observation_id, standard_id, answers, language) -> None:
    """One deliberate tap answers the rest of this standard "Tak" (or "nie zaobserwowano"); the
    button names how many items it sets, answered items are never changed, and the items it set
    carry the "zbiorczo" mark afterwards."""
    mine = [a for a in answers.values() if a["standard_id"] == standard_id]
    rest = sum(1 for a in mine if a["answer"] is None)
    together = sum(1 for a in mine if a["set_together_at"] is not None)
    if together:
        st.caption(t("observe.set_together_note", language, items=format_count(together, "item", language)))
    if not rest:
        return
    items = format_count(rest, "item", language)
    met, not_observed = st.columns(2)
    for column, answer, label in (
        (met, Answer.MET, "observe.rest_met"),
        (not_observed, Answer.NOT_OBSERVED, "observe.rest_not_observed"),
    ):
        column.button(
            t(label, language, items=items),
            key=f"rest_{answer.value}_{observation_id}_{standard_id}",
            on_click=outage.callback(_answer_rest),
            args=(db, checklists, user, observation_id, standard_id, answer),
            icon=":material/done_all:",
            width="stretch",
        )


def _answer_rest(db, checklists, user, observation_id, standard_id, answer: Answer) -> None:
    try:
        answered = service.answer_rest(db, checklists, user, observation_id, answer, standard_id)
    except InputError as error:
        st.session_state[ERROR] = str(error)
        return
    # The answer buttons keep their own state between runs: show them what was stored.
    for item_id in answered:
        st.session_state[_answer_key(observation_id, item_id)] = answer.value


# summary and send ----------------------------------------------------------------------------


def _score_table(checklists, score, language):
    """Per standard: score and answer counts, a plain table that wraps instead of cutting columns."""
    rows = []
    for standard_id, tally in score.by_standard.items():
        standard = checklists.standard(standard_id)
        rows.append(
            {
                t("observe.standard", language): standard.short_en if language == "en" else standard.short,
                t("observe.score", language): format_percent(tally.score, language),
                t("observe.answer.met", language): tally.met,
                t("observe.answer.not_met", language): tally.not_met,
                t("observe.answer.na", language): tally.not_applicable,
                t("observe.answer.not_observed", language): tally.not_observed,
            }
        )
    observation_view.table(rows, key="observe_scores")


def _critical_list(checklists, score, language) -> None:
    if score.critical_breaches:
        labels = [checklists.entry(i).item.label for i in score.critical_breaches]
        st.error(t("observe.critical_breaches", language, items="; ".join(labels)))


def _summary(db, checklists, user, observation, steps, at_key, step_label, language) -> None:
    score = service.score_of(checklists, observation)
    st.subheader(t("observe.summary", language))
    st.metric(t("observe.overall", language), format_percent(score.overall.score, language))
    _critical_list(checklists, score, language)
    if observation["employee_acknowledged"] is False:
        st.warning(t("observe.not_acknowledged", language))
    _score_table(checklists, score, language)

    good_key = f"notes_good_{observation['id']}"
    improve_key = f"notes_improve_{observation['id']}"

    def save_notes():
        try:
            service.record_notes(
                db,
                user,
                observation["id"],
                st.session_state.get(good_key, ""),
                st.session_state.get(improve_key, ""),
            )
        except InputError as error:
            st.session_state[ERROR] = str(error)

    st.text_area(
        t("observe.notes_good", language),
        value=observation["notes_good"] or "",
        key=good_key,
        max_chars=service.NOTES_MAX,
        on_change=outage.callback(save_notes),
    )
    st.text_area(
        t("observe.notes_improve", language),
        value=observation["notes_improve"] or "",
        key=improve_key,
        max_chars=service.NOTES_MAX,
        on_change=outage.callback(save_notes),
    )

    if observation["status"] == "sent":
        if st.button(t("observe.finish_edit", language), type="primary", width="stretch"):
            save_notes()
            del st.query_params["edycja"]
            st.rerun()
        return
    problems = service.problems_before_send(checklists, observation)
    for problem in problems:
        st.warning(problem)
    # Unanswered items are answered on their standard's step, never from here, so no standard
    # is finished without being shown: each such standard is one tap away.
    for step in steps[:-1]:
        if score.by_standard[step].unanswered:
            st.button(
                step_label(step),
                key=f"jump_{step}",
                on_click=_go_to,
                args=(at_key, step),
                icon=":material/arrow_forward:",
                width="stretch",
            )
    if st.button(
        t("observe.send", language),
        type="primary",
        icon=":material/send:",
        width="stretch",
        disabled=bool(problems),
        key=f"send_{observation['id']}",
    ):
        save_notes()
        try:
            service.send(db, checklists, user, observation["id"])
        except InputError as error:
            st.error(str(error))
            return
        flash.success(t("observe.sent", language))
        st.session_state[SCROLL_TOP] = True
        st.rerun()
    with st.expander(t("observe.discard", language), icon=":material/delete:"):
        _delete_draft_form(db, user, observation["id"], language)


def _sent_screen(db, checklists, observation, language) -> None:
    score = service.score_of(checklists, observation)
    who = plain(observation["employee_name"] or observation["department_name"])
    st.markdown(
        f"**{who}** · {_kind_label(checklists, Kind(observation['kind']), language)} · "
        f"{format_datetime(observation['observed_at'], language)}"
    )
    st.metric(t("observe.overall", language), format_percent(score.overall.score, language))
    _critical_list(checklists, score, language)
    actions.observation_offers(db, checklists, observation, language)  # items not met -> actions
    _score_table(checklists, score, language)
    new, mine = st.columns(2)
    if new.button(t("observe.new", language), type="primary", icon=":material/add:", width="stretch"):
        _close()
        st.rerun()
    if service.editable(observation) and mine.button(
        t("observe.edit", language), icon=":material/edit:", width="stretch"
    ):
        _open(observation["id"], edit=True)
