"""Tunable numbers of the notification machinery, overridable through settings.BREACHDESK_NOTIFICATIONS."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import timedelta

from django.conf import settings


@dataclass(frozen=True)
class NotificationSettings:
    """Warning windows, retry schedule, lease and limits of the outbox."""

    # Warnings before a deadline, widest first; each is sent once per deadline.
    warning_windows: tuple[timedelta, ...] = (
        timedelta(hours=24),
        timedelta(hours=6),
        timedelta(hours=1),
    )
    # How long after a deadline the sweep still sends its overdue escalation (covers outages).
    overdue_lookback: timedelta = timedelta(days=7)
    # A message claimed longer ago than this is taken to belong to a dead worker.
    lease: timedelta = timedelta(minutes=5)
    max_attempts: int = 8
    # Retry n waits base × factor^(n-1), at most cap: 1 min, 5 min, 25 min, 2 h 5 min, …
    backoff_base: timedelta = timedelta(minutes=1)
    backoff_factor: int = 5
    backoff_cap: timedelta = timedelta(hours=12)
    webhook_connect_timeout: float = 3.05
    webhook_read_timeout: float = 10.0
    # The sweep publishes one dispatch task per this many due messages, at most dispatch_parallel.
    dispatch_batch: int = 100
    dispatch_parallel: int = 8
    # A dispatch task stops after this long so a backlog never pins a worker.
    dispatch_seconds: float = 50.0

    def backoff(self, attempts: int) -> timedelta:
        """The wait before the next try after `attempts` failed ones."""
        seconds = self.backoff_base.total_seconds() * self.backoff_factor ** max(attempts - 1, 0)
        return timedelta(seconds=min(seconds, self.backoff_cap.total_seconds()))


def notification_settings() -> NotificationSettings:
    """The defaults with whatever settings.BREACHDESK_NOTIFICATIONS overrides."""
    overrides = getattr(settings, "BREACHDESK_NOTIFICATIONS", {}) or {}
    known = {f.name for f in fields(NotificationSettings)}
    return replace(NotificationSettings(), **{k: v for k, v in overrides.items() if k in known})
