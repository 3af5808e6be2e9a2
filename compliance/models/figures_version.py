"""The version of the stored facts the dashboard figures are computed from.

One row. Database triggers (migration `compliance 0014`) bump it in the same transaction as any
write that can change a figure: obligations, submissions, an incident's detection time, drill
flag, status, severity or reference, a task's status or due time. Figures cached under a
version are therefore never read once a write that could change them has committed.
"""

from __future__ import annotations

from django.db import models

ROW = 1


class FiguresVersion(models.Model):
    """A counter and a random token, both renewed on every write that can change a figure (the
    token keeps a version number reached again after a rollback from meaning the same facts)."""

    number = models.BigIntegerField(default=0)
    token = models.CharField(max_length=40, default="")

    class Meta:
        db_table = "compliance_figures_version"

    def __str__(self) -> str:
        return f"{self.number}:{self.token}"
