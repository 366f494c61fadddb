"""The launch timeline: phases and generated tasks, every date derived from the plan.

``build_timeline(plan)`` is pure: it reads the plan and returns a ``Timeline``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from planner.i18n import Message
from planner.models import CoreRole, Plan


class PhaseKind(StrEnum):
    """Kinds of phase, in the order a launch goes through them."""

    PREPARATION = "preparation"
    SOFT_LAUNCH = "soft_launch"
    LAUNCH = "launch"
    WAVE = "wave"
    SUSTAIN = "sustain"
    REVIEW = "review"


class TaskKind(StrEnum):
    """Kinds of generated task."""

    DEFINE_TOTEM = "define_totem"
    RECRUIT_MEMBERS = "recruit_members"
    ANNOUNCE_CORE_TEAM = "announce_core_team"
    SEED_CONTENT = "seed_content"
    SOFT_LAUNCH_INVITES = "soft_launch_invites"
    SPONSOR_KICKOFF = "sponsor_kickoff"
    RECRUIT_AMBASSADORS = "recruit_ambassadors"
    TRAIN_AMBASSADORS = "train_ambassadors"
    AMBASSADOR_EARLY_ACCESS = "ambassador_early_access"
    INVITE_POPULATION = "invite_population"
    REVIEW_METRICS = "review_metrics"


@dataclass(frozen=True, slots=True)
class Wave:
    """Populations invited on the same day. Wave 1 is the earliest; a pilot wave precedes launch."""

    number: int
    date: date
    is_pilot: bool
    populations: tuple[tuple[str, str], ...]  # (community id, population id)


@dataclass(frozen=True, slots=True)
class Phase:
    """A span of the launch; a milestone has ``start == end``. Dates are inclusive."""

    id: str
    kind: PhaseKind
    label: Message
    start: date
    end: date
    wave_number: int | None = None

    @property
    def is_milestone(self) -> bool:
        """True for a one-day phase such as the launch day or a review."""
        return self.start == self.end


@dataclass(frozen=True, slots=True)
class Task:
    """A generated task with its owner role and inclusive dates."""

    id: str
    kind: TaskKind
    phase_id: str
    label: Message
    owner: CoreRole
    start: date
    end: date
    community_id: str | None = None
    population_id: str | None = None


@dataclass(frozen=True, slots=True)
class Timeline:
    """Phases, tasks and waves of a plan; ``missing`` says what keeps parts from being computed."""

    phases: tuple[Phase, ...]
    tasks: tuple[Task, ...]
    waves: tuple[Wave, ...]
    missing: tuple[Message, ...]


def build_timeline(plan: Plan) -> Timeline:
    """Derive the phases, waves and tasks of ``plan``."""
    raise NotImplementedError
