"""The launch timeline: phases and generated tasks, every date derived from the plan.

``build_timeline(plan)`` is pure: it reads the plan and returns a ``Timeline``. All dates are
inclusive; a milestone starts and ends on the same day. Offsets come from ``plan.timing`` (and a
few from ``plan.thresholds``), so changing a rule moves every task that depends on it.

Rules the plan model leaves open, decided here:

- The soft launch runs from ``launch - timing.soft_launch_from_days`` to the day before launch;
  a pilot wave before that opens it earlier, and the phase is then labelled as a pilot.
- Preparation starts on ``plan.start_date`` or, when it is empty,
  ``launch - timing.recruit_members_from_days``, and ends the day before the soft launch opens.
- Extension waves are the waves after the launch day; a wave on the launch day belongs to the
  launch itself and a wave before it to the pilot. Without a launch date every wave is shown.
- The core team announcement is a milestone ``thresholds.announce_days_before_launch`` before
  launch; when members carry ``announced_on`` dates, it spans the earliest to the latest of them,
  because that is when the team actually became known.
- The sponsor kick-off uses the ``kickoff_message`` action closest to the launch within
  ``thresholds.kickoff_window_days`` (the earlier one on a tie), else the launch day.
- Content is seeded during the ``SEED_CONTENT_DAYS`` before the soft launch opens.
- Ambassador recruitment ends the day before their training; training is owned by the education
  lead and early access by the IT administrator, who grants it.
- Whenever an offset would make something end before it starts, the end is moved to the start
  (recruiting ambassadors, which must end before training, moves its start instead).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from operator import attrgetter

from planner.i18n import Message, render
from planner.models import Community, CoreRole, Plan, Population, SponsorActionKind


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


# A value object, never changed after creation; not declared frozen because a frozen dataclass is
# several times slower to build and a large plan has tens of thousands of tasks.
@dataclass(slots=True)
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


#: Days of content seeding before the soft launch opens: the first invited members should find
#: a community that already looks alive.
SEED_CONTENT_DAYS = 14

#: Days ambassadors are trained over when no training date is planned.
DEFAULT_TRAINING_DAYS = 7

PREPARATION_ID = "phase:preparation"
SOFT_LAUNCH_ID = "phase:soft_launch"
LAUNCH_ID = "phase:launch"
SUSTAIN_ID = "phase:sustain"
END_REVIEW_ID = "phase:review:end"

_DAY = timedelta(days=1)
_PHASE_RANK = {kind: rank for rank, kind in enumerate(PhaseKind)}


def wave_phase_id(number: int) -> str:
    """Return the id of the phase of extension wave ``number``."""
    return f"phase:wave:{number}"


def review_phase_id(days: int) -> str:
    """Return the id of the review milestone ``days`` after launch."""
    return f"phase:review:{days}"


def role_label(role: CoreRole) -> Message:
    """Return the name of a core-team role, as a message to render in the user's language."""
    return Message(f"role.{role.value}")


def build_timeline(plan: Plan) -> Timeline:
    """Derive the phases, waves and tasks of ``plan``.

    Args:
        plan: the plan; it is only read.

    Returns:
        A ``Timeline`` whose phases are in chronological order and whose tasks are sorted by
        (start, id). ``missing`` lists what keeps parts of it from being placed: without a launch
        date only the waves, their tasks and the end-of-period review remain.
    """
    waves = _group_waves(plan)
    phases = _phases(plan, waves)
    by_id = {phase.id: phase for phase in phases}
    tasks = [
        *_launch_tasks(plan, by_id),
        *_community_tasks(plan, by_id),
        *_population_tasks(plan, waves),
        *_review_tasks(phases),
    ]
    # By (start, id) in two stable passes: single-attribute keys sort much faster than a
    # (date, str) tuple per task, and build no tuples for the garbage collector to walk.
    tasks.sort(key=attrgetter("id"))
    tasks.sort(key=attrgetter("start"))
    return Timeline(
        phases=tuple(phases),
        tasks=tuple(tasks),
        waves=waves,
        missing=tuple(_missing(plan)),
    )


