"""Adoption forecast: a Bass diffusion curve per population from its wave date.

``forecast(plan, params)`` is pure: it reads the plan and returns a ``Forecast``. The model, its
parameters, their sources and the three adjustments are explained in ``docs/forecast.md``.

The Bass cumulative adoption share after ``t`` periods is

    F(t) = (1 − e^{−(p+q)t}) / (1 + (q/p)·e^{−(p+q)t})

with ``p`` the innovation coefficient (joining through official channels) and ``q`` the
imitation coefficient (joining because peers did). One period is ``params.period_days`` days.

Example::

    >>> round(bass_cdf(4.0, 0.03, 0.38), 4)
    0.2332
    >>> round(bass_peak_time(0.03, 0.38), 2)
    6.19
"""

from __future__ import annotations

import math
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from operator import attrgetter
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from planner import indicators
from planner.i18n import Message
from planner.models import Community, ForecastParams, Plan, Population, ResistanceFactor

FloatArray = npt.NDArray[np.float64]

#: Length of one forecast week, in days; the grid is always weekly, whatever the Bass period.
WEEK_DAYS = 7

# Reads the six ratings in one call; ``Resistance.ratings()`` builds a dict per population.
_ratings = attrgetter(*(factor.value for factor in ResistanceFactor))

#: Keys of ``forecast_rows`` rows, in column order.
FORECAST_COLUMNS: tuple[str, ...] = ("week", "community_id", "population_id", "new", "cumulative")

#: Keys of ``forecast_summary_rows`` rows, in column order.
SUMMARY_COLUMNS: tuple[str, ...] = (
    "community_id",
    "community_name",
    "population_id",
    "population_name",
    "headcount",
    "wave_date",
    "ambassadors",
    "p",
    "q",
    "ceiling",
    "sponsor_multiplier",
    "ambassador_multiplier",
    "resistance_multiplier",
    "members_at_horizon",
)


@dataclass(frozen=True, slots=True)
class Multipliers:
    """The explicit adjustments applied to a population's curve (1.0 means unchanged)."""

    sponsor: float  # on p: visible sponsor support brings people in through official channels
    ambassadors: float  # on q: peers who champion the community spread it by word of mouth
    resistance: float  # on the ceiling: brakes lower the share that ever joins


#: The multipliers when ``params.adjust`` is off.
NO_ADJUSTMENT = Multipliers(sponsor=1.0, ambassadors=1.0, resistance=1.0)


# A value object, never changed after creation; not declared frozen because a frozen dataclass is
# several times slower to build and a large plan has thousands of populations.
@dataclass(slots=True)
class PopulationForecast:
    """The forecast of one population: parameters after adjustment and members per week."""

    community_id: str
    community_name: str
    population_id: str
    population_name: str
    headcount: int
    wave_date: date
    p: float
    q: float
    ceiling: float
    multipliers: Multipliers
    cumulative: tuple[float, ...]  # members joined by the end of each forecast week
    new: tuple[float, ...]  # members joining during each forecast week
    ambassadors: int = 0  # ambassadors serving this population (the input of the q multiplier)
    resistance_mean: float | None = None  # mean of the rated brakes, 0–3; None when none rated

    @property
    def members_at_horizon(self) -> float:
        """Members joined by the end of the last forecast week."""
        return self.cumulative[-1] if self.cumulative else 0.0


@dataclass(frozen=True, slots=True)
class Participation:
    """Members at the horizon split by the 90-9-1 rule."""

    creators: float
    contributors: float
    lurkers: float


@dataclass(frozen=True, slots=True)
class Forecast:
    """Weekly forecast for every population with a headcount and a wave date."""

    params: ForecastParams
    weeks: tuple[date, ...]  # first day of each forecast week
    populations: tuple[PopulationForecast, ...]
    total_cumulative: tuple[float, ...]
    total_new: tuple[float, ...]
    participation: Participation
    skipped: tuple[Message, ...]  # populations left out, and why
    sponsor_score: int | None = None  # sponsor-support score (0–100) behind the p multiplier

    @property
    def members_at_horizon(self) -> float:
        """Members of every population joined by the end of the last forecast week."""
        return self.total_cumulative[-1] if self.total_cumulative else 0.0


@overload
def bass_cdf(t: float, p: float, q: float) -> float: ...


@overload
def bass_cdf(
    t: FloatArray | Sequence[float], p: float | FloatArray, q: float | FloatArray
) -> FloatArray: ...


