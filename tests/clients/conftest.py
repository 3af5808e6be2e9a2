"""Clients generated from the schema the live server serves: where the generators are, and the schema."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
NODE_BIN = ROOT / "node_modules" / ".bin"


def node_tool(name: str) -> Path:
    """A tool of package.json (installed by `npm ci`), or a skip that says so."""
    tool = NODE_BIN / name
    if not tool.exists():
        pytest.skip(f"{name} is not installed: run `npm ci` in the repository (package.json)")
    return tool


def run(command: list[Any], **kwargs: Any) -> str:
    """Run a generator or checker; its output (stdout and stderr) when it succeeds."""
    env = {**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}
    done = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, env=env, **kwargs
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    return output


@pytest.fixture
def served_schema(tmp_path: Path) -> Path:
    """The OpenAPI schema as the application serves it to anyone, saved as a file."""
    response = Client().get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    path = tmp_path / "openapi.json"
    path.write_bytes(response.content)
    return path


@pytest.fixture
def live_schema(live_server: Any, tmp_path: Path) -> Path:
    """The OpenAPI schema as the live server serves it over HTTP, saved as a file."""
    url = f"{live_server.url}/api/v1/schema/"
    response = httpx.get(url, params={"format": "json"}, timeout=120)
    assert response.status_code == 200
    path = tmp_path / "openapi.json"
    path.write_bytes(response.content)
    return path
