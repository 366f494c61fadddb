"""The server's start-up hook settles the process before the first visitor."""

from __future__ import annotations

from tests.fresh import python_output


def test_warm_process_loads_what_pages_need_and_freezes_the_heap() -> None:
    """Test that warm_process imports the planner, store, grids and exports, then freezes."""
    code = (
        "import gc, sys\n"
        "from workbook.warmup import warm_process\n"
        "before = {m for m in ('pandas', 'sqlalchemy', 'planner.export') if m in sys.modules}\n"
        "warm_process()\n"
        "frozen = gc.get_freeze_count()\n"
        "warm_process()\n"
        "after = [m for m in ('pandas', 'sqlalchemy', 'planner.export') if m in sys.modules]\n"
        "print(sorted(before), after, frozen > 0, gc.get_freeze_count() == frozen)\n"
    )
    output = python_output(code)
    assert output.split("\n")[0] == ("[] ['pandas', 'sqlalchemy', 'planner.export'] True True")


def test_the_entry_point_serves_app_py_as_an_asgi_app() -> None:
    """Test that workbook/serve.py is an st.App of app.py, which `streamlit run` detects."""
    code = (
        "from pathlib import Path\n"
        "from streamlit.web.server.app_discovery import discover_asgi_app\n"
        "found = discover_asgi_app(Path('workbook/serve.py'))\n"
        "print(found.is_asgi_app, found.import_string)\n"
    )
    output = python_output(code)
    assert output.split() == ["True", "serve:app"]
