"""What every page of the workbook shares: the plan in hand, the language, translations, cached
planner results, the guidance box, table editing, error display and the workshop frame.

Shared state lives in non-widget keys of ``st.session_state``: ``plan`` (the current ``Plan``),
``plan_id`` and ``base_revision`` (where it lives in the plan store, and the revision it is based
on), ``lang`` (``"en"`` or ``"fr"``) and ``workshop`` (bool). Every change to the plan goes
through a planner function and then :func:`commit_plan` (or :func:`set_plan`), which saves it as
a new revision. Widget keys start with their page's name, so an opened plan can reset them all.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import importlib
import sys
import threading
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from babel.dates import format_datetime as _babel_format_datetime
from babel.dates import format_time as _babel_format_time
from pydantic import ValidationError

from planner import PlanFileError, PlannerError, Problem, assess, build_timeline, forecast
from planner import figures as planner_figures
from planner.i18n import LANGUAGES, format_date, format_number, render, translate
from planner.indicators import NOT_ASSESSED, Assessment, Level
from planner.models import SCHEMA_VERSION, Language, Plan
from planner.planfile import load_plan, parse_plan
from planner.store import PlanConflict, PlanInBin, PlanNotFound, PlanStore, Revision
from planner.tables import (
    ColumnKind,
    Table,
    apply_rows,
    choice_label,
    column_label,
    inspect_table_file,
    table_columns,
    table_label,
    table_rows,
)
from planner.timeline import Timeline

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "sample_data"

#: The workbook's steps, in order: file name in pages/ (also the widget-key prefix) and icon.
PAGES: tuple[tuple[str, str], ...] = (
    ("plan", ":material/flag:"),
    ("communities", ":material/groups:"),
    ("populations", ":material/diversity_3:"),
    ("people", ":material/badge:"),
    ("sponsors", ":material/campaign:"),
    ("timeline", ":material/calendar_month:"),
    ("readiness", ":material/fact_check:"),
    ("forecast", ":material/trending_up:"),
    ("export", ":material/download:"),
)
PAGE_NAMES = tuple(name for name, _ in PAGES)

#: Sample plans offered in the sidebar: key → file in sample_data/.
SAMPLES: dict[str, str] = {
    "fr-industrie": "fr-industrie-plan.json",
    "en-team": "en-team-plan.json",
    "critical": "critical-plan.json",
}
FIRST_SAMPLE = "fr-industrie"

#: Which page fixes each indicator, and which indicators each page answers for.
INDICATOR_PAGES: dict[str, str] = {
    "launch_duration": "plan",
    "target_populations": "populations",
    "totem_subject": "communities",
    "sponsor_support": "sponsors",
    "core_team": "people",
    "ambassadors": "people",
    "resistance": "populations",
    "momentum": "sponsors",
}
PAGE_INDICATORS: dict[str, tuple[str, ...]] = {
    page: tuple(i for i, p in INDICATOR_PAGES.items() if p == page) for page in PAGE_NAMES
}

LEVEL_BADGES: dict[Level, tuple[str, str]] = {
    Level.OK: ("green", ":material/check_circle:"),
    Level.WATCH: ("orange", ":material/error:"),
    Level.CRITICAL: ("red", ":material/cancel:"),
}

_MAX_FINDINGS = 6


# --------------------------------------------------------------------------------------------
# State


def lang() -> str:
    """The language the user chose."""
    return str(st.session_state.get("lang", "en"))


def t(key: str, **params: Any) -> str:
    """Translate a catalogue id into the user's language."""
    return translate(key, lang(), **params)


def labels(prefix: str) -> Callable[[Any], str]:
    """A format_func naming options by catalogue id ``prefix + option``, in today's language.

    The language is fixed when the widget is drawn: the function may be called later, outside
    the script run (AppTest does), where the session state cannot be read.
    """
    language = lang()
    return lambda option: translate(f"{prefix}{option}", language)


def lang_key(name: str) -> str:
    """A widget key for today's language, carrying the choice over from the other language.

    A select box or radio whose option labels are translated must not keep its key across a
    language switch: Streamlit matches the stored choice by its label, which no longer exists,
    and hands back the stale label. A key per language avoids that; the choice made in the other
    language is copied over, so switching language never loses it.
    """
    key = f"{name}.{lang()}"
    if key not in st.session_state:
        for other in LANGUAGES:
            previous = f"{name}.{other}"
            if previous != key and previous in st.session_state:
                st.session_state[key] = st.session_state[previous]
                break
    return key


def current_plan() -> Plan:
    """The plan in hand (saved first if something replaced it without saving)."""
    if "plan" not in st.session_state:
        # A deep link opened first on a fresh server runs the page alone, as Streamlit's old
        # pages/ folder mode; going through app.py sets up the state and the navigation.
        st.switch_page("app.py")
    sync_plan()
    plan: Plan = st.session_state["plan"]
    return plan


def page_path(page: str) -> str:
    """The path of a page, as st.switch_page and st.page_link take it."""
    return f"pages/{page}.py"


def set_plan(plan: Plan) -> NoReturn:
    """Replace the plan in hand, save it, and run the page again to show the new plan."""
    commit_plan(plan)
    st.rerun()


