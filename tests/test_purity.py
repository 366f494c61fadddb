"""The core stays pure: importing the planner never pulls in the UI framework."""

from __future__ import annotations

import subprocess
import sys


def test_importing_planner_does_not_import_streamlit() -> None:
    """Test that ``import planner`` and all its modules leave streamlit out of sys.modules."""
    code = (
        "import sys, pkgutil, importlib, planner\n"
        "for module in pkgutil.walk_packages(planner.__path__, 'planner.'):\n"
        "    if module.name != 'planner.__main__':\n"
        "        importlib.import_module(module.name)\n"
        "print('streamlit' in sys.modules, any(m.startswith('streamlit.') for m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.split() == ["False", "False"]