def timeline_rows(timeline: Timeline, plan: Plan, lang: str) -> list[dict[str, object]]:
    """Return one row per task, with texts rendered in ``lang``, for CSV export and the CLI.

    Args:
        timeline: the result of ``build_timeline(plan)``.
        plan: the plan the timeline was built from (the labels already carry its names).
        lang: language of the rendered texts, e.g. ``"fr"``.

    Returns:
        Dicts with the keys ``id``, ``phase`` (the phase's label), ``kind`` (the task kind's
        value), ``task`` (the label), ``owner`` (the role's name), ``start`` and ``end``
        (``date`` objects), ``community_id`` and ``population_id`` (``None`` for launch-wide
        tasks), in the timeline's task order.
    """
    phase_names = {phase.id: render(phase.label, lang) for phase in timeline.phases}
    role_names = {role: render(role_label(role), lang) for role in CoreRole}
    return [
        {
            "id": task.id,
            "phase": phase_names.get(task.phase_id, task.phase_id),
            "kind": task.kind.value,
            "task": render(task.label, lang),
            "owner": role_names[task.owner],
            "start": task.start,
            "end": task.end,
            "community_id": task.community_id,
            "population_id": task.population_id,
        }
        for task in timeline.tasks
    ]


def _days(count: int) -> timedelta:
    return timedelta(days=count)


def _group_waves(plan: Plan) -> tuple[Wave, ...]:
    by_date: dict[date, list[tuple[str, str]]] = {}
    for community, population in plan.all_populations():
        if population.wave_date is not None:
            by_date.setdefault(population.wave_date, []).append((community.id, population.id))
    launch = plan.launch_date
    return tuple(
        Wave(
            number=number,
            date=day,
            is_pilot=launch is not None and day < launch,
            populations=tuple(by_date[day]),
        )
        for number, day in enumerate(sorted(by_date), start=1)
    )


def _phase(
    phase_id: str,
    kind: PhaseKind,
    label: Message,
    start: date,
    end: date,
    wave_number: int | None = None,
) -> Phase:
    return Phase(phase_id, kind, label, start, max(start, end), wave_number)


def _phases(plan: Plan, waves: tuple[Wave, ...]) -> list[Phase]:
    launch, timing = plan.launch_date, plan.timing
    phases: list[Phase] = []
    if launch is None:
        period_end = plan.end_date
        extension_waves = list(waves)
    else:
        pilots = [wave for wave in waves if wave.is_pilot]
        soft_start = launch - _days(timing.soft_launch_from_days)
        if pilots:
            soft_start = min(soft_start, pilots[0].date)
        prep_start = plan.start_date or launch - _days(timing.recruit_members_from_days)
        review_days = sorted(set(timing.review_days))
        period_end = plan.end_date
        if period_end is None and review_days:
            period_end = launch + _days(review_days[-1])
        phases += [
            _phase(
                PREPARATION_ID,
                PhaseKind.PREPARATION,
                Message("timeline.phase.preparation"),
                prep_start,
                soft_start - _DAY,
            ),
            _phase(
                SOFT_LAUNCH_ID,
                PhaseKind.SOFT_LAUNCH,
                Message("timeline.phase.pilot" if pilots else "timeline.phase.soft_launch"),
                soft_start,
                launch - _DAY,
            ),
            _phase(LAUNCH_ID, PhaseKind.LAUNCH, Message("timeline.phase.launch"), launch, launch),
        ]
        if period_end is not None:
            phases.append(
                _phase(
                    SUSTAIN_ID,
                    PhaseKind.SUSTAIN,
                    Message("timeline.phase.sustain"),
                    launch,
                    period_end,
                )
            )
        for days in review_days:
            day = launch + _days(days)
            phases.append(
                _phase(
                    review_phase_id(days),
                    PhaseKind.REVIEW,
                    Message("timeline.phase.review", {"days": days}),
                    day,
                    day,
                )
            )
        extension_waves = [wave for wave in waves if wave.date > launch]
    for index, wave in enumerate(extension_waves):
        if index + 1 < len(extension_waves):
            wave_end = extension_waves[index + 1].date - _DAY
        else:
            wave_end = period_end or wave.date
        phases.append(
            _phase(
                wave_phase_id(wave.number),
                PhaseKind.WAVE,
                Message("timeline.phase.wave", {"number": wave.number}),
                wave.date,
                wave_end,
                wave_number=wave.number,
            )
        )
    if plan.end_date is not None:
        phases.append(
            _phase(
                END_REVIEW_ID,
                PhaseKind.REVIEW,
                Message("timeline.phase.review_end"),
                plan.end_date,
                plan.end_date,
            )
        )
    phases.sort(key=lambda phase: (phase.start, _PHASE_RANK[phase.kind], phase.end, phase.id))
    return phases