def reset_page_widgets() -> None:
    """Forget every page widget's state, so widgets show the values of a newly opened plan."""
    prefixes = tuple(f"{name}_" for name in (*PAGE_NAMES, "plans"))
    for key in list(st.session_state.keys()):
        if str(key).startswith(prefixes):
            del st.session_state[key]


def bind(key: str, value: Any) -> str:
    """Give a widget that shows a plan field its value from the plan, unless the user has one.

    Widgets bound to the plan take their value through Session State, never through their
    ``value`` argument: a value set this way also reaches the browser, so after another plan
    is opened (which forgets these keys) the widget shows the new plan, not the old one.
    Returns ``key``, for the widget's ``key`` argument.
    """
    if key not in st.session_state:
        st.session_state[key] = value
    return key


def open_plan(plan: Plan, *, note: str = "") -> None:
    """Make ``plan`` the plan in hand as a new plan in the store, forgetting the old widgets.

    Used for samples, empty plans and plan files: each becomes a stored plan of its own, so
    nothing the user had is replaced. Call it from a callback or before st.rerun.
    """
    revision = plan_store().create(plan, author=author(), note=note)
    hold_revision(revision)


def open_stored_plan(plan_id: str) -> None:
    """Open the newest revision of a stored plan (a callback, or before st.rerun).

    Raises:
        PlanNotFound: no plan with that id.
    """
    hold_revision(plan_store().latest(plan_id))


def hold_revision(revision: Revision) -> None:
    """Make a stored revision the plan in hand, and put its plan's id in the URL."""
    reset_page_widgets()
    st.session_state["plan"] = revision.plan
    st.session_state["plan_id"] = revision.plan_id
    st.session_state["base_revision"] = revision.number
    st.session_state["saved_plan"] = revision.plan
    st.session_state["saved_at"] = revision.created_at
    st.session_state.pop("conflict", None)
    st.query_params["plan"] = revision.plan_id


@st.cache_data(show_spinner=False)
def load_sample(name: str) -> Plan:
    """Read a sample plan (once; later calls get a copy from the cache)."""
    return load_plan(SAMPLE_DIR / SAMPLES[name])


def empty_plan(language: str) -> Plan:
    """A new plan with nothing in it but its name and language."""
    return Plan(
        schema_version=SCHEMA_VERSION,
        name=translate("ui.sidebar.new_plan_name", language),
        language=Language(language),
    )


# --------------------------------------------------------------------------------------------
# The plan store: one per process; every accepted change is a new revision.

#: Author of revisions saved by a session whose user gave no name.
DEFAULT_AUTHOR = "workbook"


@st.cache_resource(show_spinner=False)
def plan_store() -> PlanStore:
    """The plan store of this process (``TOTEM_DATABASE_URL``, or SQLite ``data/totem.db``)."""
    return PlanStore.from_env()


def author() -> str:
    """The label saved with this session's revisions: the name the user gave, or "workbook"."""
    name = str(st.session_state.get("author", "")).strip()
    return name or DEFAULT_AUTHOR


def start_session() -> None:
    """On a session's first run, open the plan named in the URL, or store a first plan.

    ``?plan=ID`` naming a stored plan (not in the bin) opens its newest revision; otherwise
    the plan already in the session (tests seed one) or the French sample is stored as a new
    plan, so a newcomer still sees the whole sample, and its id goes into the URL.
    """
    if "plan_id" in st.session_state:
        return
    requested = st.query_params.get("plan")
    if requested:
        store = plan_store()
        try:
            revision = store.latest(requested)
        except (PlanNotFound, PlanFileError):
            st.session_state["start_notice"] = "ui.store.link_missing"
        else:
            if not _in_bin(requested):
                hold_revision(revision)
                return
            st.session_state["start_notice"] = "ui.store.link_in_bin"
    plan = st.session_state.get("plan") or load_sample(FIRST_SAMPLE)
    open_plan(plan, note="first visit")


def _in_bin(plan_id: str) -> bool:
    return any(
        info.id == plan_id for info in plan_store().list_plans(include_deleted=True) if info.in_bin
    )


def keep_url() -> None:
    """Put the plan's id back in the URL (a page switch clears the query parameters)."""
    plan_id = st.session_state.get("plan_id")
    if plan_id and st.query_params.get("plan") != plan_id:
        st.query_params["plan"] = plan_id


def commit_plan(plan: Plan, *, note: str | None = None) -> bool:
    """Make ``plan`` the plan in hand and save it as a new revision; True when saved.

    When someone saved the plan since this session's revision, nothing is written: the plan
    stays in hand, unsaved, and the conflict is kept for :func:`conflict_box` to offer the
    choices. ``note`` defaults to the page the change was made on.
    """
    st.session_state["plan"] = plan
    st.session_state["saved_plan"] = plan  # whatever happens, this state has been handled
    try:
        revision = plan_store().save(
            st.session_state["plan_id"],
            plan,
            base_revision=int(st.session_state["base_revision"]),
            author=author(),
            note=st.session_state.get("current_page", "") if note is None else note,
        )
    except PlanConflict as exc:
        st.session_state["conflict"] = {
            "kind": "conflict",
            "latest": exc.latest_revision,
            "author": exc.latest_author,
            "at": exc.latest_at,
            "base": exc.base_revision,
        }
        return False
    except (PlanInBin, PlanNotFound):
        st.session_state["conflict"] = {"kind": "gone"}
        return False
    st.session_state["base_revision"] = revision.number
    st.session_state["saved_at"] = revision.created_at
    st.session_state.pop("conflict", None)
    return True


