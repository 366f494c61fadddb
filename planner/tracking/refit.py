"""Refit the adoption curve of one community to its snapshots, with a 90 % interval.

The model keeps the plan's structure: each population of the community joins on its own Bass
curve from its wave date, over its headcount, with the p, q and ceiling the forecast gave it
(``planner.forecast``). The refit estimates three factors shared by the community's populations,

    p_i = a·p_i(plan),   q_i = b·q_i(plan),   ceiling_i = min(k·ceiling_i(plan), 1),

so that with no data the refitted curve *is* the plan's, and each snapshot moves it.

**Estimate.** The members who joined between two snapshots are taken as Poisson counts around
the curve's increase over that stretch (members are cumulative, so the increments are the
independent pieces). The factors' logarithms get a normal prior centred on the plan (``PRIOR``)
and the estimate is the maximum a posteriori, by ``scipy.optimize.least_squares`` with bounds:
Pearson residuals of the increments, scaled by the over-dispersion the residuals show (real
networks join in bursts after an invitation), plus one residual per factor for the prior. This
is the shrinkage diffusion fits need before the inflexion, where least squares alone is biased
and unstable (Van den Bulte & Lilien 1997): with few snapshots the prior dominates and the curve
stays near the plan; as snapshots pass the inflexion the data take over. ``Fit.shrunk`` says
which side of that line a community is on.

**Interval.** The 90 % interval of members at the end of the launch period comes from the
Laplace approximation: the factors' posterior is taken as normal around the estimate, with the
covariance from the Jacobian that ``least_squares`` returns, so no refitting is needed (a
parametric bootstrap would refit hundreds of times per community and miss the 2 s budget for
100 communities). ``DRAWS`` draws of the factors give the curve's increase from the last
snapshot to the end; each adds the Poisson noise of the members still to join (scaled by the
over-dispersion), and the 5th and 95th percentiles bound the interval. The projection starts
from the last snapshot's real member count rather than from the curve, since members already
counted are known. ``tests/planner/test_refit.py`` checks the coverage on simulated launches.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy.optimize import least_squares

from planner.forecast import FloatArray, PopulationForecast, bass_peak_time
from planner.models import Plan, Snapshot
from planner.tracking.model import Fit

#: Standard deviation of the prior on log a, log b and log k: how far a real launch's p, q and
#: ceiling typically land from the plan's literature values (a factor of about 2 for p, 1.6 for
#: q, 1.4 for the share who join). Documented in docs/tracking.md.
PRIOR = np.array([0.7, 0.5, 0.35])
#: Bounds of the factors a, b and k.
BOUNDS = (np.log([0.05, 0.1, 0.1]), np.log([20.0, 10.0, 3.0]))
#: Draws of the factors for the interval.
DRAWS = 400
#: Snapshots with a member count below which the data cannot identify the curve.
MIN_IDENTIFYING = 5
_SEED = 20270315  # the draws are seeded: the same plan gives the same interval
_FLOOR = 0.5  # smallest expected increment in a Pearson residual's denominator


@dataclass(frozen=True, slots=True)
class Refit:
    """A community's refit: the parameters, the projection at the end and the weekly curve."""

    fit: Fit
    end: float | None  # members at the plan's end date; None without an end date
    low_end: float | None
    high_end: float | None
    curve: tuple[float, ...]  # members at each week end: the refitted curve
    low: tuple[float, ...]  # 90 % band; equal to the curve up to the last snapshot
    high: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Structure:
    """The plan's populations of one community, as arrays."""

    headcount: FloatArray
    wave: FloatArray  # day ordinals
    p: FloatArray
    q: FloatArray
    ceiling: FloatArray
    period: float

    def members(self, factors: FloatArray, days: FloatArray) -> FloatArray:
        """Members at the end of each day of ``days`` for each row of log-factors ``factors``.

        ``factors`` has shape (draws, 3); the result has shape (draws, len(days)).
        """
        a, b, k = (np.exp(factors[:, i])[:, None, None] for i in range(3))
        p = np.minimum(a * self.p[None, :, None], 1.0)
        q = b * self.q[None, :, None]
        size = self.headcount[None, :, None] * np.minimum(k * self.ceiling[None, :, None], 1.0)
        t = np.maximum((days[None, None, :] + 1 - self.wave[None, :, None]) / self.period, 0)
        e = np.exp(-(p + q) * t)
        share = p * -np.expm1(-(p + q) * t) / (p + q * e)
        total: FloatArray = (size * share).sum(axis=1)
        return total


def structure_of(plan: Plan, populations: Sequence[PopulationForecast]) -> Structure:
    """The community's populations as the refit's arrays."""
    return Structure(
        headcount=np.array([p.headcount for p in populations], dtype=np.float64),
        wave=np.array([p.wave_date.toordinal() for p in populations], dtype=np.float64),
        p=np.array([p.p for p in populations]),
        q=np.array([p.q for p in populations]),
        ceiling=np.array([p.ceiling for p in populations]),
        period=float(plan.forecast.period_days),
    )


