"""Management dashboard: quality trends by department and standard, client satisfaction,
coverage and calibration. Filters live in the URL; per-employee figures only in their own
tab, for management and the employees' own supervisors.

Fast at a year of a large office: query results and charts are kept until the data they read
changes (analytics.cache.DASHBOARD), only the open tab is computed and sent, and the tabs and the
export are fragments, so a tab, a heat-map cell or an export button reruns only its part."""

import re
from datetime import date

import streamlit as st

from accounts.roles import Role
from analytics import export, figures, headline, queries, summaries
from analytics.cache import BOTH, DASHBOARD, OBSERVED, RATED
from analytics.filters import CHANNELS, PRESETS, Filters, from_params, preset
from analytics.statistics import min_observations
from checklists.loading import current_checklists
from checklists.schema import Answer, Kind
from i18n import DEFAULT_LANGUAGE, format_date, format_datetime, format_number, t
from pages import actions, report_download
from services import actions as actions_service
from services import audit_trail, observation_plan, organisation
from services.clock import now
from ui import downloads, observation_view, session
from ui.text import plain

QUOTED_PARAMS = ("od", "do", "dzialy", "kanal")
READABLE = re.compile(r"[0-9A-Za-z,-]*")
DRILL_DEPARTMENT, DRILL_STANDARD = "dash_drill_dept", "dash_drill_standard"
HEATMAP, HIGHLIGHT = "dash_heatmap", "dash_highlight"
TAB = "dash_tab"
KEPT_CHOICES = (DRILL_DEPARTMENT, DRILL_STANDARD, "dash_drill_item", HIGHLIGHT, "dash_comment_rating")

# Tiles and filters reflow instead of cutting text: tiles on a grid of at most four columns,
# each at least 13rem wide (four a row at 1024 px and wider, three at 810), with labels and values
# that wrap instead of ending in "…"; the filters in two rows that wrap where they do not fit.
_CSS = """
<style>
.st-key-dash_tiles {
    display: grid !important;
    grid-template-columns: repeat(auto-fill, minmax(max(13rem, calc((100% - 3rem) / 4)), 1fr));
}
.st-key-dash_tiles > div {
    width: auto !important; min-width: 0 !important; height: auto !important; align-self: stretch !important;
}
.st-key-dash_tiles [data-testid="stMetricLabel"] *, .st-key-dash_tiles [data-testid="stMetricValue"] * {
    white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
[class*="st-key-dash_filters_"] > div { flex: 1 1 12rem !important; min-width: 12rem !important; }
[class*="st-key-dash_filters_"] > .st-key-dash_preset { flex: 0 0 auto !important; }
[class*="st-key-dash_filters_"] > .st-key-dash_range {
    flex: 0 1 20rem !important; min-width: 17rem !important;
}
[class*="st-key-dash_filters_"] > .st-key-dash_departments { flex: 3 1 18rem !important; }
</style>
"""
PRESET_KEYS = {
    "month": "dash.preset.month",
    "quarter": "dash.preset.quarter",
    "year": "dash.preset.year",
    "custom": "dash.preset.custom",
}


def render() -> None:
    user = session.require("dashboard")
    language = user.language
    db = session.database()
    checklists = current_checklists()
    st.html(_CSS)
    st.title(t("dash.title", language))

    visible = user.visible_department_ids()
    depts = (
        organisation.list_departments(db, ids=visible)
        if visible is not None
        else organisation.list_departments(db)
    )
    codes = {d["code"]: d["name"] for d in depts}
    versions = set(_query(db, OBSERVED, queries.handbook_versions)) | {checklists.version}
    today = now().date()  # office time, as the stored data
    filters, warnings = from_params(
        _quotable(st.query_params.to_dict()), today=today, known_codes=set(codes), versions=versions
    )
    for warning in warnings:
        st.warning(warning)
    filters = _filter_widgets(filters, codes, sorted(versions), checklists, today, language)
    if filters.to_params() != st.query_params.to_dict():
        st.query_params.from_dict(filters.to_params())

    scope = queries.resolve_scope(db, filters, visible)
    standard_names, labels, sources = _names(checklists)
    module_names = {m.id: m.title for m in checklists.modules()}

    _tiles(_tile_list(db, scope, checklists.version, language))
    _quality_loop(db, scope, user, today, language)
    names_allowed = user.role in (Role.MANAGEMENT, Role.SUPERVISOR)
    _tabs(db, scope, user, names_allowed, standard_names, module_names, labels, sources, language)
    _export_section(db, scope, checklists, user, names_allowed, language)