def bass_cdf(
    t: float | FloatArray | Sequence[float], p: float | FloatArray, q: float | FloatArray
) -> float | FloatArray:
    """Return the Bass cumulative adoption share F(t) in [0, 1).

    Args:
        t: time in periods, a number or an array; negative times count as 0 (not yet invited).
        p: innovation coefficient, > 0 (arrays broadcast against ``t``).
        q: imitation coefficient, >= 0.

    Returns:
        F(t), a float for a number ``t`` and an array of ``t``'s shape otherwise.

    Raises:
        ValueError: ``p`` is not positive or ``q`` is negative.
    """
    p_arr = np.asarray(p, dtype=np.float64)
    q_arr = np.asarray(q, dtype=np.float64)
    if np.any(p_arr <= 0) or np.any(q_arr < 0):
        raise ValueError(f"Bass coefficients need p > 0 and q >= 0; got p={p!r}, q={q!r}")
    values = _bass(np.asarray(t, dtype=np.float64), p_arr, q_arr)
    if np.ndim(values) == 0 and not isinstance(t, np.ndarray | Sequence):
        return float(values)
    return values


def bass_peak_time(p: float, q: float) -> float:
    """Return the time, in periods, at which adoptions per period peak.

    The density f = dF/dt peaks at ln(q/p)/(p+q) when imitation outweighs innovation (q > p);
    otherwise it only decreases and the peak is at launch, 0.

    Raises:
        ValueError: ``p`` is not positive or ``q`` is negative.
    """
    if p <= 0 or q < 0:
        raise ValueError(f"Bass coefficients need p > 0 and q >= 0; got p={p!r}, q={q!r}")
    return math.log(q / p) / (p + q) if q > p else 0.0


def _bass(t: FloatArray, p: FloatArray, q: FloatArray) -> FloatArray:
    exponent: FloatArray = np.asarray(np.maximum(t, 0.0) * -(p + q))  # broadcast shape
    return _bass_in_place(exponent, p, q)


def _bass_in_place(exponent: FloatArray, p: FloatArray, q: FloatArray) -> FloatArray:
    """Turn ``exponent`` = −(p+q)·max(t, 0) into F(t), in place, and return it."""
    # p(1 − e)/(p + q·e) with e = e^{−(p+q)t} equals the textbook form but never divides by p,
    # so a tiny p cannot overflow q/p, and it stays <= 1 in floating point (numerator <= p <=
    # denominator); expm1 keeps precision for small t. In place: it runs on the whole
    # populations × weeks grid.
    denominator = np.exp(exponent)
    denominator *= q
    denominator += p
    result = np.expm1(exponent, out=exponent)
    result *= -p
    result /= denominator
    return result