def sync_plan() -> None:
    """Save the plan in hand if something replaced it without going through commit_plan."""
    plan = st.session_state.get("plan")
    saved = st.session_state.get("saved_plan")
    if plan is None or plan is saved or "plan_id" not in st.session_state:
        return
    if plan == saved:
        st.session_state["saved_plan"] = plan
        return
    commit_plan(plan)


def _timezone() -> Any:
    name = getattr(st.context, "timezone", None)
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def clock(moment: datetime) -> str:
    """A time of day in the user's language and time zone (``15:04:05``, ``3:04:05 PM``)."""
    return str(_babel_format_time(moment, format="medium", tzinfo=_timezone(), locale=lang()))


def moment(value: datetime) -> str:
    """A date and time in the user's language and time zone."""
    return str(_babel_format_datetime(value, format="short", tzinfo=_timezone(), locale=lang()))


def save_status() -> None:
    """The sidebar's line saying whether every change is saved.

    It names no time on purpose: a successful save then changes nothing in the sidebar, so an
    edit can rerun its own part of the page alone (see :func:`save_part`); a failed save reruns
    the whole app, and this line says so. The history on the Plans page has every save's time.
    """
    if "conflict" in st.session_state:
        st.caption(f":orange[:material/sync_problem:] {t('ui.store.not_saved')}")
    elif st.session_state.get("saved_at") is not None:
        st.caption(f":material/cloud_done: {t('ui.store.saved')}")


def _reload_theirs() -> None:
    open_stored_plan(st.session_state["plan_id"])


def _keep_mine() -> None:
    mine: Plan = st.session_state["plan"]
    try:
        copy = Plan.model_validate(
            {**mine.model_dump(), "name": t("ui.store.copy_name", name=mine.name)}
        )
    except ValidationError:  # a name at its length limit: keep it as it is
        copy = mine
    open_plan(copy, note="kept as a copy after a conflict")


def conflict_box() -> None:
    """When the last change could not be saved, say why and offer the two ways out."""
    conflict = st.session_state.get("conflict")
    start_notice = st.session_state.pop("start_notice", None)
    if start_notice:
        st.info(t(start_notice), icon=":material/info:")
    if not conflict:
        return
    with st.container(border=True, key="store_conflict"):
        if conflict["kind"] == "conflict":
            st.warning(
                t(
                    "ui.store.conflict",
                    author=conflict["author"] or t("ui.store.someone"),
                    latest=conflict["latest"],
                    time=clock(conflict["at"]),
                    base=conflict["base"],
                ),
                icon=":material/sync_problem:",
            )
        else:
            st.warning(t("ui.store.gone"), icon=":material/sync_problem:")
        left, right = st.columns(2)
        if conflict["kind"] == "conflict":
            left.button(
                t("ui.store.reload_theirs"),
                key="store_reload_theirs",
                icon=":material/cloud_download:",
                help=t("ui.store.reload_theirs_help", latest=conflict["latest"]),
                on_click=_reload_theirs,
                width="stretch",
            )
        right.button(
            t("ui.store.keep_mine"),
            key="store_keep_mine",
            icon=":material/file_copy:",
            help=t("ui.store.keep_mine_help"),
            on_click=_keep_mine,
            type="primary",
            width="stretch",
        )


#: Modules only some pages need, slow to import (fpdf2, fontTools, openpyxl, icalendar: ~1 s).
_LATE_MODULES = ("planner.export",)


@functools.cache
def settle_process() -> None:
    """Once per process, after its first full run: load the rest, then freeze the heap.

    In a background thread, so the first visitor's page is not held up:

    - the export modules are imported now rather than on the first visit to the export page,
      which cost that visit ~1 s;
    - then ``gc.freeze()``: Streamlit, Plotly, pandas and pydantic leave ~250,000 long-lived
      objects (modules, classes, validators) that every full collection walked, ~90 ms, and
      the interpreter runs one whenever enough new objects survive, which is often with a
      large plan in hand (the slow tail of an edit). Freezing moves what is alive now out of
      the collector's sight; what is made later (plans, results, sessions) is collected as
      before.
    """

    if "streamlit.testing.v1" in sys.modules:
        # AppTest runs the pages inside the test process: freezing that heap would keep the
        # tests' own garbage (temporary directories, event loops) unfreed until exit.
        return

    def settle() -> None:
        for module in _LATE_MODULES:
            importlib.import_module(module)
        gc.collect()
        gc.freeze()

    threading.Thread(target=settle, name="totem-settle", daemon=True).start()


# --------------------------------------------------------------------------------------------
# Cached planner results: computed once per plan version (its JSON) and language.
#
# st.cache_resource, not st.cache_data: cache_data hands every caller a fresh copy through
# pickle, and unpickling an assessment or a Plotly figure (which re-validates every property)
# cost more than a page's whole run (docs/benchmarks.md, "Profiles"). These results are never
# changed after they are built, so one shared object per plan version is safe; the key is a
# digest of the plan, so a session only ever gets results of the plan it holds.