def _query(db, reads: tuple[str, ...], query, *args, **options):
    """`query(db, *args, **options)`, kept until the data it `reads` changes (analytics.cache)."""
    key = (query.__module__, query.__qualname__, args, tuple(sorted(options.items())))
    return DASHBOARD.get(db, reads, key, lambda: query(db, *args, **options))


def _chart(db, reads: tuple[str, ...], depends_on: tuple, build, **options) -> None:
    """The plotly figure `build()` makes, kept with the data it shows (`depends_on` names what
    else it depends on), drawn at full width."""
    st.plotly_chart(DASHBOARD.get(db, reads, depends_on, build), width="stretch", **options)


# --- the first view's results, named so that prepare_first_view computes exactly what the page asks


def _names(checklists) -> tuple[dict, dict, dict]:
    """Standards' short names, items' labels and items' handbook sources, by id."""
    entries = checklists.all_entries()
    return (
        {s.id: s.short for s in checklists.standards},
        {e.item.id: e.item.label for e in entries},
        {e.item.id: e.item.source for e in entries},
    )


def _tile_list(db, scope, version: str, language: str) -> list[summaries.Tile]:
    return DASHBOARD.get(
        db,
        BOTH,
        ("tiles", scope, version, language),
        lambda: summaries.tiles(headline.headline_figures(db, scope, version), language),
    )


def _heatmap_figure(db, scope, cells, standard_names, language: str, chosen: tuple):
    return DASHBOARD.get(
        db,
        OBSERVED,
        ("heatmap", scope, language, chosen),
        lambda: figures.heatmap(cells, standard_names, language, chosen=chosen),
    )


def _first_target(cells, standard_names) -> tuple:
    """The cell the detail opens at: the weakest, where help is needed."""
    names = summaries.department_labels(cells)
    return summaries.weakest_cell(cells, standard_names) or (
        min(names, key=names.get),
        next(iter(standard_names)),
    )


def _cell_items(db, scope, department_id, standard_id: str, labels, language: str):
    narrowed = queries.Scope(scope.filters, (department_id,))
    return DASHBOARD.get(
        db,
        OBSERVED,
        ("cell_items", narrowed, standard_id, language),
        lambda: summaries.item_table(
            queries.item_results(db, narrowed, standard_id=standard_id, limit=100), labels, language
        ),
    )


def _pareto_figure(db, scope, labels, sources, language: str):
    """The items most often not met, or None when every item was met."""

    def build():
        unmet = queries.item_results(db, scope)
        unmet = unmet[unmet["not_met"] > 0]
        if unmet.empty:
            return None
        return figures.pareto(unmet, queries.total_not_met(db, scope), labels, sources, language)

    return DASHBOARD.get(db, OBSERVED, ("pareto", scope, language), build)


def prepare_first_view(db, language: str = DEFAULT_LANGUAGE) -> None:
    """Compute what management sees first (every department, the default period, the observations
    tab at its weakest cell) before anyone asks: server.py runs it in the background at start, so
    the first drawing after a start waits for no query. A viewer asking meanwhile waits for the
    same computation instead of repeating it (analytics.cache)."""
    checklists = current_checklists()
    filters, _ = from_params({}, today=now().date(), known_codes=set(), versions=set())
    scope = queries.resolve_scope(db, filters, None)
    standard_names, labels, sources = _names(checklists)
    _query(db, OBSERVED, queries.handbook_versions)
    _tile_list(db, scope, checklists.version, language)
    cells = _query(db, OBSERVED, queries.department_standard, scope)
    if not cells.empty:
        chosen = _first_target(cells, standard_names)
        _heatmap_figure(db, scope, cells, standard_names, language, chosen)
        _cell_items(db, scope, *chosen, labels, language)
    _pareto_figure(db, scope, labels, sources, language)


