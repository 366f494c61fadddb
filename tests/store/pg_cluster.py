"""A throwaway PostgreSQL cluster for the store tests and the store benchmark.

``initdb`` refuses to run as root, so when we are root the server programs run as the
``postgres`` user (``su postgres``) in a temporary folder that user owns. The cluster listens on
127.0.0.1 on a free port, with its socket in the same folder, and ``stop`` removes everything.
"""

from __future__ import annotations

import glob
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, text

PG_USER = "postgres"
#: The Debian package with the server programs.
DEBIAN_PACKAGE = "postgresql"


class ClusterError(RuntimeError):
    """The cluster could not be made or started; the message says what to install or check."""


def find_pg_bin() -> Path:
    """Return the folder with PostgreSQL's server programs (``TOTEM_PG_BIN`` or Debian's).

    Raises:
        ClusterError: no initdb found, with the package to install.
    """
    override = os.environ.get("TOTEM_PG_BIN")
    candidates = [override] if override else sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    for candidate in reversed(candidates):
        if candidate and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    raise ClusterError(
        "PostgreSQL server programs not found (no /usr/lib/postgresql/*/bin/initdb): the store "
        "tests run on a real PostgreSQL. Install them with `make system-deps` (apt-get install "
        f"{DEBIAN_PACKAGE}) or point TOTEM_PG_BIN at a folder holding initdb and pg_ctl."
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(command: list[str]) -> subprocess.CompletedProcess[str]:
    """Run a server program as the postgres user when we are root, else as ourselves."""
    line = " ".join(shlex.quote(part) for part in command)
    full = ["su", PG_USER, "-s", "/bin/sh", "-c", line] if os.geteuid() == 0 else command
    return subprocess.run(full, capture_output=True, text=True, timeout=120, check=False)


class PostgresCluster:
    """A PostgreSQL cluster in a temporary folder: ``start``, ``create_database``, ``stop``."""

    def __init__(self, bin_dir: Path | None = None) -> None:
        self.bin_dir = bin_dir or find_pg_bin()
        self.root = Path(tempfile.mkdtemp(prefix="totem-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.started = False
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam(PG_USER)
            except KeyError:
                shutil.rmtree(self.root, ignore_errors=True)
                raise ClusterError(
                    f"no '{PG_USER}' system user: install the Debian package {DEBIAN_PACKAGE}"
                ) from None
            os.chown(self.root, user.pw_uid, user.pw_gid)

    def _run(self, *args: str) -> None:
        result = _as_postgres([str(self.bin_dir / args[0]), *args[1:]])
        if result.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise ClusterError(
                f"{args[0]} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}\n{tail}"
            )

    def start(self) -> None:
        """Create the cluster (initdb, trust authentication) and start the server."""
        self._run(
            "initdb", "-D", str(self.data), "-U", PG_USER, "--auth=trust",
            "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        # fsync off: a test cluster is thrown away, and durability costs only time here.
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} "
            "-c fsync=off -c max_connections=100"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "server.log"),
            "-w", "start",
        )  # fmt: skip
        self.started = True

    def stop(self) -> None:
        """Stop the server (when started) and remove its folder."""
        if self.started:
            _as_postgres([str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop"])
            self.started = False
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of ``database`` on this cluster."""
        return f"postgresql+psycopg://{PG_USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """(Re)create an empty database and return its URL."""
        engine = create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        finally:
            engine.dispose()
        return self.url(name)