# Digests of each live plan object's JSON, so a run computes them once, not once per cached
# call. Only digests are kept here (plans are held weakly): no user's plan lives in module state.
_DIGESTS: dict[tuple[int, str], tuple[weakref.ref[Plan], str]] = {}


def _digest(plan: Plan, kind: str, exclude: frozenset[str] | None = None) -> str:
    slot = (id(plan), kind)
    entry = _DIGESTS.get(slot)
    if entry is not None and entry[0]() is plan:
        return entry[1]
    text = plan.model_dump_json(exclude=set(exclude) if exclude else None)
    key = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    reference = weakref.ref(plan, lambda _: _DIGESTS.pop(slot, None))
    _DIGESTS[slot] = (reference, key)
    return key


def plan_key(plan: Plan) -> str:
    """The cache key of a plan: a digest of its JSON, so any change gives a new key."""
    return _digest(plan, "plan")


def assessed_key(plan: Plan) -> str:
    """The cache key of a plan's assessment: its JSON without the fields no indicator reads.

    Renaming the organisation of a 200-community plan then finds the assessment already made
    (~40 ms saved on that edit): the edit's part can tell at once that the scorecard is the same.
    """
    return _digest(plan, "assessed", NOT_ASSESSED)


@st.cache_resource(show_spinner=False, max_entries=256)
def _view(kind: str, key: str, language: str, _build: Callable[[], Any]) -> Any:
    return _build()


def cached_view(kind: str, plan: Plan, build: Callable[[str, Plan, str], Any]) -> Any:
    """Build something shown for ``plan`` (texts, a table) once per plan version and language.

    ``build(kind, plan, language)`` must depend on nothing else.
    """
    language = lang()
    return _view(kind, plan_key(plan), language, lambda: build(kind, plan, language))


@st.cache_resource(show_spinner=False, max_entries=64)
def _assessment(key: str, _plan: Plan) -> Assessment:
    return assess(_plan)


@st.cache_resource(show_spinner=False, max_entries=64)
def _timeline(key: str, _plan: Plan) -> Timeline:
    return build_timeline(_plan)


@st.cache_resource(show_spinner=False, max_entries=64)
def _forecast(key: str, _plan: Plan) -> Any:
    return forecast(_plan, _plan.forecast)


def assessment(plan: Plan) -> Assessment:
    """The readiness assessment of ``plan`` (cached)."""
    return _assessment(assessed_key(plan), plan)


def timeline(plan: Plan) -> Timeline:
    """The timeline of ``plan`` (cached)."""
    return _timeline(plan_key(plan), plan)


def adoption(plan: Plan) -> Any:
    """The adoption forecast of ``plan`` with its own parameters (cached)."""
    return _forecast(plan_key(plan), plan)


_FIGURES: dict[str, Callable[[Plan, str], go.Figure]] = {
    "gantt": lambda plan, language: planner_figures.gantt_figure(
        timeline(plan), language, community_names={c.id: c.name for c in plan.communities}
    ),
    "readiness": lambda plan, language: planner_figures.readiness_figure(
        assessment(plan), language
    ),
    "scorecard": lambda plan, language: planner_figures.scorecard_figure(
        assessment(plan), language
    ),
    "resistance": planner_figures.resistance_heatmap,
    "adoption": lambda plan, language: planner_figures.adoption_figure(adoption(plan), language),
    "sponsors": planner_figures.sponsor_activity_figure,
    "ambassadors": planner_figures.ambassador_coverage_figure,
}


@st.cache_resource(show_spinner=False, max_entries=128)
def _figure(kind: str, key: str, language: str, _plan: Plan) -> go.Figure:
    return _FIGURES[kind](_plan, language)


def show_figure(kind: str, plan: Plan, *, key: str) -> None:
    """Draw one of the planner's figures of ``plan`` in the user's language (cached)."""
    figure = _figure(kind, plan_key(plan), lang(), plan)
    st.plotly_chart(figure, key=key, config={"displaylogo": False})


# --------------------------------------------------------------------------------------------
# Page frame: title, workshop mode, guidance


def page_header(page: str) -> None:
    """Start a page: workshop frame when on, title, and the guidance box."""
    plan = current_plan()
    if st.session_state.get("workshop"):
        workshop_frame(page, plan)
    st.title(t(f"ui.page.{page}.title"))
    guidance(page, plan)


def guidance(page: str, plan: Plan) -> None:
    """Say what the step is for, why it matters, and what the plan still lacks here."""
    with st.container(border=True):
        st.markdown(f":material/lightbulb: **{t(f'ui.guide.{page}.purpose')}**")
        st.markdown(t(f"ui.guide.{page}.why"))
        lines, total = cached_view(f"guidance:{page}", plan, _guidance_lines)
        if not lines:
            st.markdown(f":green[:material/check_circle:] {t('ui.guide.nothing_missing')}")
            return
        st.markdown(f"**{t('ui.guide.missing')}**")
        for level, text, action, fix_page in lines:
            line = f"{level_badge(level)} {text}"
            if action:
                line += f"  \n{t('ui.guide.action', action=action)}"
            st.markdown(line)
            if fix_page is not None and fix_page != page:
                st.page_link(
                    page_path(fix_page),
                    label=t("ui.guide.fix_on", page=t(f"ui.page.{fix_page}.title")),
                    icon=":material/arrow_forward:",
                )
        if total > len(lines):
            st.page_link(
                page_path("readiness"),
                label=t("ui.guide.more", count=total - len(lines)),
                icon=":material/fact_check:",
            )


