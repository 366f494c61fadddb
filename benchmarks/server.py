"""Run a Streamlit app as a subprocess on a free local port, for browser tests and benchmarks."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

REPO_ROOT = Path(__file__).resolve().parents[1]
#: The workbook as `make run` serves it: app.py behind the entry that warms the process first.
APP = REPO_ROOT / "workbook" / "serve.py"
BARE_APP = REPO_ROOT / "tests" / "e2e" / "bare_app.py"
REFERENCE_APP = REPO_ROOT / "benchmarks" / "reference_app.py"
STARTUP_TIMEOUT = 60.0


class ServerStartError(RuntimeError):
    """The Streamlit server exited or never answered its health check."""


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class StreamlitServer:
    """A running ``streamlit run`` subprocess.

    Attributes:
        app: the script being served.
        port: the port it listens on (127.0.0.1 only).
        process: the subprocess.
        log_path: file receiving the server's stdout and stderr.
    """

    app: Path
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path
    _log_file: IO[bytes] | None = field(repr=False, default=None)

    @property
    def url(self) -> str:
        """Base URL of the app, with a trailing slash."""
        return f"http://127.0.0.1:{self.port}/"

    def log(self) -> str:
        """Return what the server has written to stdout and stderr so far."""
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return "(log already removed)"

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate the server (SIGTERM, then SIGKILL after ``timeout`` seconds), drop its log."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=timeout)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        self.log_path.unlink(missing_ok=True)


def start_server(
    app: Path | str,
    *,
    port: int | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = STARTUP_TIMEOUT,
) -> StreamlitServer:
    """Start ``streamlit run app`` headless on 127.0.0.1 and wait until it is healthy.

    Args:
        app: path of the script, absolute or relative to the repository root.
        port: port to listen on; a free one when ``None``.
        env: variables added to the current environment (which already carries ``TOTEM_*``).
        timeout: seconds to wait for ``/_stcore/health`` to answer ``ok``.

    Returns:
        The running server; call ``stop()`` when done (or use :func:`running_server`).

    Raises:
        ServerStartError: the process exited or the health check never answered, with the log.
    """
    app_path = (REPO_ROOT / app).resolve()
    port = free_port() if port is None else port
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app_path),
        "--server.headless=true",
        "--server.address=127.0.0.1",
        f"--server.port={port}",
        "--browser.gatherUsageStats=false",
        "--server.fileWatcherType=none",
    ]
    # The whole environment is passed on: TOTEM_* settings reach the app, PATH and HOME too.
    process_env = {**os.environ, **(env or {})}
    # A file rather than a pipe: nobody reads a pipe while tests run, and a full one blocks
    # the server.
    log_file = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed by StreamlitServer.stop
        prefix=f"streamlit-{app_path.stem}-{port}-", suffix=".log", delete=False
    )
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, env=process_env, stdout=log_file, stderr=subprocess.STDOUT
    )
    server = StreamlitServer(app_path, port, process, Path(log_file.name), log_file)
    try:
        _wait_until_healthy(server, timeout)
    except BaseException:
        server.stop()
        raise
    return server


@contextmanager
def running_server(app: Path | str, **options: object) -> Iterator[StreamlitServer]:
    """Context manager around :func:`start_server` that always stops the server."""
    server = start_server(app, **options)  # type: ignore[arg-type]
    try:
        yield server
    finally:
        server.stop()


def _wait_until_healthy(server: StreamlitServer, timeout: float) -> None:
    health = f"{server.url}_stcore/health"
    deadline = time.monotonic() + timeout
    while True:
        if server.process.poll() is not None:
            raise ServerStartError(
                f"streamlit run {server.app.name} exited with code {server.process.returncode} "
                f"before answering {health}. Server output:\n{server.log()}"
            )
        try:
            with urllib.request.urlopen(health, timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass  # not listening yet
        if time.monotonic() > deadline:
            raise ServerStartError(
                f"streamlit run {server.app.name} did not answer {health} with 'ok' within "
                f"{timeout:.0f} s. Server output:\n{server.log()}"
            )
        time.sleep(0.1)