@st.fragment
def _tabs(db, scope, user, names_allowed, standard_names, module_names, labels, sources, language) -> None:
    """Only the open tab is computed and sent; switching tabs reruns this fragment alone."""
    tabs = {
        "observations": t("dash.tab.observations", language),
        "trend": t("dash.tab.trend", language),
        "clients": t("dash.tab.clients", language),
        "coverage": t("dash.tab.coverage", language),
        "critical": t("dash.tab.critical", language),
    }
    if names_allowed:
        tabs["employees"] = t("dash.tab.employees", language)
    if st.session_state.get(TAB) not in tabs.values():
        st.session_state.pop(TAB, None)  # a tab this viewer lacks, or the other language's label
    for key in KEPT_CHOICES:  # a choice in a closed tab is kept for when the tab opens again
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
    draw = {
        "observations": lambda: _observations_tab(db, scope, standard_names, labels, sources, language),
        "trend": lambda: _trend_tab(db, scope, language),
        "clients": lambda: _clients_tab(db, scope, language),
        "coverage": lambda: _coverage_tab(db, scope, standard_names, module_names, language),
        "critical": lambda: _critical_tab(db, scope, labels, language),
        "employees": lambda: _employees_tab(db, scope, user, language),
    }
    for name, part in zip(tabs, st.tabs(list(tabs.values()), key=TAB, on_change="rerun"), strict=True):
        if part.open:
            with part:
                draw[name]()


def _critical_tab(db, scope, labels, language) -> None:
    breaches = _query(db, OBSERVED, queries.critical_breaches, scope)
    if breaches.empty:
        st.info(t("dash.none", language))
        return
    names = summaries.department_labels(breaches)
    st.dataframe(
        {
            t("common.when", language): [format_datetime(v, language) for v in breaches["observed_at"]],
            t("common.department", language): [names[d] for d in breaches["department_id"]],
            t("mine.item", language): [labels.get(i, i) for i in breaches["item_id"]],
        },
        hide_index=True,
        width="stretch",
    )


def _tiles(tiles: list[summaries.Tile]) -> None:
    """The headline tiles, each with its n and interval (or why it is withheld) inside its border."""
    with st.container(horizontal=True, key="dash_tiles"):
        for index, tile in enumerate(tiles):
            with st.container(border=True, key=f"dash_tile_{index}"):
                st.metric(
                    tile.label,
                    tile.value,
                    tile.delta,
                    help=tile.help,
                    delta_color="off"
                    if not tile.delta_is_change
                    else "inverse"
                    if tile.lower_is_better
                    else "normal",
                    delta_arrow="auto" if tile.delta_is_change else "off",
                )
                st.caption(tile.detail)


def _quality_loop(db, scope, user, today: date, language: str) -> None:
    """The improvement actions of the departments shown, and this quarter's observation plan
    completion. Read on every run, outside the figures' cache: neither moves a data version."""
    counts = actions_service.counts_for(db, user, today, scope.department_ids)
    line = t(
        "dash.actions_line",
        language,
        open=counts.open,
        overdue=counts.overdue,
        closed=counts.closed_this_quarter,
    )
    done, planned = observation_plan.office_completion(db, user, *observation_plan.quarter_of(today))
    if planned:
        line += " · " + t("dash.plan_line", language, done=done, planned=planned)
    st.markdown(line)


def _quotable(params: dict[str, str]) -> dict[str, str]:
    """The warnings quote an unreadable date or department code from the URL: one with anything
    but letters, digits, "-" and "," (never a valid date or code) is escaped to show as typed."""
    return {
        name: plain(value) if name in QUOTED_PARAMS and not READABLE.fullmatch(value) else value
        for name, value in params.items()
    }


@st.fragment
def _export_section(db, scope, checklists, user, with_names: bool, language) -> None:
    """Build the workbook only on demand (its button reruns this fragment, not the charts); keep
    it for these filters until they change."""
    st.subheader(t("dash.export", language))
    st.caption(t("dash.export_help", language))
    if with_names:
        st.caption(t("dash.export_names", language))
    key = (tuple(sorted(scope.filters.to_params().items())), scope.department_ids, with_names)
    built = st.session_state.get("dash_export")
    if (built is None or built["key"] != key) and st.button(t("dash.export_build", language)):
        with st.status(t("dash.export_building", language), expanded=True) as status:
            bar = st.progress(0.0)
            data = export.workbook_bytes(
                db,
                scope,
                checklists=checklists,
                made_by=user.display_name,
                with_names=with_names,
                progress=lambda fraction, text: bar.progress(fraction, text=text),
            )
            status.update(label=t("dash.export_ready", language), state="complete", expanded=False)
        built = st.session_state["dash_export"] = {"key": key, "data": data, "name": export.file_name(scope)}
    if built is not None and built["key"] == key:
        details = audit_trail.describe_scope(db, scope)
        downloads.personal_download(
            t("dash.export_download", language),
            lambda: built["data"],
            file_name=built["name"],
            mime=export.MIME,
            record=lambda: audit_trail.record_export(
                db,
                user.login,
                audit_trail.DASHBOARD_EXPORT,
                details=details,
                with_names=with_names,
                file_kind="xlsx",
            ),
            type="primary",
        )
    report_download.section(db, scope, checklists, user, language)


