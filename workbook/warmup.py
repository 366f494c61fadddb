"""Settling the server process once after its first page: late imports, then a frozen heap.

Owns :func:`settle_process`, which the router calls after every run and which acts once per
process. Imports the standard library only (and the modules it loads late).
"""

from __future__ import annotations

import functools
import gc
import importlib
import sys
import threading

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
