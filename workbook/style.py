"""The workbook's look where the theme in ``.streamlit/config.toml`` cannot reach.

Owns the page icon (a file in the repository, so the browser fetches nothing from another host)
and the small stylesheet every page gets. Imports streamlit only.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

#: The browser tab's icon: served by the app itself.
PAGE_ICON = str(Path(__file__).resolve().parent / "assets" / "totem-icon.png")

_CSS = ""


def apply_style() -> None:
    """Add the workbook's stylesheet to the page (nothing when it is empty)."""
    if _CSS:
        st.markdown(_CSS, unsafe_allow_html=True)