def _task(
    task_id: str,
    kind: TaskKind,
    phase_id: str,
    label: Message,
    owner: CoreRole,
    start: date,
    end: date,
    community_id: str | None = None,
    population_id: str | None = None,
) -> Task:
    return Task(
        task_id, kind, phase_id, label, owner, start, max(start, end), community_id, population_id
    )


def _phase_on(day: date, by_id: dict[str, Phase]) -> str:
    """Id of the preparation, soft-launch, launch or sustain phase that ``day`` falls in."""
    launch = by_id[LAUNCH_ID].start
    if day == launch:
        return LAUNCH_ID
    if day > launch:
        return SUSTAIN_ID if SUSTAIN_ID in by_id else LAUNCH_ID
    if day >= by_id[SOFT_LAUNCH_ID].start:
        return SOFT_LAUNCH_ID
    return PREPARATION_ID


def _launch_tasks(plan: Plan, by_id: dict[str, Phase]) -> Iterator[Task]:
    launch, timing, thresholds = plan.launch_date, plan.timing, plan.thresholds
    if launch is None:
        return
    yield _task(
        "task:recruit_members",
        TaskKind.RECRUIT_MEMBERS,
        PREPARATION_ID,
        Message("timeline.task.recruit_members"),
        CoreRole.COMMUNITY_MANAGER,
        launch - _days(timing.recruit_members_from_days),
        launch - _days(timing.recruit_members_until_days),
    )

    announced = [m.announced_on for m in plan.core_team if m.announced_on is not None]
    if announced:
        announce_start, announce_end = min(announced), max(announced)
    else:
        announce_start = announce_end = launch - _days(thresholds.announce_days_before_launch)
    yield _task(
        "task:announce_core_team",
        TaskKind.ANNOUNCE_CORE_TEAM,
        _phase_on(announce_start, by_id),
        Message("timeline.task.announce_core_team"),
        CoreRole.COMMUNICATION,
        announce_start,
        announce_end,
    )

    yield _task(
        "task:soft_launch_invites",
        TaskKind.SOFT_LAUNCH_INVITES,
        SOFT_LAUNCH_ID,
        Message("timeline.task.soft_launch_invites"),
        CoreRole.COMMUNITY_MANAGER,
        launch - _days(timing.soft_launch_from_days),
        launch - _days(timing.soft_launch_until_days),
    )

    window = thresholds.kickoff_window_days
    kickoffs = [
        action.date
        for sponsor in plan.sponsors
        for action in sponsor.actions
        if action.kind is SponsorActionKind.KICKOFF_MESSAGE
        and abs((action.date - launch).days) <= window
    ]
    kickoff = min(kickoffs, key=lambda day: (abs((day - launch).days), day), default=launch)
    yield _task(
        "task:sponsor_kickoff",
        TaskKind.SPONSOR_KICKOFF,
        LAUNCH_ID,
        Message("timeline.task.sponsor_kickoff"),
        CoreRole.EXECUTIVE_SPONSOR,
        kickoff,
        kickoff,
    )


