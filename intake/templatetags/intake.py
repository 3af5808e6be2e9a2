"""The incident room's signals panel: what raised the incident and how long triage took."""

from __future__ import annotations

from typing import Any

from django import template

from incidents.templatetags.breachdesk import duration_text
from intake.selectors import alerts_of_incident

register = template.Library()


@register.inclusion_tag("intake/_signals.html")
def incident_signals(incident: Any) -> dict[str, Any]:
    """The incident's alerts, and the span from its first signal to awareness (triage time)."""
    alerts = list(alerts_of_incident(incident))
    gap = None
    if incident.aware_at is not None:
        gap = duration_text((incident.aware_at - incident.detected_at).total_seconds())
    return {"incident": incident, "alerts": alerts, "gap": gap}
