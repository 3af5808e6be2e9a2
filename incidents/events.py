"""The "facts changed" event: a writer below the orchestrating service asks it to recompute.

Obligations, tasks and notifications sit above the incident record (docs/architecture.md), so a
lower writer such as a risk assessment or a regime decision cannot call them. It sends this event
inside its transaction; ``incidents.services.incident_after_change`` answers it, connected in
``IncidentsConfig.ready()``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.dispatch import Signal

from incidents.models import Incident

incident_facts_changed = Signal()


def incident_facts_changed_send(
    *, incident: Incident, actor: Any, created: bool, now: datetime
) -> None:
    """Have the orchestrating service recompute obligations and tasks and notify, in this transaction."""
    if not incident_facts_changed.has_listeners(Incident):
        # A change no one recomputes would leave a legal deadline silently wrong.
        raise ImproperlyConfigured("Nothing answers incident_facts_changed: is the app ready?")
    incident_facts_changed.send(
        sender=Incident, incident=incident, actor=actor, created=created, now=now
    )