_Line = tuple[Level, str, str, str | None]  # level, text, action, page that fixes it


def _guidance_lines(kind: str, plan: Plan, language: str) -> tuple[list[_Line], int]:
    """What is still missing for a page: the first lines, rendered, and how many there are.

    Only the lines shown are rendered: a plan with hundreds of populations has thousands of
    findings, and rendering them all would slow every rerun.
    """
    page = kind.removeprefix("guidance:")
    if page == "timeline":
        missing = timeline(plan).missing
        lines: list[_Line] = [(Level.WATCH, render(m, language), "", "plan") for m in missing]
        return lines, len(missing)
    if page == "forecast":
        skipped = adoption(plan).skipped
        lines = [(Level.WATCH, render(m, language), "", "populations") for m in skipped[:6]]
        return lines, len(skipped)
    result = assessment(plan)
    if page in ("readiness", "export"):
        weak = sorted(
            (i for i in result.indicators if i.level is not Level.OK), key=lambda i: i.score
        )
        lines = [
            (
                i.level,
                f"**{translate(f'indicator.{i.id}.name', language)}** — "
                f"{render(i.reason, language)}",
                render(i.action, language),
                INDICATOR_PAGES.get(i.id),
            )
            for i in weak
        ]
        return lines, len(lines)
    found = [
        (finding, indicator_id)
        for indicator_id in PAGE_INDICATORS.get(page, ())
        for finding in result.indicator(indicator_id).findings
        if finding.level is not Level.OK
    ]
    found.sort(key=lambda item: item[0].level is not Level.CRITICAL)
    lines = [
        (
            finding.level,
            render(finding.message, language),
            render(finding.action, language) if finding.action else "",
            INDICATOR_PAGES[indicator_id],
        )
        for finding, indicator_id in found[:_MAX_FINDINGS]
    ]
    return lines, len(found)


def level_badge(level: Level, text: str | None = None) -> str:
    """A coloured badge naming a level (with an icon, so it reads without colour)."""
    colour, icon = LEVEL_BADGES[level]
    return f":{colour}-badge[{icon} {text or t(f'level.{level.value}')}]"


def scorecard_tiles(plan: Plan, *, links: bool = True) -> None:
    """A compact scorecard: one tile per indicator with its level and score."""
    result = assessment(plan)
    st.markdown(t("ui.scorecard.overall", score=result.score) + " " + level_badge(result.level))
    per_row = 4
    indicators = list(result.indicators)
    for start in range(0, len(indicators), per_row):
        columns = st.columns(per_row)
        for column, indicator in zip(columns, indicators[start : start + per_row], strict=False):
            with column.container(border=True):
                st.markdown(f"**{t(f'indicator.{indicator.id}.name')}**")
                st.markdown(
                    level_badge(
                        indicator.level,
                        f"{indicator.score}/100 · {t(f'level.{indicator.level.value}')}",
                    )
                )
                if links and indicator.level is not Level.OK:
                    fix = INDICATOR_PAGES[indicator.id]
                    st.page_link(
                        page_path(fix),
                        label=t("ui.scorecard.fix"),
                        icon=":material/arrow_forward:",
                        help=t(f"ui.page.{fix}.title"),
                    )


# --------------------------------------------------------------------------------------------
# Workshop mode

_WORKSHOP_CSS = """
<style>
html { font-size: 22px; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li,
[data-testid="stWidgetLabel"] p, [data-testid="stCaptionContainer"] { font-size: 1.05rem; }
h1 { font-size: 2.6rem !important; }
h2 { font-size: 2.0rem !important; }
h3 { font-size: 1.6rem !important; }
[data-testid="stSidebarNav"] { display: none; }
</style>
"""


def workshop_frame(page: str, plan: Plan) -> None:
    """Large type, the step bar with Previous/Next, and the projected scorecard."""
    st.markdown(_WORKSHOP_CSS, unsafe_allow_html=True)
    index = PAGE_NAMES.index(page)
    total = len(PAGE_NAMES)
    with st.container(border=True):
        left, middle, right, leave = st.columns([1.6, 3.4, 1.6, 2.2], vertical_alignment="center")
        if left.button(
            t("ui.workshop.previous"),
            key=f"{page}_workshop_previous",
            icon=":material/arrow_back:",
            disabled=index == 0,
            width="stretch",
        ):
            st.switch_page(page_path(PAGE_NAMES[index - 1]))
        middle.markdown(
            f"### {t('ui.workshop.step', number=index + 1, total=total)} — "
            f"{t(f'ui.page.{page}.title')}"
        )
        if right.button(
            t("ui.workshop.next"),
            key=f"{page}_workshop_next",
            icon=":material/arrow_forward:",
            disabled=index == total - 1,
            type="primary",
            width="stretch",
        ):
            st.switch_page(page_path(PAGE_NAMES[index + 1]))
        leave.button(
            t("ui.workshop.leave"),
            key=f"{page}_workshop_leave",
            icon=":material/close_fullscreen:",
            on_click=set_workshop,
            args=(False,),
            width="stretch",
        )
        st.progress((index + 1) / total)
        projected_scorecard(plan)


