"""The planner's exception family.

Raised in the core, shown at the edge: pages and the command line catch these and show their
message; anything else that escapes is a bug.

- ``PlannerError``: base class of every error the planner raises on purpose.
- ``PlanFileError``: a plan file cannot be read (size, encoding, JSON syntax, schema version,
  content); carries one ``Problem`` per field or line at fault.
"""

from __future__ import annotations

from dataclasses import dataclass


class PlannerError(Exception):
    """Base class of the errors the planner raises on purpose."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a plan: where it is (a JSON path, or empty) and what to do."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class PlanFileError(PlannerError):
    """A plan file or plan data that cannot be accepted, with one problem per field at fault."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))
