"""Alert sources and a client that posts as one, at a fixed time."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
import time_machine
from rest_framework.test import APIClient

from intake.models import AlertSource
from intake.services import alert_source_create

URL = "/api/v1/intake/alerts/"


@pytest.fixture
def frozen(now: datetime) -> Any:
    """The API reads the wall clock (it is an entry point): pin it to the fixtures' `now`."""
    with time_machine.travel(now, tick=False):
        yield now


@pytest.fixture
def siem(personas: dict[str, Any], now: datetime) -> tuple[AlertSource, str]:
    """A monitoring source with a bearer token and a signing secret."""
    return alert_source_create(actor=personas["admin"], name="siem-eu", now=now, signed=True)


@pytest.fixture
def post_as(siem: tuple[AlertSource, str]) -> Callable[..., Any]:
    """POST a JSON body with the source's bearer token."""

    def post(body: Any, *, path: str = URL, token: str | None = None) -> Any:
        client = APIClient()
        return client.post(
            path,
            data=json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token or siem[1]}",
        )

    return post


def generic(**fields: Any) -> dict[str, Any]:
    """A valid generic alert body."""
    body = {
        "source": "siem-eu",
        "fingerprint": "exfil-db-07",
        "title": "Unusual outbound transfer from customer database",
        "severity": "high",
        "observed_at": "2026-11-24T07:30:00+01:00",
        "details": {"host": "db-07", "bytes": 4_200_000_000},
    }
    body.update(fields)
    return body
