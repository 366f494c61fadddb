"""The server's entry point: ``streamlit run workbook/serve.py`` serves ``app.py``, warmed.

Owns the ASGI app Streamlit runs (``st.App``) and its start-up hook, which settles the process
(:func:`workbook.warmup.warm_process`: the planner, the store, pandas and the exports imported,
then the heap frozen) before the server accepts its first visitor, and the routes of a workshop
participant's phone (``/join``, :mod:`workbook.phone`: plain HTML, no Streamlit script), mounted
before Streamlit's own, and, with sign-in configured, :class:`workbook.gate.SignInGate` in front
of them all (back to the link after sign-in, downloads for signed-in browsers only). Run as
``streamlit run app.py`` instead, the workbook behaves the same but has no ``/join`` page and no
gate, and the first visitor pays for those imports. Imports ``workbook.gate``, ``workbook.phone``
and ``workbook.warmup``.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

ROOT = Path(__file__).resolve().parent.parent
# Streamlit puts this file's folder first on the path, where the workbook's modules would pass
# for top-level ones; app.py and its imports need the root there instead.
_HERE = str(Path(__file__).resolve().parent)
sys.path[:] = [entry for entry in sys.path if entry != _HERE]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from workbook.gate import SignInGate  # noqa: E402 (needs the root on the path)
from workbook.phone import routes  # noqa: E402
from workbook.warmup import warm_process  # noqa: E402


@asynccontextmanager
async def _warm(_app: object) -> AsyncIterator[None]:
    warm_process()
    yield None


app = st.App(ROOT / "app.py", lifespan=_warm, routes=routes(), middleware=[Middleware(SignInGate)])
