"""Settings shared by the whole suite."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """Point the plan store at a throwaway SQLite file unless the run names a database.

    The workbook saves every change; without this the app and browser tests would write into the
    developer's own data/totem.db. The servers the browser tests start inherit the variable.
    """
    del config
    if "TOTEM_DATABASE_URL" not in os.environ:
        folder = Path(tempfile.mkdtemp(prefix="totem-tests-"))
        os.environ["TOTEM_DATABASE_URL"] = f"sqlite:///{folder / 'totem.db'}"
