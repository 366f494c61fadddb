"""Entry point of ``python -m planner``: see ``planner.cli`` for the commands."""

from __future__ import annotations

import os
import sys

from planner.cli import main

if __name__ == "__main__":
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (``… | head``): stop quietly, as command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 1
    sys.exit(code)