def forecast(plan: Plan, params: ForecastParams | None = None) -> Forecast:
    """Forecast adoption for ``plan``; ``params`` overrides the plan's own forecast parameters.

    Every population with both a headcount and a wave date gets a Bass curve starting on its wave
    date, on a grid of 7-day weeks from the earliest wave date. The grid covers
    ``params.horizon_weeks`` weeks, or up to ``plan.end_date`` when that is later. Populations
    missing either value are listed in ``skipped``. With ``params.adjust`` the curve's p, q and
    ceiling are multiplied by the sponsor, ambassador and resistance adjustments.

    Args:
        plan: the plan to forecast.
        params: parameters to use instead of ``plan.forecast`` (all of them).

    Returns:
        The weekly forecast per population, its totals and the 90-9-1 split at the horizon.
    """
    params = plan.forecast if params is None else params
    # One pass over the plan fills flat per-population lists (no tuple per population for the
    # garbage collector to walk). Ambassadors are counted community by community, as population
    # ids are unique per community only.
    communities: list[Community] = []
    selected: list[Population] = []
    headcounts: list[int] = []
    wave_dates: list[date] = []
    counts: list[int] = []
    ratings: list[int | None] = []  # the six ratings of each population, one after the other
    skipped: list[Message] = []
    for community in plan.communities:
        serving: dict[str, int] = {}
        for ambassador in community.ambassadors:
            serving[ambassador.population_id] = serving.get(ambassador.population_id, 0) + 1
        for population in community.populations:
            headcount, wave = population.headcount, population.wave_date
            if headcount is None or wave is None:
                skipped.append(_skip_message(community, population))
                continue
            communities.append(community)
            selected.append(population)
            headcounts.append(headcount)
            wave_dates.append(wave)
            counts.append(serving.get(population.id, 0))
            ratings.extend(_ratings(population.resistance))

    if not selected:
        return Forecast(
            params=params,
            weeks=(),
            populations=(),
            total_cumulative=(),
            total_new=(),
            participation=Participation(0.0, 0.0, 0.0),
            skipped=tuple(skipped),
        )

    start = min(wave_dates)
    week_count = _week_count(start, params.horizon_weeks, plan.end_date)
    weeks = tuple(start + timedelta(days=WEEK_DAYS * i) for i in range(week_count))

    # Unrated factors become NaN and are left out of each population's mean.
    rating_grid = np.array(ratings, dtype=np.float64).reshape(len(selected), -1)
    rated = np.count_nonzero(~np.isnan(rating_grid), axis=1)
    rating_means = np.nansum(rating_grid, axis=1) / np.maximum(rated, 1)
    resistance_means: list[float | None] = rating_means.tolist()
    if not rated.all():
        resistance_means = [
            mean if count else None
            for mean, count in zip(resistance_means, rated.tolist(), strict=True)
        ]

    sponsor_score = _sponsor_score(plan, params)
    headcount_array = np.array(headcounts, dtype=np.float64)
    sponsor, ambassadors, resistance = _adjustments(
        plan,
        params,
        sponsor_score,
        np.array(counts, dtype=np.float64) / headcount_array,
        rating_means,
        rated,
    )
    p = np.minimum(params.p * sponsor, 1.0)
    q = params.q * ambassadors
    ceiling = np.minimum(params.ceiling * resistance, 1.0)

    # Days from each wave to the end of each week, in Bass periods; before its wave a
    # population's t is negative and F(t) is 0. The populations × weeks grid is then turned into
    # members in place, in two buffers: every large temporary array costs an allocation, page
    # faults and a release.
    offsets = np.array([wave.toordinal() for wave in wave_dates], dtype=np.float64)
    offsets -= start.toordinal()
    cumulative = WEEK_DAYS * np.arange(1, week_count + 1, dtype=np.float64) - offsets[:, np.newaxis]
    cumulative /= params.period_days
    np.maximum(cumulative, 0.0, out=cumulative)
    cumulative *= -(p + q)[:, np.newaxis]
    _bass_in_place(cumulative, p[:, np.newaxis], q[:, np.newaxis])
    cumulative *= (headcount_array * ceiling)[:, np.newaxis]
    new = np.empty_like(cumulative)
    new[:, 0] = cumulative[:, 0]
    np.subtract(cumulative[:, 1:], cumulative[:, :-1], out=new[:, 1:])

    population_list: list[PopulationForecast] = list(
        map(
            PopulationForecast,
            [community.id for community in communities],
            [community.name for community in communities],
            [population.id for population in selected],
            [population.name for population in selected],
            headcounts,
            wave_dates,
            p.tolist(),
            q.tolist(),
            ceiling.tolist(),
            _multipliers(params, sponsor, ambassadors, resistance),
            _row_tuples(cumulative),
            _row_tuples(new),
            counts,
            resistance_means,
        )
    )
    total_cumulative: list[float] = cumulative.sum(axis=0).tolist()
    total_new: list[float] = new.sum(axis=0).tolist()
    return Forecast(
        params=params,
        weeks=weeks,
        populations=tuple(population_list),
        total_cumulative=tuple(total_cumulative),
        total_new=tuple(total_new),
        participation=participation(total_cumulative[-1], params),
        skipped=tuple(skipped),
        sponsor_score=sponsor_score,
    )


def participation(members: float, params: ForecastParams) -> Participation:
    """Split ``members`` into creators, contributors and lurkers (90-9-1 by default).

    Lurkers are the rest, so the three always add up to ``members``.
    """
    creators = members * params.creators_share
    contributors = members * params.contributors_share
    return Participation(
        creators=creators, contributors=contributors, lurkers=members - creators - contributors
    )


def forecast_rows(fc: Forecast) -> list[dict[str, object]]:
    """Return one row per week and population, week by week, for CSV export and the CLI.

    Keys are ``FORECAST_COLUMNS``: week (its first day), community_id, population_id, new and
    cumulative members; the catalogue labels them ``forecast.column.<key>``.
    """
    return [
        {
            "week": week,
            "community_id": population.community_id,
            "population_id": population.population_id,
            "new": population.new[index],
            "cumulative": population.cumulative[index],
        }
        for index, week in enumerate(fc.weeks)
        for population in fc.populations
    ]