def _filter_widgets(
    filters: Filters, codes: dict, versions: list[str], checklists, today: date, language
) -> Filters:
    """Two rows of filters that wrap where they do not fit, so no value is cut (see _CSS)."""
    with st.container(border=True):
        period_row = st.container(horizontal=True, key="dash_filters_period")
        scope_row = st.container(horizontal=True, key="dash_filters_scope")

        def apply_preset() -> None:
            chosen = st.session_state.get("dash_preset")
            if chosen and chosen != "custom":
                st.session_state["dash_range"] = preset(chosen, today)

        period_row.segmented_control(
            t("dash.period", language),
            PRESETS,
            format_func=lambda p: t(PRESET_KEYS[p], language),
            key="dash_preset",
            on_change=apply_preset,
        )
        if "dash_range" not in st.session_state:
            st.session_state["dash_range"] = (filters.start, filters.end)
        chosen_range = period_row.date_input(
            t("dash.range", language), key="dash_range", format="DD.MM.YYYY", max_value=today
        )
        start, end = (
            chosen_range
            if isinstance(chosen_range, tuple) and len(chosen_range) == 2
            else (filters.start, filters.end)
        )
        chosen_codes = scope_row.multiselect(
            t("common.departments", language),
            list(codes),
            default=list(filters.department_codes),
            format_func=lambda c: codes[c],
            placeholder=t("dash.all_departments", language),
            key="dash_departments",
        )
        kinds = [None, *Kind]
        kind = scope_row.selectbox(
            t("observe.kind", language),
            kinds,
            index=kinds.index(filters.kind),
            key="dash_kind",
            format_func=lambda k: (
                t("mine.all", language) if k is None else checklists.handbook.kinds[k].title
            ),
            placeholder=t("dash.choose_kind", language),
        )
        version_options = [None, *versions]
        version = scope_row.selectbox(
            t("dash.version", language),
            version_options,
            key="dash_version",
            index=version_options.index(filters.handbook_version)
            if filters.handbook_version in version_options
            else 0,
            format_func=lambda v: t("mine.all", language) if v is None else v,
            placeholder=t("dash.choose_version", language),
        )
        channels = scope_row.multiselect(
            t("dash.channels", language),
            CHANNELS,
            default=list(filters.channels),
            format_func=lambda c: t(f"channel.{c}", language),
            placeholder=t("dash.all_channels", language),
            key="dash_channels",
        )
    channels = tuple(c for c in CHANNELS if c in channels)  # the URL's order, whatever the clicks' order
    return Filters(start, end, tuple(chosen_codes), kind, version, channels)


def _observations_tab(db, scope, standard_names, labels, sources, language) -> None:
    """The heat map first, its clicked cell's detail right below it, then the Pareto. (The score
    trend, ten panels to draw, has its own tab: the first view is drawn sooner.)"""
    cells = _query(db, OBSERVED, queries.department_standard, scope)
    if cells.empty:
        st.info(t("dash.none", language))
        return
    _heatmap_and_detail(db, scope, cells, standard_names, labels, sources, language)
    st.subheader(t("dash.pareto", language))
    pareto = _pareto_figure(db, scope, labels, sources, language)
    if pareto is not None:
        st.plotly_chart(pareto, width="stretch")


def _trend_tab(db, scope, language) -> None:
    """Each department's observation score by month on its Laney p′ chart."""
    monthly = _query(db, OBSERVED, queries.monthly_scores, scope)
    if monthly.empty:
        st.info(t("dash.none", language))
        return
    st.subheader(t("dash.score_trend", language))
    st.caption(t("dash.score_trend_help", language, min_n=min_observations()))
    with st.popover(t("fig.what_it_means", language)):  # its own line: a narrow column would cut it
        st.markdown(t("dash.score_trend_explained", language))
    _chart(db, OBSERVED, ("score_trend", scope, language), lambda: figures.score_trend(monthly, language))


