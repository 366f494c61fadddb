"""Planner results as the pages show them: computed once per plan version and language.

Owns the cache keys of a plan (digests of its JSON), the cached assessment, timeline,
forecast and tracking after launch, the cached figures, and :func:`cached_view` for anything
else a page builds from a plan (rendered texts, tables). Imports ``planner`` and
``workbook.text``.

``st.cache_resource``, not ``st.cache_data``: cache_data hands every caller a fresh copy through
pickle, and unpickling an assessment or a Plotly figure (which re-validates every property) cost
more than a page's whole run (docs/benchmarks.md, "Profiles"). These results are never changed
after they are built, so one shared object per plan version is safe; the key is a digest of the
plan, so a session only ever gets results of the plan it holds. Nothing invalidates an entry:
a changed plan has a new digest, and old entries fall out by ``max_entries``.
"""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from planner import assess, build_timeline, compare_figures, forecast
from planner import figures as planner_figures
from planner.compare import Comparison, compare
from planner.indicators import NOT_ASSESSED, Assessment
from planner.models import Plan
from planner.timeline import Timeline
from planner.tracking import Tracking, track
from planner.tracking.figures import tracking_figure
from workbook.text import lang

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

    ``build(kind, plan, language)`` must depend on nothing else, and what it returns is shared
    by every session holding that plan version: never change it.
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


@st.cache_resource(show_spinner=False, max_entries=64)
def _tracking(key: str, _plan: Plan) -> Tracking:
    return track(_plan)


def assessment(plan: Plan) -> Assessment:
    """The readiness assessment of ``plan`` (cached)."""
    return _assessment(assessed_key(plan), plan)


def timeline(plan: Plan) -> Timeline:
    """The timeline of ``plan`` (cached)."""
    return _timeline(plan_key(plan), plan)


def adoption(plan: Plan) -> Any:
    """The adoption forecast of ``plan`` with its own parameters (cached)."""
    return _forecast(plan_key(plan), plan)


def tracking(plan: Plan) -> Tracking:
    """The plan against its communities' snapshots after launch (cached).

    Keyed by the whole plan's digest: the snapshots (``Community.actuals``) are part of it.
    """
    return _tracking(plan_key(plan), plan)


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


def _tracking_figure(plan: Plan, community_id: str, language: str) -> go.Figure:
    result = tracking(plan)
    tracked = result.community(community_id)
    if tracked is None:
        raise KeyError(f"community {community_id!r} has no actuals")
    return tracking_figure(tracked, language, end_date=result.end_date)


@st.cache_resource(show_spinner=False, max_entries=128)
def _figure(kind: str, key: str, language: str, _plan: Plan) -> go.Figure:
    family, _, item = kind.partition(":")
    if family == "tracking":
        return _tracking_figure(_plan, item, language)
    return _FIGURES[kind](_plan, language)


def show_figure(kind: str, plan: Plan, *, key: str) -> None:
    """Draw one of the planner's figures of ``plan`` in the user's language (cached).

    ``kind`` is a key of the plan-wide figures, or ``tracking:<community id>`` for one
    community's members against its plan after launch.
    """
    figure = _figure(kind, plan_key(plan), lang(), plan)
    # theme=None: Streamlit's chart theme would replace the figure's own text colours and sizes
    # (its grey ticks are 3.7:1 on white; the figures keep 4.5:1 and the workshop's large type).
    st.plotly_chart(figure, key=key, theme=None, config={"displaylogo": False})


@st.cache_resource(show_spinner=False, max_entries=16)
def _comparison(key_a: str, key_b: str, _a: Plan, _b: Plan) -> Comparison:
    return compare(_a, _b)


def comparison(a: Plan, b: Plan) -> Comparison:
    """The comparison of plan ``a`` with plan ``b`` (cached per pair of plan versions)."""
    return _comparison(plan_key(a), plan_key(b), a, b)


@st.cache_resource(show_spinner=False, max_entries=32)
def _compare_figure(kind: str, key_a: str, key_b: str, language: str, _a: Plan, _b: Plan) -> Any:
    result = comparison(_a, _b)
    if kind == "forecast":
        return compare_figures.compare_forecast_figure(result, language, communities=True)
    return compare_figures.compare_gantt_figure(result, language)


def compare_figure(kind: str, a: Plan, b: Plan, *, key: str) -> None:
    """Draw a comparison figure of ``a`` and ``b``: ``"forecast"`` or ``"gantt"`` (cached)."""
    figure = _compare_figure(kind, plan_key(a), plan_key(b), lang(), a, b)
    st.plotly_chart(figure, key=key, theme=None, config={"displaylogo": False})
