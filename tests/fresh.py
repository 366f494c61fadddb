"""Run Python code in a fresh interpreter at the repository's root: what a module imports, or
does to the process, without the test process's own modules and state."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def python_output(code: str) -> str:
    """The standard output of ``code`` run by a new interpreter in the repository's root."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=ROOT,
    )
    return result.stdout
