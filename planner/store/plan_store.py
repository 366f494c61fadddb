"""``PlanStore``: the store's parts put together into the one object the app holds.

Owns nothing but the assembly: connection and schema (``connection``), reading (``reading``),
writing (``writing``) and the bin (``bin``) each live in their own module.

Imports: the store's ``writing`` and ``bin``.
"""

from __future__ import annotations

from planner.store.bin import StoreBin
from planner.store.writing import StoreWriting

__all__ = ["PlanStore"]


class PlanStore(StoreWriting, StoreBin):
    """Plans and their revisions in a SQL database (SQLite or PostgreSQL).

    One store per process is enough: it holds a connection pool and is safe to share between
    threads (Streamlit sessions). Results are plain, immutable values.

    Args:
        url: a SQLAlchemy URL, e.g. ``sqlite:///data/totem.db`` or
            ``postgresql+psycopg://user:password@host:5432/totem``.
        pool_size: connections kept open per process (PostgreSQL); ``max_overflow`` more may
            be opened under load.
    """
