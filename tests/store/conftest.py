"""Fixtures for the plan store: the same tests run on SQLite and on a throwaway PostgreSQL.

The PostgreSQL cluster is made once per test session in a temporary folder owned by the
``postgres`` user (``initdb`` refuses to run as root), listens on 127.0.0.1 on a free port, and is
stopped at the end of the session, also when tests fail. Missing server binaries are a failure,
not a skip: ``make test`` installs them (Debian package ``postgresql``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from planner.models import Plan
from planner.store import PlanStore
from tests.store.pg_cluster import ClusterError, PostgresCluster


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """Start a PostgreSQL cluster for the session; stop and remove it at the end."""
    try:
        cluster = PostgresCluster()
    except ClusterError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        cluster.start()
    except ClusterError as exc:
        cluster.stop()
        pytest.fail(str(exc), pytrace=False)
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_kind(request: pytest.FixtureRequest) -> str:
    """Each store test runs once per database engine."""
    return str(request.param)


@pytest.fixture(scope="session")
def session_tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("store")


@pytest.fixture(scope="session")
def database_url(database_kind: str, request: pytest.FixtureRequest, session_tmp: Path) -> str:
    """A URL of an empty database: ``totem`` on the session's PostgreSQL, or a SQLite file."""
    if database_kind == "postgresql":
        cluster: PostgresCluster = request.getfixturevalue("postgres_cluster")
        return cluster.create_database("totem")
    return f"sqlite:///{session_tmp / 'totem.db'}"


@pytest.fixture
def store(database_url: str) -> Iterator[PlanStore]:
    """A store over the session's database, emptied before each test."""
    plan_store = PlanStore(database_url)
    with plan_store.engine.begin() as connection:
        connection.execute(text("DELETE FROM revisions"))
        connection.execute(text("DELETE FROM plans"))
    try:
        yield plan_store
    finally:
        plan_store.close()


@pytest.fixture
def fresh_url(database_kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of a database no store has opened yet (for schema-creation tests)."""
    if database_kind == "postgresql":
        cluster: PostgresCluster = request.getfixturevalue("postgres_cluster")
        return cluster.create_database(f"fresh_{os.getpid()}")
    return f"sqlite:///{tmp_path / 'nested' / 'fresh.db'}"


@pytest.fixture
def sample_plan() -> Plan:
    """The English sample plan shipped with Totem."""
    path = Path(__file__).parents[2] / "sample_data" / "en-team-plan.json"
    return Plan.model_validate_json(path.read_bytes())