def fit_community(
    plan: Plan,
    populations: Sequence[PopulationForecast],
    counted: Sequence[Snapshot],
    weeks: Sequence[date],
) -> Refit | None:
    """Refit the community whose plan forecast is ``populations`` to its ``counted`` snapshots.

    Args:
        plan: the plan (its end date and forecast period).
        populations: the forecast of each population of the community.
        counted: the snapshots with a member count, in date order (at least one).
        weeks: the week ends the curve is wanted on.

    Returns:
        The refit, or None when the community has no forecast population or no snapshot.
    """
    if not populations or not counted:
        return None
    structure = structure_of(plan, populations)
    days = np.array([s.date.toordinal() for s in counted], dtype=np.float64)
    members = np.array([s.members for s in counted], dtype=np.float64)
    estimate, covariance, dispersion = _estimate(structure, days, members)
    weights = structure.headcount
    factors = np.exp(estimate)
    fit = Fit(
        p=float(np.average(np.minimum(factors[0] * structure.p, 1.0), weights=weights)),
        q=float(np.average(factors[1] * structure.q, weights=weights)),
        ceiling=float(np.average(np.minimum(factors[2] * structure.ceiling, 1.0), weights=weights)),
        shrunk=not _identified(structure, estimate, days),
        snapshots=len(counted),
        planned_p=float(np.average(structure.p, weights=weights)),
        planned_q=float(np.average(structure.q, weights=weights)),
        planned_ceiling=float(np.average(structure.ceiling, weights=weights)),
    )
    return _project(plan, structure, estimate, covariance, dispersion, days, members, weeks, fit)


def _residuals(
    structure: Structure, days: FloatArray, members: FloatArray, dispersion: float
) -> object:
    increments = np.diff(members, prepend=0.0)
    start = np.concatenate(([structure.wave.min() - 1], days[:-1]))

    def residuals(theta: FloatArray) -> FloatArray:
        rows = theta[None, :]
        expected = structure.members(rows, days)[0] - structure.members(rows, start)[0]
        data = (increments - expected) / np.sqrt(np.maximum(expected, _FLOOR) * dispersion)
        return np.concatenate((data, theta / PRIOR))

    return residuals


def _estimate(
    structure: Structure, days: FloatArray, members: FloatArray
) -> tuple[FloatArray, FloatArray, float]:
    """The log-factors' estimate, their covariance and the over-dispersion of the increments."""
    start = np.zeros(3)
    dispersion = 1.0
    for _ in range(2):
        result = least_squares(
            _residuals(structure, days, members, dispersion),  # type: ignore[arg-type]
            start,
            bounds=BOUNDS,
            method="trf",
            x_scale=PRIOR,
        )
        data = result.fun[: len(days)] * math.sqrt(dispersion)
        # Over-dispersion from the Pearson statistic, once there are more increments than
        # factors; never below Poisson's 1.
        spare = len(days) - 3
        new = max(1.0, float(np.sum(data**2)) / spare) if spare >= 3 else 1.0
        start = np.clip(result.x, BOUNDS[0], BOUNDS[1])
        if abs(new - dispersion) < 0.05 * dispersion:
            dispersion = new
            break
        dispersion = new
    jacobian = np.asarray(result.jac)
    try:
        covariance = np.linalg.inv(jacobian.T @ jacobian)
    except np.linalg.LinAlgError:
        covariance = np.diag(PRIOR**2)
    return np.asarray(result.x), covariance, dispersion


def _identified(structure: Structure, estimate: FloatArray, days: FloatArray) -> bool:
    """True when enough snapshots exist and the last is past the main wave's inflexion."""
    if len(days) < MIN_IDENTIFYING:
        return False
    main = int(np.argmax(structure.headcount))
    a, b = np.exp(estimate[:2])
    p = min(a * structure.p[main], 1.0)
    q = b * structure.q[main]
    peak = structure.wave[main] + bass_peak_time(p, q) * structure.period
    return bool(days[-1] >= peak)


def _project(
    plan: Plan,
    structure: Structure,
    estimate: FloatArray,
    covariance: FloatArray,
    dispersion: float,
    days: FloatArray,
    members: FloatArray,
    weeks: Sequence[date],
    fit: Fit,
) -> Refit:
    """The refitted curve, the 90 % band after the last snapshot, and the end projection."""
    week_days = np.array([w.toordinal() for w in weeks], dtype=np.float64)
    end = plan.end_date
    grid = np.append(week_days, end.toordinal() if end else week_days[-1])
    last_day, last_members = days[-1], members[-1]
    rng = np.random.default_rng(_SEED)
    draws = rng.multivariate_normal(estimate, covariance, size=DRAWS, method="cholesky")
    draws = np.clip(draws, BOUNDS[0], BOUNDS[1])
    rows = np.vstack((estimate[None, :], draws))
    curves = structure.members(rows, np.append(grid, last_day))
    # After the last snapshot: its real count plus the curve's increase since then.
    still = np.maximum(curves[:, :-1] - curves[:, -1:], 0.0)
    after = grid > last_day
    noise = rng.standard_normal(still[1:].shape) * np.sqrt(still[1:] * dispersion)
    projected = last_members + still[1:] + noise
    central = np.where(after, last_members + still[0], curves[0, :-1])
    low = np.where(after, np.maximum(np.percentile(projected, 5, axis=0), last_members), central)
    high = np.where(after, np.percentile(projected, 95, axis=0), central)
    n = len(weeks)
    return Refit(
        fit=fit,
        end=float(central[-1]) if end else None,
        low_end=float(low[-1]) if end else None,
        high_end=float(high[-1]) if end else None,
        curve=tuple(central[:n].tolist()),
        low=tuple(low[:n].tolist()),
        high=tuple(high[:n].tolist()),
    )