def _heatmap_and_detail(db, scope, cells, standard_names, labels, sources, language) -> None:
    """Department × standard heat map; a click on a cell (or the two choices below it) opens
    that cell's items. The first target is the weakest cell: where help is needed."""
    names = summaries.department_labels(cells)
    departments = sorted(names, key=names.get)  # ids from the scoped query: no other department
    weakest = summaries.weakest_cell(cells, standard_names)
    if (
        st.session_state.get(DRILL_DEPARTMENT) not in departments
        or st.session_state.get(DRILL_STANDARD) not in standard_names
    ):
        st.session_state[DRILL_DEPARTMENT], st.session_state[DRILL_STANDARD] = _first_target(
            cells, standard_names
        )
    chosen = (st.session_state[DRILL_DEPARTMENT], st.session_state[DRILL_STANDARD])

    st.subheader(t("dash.heatmap", language))
    st.caption(t("dash.heatmap_help", language, min_n=min_observations()))
    by_text = {str(department_id): department_id for department_id in departments}

    def open_clicked_cell() -> None:
        """The clicked point's customdata is [department id, standard id]; anything else (a
        department outside this viewer's scope included) is ignored."""
        points = st.session_state[HEATMAP]["selection"]["points"]
        department, standard = (points[0].get("customdata") or [None, None]) if points else (None, None)
        if department in by_text and standard in standard_names:
            st.session_state[DRILL_DEPARTMENT], st.session_state[DRILL_STANDARD] = (
                by_text[department],
                standard,
            )

    st.plotly_chart(
        _heatmap_figure(db, scope, cells, standard_names, language, chosen),
        width="stretch",
        key=HEATMAP,
        on_select=open_clicked_cell,
        selection_mode="points",
    )

    st.subheader(t("dash.drilldown", language))
    if chosen == weakest:
        st.caption(t("dash.drill_start", language))
    department_column, standard_column = st.columns(2)
    department_id = department_column.selectbox(
        t("common.department", language),
        departments,
        format_func=names.get,
        key=DRILL_DEPARTMENT,
        placeholder=t("dash.choose_department", language),
    )
    standard_id = standard_column.selectbox(
        t("observe.standard", language),
        list(standard_names),
        format_func=standard_names.get,
        key=DRILL_STANDARD,
        placeholder=t("dash.choose_standard", language),
    )
    department_cells = cells[cells["department_id"] == department_id]
    cell = department_cells[department_cells["standard_id"] == standard_id]
    value, detail = summaries.score_text(
        summaries.score_of(cell.iloc[0].to_dict() if len(cell) else {}), language
    )
    st.caption(t("dash.drill_cell", language, value=value, detail=detail))
    # The dashboard's roles are the actions page's roles (test_actions_page checks it).
    if len(department_cells) and standard_id is not None:
        period = f"{format_date(scope.filters.start, language)}–{format_date(scope.filters.end, language)}"
        st.page_link(
            st.Page(actions.render, url_path=actions.URL_PATH),
            label=t("dash.plan_action", language),
            icon=":material/assignment_turned_in:",
            query_params={
                actions.DEPARTMENT_PARAM: department_cells["department_code"].iloc[0],
                actions.STANDARD_PARAM: standard_id,
                actions.PERIOD_PARAM: period,
            },
        )
    narrowed = queries.Scope(scope.filters, (department_id,))
    items = _cell_items(db, scope, department_id, standard_id, labels, language)
    if items.empty:
        st.info(t("dash.none", language))
    else:
        st.dataframe(items.drop(columns="_id"), hide_index=True, width="stretch")
        item_id = st.selectbox(
            t("mine.item", language),
            list(items["_id"]),
            format_func=labels.get,
            key="dash_drill_item",
            placeholder=t("dash.choose_item", language),
        )
        st.caption(f"„{sources.get(item_id, '')}”")
        behind = _query(db, OBSERVED, queries.item_observations, narrowed, item_id, with_names=False)
        st.dataframe(
            {
                t("common.when", language): [format_datetime(v, language) for v in behind["observed_at"]],
                t("mine.answer", language): [
                    t(observation_view.ANSWER_KEYS[Answer(a)], language) for a in behind["answer"]
                ],
            },
            hide_index=True,
            width="stretch",
        )
    with st.expander(t("dash.department_standards", language)):
        table = summaries.standard_table(department_cells, standard_names, language)
        st.dataframe(table.drop(columns="_id"), hide_index=True, width="stretch")


