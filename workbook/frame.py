"""The top of every step: a viewer's notice, the workshop frame when on, the title, guidance.

Owns only :func:`page_header`, the one call each step page starts with. Imports
``workbook.persistence``, ``workbook.guidance``, ``workbook.readonly``, ``workbook.workshop`` and
``workbook.text``.
"""

from __future__ import annotations

import streamlit as st

from workbook.guidance import guidance
from workbook.persistence import current_plan
from workbook.readonly import read_only_notice
from workbook.text import t
from workbook.workshop import workshop_frame


def page_header(page: str) -> None:
    """Start a page: a viewer's notice, workshop frame when on, title, and the guidance box."""
    plan = current_plan()
    read_only_notice()
    if st.session_state.get("workshop"):
        workshop_frame(page, plan)
    st.title(t(f"ui.page.{page}.title"))
    guidance(page, plan)
