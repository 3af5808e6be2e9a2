"""./breachdesk run: a busy port stops the start at once, with one line naming the port."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

SCRIPT = Path(settings.BASE_DIR, "breachdesk")


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port something listens on for the length of the test."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    yield listener.getsockname()[1]
    listener.close()


def run(*args: str, env: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    result = subprocess.run(
        [str(SCRIPT), "run", *args],
        capture_output=True,
        text=True,
        timeout=30,
        # A venv path that does not exist: nothing may be installed before the port is checked.
        env={"PATH": "/usr/bin:/bin", "BREACHDESK_VENV": "/nonexistent/venv", **(env or {})},
    )
    return result, time.monotonic() - started


def test_a_busy_port_given_on_the_command_line_fails_within_five_seconds(busy_port) -> None:
    result, seconds = run("--port", str(busy_port))
    assert result.returncode == 1
    assert seconds < 5
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"Port {busy_port} is already in use: stop what runs there or choose another port "
        "(./breachdesk run --port N)."
    ]
    assert not Path("/nonexistent/venv").exists()


def test_a_busy_port_from_the_environment_fails_the_same_way(busy_port) -> None:
    result, seconds = run(env={"BREACHDESK_PORT": str(busy_port)})
    assert result.returncode == 1 and seconds < 5
    assert f"Port {busy_port} is already in use" in result.stderr


def test_the_command_line_port_wins_over_the_environment(busy_port) -> None:
    result, _ = run("--port", str(busy_port), env={"BREACHDESK_PORT": "1"})
    assert f"Port {busy_port} is already in use" in result.stderr


@pytest.mark.parametrize(
    "port", ["http", "80a", "", "0", "65536"], ids=["word", "mixed", "empty", "zero", "too-big"]
)
def test_a_port_that_is_not_a_number_is_refused(port: str) -> None:
    result, _ = run("--port", port)
    assert result.returncode == 2
    assert "The port must be a number" in result.stderr
