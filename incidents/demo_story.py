"""The whole demo: organisation, users, current incidents each showing one situation, and the
past months (closed incidents, reviews, drills) that fill the trends."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from incidents.learning.demo import learning_demo_seed


def demo_story_seed(*, now: datetime) -> dict[str, Any]:
    """Create the whole demo unless it exists already."""
    return learning_demo_seed(now=now)