def _community_tasks(plan: Plan, by_id: dict[str, Phase]) -> Iterator[Task]:
    if plan.launch_date is None:
        return
    preparation = by_id[PREPARATION_ID]
    soft_start = by_id[SOFT_LAUNCH_ID].start
    # The same dates for every community, already in order.
    seed_start, seed_end = soft_start - _days(SEED_CONTENT_DAYS), soft_start - _DAY
    for community in plan.communities:
        params = {"community": community.name}
        yield Task(
            f"task:define_totem:{community.id}",
            TaskKind.DEFINE_TOTEM,
            PREPARATION_ID,
            Message("timeline.task.define_totem", params),
            CoreRole.COMMUNITY_MANAGER,
            preparation.start,
            preparation.end,
            community.id,
            None,
        )
        yield Task(
            f"task:seed_content:{community.id}",
            TaskKind.SEED_CONTENT,
            PREPARATION_ID,
            Message("timeline.task.seed_content", params),
            CoreRole.COMMUNITY_MANAGER,
            seed_start,
            seed_end,
            community.id,
            None,
        )


def _training_spans(community: Community) -> dict[str, tuple[date, date]]:
    """First and last training date of the ambassadors of each population of ``community``."""
    spans: dict[str, tuple[date, date]] = {}
    for ambassador in community.ambassadors:
        day = ambassador.training_date
        if day is None:
            continue
        key = ambassador.population_id
        span = spans.get(key)
        if span is None:
            spans[key] = (day, day)
        elif day < span[0]:
            spans[key] = (day, span[1])
        elif day > span[1]:
            spans[key] = (span[0], day)
    return spans


def _wave_phase(wave: Wave, launch: date | None) -> str:
    if launch is None or wave.date > launch:
        return wave_phase_id(wave.number)
    return LAUNCH_ID if wave.date == launch else SOFT_LAUNCH_ID


@dataclass(frozen=True, slots=True)
class _WaveSchedule:
    """Dates shared by every population of a wave, computed once per wave, not per population."""

    phase_id: str
    recruit_from: date  # when recruiting opens, before it is capped at the day before training
    recruit_start: date
    recruit_end: date
    train_start: date
    train_end: date
    early_access_start: date
    early_access_end: date


def _wave_schedule(wave: Wave, plan: Plan) -> _WaveSchedule:
    timing = plan.timing
    early_access_start = wave.date - _days(timing.ambassador_early_access_days)
    train_start = early_access_start - _days(DEFAULT_TRAINING_DAYS)
    recruit_from = wave.date - _days(timing.ambassador_recruit_days)
    recruit_end = train_start - _DAY
    return _WaveSchedule(
        phase_id=_wave_phase(wave, plan.launch_date),
        recruit_from=recruit_from,
        recruit_start=min(recruit_from, recruit_end),
        recruit_end=recruit_end,
        train_start=train_start,
        train_end=early_access_start,
        early_access_start=early_access_start,
        early_access_end=max(early_access_start, wave.date - _DAY),
    )


