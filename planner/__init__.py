"""Totem's planner: the pure-Python core of the launch-planning workbook.

It never imports streamlit: pages and the command line call these functions and render results.
"""

from planner.errors import PlanFileError, PlannerError, Problem
from planner.forecast import Forecast, forecast
from planner.i18n import Message, render, translate
from planner.indicators import INDICATOR_IDS, Assessment, Indicator, Level, assess
from planner.models import *  # noqa: F403 (the models' own __all__ is re-exported)
from planner.models import __all__ as _models_all
from planner.planfile import dump_plan, load_plan, parse_plan
from planner.timeline import Timeline, build_timeline

__all__ = [
    "INDICATOR_IDS",
    "Assessment",
    "Forecast",
    "Indicator",
    "Level",
    "Message",
    "PlanFileError",
    "PlannerError",
    "Problem",
    "Timeline",
    "assess",
    "build_timeline",
    "dump_plan",
    "forecast",
    "load_plan",
    "parse_plan",
    "render",
    "translate",
    *_models_all,
]
