"""Plan store benchmark: save and open (latest) on SQLite and PostgreSQL, 1 and 200 revisions.

Run: ``python -m benchmarks.store_bench [--repeat 30] [--databases sqlite,postgresql]
[--communities 100] [--out docs/benchmarks.md]``.

Two plans are measured: the English sample plan and a synthetic plan of ``--communities``
communities (5 populations and 10 ambassadors each), a large workshop's worth.

PostgreSQL runs on a throwaway local cluster (the one the store tests use) unless
``TOTEM_BENCH_DATABASE_URL`` names a server to use instead; SQLite runs on a file in a temporary
folder, in WAL mode as in production. Each figure is the median of ``repeat`` runs after one
warm-up, with the spread (min–max), in milliseconds. "save" appends one revision on top of the
newest; "open" reads and parses the newest revision.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks.report import replace_section
from planner.models import Plan
from planner.planfile import dump_plan
from planner.store import PlanStore
from planner.synthetic import generate_plan

DATABASES = ("sqlite", "postgresql")
REVISIONS = (1, 200)
_SAMPLE = Path(__file__).parents[1] / "sample_data" / "en-team-plan.json"


@dataclass(frozen=True)
class Timing:
    """Median and spread of one operation, in milliseconds."""

    median: float
    low: float
    high: float


def _time(call: Callable[[], object], repeat: int) -> Timing:
    call()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return Timing(statistics.median(samples), min(samples), max(samples))


@contextmanager
def _database(kind: str) -> Iterator[str]:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="totem-bench-") as folder:
            yield f"sqlite:///{folder}/bench.db"
        return
    url = os.environ.get("TOTEM_BENCH_DATABASE_URL")
    if url:
        yield url
        return
    # The test cluster helper lives with the store tests; imported here only when needed.
    from tests.store.pg_cluster import PostgresCluster

    cluster = PostgresCluster()
    try:
        cluster.start()
        yield cluster.create_database("totem_bench")
    finally:
        cluster.stop()


Key = tuple[str, str, int]


def measure(
    plans: dict[str, Plan], *, databases: tuple[str, ...] = DATABASES, repeat: int = 30
) -> dict[Key, dict[str, Timing]]:
    """Time save and open for each database, plan and history length.

    Returns:
        ``{(database, plan label, revisions): {"save": Timing, "open": Timing}}``.
    """
    results: dict[Key, dict[str, Timing]] = {}
    for kind in databases:
        with _database(kind) as url:
            store = PlanStore(url)
            try:
                for (label, plan), revisions in itertools.product(plans.items(), REVISIONS):
                    created = store.create(plan, author="bench", note="")
                    plan_id, number = created.plan_id, created.number
                    for _ in range(revisions - 1):
                        number = store.save(
                            plan_id, plan, base_revision=number, author="bench", note=""
                        ).number
                    opened = _time(functools.partial(store.latest, plan_id), repeat)

                    saved = _time_save(store, plan_id, plan, repeat)
                    results[(kind, label, revisions)] = {"save": saved, "open": opened}
            finally:
                store.close()
    return results


def _time_save(store: PlanStore, plan_id: str, plan: Plan, repeat: int) -> Timing:
    number = store.latest(plan_id).number
    samples = []
    for index in range(repeat + 1):
        start = time.perf_counter()
        number = store.save(plan_id, plan, base_revision=number, author="bench", note="").number
        if index:  # the first save warms up
            samples.append((time.perf_counter() - start) * 1000)
    return Timing(statistics.median(samples), min(samples), max(samples))


def describe(plan: Plan) -> str:
    """A plan's size in words: communities, populations and the size of its file."""
    populations = sum(1 for _ in plan.all_populations())
    size = len(dump_plan(plan).encode()) / 1024
    return f"{len(plan.communities)} communities, {populations} populations, {size:,.0f} KB"


def to_markdown(results: dict[Key, dict[str, Timing]], repeat: int) -> str:
    """Render the results as the ``store`` section of docs/benchmarks.md."""
    lines = [
        "## Plan store: save and open",
        "",
        f"Median of {repeat} runs after a warm-up (min–max), in milliseconds; Python "
        f"{platform.python_version()} on {platform.machine()}. PostgreSQL is a local cluster "
        "over TCP on 127.0.0.1 (fsync off); SQLite is a file in WAL mode. Regenerate with "
        "`python -m benchmarks.store_bench --out docs/benchmarks.md`.",
        "",
        "| database | plan | revisions | save (ms) | open latest (ms) |",
        "|---|---|---:|---:|---:|",
    ]
    for (kind, label, revisions), timings in results.items():
        cells = [
            f"{t.median:.2f} ({t.low:.2f}–{t.high:.2f})" for t in (timings["save"], timings["open"])
        ]
        lines.append(f"| {kind} | {label} | {revisions} | {cells[0]} | {cells[1]} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table, and replace the store section of ``--out``."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--databases", default=",".join(DATABASES))
    parser.add_argument("--communities", type=int, default=100)
    parser.add_argument("--out", type=Path, help="markdown file whose store section is replaced")
    args = parser.parse_args(argv)
    sample = Plan.model_validate_json(_SAMPLE.read_bytes())
    synthetic = generate_plan(args.communities)
    plans = {
        f"sample ({describe(sample)})": sample,
        f"synthetic ({describe(synthetic)})": synthetic,
    }
    databases = tuple(name for name in args.databases.split(",") if name)
    results = measure(plans, databases=databases, repeat=args.repeat)
    text = to_markdown(results, args.repeat)
    print(text)
    if args.out:
        replace_section(args.out, "store", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