def _population_tasks(plan: Plan, waves: tuple[Wave, ...]) -> list[Task]:
    # Tens of thousands of tasks for a large plan, so the loop does little: dates come from the
    # per-wave schedule, training spans are looked up per community by population id, enum
    # members are read once (attribute access on an Enum class is slow).
    schedules = {wave.date: _wave_schedule(wave, plan) for wave in waves}
    recruit, train, early_access, invite = (
        TaskKind.RECRUIT_AMBASSADORS,
        TaskKind.TRAIN_AMBASSADORS,
        TaskKind.AMBASSADOR_EARLY_ACCESS,
        TaskKind.INVITE_POPULATION,
    )
    manager, education, it_admin, communication = (
        CoreRole.COMMUNITY_MANAGER,
        CoreRole.EDUCATION,
        CoreRole.IT_ADMIN,
        CoreRole.COMMUNICATION,
    )
    tasks: list[Task] = []
    for community in plan.communities:
        community_id = community.id
        trainings = _training_spans(community)
        for population in community.populations:
            wave_day = population.wave_date
            if wave_day is None:
                continue
            dates = schedules[wave_day]
            population_id = population.id
            suffix = f"{community_id}:{population_id}"
            params = {"community": community.name, "population": population.name}
            actual_training = trainings.get(population_id)
            if actual_training is None:
                recruit_start, recruit_end = dates.recruit_start, dates.recruit_end
                train_start, train_end = dates.train_start, dates.train_end
            else:
                train_start, train_end = actual_training
                recruit_end = train_start - _DAY
                recruit_start = min(dates.recruit_from, recruit_end)
            phase_id = dates.phase_id
            tasks += (
                Task(
                    f"task:recruit_ambassadors:{suffix}",
                    recruit,
                    phase_id,
                    Message("timeline.task.recruit_ambassadors", params),
                    manager,
                    recruit_start,
                    recruit_end,
                    community_id,
                    population_id,
                ),
                Task(
                    f"task:train_ambassadors:{suffix}",
                    train,
                    phase_id,
                    Message("timeline.task.train_ambassadors", params),
                    education,
                    train_start,
                    train_end,
                    community_id,
                    population_id,
                ),
                Task(
                    f"task:ambassador_early_access:{suffix}",
                    early_access,
                    phase_id,
                    Message("timeline.task.ambassador_early_access", params),
                    it_admin,
                    dates.early_access_start,
                    dates.early_access_end,
                    community_id,
                    population_id,
                ),
                Task(
                    f"task:invite_population:{suffix}",
                    invite,
                    phase_id,
                    Message("timeline.task.invite_population", params),
                    communication,
                    wave_day,
                    wave_day,
                    community_id,
                    population_id,
                ),
            )
    return tasks


def _review_tasks(phases: list[Phase]) -> Iterator[Task]:
    for phase in phases:
        if phase.kind is not PhaseKind.REVIEW:
            continue
        suffix = phase.id.removeprefix("phase:review:")
        if phase.id == END_REVIEW_ID:
            label = Message("timeline.task.review_metrics_end")
        else:
            label = Message("timeline.task.review_metrics", dict(phase.label.params))
        yield _task(
            f"task:review_metrics:{suffix}",
            TaskKind.REVIEW_METRICS,
            phase.id,
            label,
            CoreRole.COMMUNITY_MANAGER,
            phase.start,
            phase.end,
        )


def _missing(plan: Plan) -> Iterator[Message]:
    launch = plan.launch_date
    if launch is None:
        yield Message("timeline.missing.launch_date")
    elif plan.start_date is None:
        yield Message(
            "timeline.missing.start_date", {"days": plan.timing.recruit_members_from_days}
        )
    if plan.end_date is None:
        yield Message("timeline.missing.end_date")
        if launch is not None and not plan.timing.review_days:
            yield Message("timeline.missing.sustain_end")
    if not plan.communities:
        yield Message("timeline.missing.communities")
        return
    without_wave: list[tuple[Community, Population]] = []
    has_population = False
    for community, population in plan.all_populations():
        has_population = True
        if population.wave_date is None:
            without_wave.append((community, population))
    if not has_population:
        yield Message("timeline.missing.populations")
    elif without_wave:
        yield Message(
            "timeline.missing.wave_dates",
            {
                "populations": [
                    Message(
                        "timeline.population_in_community",
                        {"population": population.name, "community": community.name},
                    )
                    for community, population in without_wave
                ],
            },
        )
