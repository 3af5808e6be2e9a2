"""Fixtures of the notification tests: a real local webhook receiver, subscriptions, deadlines."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest

from notifications.models import Event, WebhookSubscription
from tests.factories import incident_create_for_test
from tests.notifications.builders import SECRET
from tests.notifications.receiver import Receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A real HTTP server on 127.0.0.1 that records what it is sent."""
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def subscription(db: Any, receiver: Receiver) -> WebhookSubscription:
    """A subscription to every event, pointing at the local receiver."""
    return WebhookSubscription.objects.create(
        name="SIEM", url=receiver.url, events=list(Event.values), secret=SECRET
    )


@pytest.fixture
def incident(personas: dict[str, Any], now: datetime) -> Any:
    """An incident created by the security persona four hours after awareness."""
    return incident_create_for_test(actor=personas["security"], now=now)