def projected_scorecard(plan: Plan) -> None:
    """The scorecard in one line of badges, readable from the back of the room."""
    result = assessment(plan)
    badges = [
        level_badge(i.level, f"{t(f'indicator.{i.id}.name')} {i.score}") for i in result.indicators
    ]
    overall = t("ui.scorecard.overall", score=result.score)
    st.markdown(f"**{overall}** {level_badge(result.level)} &nbsp; " + " ".join(badges))


def set_workshop(on: bool) -> None:
    """Turn workshop mode on or off (a callback: it also moves the sidebar toggle)."""
    st.session_state["workshop"] = on
    st.session_state["app_workshop"] = on


# --------------------------------------------------------------------------------------------
# Problems


def checked_plan_file(upload: Any, *, texts: str) -> Plan | None:
    """Validate an uploaded plan file; show its problems or a summary; the plan when valid.

    ``texts`` is the catalogue prefix of the page's own wording (``<texts>.rejected`` and
    ``<texts>.valid``). Nothing changes here: the page decides what a valid file becomes.
    """
    try:
        candidate = parse_plan(upload.getvalue(), lang=lang())
    except PlanFileError as exc:
        show_problems(exc.problems, intro=t(f"{texts}.rejected", name=upload.name))
        return None
    st.success(
        t(
            f"{texts}.valid",
            name=candidate.name,
            communities=len(candidate.communities),
            sponsors=len(candidate.sponsors),
        ),
        icon=":material/check_circle:",
    )
    return candidate


def show_problems(problems: Sequence[Problem], *, intro: str | None = None) -> None:
    """Show problems next to the input concerned, one line each, in the user's language."""
    lines = [
        f"- {t('ui.problem', path=p.path, message=p.message) if p.path else p.message}"
        for p in problems
    ]
    header = intro or t("ui.problems.intro", count=len(problems))
    st.error(header + "\n" + "\n".join(lines), icon=":material/error:")


# --------------------------------------------------------------------------------------------
# Tables


def _frame(rows: list[dict[str, Any]], table: Table) -> pd.DataFrame:
    """Rows as a DataFrame whose column types suit st.data_editor (None stays None)."""
    data: dict[str, Any] = {}
    for column in table_columns(table):
        values = [row.get(column.key) for row in rows]
        if column.kind is ColumnKind.INTEGER:
            data[column.key] = pd.array(values, dtype="Int64")
        elif column.kind is ColumnKind.NUMBER:
            data[column.key] = pd.array(values, dtype="Float64")
        else:
            data[column.key] = pd.Series(values, dtype=object)
    return pd.DataFrame(data)


def _names(items: Iterable[Any]) -> dict[str, str]:
    return {item.id: item.name or item.id for item in items}


def _namer(names: Mapping[str, str]) -> Callable[[Any], str]:
    return lambda value: names.get(str(value), str(value))


def _choice_namer(column: str, language: str) -> Callable[[Any], str]:
    return lambda value: choice_label(column, str(value), language)


def column_config(table: Table, plan: Plan) -> dict[str, Any]:
    """Translated headers and the right editor for each column of ``table``."""
    language = lang()
    communities = _names(plan.communities)
    populations: dict[str, str] = {}
    for community in plan.communities:
        for population in community.populations:
            populations.setdefault(population.id, population.name or population.id)
    sponsors = _names(plan.sponsors)
    date_format = "DD/MM/YYYY" if language == "fr" else "YYYY-MM-DD"
    config: dict[str, Any] = {}
    for column in table_columns(table):
        label = column_label(column.key, language)
        help_text = t(f"ui.help.{column.key}") if _has(f"ui.help.{column.key}") else None
        cc = st.column_config
        if column.kind is ColumnKind.COMMUNITY:
            config[column.key] = cc.SelectboxColumn(
                label,
                options=list(communities),
                format_func=_namer(communities),
                required=column.key == "community" and column.model is None,
                default=next(iter(communities))
                if len(communities) == 1 and column.model is None
                else None,
                help=help_text,
            )
        elif column.kind is ColumnKind.POPULATION:
            config[column.key] = cc.SelectboxColumn(
                label,
                options=list(populations),
                format_func=_namer(populations),
                help=help_text,
            )
        elif column.kind is ColumnKind.SPONSOR:
            config[column.key] = cc.SelectboxColumn(
                label,
                options=list(sponsors),
                format_func=_namer(sponsors),
                required=True,
                help=help_text,
            )
        elif column.kind is ColumnKind.CHOICE:
            config[column.key] = cc.SelectboxColumn(
                label,
                options=list(column.choices),
                format_func=_choice_namer(column.key, language),
                help=help_text,
            )
        elif column.kind is ColumnKind.DATE:
            config[column.key] = cc.DateColumn(label, format=date_format, help=help_text)
        elif column.kind is ColumnKind.INTEGER:
            rating = column.key in _FACTORS
            config[column.key] = cc.NumberColumn(
                label,
                step=1,
                format="%d",
                min_value=0 if rating else None,
                max_value=3 if rating else None,
                help=help_text,
            )
        elif column.kind is ColumnKind.NUMBER:
            config[column.key] = cc.NumberColumn(label, help=help_text)
        else:
            wide = column.key in (
                "totem_subject",
                "criteria",
                "description",
                "benefit",
                "indicator",
            )
            config[column.key] = cc.TextColumn(
                label, width="large" if wide else None, help=help_text
            )
    return config


