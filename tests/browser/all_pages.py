"""What the all-pages test visits and what it checks pages against: the demo, seeded once; every
web page a person opens; the stored codes; the data a page may show as typed; the dashboard's
figures counted from the rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.db import models

# Web routes that are not pages a person opens: form posts, downloads, feeds, sign-in plumbing.
NOT_PAGES = frozenset(
    {
        "healthz",
        "language/",
        "accounts/logout/",
        "accounts/password/done/",
        "accounts/two-factor/remove/",
        "accounts/sso/start/",
        "accounts/sso/callback/",
        "accounts/sso/no-role/",
        "incidents/<str:reference>/transition/",
        "incidents/<str:reference>/risk/",
        "obligations/<int:pk>/submissions/",
        "reports/<int:pk>/download/",
        "calendar/<str:token>.ics",
        "settings/webhooks/<int:pk>/rotate-secret/",
        "settings/webhooks/<int:pk>/delete/",
        "settings/webhooks/dead-letters/<int:pk>/redeliver/",
    }
)
# The API reference is English by design and drawn by its own scripts: it is checked for
# accessibility and outside requests, once per language, not for translations.
API_DOCS = frozenset({"api/v1/docs/", "api/v1/redoc/"})


# Every web page a person opens, by its route, with a short name for the findings; pages
# other branches bring (executive summary, coverage) are visited once routed.
PAGE_NAMES = {
    "": "dashboard",
    "board/": "board",
    "welcome/": "welcome",
    "incidents/": "incident list",
    "incidents/new/": "new incident",
    "incidents/<str:reference>/": "room",
    "incidents/<str:reference>/facts/": "facts",
    "incidents/<str:reference>/statements/": "statements",
    "incidents/<str:reference>/reports/": "reports",
    "tasks/": "tasks",
    "tasks/mine/": "my tasks",
    "tasks/<int:pk>/": "task",
    "teams/<slug:code>/tasks/": "team tasks",
    "incidents/<str:reference>/review/": "review",
    "drills/": "drills",
    "drills/<int:pk>/": "drill",
    "trends/": "trends",
    "register/": "register",
    "notifications/": "notifications",
    "outbox/": "outbox",
    "triage/": "triage",
    "settings/organisation/": "organisation",
    "settings/preferences/": "preferences",
    "settings/playbooks/": "playbooks",
    "settings/playbooks/<int:pk>/": "playbook",
    "settings/webhooks/": "webhooks",
    "settings/webhooks/new/": "new webhook",
    "settings/webhooks/<int:pk>/": "webhook",
    "accounts/password/": "password",
    "accounts/two-factor/": "two-factor",
    "accounts/login/": "sign-in",
    "api/v1/docs/": "API docs",
    "api/v1/redoc/": "API reference",
    "executive/": "executive",
    "coverage/": "coverage",
}


@dataclass(frozen=True)
class Page:
    """One page to visit: its route (as urls.py spells it), a short name and the path to open."""

    route: str
    name: str
    path: str


def web_routes() -> list[str]:
    """Every route of the web UI, as urls.py spells it (the API's and the admin's left out)."""
    from django.urls import URLResolver, get_resolver

    def walk(patterns: list, prefix: str = "") -> list[str]:
        routes = []
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                routes += walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                routes.append(prefix + str(pattern.pattern))
        return routes

    return [
        route
        for route in walk(get_resolver().url_patterns)
        if not route.startswith("admin/") and (not route.startswith("api/") or route in API_DOCS)
    ]


def site_seed(*, now: datetime) -> dict[str, Any]:
    """The whole demo, a draft GDPR notice with facts missing, a webhook and three alerts waiting
    for triage; returns the demo users."""
    from compliance.models import ReportDocument
    from compliance.reporting.services import report_generate, report_request
    from incidents.demo_story import demo_story_seed
    from intake.mapping import AlertInput
    from intake.services import alert_source_create, alerts_receive
    from notifications.models import Event
    from notifications.services import webhook_subscription_create

    users = demo_story_seed(now=now)["users"]
    # The room lists what a draft lacks: generate one for the incident the demo reports on.
    incident = ReportDocument.objects.select_related("incident").first().incident
    document = report_request(
        actor=users["dpo"], kind="gdpr-art33", incident=incident, enqueue=False, now=now
    )
    report_generate(document_id=document.pk, now=now)
    webhook_subscription_create(
        actor=users["admin"],
        data={
            "name": "SIEM bridge",
            "url": "https://siem.northwind.example/hooks/breachdesk",
            "events": [Event.values[0]],
        },
        now=now,
    )
    siem, _token = alert_source_create(actor=users["admin"], name="siem-eu", now=now)
    signals = [
        ("exfil-db-07", "Outbound transfer of 4 GB from the customer database", "critical"),
        ("login-burst", "Failed sign-ins from 300 addresses on the customer portal", "high"),
        ("backup-egress", "Nightly backup traffic to the disaster-recovery site", "low"),
    ]
    for minutes, (fingerprint, title, severity) in enumerate(signals, start=20):
        alerts_receive(
            source=siem,
            alerts=[
                AlertInput(
                    fingerprint=fingerprint,
                    title=title,
                    severity=severity,
                    observed_at=now - timedelta(minutes=minutes),
                )
            ],
            now=now,
        )
    return users


def site_pages() -> list[Page]:
    """Every page with a path into the seeded demo, optional pages included when routed."""
    model = apps.get_model
    ReportDocument, Task = model("compliance.ReportDocument"), model("incidents.Task")
    Drill, Review, Playbook = (
        model(f"incidents.{name}") for name in ("Drill", "Review", "Playbook")
    )
    WebhookSubscription = model("notifications.WebhookSubscription")

    room = ReportDocument.objects.select_related("incident").order_by("pk").first().incident
    task = Task.objects.filter(incident=room).select_related("team").order_by("pk").first()
    review = Review.objects.select_related("incident").order_by("pk").first()
    reference = room.reference
    filled = {
        "incidents/<str:reference>/": f"/incidents/{reference}/",
        "incidents/<str:reference>/facts/": f"/incidents/{reference}/facts/",
        "incidents/<str:reference>/statements/": f"/incidents/{reference}/statements/",
        "incidents/<str:reference>/reports/": f"/incidents/{reference}/reports/",
        "tasks/<int:pk>/": f"/tasks/{task.pk}/",
        "teams/<slug:code>/tasks/": f"/teams/{task.team.code}/tasks/",
        "incidents/<str:reference>/review/": f"/incidents/{review.incident.reference}/review/",
        "drills/<int:pk>/": f"/drills/{Drill.objects.order_by('pk').first().pk}/",
        "settings/playbooks/<int:pk>/": f"/settings/playbooks/{Playbook.objects.first().pk}/",
        "settings/webhooks/<int:pk>/": f"/settings/webhooks/{WebhookSubscription.objects.get().pk}/",
    }
    routed = set(web_routes())
    pages = [
        Page(route, name, filled.get(route, f"/{route}"))
        for route, name in PAGE_NAMES.items()
        if route in routed
    ]
    unfilled = [page.route for page in pages if "<" in page.path]
    assert not unfilled, f"give these routes a path into the demo: {unfilled}"
    return pages


def stored_codes() -> frozenset[str]:
    """Every value of the stored vocabularies: model choices, text choices, regimes, rules."""
    from compliance.engine.regimes import REGIMES, RULES_BY_ID

    values: set[str] = {regime.code for regime in REGIMES} | set(RULES_BY_ID)
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for candidate in (field, getattr(field, "base_field", None)):
                for value, _label in getattr(candidate, "flatchoices", None) or []:
                    values.add(str(value))
    stack = [models.TextChoices]
    while stack:
        for choices in stack.pop().__subclasses__():
            values.update(str(value) for value in choices.values)
            stack.append(choices)
    return frozenset(values)


# Text people typed (or an organisation set up), shown as typed whatever the reader's language.
# Texts the application writes itself (tasks from playbooks, team names, obligations, messages)
# are not data: they follow the reader's language.
DATA_MODELS = {
    "auth.User": ("username", "first_name", "last_name", "email"),
    "incidents.LegalEntity": None,
    "incidents.OrganisationProfile": ("name",),
    "incidents.Incident": None,
    "incidents.TaskComment": None,
    "incidents.StatementVersion": None,
    "incidents.Review": None,
    "incidents.CorrectiveAction": None,
    "incidents.DrillScenario": ("name", "brief"),
    "incidents.AuditEvent": ("actor_label", "object_repr"),
    "compliance.Submission": None,
    "compliance.ReportFacts": None,
    "compliance.RegimeOverride": None,
    "compliance.RiskAssessment": ("override_rationale", "consequences"),
    "notifications.WebhookSubscription": ("name", "url"),
    "intake.AlertSource": ("name",),
    "intake.Alert": ("title", "text", "dismiss_reason"),
    "intake.Feed": ("name", "url"),
}
# Names and citations every page may show in English.
ALLOWED_PHRASES = ("Breachdesk", "Northwind", "GDPR Art.", "UK GDPR", "SHA-256")


def data_texts() -> str:
    """The data values a page may show untranslated, one a line."""
    texts = list(ALLOWED_PHRASES)
    for label, names in DATA_MODELS.items():
        model = apps.get_model(label)
        fields = names or [
            field.name
            for field in model._meta.fields
            if isinstance(field, models.CharField | models.TextField) and not field.choices
        ]
        for row in model.objects.values_list(*fields):
            texts += [" ".join(str(value).split()) for value in row if value]
    return "\n".join(texts)


def dashboard_rows_counted(*, now: datetime) -> dict[str, int]:
    """The dashboard's figures counted one row at a time, for a person who sees every incident.

    By the definitions compliance/figures.py states in words (not by its queries): real
    incidents only (drills are counted apart); an incident is open until it is closed; a notice is an obligation that applies, was
    not found unnecessary and is not the controller's own register (rule ids ending in -REG);
    it is overdue when nothing was sent and its due time (or internal target) has passed; a task
    still to do is overdue past its due time.
    """
    from compliance.models import Obligation, Submission
    from incidents.models import Incident, Task

    real = dict(Incident.objects.filter(is_drill=False).values_list("pk", "status"))
    sent = set(Submission.objects.values_list("obligation_id", flat=True))
    overdue = due_soon = 0
    rows = Obligation.objects.values_list(
        "pk", "incident_id", "applies", "status", "rule_id", "due_at", "target_at"
    )
    for pk, incident_id, applies, status, rule_id, due_at, target_at in rows:
        notice = applies and status != "not_required" and not rule_id.endswith("-REG")
        if incident_id not in real or not notice or pk in sent:
            continue
        deadline = due_at or target_at
        if deadline is not None and deadline < now:
            overdue += 1
        elif deadline is not None and deadline < now + timedelta(hours=24):
            due_soon += 1
    tasks_overdue = sum(
        1
        for incident_id, status, due_at in Task.objects.values_list("incident_id", "status", "due_at")
        if incident_id in real and status in {"open", "in_progress", "blocked"}
        and due_at is not None and due_at < now
    )  # fmt: skip
    return {
        "Open incidents": sum(1 for status in real.values() if status != "closed"),
        "Overdue obligations": overdue,
        "Notices overdue": overdue,
        "Due within 24 h": due_soon,
        "Overdue tasks": tasks_overdue,
    }