def forecast_summary_rows(fc: Forecast) -> list[dict[str, object]]:
    """Return one row per population: inputs, adjusted parameters, multipliers, final members.

    Keys are ``SUMMARY_COLUMNS``; p, q and ceiling are after adjustment, so each is the plan's
    value times its multiplier (p and the ceiling capped at 1).
    """
    return [
        {
            "community_id": population.community_id,
            "community_name": population.community_name,
            "population_id": population.population_id,
            "population_name": population.population_name,
            "headcount": population.headcount,
            "wave_date": population.wave_date,
            "ambassadors": population.ambassadors,
            "p": population.p,
            "q": population.q,
            "ceiling": population.ceiling,
            "sponsor_multiplier": population.multipliers.sponsor,
            "ambassador_multiplier": population.multipliers.ambassadors,
            "resistance_multiplier": population.multipliers.resistance,
            "members_at_horizon": population.members_at_horizon,
        }
        for population in fc.populations
    ]


def _skip_message(community: Community, population: Population) -> Message:
    if population.headcount is None and population.wave_date is None:
        reason = "forecast.skipped.no_headcount_no_wave_date"
    elif population.headcount is None:
        reason = "forecast.skipped.no_headcount"
    else:
        reason = "forecast.skipped.no_wave_date"
    params: dict[str, Any] = {
        "community": community.name,
        "population": population.name,
        "community_id": community.id,
        "population_id": population.id,
    }
    return Message(reason, params)


def _week_count(start: date, horizon_weeks: int, end_date: date | None) -> int:
    if end_date is None or end_date < start:
        return horizon_weeks
    # Enough whole weeks for the last one to contain end_date.
    return max(horizon_weeks, -(-((end_date - start).days + 1) // WEEK_DAYS))


def _sponsor_score(plan: Plan, params: ForecastParams) -> int | None:
    # With no effect the multiplier is 1 whatever the score: skip judging the sponsors.
    if not params.adjust or params.sponsor_effect == 0:
        return None
    score = indicators.sponsor_support(plan, plan.thresholds).score
    return min(max(int(score), 0), 100)


def _row_tuples(matrix: FloatArray) -> list[tuple[float, ...]]:
    """Return each row of a 2-D array as a tuple of floats.

    Speed: ``struct`` unpacks each row of the buffer straight into a tuple, where ``tolist()``
    would build a list per row first: half the objects, so fewer garbage collections too.
    """
    row = struct.Struct(f"{matrix.shape[1]}d")
    return list(row.iter_unpack(np.ascontiguousarray(matrix).data))


def _adjustments(
    plan: Plan,
    params: ForecastParams,
    sponsor_score: int | None,
    coverage: FloatArray,
    rating_means: FloatArray,
    rated: npt.NDArray[np.intp],
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Return the sponsor, ambassador and resistance multipliers of every population.

    All 1.0 without ``params.adjust``; the resistance multiplier is 1.0 where nothing is rated.
    """
    ones = np.ones(len(coverage))
    if not params.adjust:
        return ones, ones, ones
    sponsor = (
        1.0 if sponsor_score is None else 1.0 + params.sponsor_effect * (sponsor_score / 50 - 1)
    )
    goal = plan.thresholds.ambassador_band()[1]
    ambassadors = 1.0 + params.ambassador_effect * (2 * np.minimum(coverage / goal, 1.0) - 1)
    resistance = np.where(rated > 0, 1.0 - params.resistance_effect * rating_means / 3, 1.0)
    return sponsor * ones, ambassadors, resistance


def _multipliers(
    params: ForecastParams, sponsor: FloatArray, ambassadors: FloatArray, resistance: FloatArray
) -> list[Multipliers]:
    """Return each population's ``Multipliers``; ``NO_ADJUSTMENT`` without ``params.adjust``."""
    if not params.adjust:
        return [NO_ADJUSTMENT] * len(sponsor)
    # Few distinct combinations occur (ratings are small integers, coverage is capped): equal
    # multipliers share one immutable object instead of allocating one per population.
    shared: dict[tuple[float, float, float], Multipliers] = {}
    multipliers: list[Multipliers] = []
    for values in zip(sponsor.tolist(), ambassadors.tolist(), resistance.tolist(), strict=True):
        found = shared.get(values)
        if found is None:
            found = shared[values] = Multipliers(*values)
        multipliers.append(found)
    return multipliers