_FACTORS = frozenset(
    (
        "market_pressure",
        "workload",
        "diverging_priorities",
        "process_distrust",
        "tool_reluctance",
        "email_overlap",
    )
)


def _has(key: str) -> bool:
    return translate(key, "en") != key


def _has_edits(state: Any) -> bool:
    if not isinstance(state, Mapping):
        return False
    return any(state.get(part) for part in ("edited_rows", "added_rows", "deleted_rows"))


def edit_table(
    page: str,
    table: Table,
    *,
    height: int | None = None,
    before: Callable[[Plan], None] | None = None,
    after: Callable[[Plan], None] | None = None,
) -> None:
    """An editable grid of one table of the plan, in a part of the page that reruns alone.

    A valid edit is saved from the grid's callback, before anything is drawn again (see
    :func:`plan_part`). ``before(plan)`` and ``after(plan)`` draw, inside the same part, what
    shows this table's content (its import box, its chart), so they follow every edit. Bad
    edits show their problems right below the grid and leave the plan as it was.
    """
    part = f"{page}_{table}_part"

    def draw(plan: Plan) -> None:
        if before is not None:
            before(plan)
        _table_editor(page, part, table, plan, height)
        if after is not None:
            after(plan)

    plan_part(part, draw)


def edited_rows(plan: Plan, table: Table, state: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The rows of ``table`` once the grid's edit state is applied to the plan's rows.

    The state is what ``st.data_editor`` keeps under its key: ``edited_rows`` (cell changes by
    row position), ``added_rows`` (new rows, after the existing ones) and ``deleted_rows``
    (positions of existing rows). Cells hold JSON values; dates are ISO texts, which
    :func:`planner.tables.apply_rows` reads like any date cell.
    """
    rows: list[dict[str, Any]] = table_rows(plan, table)
    for position, changes in (state.get("edited_rows") or {}).items():
        index = int(position)
        if 0 <= index < len(rows):
            rows[index] = {**rows[index], **changes}
    rows += [dict(row) for row in state.get("added_rows") or ()]
    deleted = {int(position) for position in state.get("deleted_rows") or ()}
    return [row for index, row in enumerate(rows) if index not in deleted]


def _table_editor(page: str, part: str, table: Table, plan: Plan, height: int | None) -> None:
    key = f"{page}_{table}_editor"
    columns = table_columns(table)
    order = [c.key for c in columns if c.kind is not ColumnKind.ID] + [
        c.key for c in columns if c.kind is ColumnKind.ID
    ]
    st.data_editor(
        _frame(table_rows(plan, table), table),
        key=key,
        num_rows="dynamic",
        hide_index=True,
        column_order=order,
        column_config=column_config(table, plan),
        height=height if height is not None else "auto",
        width="stretch",
        on_change=_save_table_edits,
        args=(part, table, key),
    )
    state = st.session_state.get(key)
    if not _has_edits(state):
        return
    # Edits still pending: the callback refused them (say why), or they were set without one.
    try:
        updated = apply_rows(plan, table, edited_rows(plan, table, state), lang=lang())
    except PlanFileError as exc:
        show_problems(exc.problems, intro=t("ui.table.rejected", table=table_label(table, lang())))
        return
    if updated != plan:
        del st.session_state[key]
        set_plan(updated)


def _save_table_edits(part: str, table: Table, key: str) -> None:
    """The grid's callback: save its edits when they make a valid plan, then forget them."""
    plan = current_plan()
    try:
        rows = edited_rows(plan, table, st.session_state[key])
        updated = apply_rows(plan, table, rows, lang=lang())
    except PlanFileError:
        return  # the part draws the grid with the edits and says what is wrong
    del st.session_state[key]
    save_part(part, updated)


def import_box(page: str, table: Table, plan: Plan) -> None:
    """Import rows of ``table`` from CSV or Excel: preview rows and problems, then apply."""
    language = lang()
    with st.expander(
        t("ui.import.title", table=table_label(table, language)), icon=":material/upload_file:"
    ):
        st.markdown(t("ui.import.intro"))
        headers = [column_label(c.key, language) for c in table_columns(table)]
        st.download_button(
            t("ui.import.template"),
            data=("\ufeff" + ";".join(headers) + "\n").encode("utf-8"),
            file_name=f"{table_label(table, language).replace(' ', '-')}.csv",
            mime="text/csv",
            key=f"{page}_{table}_template",
            icon=":material/download:",
        )
        upload = st.file_uploader(
            t("ui.import.file"),
            type=["csv", "xlsx", "txt"],
            key=f"{page}_{table}_file",
            max_upload_size=10,
        )
        default_community = None
        if table_columns(table)[0].kind is ColumnKind.COMMUNITY and plan.communities:
            names = _names(plan.communities)
            default_community = st.selectbox(
                t("ui.import.default_community"),
                list(names),
                format_func=lambda v: names[v],
                key=f"{page}_{table}_default_community",
            )
        mode = st.radio(
            t("ui.import.mode"),
            ["add", "replace"],
            format_func=labels("ui.import.mode."),
            horizontal=True,
            key=lang_key(f"{page}_{table}_mode"),
        )
        if upload is None:
            return
        preview = inspect_table_file(
            upload.getvalue(),
            upload.name,
            table,
            lang=language,
            default_community=default_community,
        )
        if preview.rows:
            st.markdown(t("ui.import.preview", count=len(preview.rows)))
            frame = pd.DataFrame(preview.rows).rename(
                columns={c.key: column_label(c.key, language) for c in table_columns(table)}
            )
            frame.insert(0, t("ui.import.line"), preview.lines)
            st.dataframe(frame.astype(str).replace({"None": ""}), hide_index=True, width="stretch")
        if preview.problems:
            show_problems(
                preview.problems, intro=t("ui.import.problems", count=len(preview.problems))
            )
            return
        if st.button(
            t("ui.import.apply", count=len(preview.rows)),
            key=f"{page}_{table}_apply",
            type="primary",
        ):
            rows = preview.rows if mode == "replace" else table_rows(plan, table) + preview.rows
            try:
                updated = apply_rows(plan, table, rows, lang=language)
            except PlanFileError as exc:
                show_problems(exc.problems, intro=t("ui.import.rejected"))
                return
            del st.session_state[f"{page}_{table}_file"]
            set_plan(updated)


def update_or_show(action: Callable[[], Plan]) -> None:
    """Run a planner update; on success replace the plan, on a planner error show it here."""
    try:
        updated = action()
    except PlanFileError as exc:
        show_problems(exc.problems)
        return
    except PlannerError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    if updated != current_plan():
        set_plan(updated)


# --------------------------------------------------------------------------------------------
# Parts of a page that rerun alone

#: Set by a callback whose change shows outside its part: the part then reruns the whole app.
_RERUN_APP = "parts_rerun_app"


#: Session key: the keys of the parts drawn by the page's last full run, in order.
PAGE_PARTS = "page_parts"


def start_page_parts() -> None:
    """Forget the parts of the previous page (the router calls this before every full run)."""
    st.session_state[PAGE_PARTS] = []


def plan_part(key: str, draw: Callable[[Plan], None]) -> None:
    """Draw ``draw(plan)`` as a part of the page that reruns alone when its widgets change.

    Its widgets save through :func:`save_part` from their callbacks, before the rerun, which
    then redraws as little as the change allows (see :func:`save_part`). ``draw`` always gets
    the plan in hand: a part that reruns alone is called again with the arguments of the last
    full run, so it must not be handed the plan.
    """
    parts = st.session_state.setdefault(PAGE_PARTS, [])
    if key not in parts:
        parts.append(key)

    def part() -> None:
        if st.session_state.pop(_RERUN_APP, False):
            st.rerun()
        draw(current_plan())

    st.fragment(part, key=key)()


def outside_view(plan: Plan) -> tuple[Any, ...]:
    """What the page shows of ``plan`` outside its parts; a change to it reruns the whole app.

    The plan's name (sidebar), the scorecard (plan page, workshop bar) and this page's guidance
    lines.
    """
    result = assessment(plan)
    page = str(st.session_state.get("current_page", PAGE_NAMES[0]))
    return (
        plan.name,
        result.score,
        tuple((i.id, i.score, i.level) for i in result.indicators),
        cached_view(f"guidance:{page}", plan, _guidance_lines) if page in PAGE_NAMES else None,
    )


def shared_names(plan: Plan) -> tuple[Any, ...]:
    """The names every part may show as choices: communities, populations and sponsors."""
    return (
        tuple((c.id, c.name) for c in plan.communities),
        tuple((p.id, p.name) for _, p in plan.all_populations()),
        tuple((s.id, s.name) for s in plan.sponsors),
    )


def save_part(part: str, updated: Plan) -> None:
    """From a widget callback in ``part``: save ``updated`` and choose what runs again.

    - Nothing outside the parts shows the change: ``part`` alone (the interaction's own
      rerun), or every part of the page when a name they offer as a choice changed.
    - Otherwise, or when the save failed (the conflict box must show): the whole app.
    """
    plan = current_plan()
    if updated == plan:
        return
    before = outside_view(plan)
    names = shared_names(plan)
    if commit_plan(updated) and outside_view(updated) == before:
        if shared_names(updated) != names:
            st.rerun(st.session_state.get(PAGE_PARTS, [part]))
        return  # the interaction's own rerun: this part alone
    st.session_state[_RERUN_APP] = True


def day(value: date | None) -> str:
    """A date in the user's language, or an empty string."""
    return format_date(value, lang(), style="medium") if value else ""


def number(value: float, decimals: int = 0) -> str:
    """A number in the user's language."""
    return format_number(value, lang(), decimals=decimals)
