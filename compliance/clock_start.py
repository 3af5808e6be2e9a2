"""The one rule for when an incident's legal clocks start: awareness, else the first signal."""

from __future__ import annotations

from datetime import datetime


def clock_start(*, aware_at: datetime | None, detected_at: datetime | None) -> datetime | None:
    """Return awareness, or detection while awareness is not recorded (the earliest it can be).

    GDPR Art. 33(1) runs from becoming aware; EDPB Guidelines 9/2022 place that at reasonable
    certainty of a breach, which cannot come before the first signal, so detection is the
    conservative start until `aware_at` is recorded (see docs/regulations.md).
    """
    return aware_at if aware_at is not None else detected_at
