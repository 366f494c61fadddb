"""Settling the server process: the modules loaded and the heap frozen before it is needed.

Owns :func:`warm_process`, which the server's start-up hook (:mod:`workbook.serve`) calls
before the first visitor, and :func:`settle_process`, which the router calls after every run
and which, in a process nobody warmed (``streamlit run app.py``), does the same work once in a
background thread after the first page. Imports the standard library only (and, when it runs,
the modules it loads).
"""

from __future__ import annotations

import functools
import gc
import importlib
import sys
import threading

#: What a first visit would otherwise import: the planner and its store (SQLAlchemy), the
#: workbook's modules (pandas with the grids), and the exports (fpdf2, fontTools, openpyxl,
#: icalendar: ~1 s, only the export page needs them).
_MODULES = (
    "planner",
    "planner.store",
    "workbook.conflicts",
    "workbook.frame",
    "workbook.grids",
    "workbook.imports",
    "workbook.sidebar",
    "planner.export",
)

_warmed = threading.Event()


def warm_process() -> None:
    """Import what the pages need, then freeze the heap; once per process.

    ``gc.freeze()``: Streamlit, Plotly, pandas and pydantic leave ~250,000 long-lived objects
    (modules, classes, validators) that every full collection walked, ~90 ms, and the
    interpreter runs one whenever enough new objects survive, which is often with a large plan
    in hand (the slow tail of an edit). Freezing moves what is alive now out of the collector's
    sight; what is made later (plans, results, sessions) is collected as before.
    """
    if _warmed.is_set():
        return
    for module in _MODULES:
        importlib.import_module(module)
    gc.collect()
    gc.freeze()
    _warmed.set()


@functools.cache
def settle_process() -> None:
    """Once per process, after its first full run: :func:`warm_process` in a background thread.

    Nothing to do when the server's start-up hook already warmed the process. In a thread, so
    the first visitor's page is not held up.
    """
    if _warmed.is_set():
        return
    if "streamlit.testing.v1" in sys.modules:
        # AppTest runs the pages inside the test process: freezing that heap would keep the
        # tests' own garbage (temporary directories, event loops) unfreed until exit.
        return
    threading.Thread(target=warm_process, name="totem-settle", daemon=True).start()
