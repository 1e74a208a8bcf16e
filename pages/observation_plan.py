"""The observation plan: for a chosen quarter (the current one first) each department of the
user's scope with its completion ("18 z 24"), who is due for an observation (least recently
observed first) and the standards not observed; management sets each department's plan and
copies the previous quarter's in one tap, a supervisor reads."""

import streamlit as st

from checklists.loading import current_checklists
from i18n import format_date, t
from services import observation_plan as service
from services.clock import now
from services.organisation import InputError
from ui import flash, session
from ui.text import plain

URL_PATH = "plan-obserwacji"
QUARTER = "plan_quarter"
QUARTERS_BACK, QUARTERS_AHEAD = 4, 2  # the quarters offered around the current one


def render() -> None:
    user = session.require("observation_plan")
    language = user.language
    db = session.database()
    checklists = current_checklists()
    st.title(t("plan.title", language))
    current = service.quarter_of(now().date())
    year, quarter = st.selectbox(
        t("plan.quarter", language),
        _quarters(current),
        index=QUARTERS_BACK,
        format_func=lambda q: quarter_label(*q, language),
        placeholder=t("common.choose", language),  # else Streamlit's English "Choose an option"
        key=QUARTER,
    )
    st.caption(t("plan.counting", language))
    rows = service.progress(db, user, year, quarter)
    if not rows:
        st.info(t("plan.no_departments", language))
        return
    editable = service.may_edit(user) and (year, quarter) >= current
    if not service.may_edit(user):
        st.info(t("plan.read_only", language))
    elif not editable:
        st.info(t("plan.past", language))
    else:
        _copy_button(db, user, year, quarter, language)
    if len(rows) > 1:  # one department: its heading below says the same
        _overview(rows, language)
    # management looks across the office (the table above) and opens a department; a supervisor
    # has one or two departments: open at once
    expanded = not service.may_edit(user) or len(rows) == 1
    for row in rows:
        with st.expander(_heading(row, language), expanded=expanded):
            _department(db, checklists, user, row, year, quarter, editable, language)


def quarter_label(year: int, quarter: int, language: str) -> str:
    number = service.ROMAN[quarter] if language == "pl" else quarter  # Polish numbers quarters in Roman
    return t("plan.quarter_name", language, number=number, year=year)


def _quarters(current: tuple[int, int]) -> list[tuple[int, int]]:
    """QUARTERS_BACK quarters before the current one, it, and QUARTERS_AHEAD after it."""
    index = current[0] * 4 + current[1] - 1
    return [(i // 4, i % 4 + 1) for i in range(index - QUARTERS_BACK, index + QUARTERS_AHEAD + 1)]


def _done_text(row, language: str) -> str:
    if not row.planned:
        return t("plan.no_plan", language)
    return t("plan.done_of", language, done=row.done, planned=row.planned)


def _overview(rows, language: str) -> None:
    st.dataframe(
        [
            {
                t("common.department", language): row.name,
                t("plan.column.done", language): _done_text(row, language),
                t("plan.column.due", language): len(row.due),
                t("plan.column.unobserved", language): len(row.unobserved_in_quarter),
            }
            for row in rows
        ],
        hide_index=True,
        width="stretch",
    )


def _kind_title(checklists, kind: str, language: str) -> str:
    info = checklists.handbook.kinds[kind]
    return info.title_en if language == "en" else info.title


def _standard_names(checklists, ids: list[str], language: str) -> str:
    return ", ".join(
        (s.short_en if language == "en" else s.short) for s in (checklists.standard(i) for i in ids)
    )


def _heading(row, language: str) -> str:
    return t("plan.department_heading", language, name=plain(row.name), done=_done_text(row, language))


def _department(db, checklists, user, row, year, quarter, editable: bool, language: str) -> None:
    if row.plan:
        items = [
            t(
                "plan.per_department" if kind == service.PER_DEPARTMENT else "plan.per_employee",
                language,
                kind=_kind_title(checklists, kind, language),
                n=row.plan[kind],
            )
            for kind in service.KINDS
            if kind in row.plan
        ]
        st.markdown(t("plan.plan_line", language, employees=row.employees, items="; ".join(items)))
    if row.due:
        st.markdown(t("plan.due", language))
        st.dataframe(
            [
                {
                    t("plan.column.employee", language): person.name,
                    t("plan.column.done", language): t(
                        "plan.done_of", language, done=person.done, planned=person.planned
                    ),
                    t("plan.column.last", language): format_date(person.last_observed_at.date(), language)
                    if person.last_observed_at
                    else t("plan.never", language),
                }
                for person in row.due
            ],
            hide_index=True,
            width="stretch",
        )
    elif row.planned:
        st.markdown(t("plan.nobody_due", language))
    if row.unobserved_in_quarter:
        names = _standard_names(checklists, row.unobserved_in_quarter, language)
        st.markdown(t("plan.unobserved_in_quarter", language, names=names))
    else:
        st.markdown(t("plan.all_observed_in_quarter", language))
    if row.never_observed_standards:
        names = _standard_names(checklists, row.never_observed_standards, language)
        st.markdown(t("plan.never_observed", language, names=names))
    if editable:
        _edit_form(db, checklists, user, row, year, quarter, language)


def _edit_form(db, checklists, user, row, year, quarter, language: str) -> None:
    # keyed by department and quarter: another quarter's form starts from that quarter's plan
    with st.form(f"plan_{row.department_id}_{year}_{quarter}"):
        columns = st.columns(len(service.KINDS))
        counts = {
            kind: column.number_input(
                t(
                    "plan.input_per_department"
                    if kind == service.PER_DEPARTMENT
                    else "plan.input_per_employee",
                    language,
                    kind=_kind_title(checklists, kind, language),
                ),
                min_value=0,
                max_value=service.MAX_PER_KIND,
                step=1,
                value=row.plan.get(kind, 0),
            )
            for kind, column in zip(service.KINDS, columns, strict=True)
        }
        if not st.form_submit_button(t("plan.save", language), type="primary"):
            return
    try:
        changed = service.set_plan(db, user, row.department_id, year, quarter, counts)
    except InputError as error:
        st.error(str(error))
        return
    if changed:
        flash.success(
            t("plan.saved", language, name=plain(row.name), quarter=quarter_label(year, quarter, language))
        )
    else:
        flash.success(t("plan.unchanged", language))
    st.rerun()


def _copy_button(db, user, year, quarter, language: str) -> None:
    previous = service.previous_quarter(year, quarter)
    help_text = t(
        "plan.copy_help",
        language,
        quarter=quarter_label(year, quarter, language),
        previous=quarter_label(*previous, language),
    )
    pressed = st.button(t("plan.copy", language), icon=":material/content_copy:", key="plan_copy")
    st.caption(help_text)  # shown, not a hover tip: a tablet has no hover
    if not pressed:
        return
    try:
        count = service.copy_previous(db, user, year, quarter)
    except InputError as error:
        st.error(str(error))
        return
    flash.success(t("plan.copied", language, count=count) if count else t("plan.copied_none", language))
    st.rerun()
