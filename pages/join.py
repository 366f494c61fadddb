"""A workshop participant's page, on their phone: join with a code, then answer the question.

Reached at ``/join`` (``/join?code=ABC123`` from the shared screen's QR code) and nothing else:
the router gives a participant no plan and no sidebar. The token that names the participant
stays in the URL (``?code=…&p=…``), so a reload keeps their pseudonym, answers and votes.
"""

from __future__ import annotations

import streamlit as st

from workbook.join import (
    ROUTE_KEY,
    code_form,
    community_heading,
    find_joined,
    language_control,
    pseudonym,
)
from workbook.joinanswers import answer
from workbook.session import route_through_app
from workbook.text import t

if not st.session_state.get(ROUTE_KEY):
    # A fresh server runs a deep link's page alone: through the router first.
    route_through_app()

joined, refusal = find_joined()
language_control()
st.title(t("livejoin.title"), anchor=False)
if joined is None:
    st.markdown(t("livejoin.intro"))
    code_form(refusal)
else:
    community_heading(joined)
    pseudonym(joined)
    answer(joined)
