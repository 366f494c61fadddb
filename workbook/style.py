"""The workbook's look where the theme in ``.streamlit/config.toml`` cannot reach.

Owns the page icon (a file in the repository, so the browser fetches nothing from another host)
and the small stylesheet every page gets. Imports streamlit only.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

#: The browser tab's icon: served by the app itself.
PAGE_ICON = str(Path(__file__).resolve().parent / "assets" / "totem-icon.png")

#: Captions (notes under tables, "Default: …" under inputs, the sidebar's plan and save status):
#: Streamlit draws them in the text colour at 60 % opacity, #828180 on white (3.9:1, under
#: WCAG AA's 4.5:1), and no theme option sets that opacity; only a near-black text colour
#: would lift them over 4.5:1, and not on the grey sidebar. A solid grey at full opacity keeps
#: them secondary: 6.6:1 on white, 6.2:1 on the sidebar (#F8F8F7), 5.8:1 on #F1F0EE.
CAPTION_COLOR = "#5E5D5C"

#: The labels and values of disabled widgets (a viewer's fields): Streamlit greys them to about
#: #ACABAA, 2.3:1 on white, unreadable for someone whose whole job on the page is reading. The
#: caption grey keeps them visibly inactive and readable: 6.6:1 on white, 5.9:1 on the fields'
#: #F0F2F6.
_CSS = f"""
<style>
.stApp [data-testid="stCaptionContainer"] {{ color: {CAPTION_COLOR}; opacity: 1; }}
.stApp [data-testid="stElementContainer"]:has(:disabled) [data-testid="stWidgetLabel"] p,
.stApp [data-baseweb="select"]:has(input:disabled) div {{
  color: {CAPTION_COLOR};
}}
.stApp input:disabled, .stApp textarea:disabled {{
  color: {CAPTION_COLOR};
  -webkit-text-fill-color: {CAPTION_COLOR};
}}
</style>
"""


def apply_style() -> None:
    """Add the workbook's stylesheet to the page (nothing when it is empty).

    Through ``st.html``: a style-only block goes to Streamlit's event container and takes no
    room, where ``st.markdown`` would leave an empty row above every page.
    """
    if _CSS:
        st.html(_CSS)