def _clients_tab(db, scope, language) -> None:
    monthly = _query(db, RATED, queries.monthly_satisfaction, scope)
    if monthly.empty:
        st.info(t("dash.none", language))
        return
    by_channel = _query(db, RATED, queries.ratings_by_channel, scope)
    counts = " · ".join(
        f"{t(f'channel.{row.channel}', language)} {format_number(row.ratings, language, 0)}"
        for row in by_channel.itertuples()
    )
    st.markdown(t("dash.by_channel", language, counts=counts))
    st.subheader(t("dash.satisfaction_trend", language))
    names = summaries.department_labels(monthly[monthly["department_id"].notna()])  # not "no department"
    departments = sorted(names, key=names.get)
    highlight = None
    if len(departments) > 1:
        if st.session_state.get(HIGHLIGHT) not in departments:
            st.session_state[HIGHLIGHT] = summaries.lowest_satisfaction(monthly) or departments[0]
        highlight = st.selectbox(
            t("dash.highlight", language),
            departments,
            format_func=names.get,
            key=HIGHLIGHT,
            width=480,
            help=t("dash.highlight_help", language),
            placeholder=t("dash.choose_department", language),
        )
    _chart(
        db,
        RATED,
        ("satisfaction_trend", scope, language, highlight),
        lambda: figures.satisfaction_trend(monthly, language, highlight),
    )
    st.subheader(t("dash.criteria", language))
    criteria = _query(db, RATED, headline.criterion_figures, scope)
    criterion_labels = {f"satisfied.{key}": t(f"criterion.{key}", language) for key in queries.CRITERIA}
    _chart(
        db,
        RATED,
        ("criteria", scope, language),
        lambda: figures.criteria_bars(criteria, criterion_labels, language),
    )
    st.subheader(t("dash.hours", language))
    st.caption(t("dash.hours_no_paper", language))
    hours = _query(db, RATED, queries.rating_hours, scope)
    _chart(db, RATED, ("hours", scope, language), lambda: figures.hour_weekday(hours, language))
    st.subheader(t("dash.comments", language))
    overall = st.multiselect(
        t("moderation.rating", language),
        [1, 2, 3, 4, 5],
        key="dash_comment_rating",
        placeholder=t("mine.all", language),
    )
    comments = _query(db, RATED, queries.approved_comments, scope, overall=tuple(overall))
    if comments.empty:
        st.info(t("dash.none", language))
        return
    names = summaries.department_labels(
        comments.assign(department_id=comments["department_id"].astype(object))
    )
    st.dataframe(  # a dataframe shows text as text: never HTML or Markdown
        {
            t("common.when", language): [format_datetime(v, language) for v in comments["created_at"]],
            t("common.department", language): [
                names.get(d, name)
                for d, name in zip(comments["department_id"], comments["department"], strict=True)
            ],
            t("moderation.rating", language): comments["overall"],
            t("common.comment", language): comments["comment"],
        },
        hide_index=True,
        width="stretch",
    )


def _coverage_tab(db, scope, standard_names, module_names, language) -> None:
    coverage = _query(db, OBSERVED, queries.coverage, scope)
    if coverage.empty:
        st.info(t("dash.none", language))
        return
    st.subheader(t("dash.coverage", language))
    gaps = summaries.coverage_gaps(
        coverage, _query(db, OBSERVED, queries.module_use, scope), standard_names, module_names, language
    )
    st.dataframe(gaps, hide_index=True, width="stretch")
    st.subheader(t("dash.calibration", language))
    st.caption(t("dash.calibration_help", language))
    calibration = DASHBOARD.get(  # the agreement statistics take longer than the query
        db,
        OBSERVED,
        ("calibration", scope, language),
        lambda: summaries.calibration_table(queries.calibration_pairs(db, scope), standard_names, language),
    )
    if calibration.empty:
        st.info(t("dash.no_calibration", language))
    else:
        st.dataframe(calibration, hide_index=True, width="stretch")


def _employees_tab(db, scope, user, language) -> None:
    """Names reach the browser only when asked for, and each asking is in the audit log (RODO)."""
    st.caption(t("dash.employees_help", language, min_n=min_observations()))
    if not st.toggle(t("dash.show_names", language), key="dash_show_names"):
        st.caption(t("dash.names_logged", language))
        return
    rows = _query(db, OBSERVED, queries.employee_scores, scope)
    if rows.empty:
        st.info(t("dash.none", language))
        return
    # the employees by id, so a data subject's question "who saw my results?" has an answer
    details = {**audit_trail.describe_scope(db, scope), "pracownicy": sorted(map(str, rows["employee_id"]))}
    audit_trail.record_view(db, user, audit_trail.EMPLOYEE_SCORES, None, details)
    st.dataframe(summaries.employee_table(rows, language), hide_index=True, width="stretch")
