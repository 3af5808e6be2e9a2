"""Every endpoint and page, tried with every role and anonymously, against an explicit table.

Routes come from the URL resolver (tests/security/url_inventory.py), so a new view is swept
automatically; a route without an entry in EXPECTED fails `test_every_route_has_an_entry`.
Requests carry no valid body: authorisation must come before validation, so a refused caller
learns nothing about the input rules (and an allowed one gets 400/428, not 401/403).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.utils import timezone

from accounts.services import api_token_create
from incidents.learning.models import CorrectiveAction
from tests.conftest import PERSONAS
from tests.security.url_inventory import Route, all_routes, concrete_path
from tests.security.world import demo_world

ANONYMOUS = "anonymous"
CALLERS = (*PERSONAS, ANONYMOUS)
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

ROLES = frozenset({"security", "dpo", "legal", "pr", "executive", "admin"})
SIGNED_IN = ROLES | {"outsider"}
EVERYONE = SIGNED_IN | {ANONYMOUS}
INCIDENT_WRITERS = frozenset({"security", "dpo", "admin"})
AUDIT_READERS = frozenset({"dpo", "legal", "executive", "admin"})
ADMINS = frozenset({"admin"})
# Roles that work tasks (task.update_own_team); of one team's task: its members, the DPO, admins.
TASK_WORKERS = frozenset({"security", "dpo", "legal", "pr", "admin"})
LEGAL_TASK_WORKERS = frozenset({"legal", "dpo", "admin"})
STATEMENT_DRAFTERS = frozenset({"pr", "legal", "dpo", "admin"})
STATEMENT_APPROVERS = frozenset({"legal", "dpo", "admin"})
PLAYBOOK_EDITORS = frozenset({"dpo", "admin"})
REPORT_WRITERS = frozenset({"dpo", "legal", "admin"})
SUBMISSION_WRITERS = frozenset({"dpo", "legal", "admin"})
ASSESSORS = frozenset({"dpo", "admin"})
REGIME_DECIDERS = frozenset({"dpo", "admin"})
REGISTER_READERS = frozenset({"dpo", "executive", "admin"})
REVIEW_WRITERS = frozenset({"security", "dpo", "legal", "pr", "admin"})
REVIEW_COMPLETERS = frozenset({"dpo", "admin"})
DRILL_RUNNERS = frozenset({"security", "dpo", "admin"})
WEBHOOK_MANAGERS = ADMINS
TRIAGERS = frozenset({"security", "dpo", "admin"})
# Whose the world's in-app notification is (see `world`): nobody else finds it.
NOTIFICATION_OWNER = frozenset({"legal"})

# route key → method → who may use it. Methods not listed must be refused or absent for all.
EXPECTED: dict[str, dict[str, frozenset[str]]] = {
    "healthz": {"GET": EVERYONE},
    "": {"GET": ROLES},
    "board/": {"GET": ROLES},
    # Demo mode's pages (the sweep runs in demo mode, see `world`).
    "welcome/": {"GET": EVERYONE},
    "outbox/": {"GET": ROLES},
    "incidents/": {"GET": ROLES},
    "incidents/new/": {"GET": INCIDENT_WRITERS, "POST": INCIDENT_WRITERS},
    "incidents/<reference>/facts/": {"GET": INCIDENT_WRITERS, "POST": INCIDENT_WRITERS},
    "incidents/<reference>/transition/": {"POST": INCIDENT_WRITERS},
    "incidents/<reference>/risk/": {"POST": ASSESSORS},
    "obligations/<pk>/submissions/": {"GET": SUBMISSION_WRITERS, "POST": SUBMISSION_WRITERS},
    "tasks/": {"GET": ROLES},
    "tasks/mine/": {"GET": ROLES},
    "teams/<code>/tasks/": {"GET": ROLES},
    "settings/organisation/": {"GET": ADMINS, "POST": ADMINS},
    "settings/preferences/": {"GET": SIGNED_IN, "POST": SIGNED_IN},
    "tasks/<pk>/": {"GET": LEGAL_TASK_WORKERS, "POST": LEGAL_TASK_WORKERS},
    "incidents/<reference>/statements/": {"GET": STATEMENT_DRAFTERS, "POST": STATEMENT_DRAFTERS},
    "settings/playbooks/": {"GET": PLAYBOOK_EDITORS},
    "settings/playbooks/<pk>/": {"GET": PLAYBOOK_EDITORS, "POST": PLAYBOOK_EDITORS},
    "incidents/<reference>/": {"GET": ROLES},
    "accounts/login/": {"GET": EVERYONE, "POST": EVERYONE},
    "accounts/logout/": {"POST": EVERYONE},
    "accounts/password/": {"GET": SIGNED_IN, "POST": SIGNED_IN},
    "accounts/password/done/": {"GET": SIGNED_IN},
    "accounts/two-factor/": {"GET": SIGNED_IN, "POST": SIGNED_IN},
    "accounts/two-factor/remove/": {"POST": SIGNED_IN},
    # Single sign-on answers 404 while no provider is configured (tests/accounts/test_sso_*).
    "accounts/sso/start/": {},
    "accounts/sso/callback/": {},
    "accounts/sso/no-role/": {"GET": SIGNED_IN},
    "api/v1/": {"GET": EVERYONE},
    "api/v1/schema/": {"GET": EVERYONE},
    "api/v1/docs/": {"GET": EVERYONE},
    "api/v1/redoc/": {"GET": EVERYONE},
    "api/v1/redoc/redoc.standalone.js": {"GET": EVERYONE},
    "language/": {"POST": EVERYONE},
    "api/v1/auth/token/": {"POST": EVERYONE},
    "api/v1/auth/tokens/": {"GET": ROLES, "POST": ROLES},
    "api/v1/auth/tokens/<pk>/": {"DELETE": ROLES},
    "api/v1/incidents/": {"GET": ROLES, "POST": INCIDENT_WRITERS},
    "api/v1/incidents/<pk>/": {
        "GET": ROLES,
        "PUT": INCIDENT_WRITERS,
        "PATCH": INCIDENT_WRITERS,
    },
    "api/v1/incidents/<pk>/transition/": {"POST": INCIDENT_WRITERS},
    "api/v1/incidents/<pk>/audit/": {"GET": AUDIT_READERS},
    "api/v1/incidents/<pk>/audit/export/": {"GET": AUDIT_READERS},
    "api/v1/incidents/<pk>/audit/export/pdf/": {"GET": AUDIT_READERS},
    "api/v1/audit/verify/": {"GET": ADMINS},
    # The world's task is the legal team's (see `world`).
    "api/v1/tasks/": {"GET": ROLES, "POST": TASK_WORKERS},
    "api/v1/tasks/<pk>/": {"GET": ROLES, "PATCH": LEGAL_TASK_WORKERS},
    "api/v1/tasks/<pk>/complete/": {"POST": LEGAL_TASK_WORKERS},
    "api/v1/tasks/<pk>/comments/": {"GET": ROLES, "POST": TASK_WORKERS},
    "api/v1/statements/": {"GET": ROLES, "POST": STATEMENT_DRAFTERS},
    "api/v1/statements/<pk>/": {"GET": ROLES},
    "api/v1/statements/<pk>/versions/": {"POST": STATEMENT_DRAFTERS},
    "api/v1/statement-versions/": {"GET": ROLES},
    "api/v1/statement-versions/<pk>/": {"GET": ROLES, "PATCH": STATEMENT_DRAFTERS},
    "api/v1/statement-versions/<pk>/approve/": {"POST": STATEMENT_APPROVERS},
    "api/v1/statement-versions/<pk>/publish/": {"POST": STATEMENT_DRAFTERS},
    "api/v1/entities/": {"GET": ROLES, "POST": ADMINS},
    "api/v1/entities/<pk>/": {"GET": ROLES, "PATCH": ADMINS},
    "api/v1/playbooks/": {"GET": ROLES, "POST": PLAYBOOK_EDITORS},
    "api/v1/playbooks/<pk>/": {
        "GET": ROLES,
        "PATCH": PLAYBOOK_EDITORS,
        "DELETE": PLAYBOOK_EDITORS,
    },
    "api/v1/playbook-tasks/": {"GET": ROLES, "POST": PLAYBOOK_EDITORS},
    "api/v1/playbook-tasks/<pk>/": {
        "GET": ROLES,
        "PATCH": PLAYBOOK_EDITORS,
        "DELETE": PLAYBOOK_EDITORS,
    },
    "api/v1/reports/": {"GET": ROLES, "POST": REPORT_WRITERS},
    "api/v1/reports/<pk>/": {"GET": ROLES},
    "api/v1/reports/<pk>/download/": {"GET": ROLES},
    "api/v1/reports/completeness/": {"GET": ROLES},
    "api/v1/incidents/<pk>/report-facts/": {"GET": ROLES, "PATCH": REPORT_WRITERS},
    "incidents/<reference>/reports/": {"GET": ROLES, "POST": REPORT_WRITERS},
    "reports/<pk>/download/": {"GET": ROLES},
    "register/": {"GET": REGISTER_READERS},
    "api/v1/register/": {"GET": REGISTER_READERS},
    "api/v1/register/export/": {"GET": REGISTER_READERS},
    "coverage/": {"GET": ROLES},
    "api/v1/regimes/": {"GET": ROLES},
    "api/v1/obligations/": {"GET": ROLES},
    "api/v1/obligations/<pk>/": {"GET": ROLES},
    "api/v1/assessments/": {"GET": ROLES, "POST": ASSESSORS},
    "api/v1/assessments/<pk>/": {"GET": ROLES},
    "api/v1/assessments/preview/": {"POST": ASSESSORS},
    "api/v1/submissions/": {"GET": ROLES, "POST": SUBMISSION_WRITERS},
    "api/v1/submissions/<pk>/": {"GET": ROLES},
    "api/v1/regime-overrides/": {"GET": ROLES, "POST": REGIME_DECIDERS},
    "api/v1/regime-overrides/<pk>/": {"GET": ROLES},
    "api/v1/regime-overrides/<pk>/revoke/": {"POST": REGIME_DECIDERS},
    # Webhooks, their delivery log and dead letters are administrators' settings.
    "settings/webhooks/": {"GET": WEBHOOK_MANAGERS},
    "settings/webhooks/new/": {"GET": WEBHOOK_MANAGERS, "POST": WEBHOOK_MANAGERS},
    "settings/webhooks/<pk>/": {"GET": WEBHOOK_MANAGERS, "POST": WEBHOOK_MANAGERS},
    "settings/webhooks/<pk>/rotate-secret/": {"POST": WEBHOOK_MANAGERS},
    "settings/webhooks/<pk>/delete/": {"POST": WEBHOOK_MANAGERS},
    "settings/webhooks/dead-letters/<pk>/redeliver/": {"POST": WEBHOOK_MANAGERS},
    "api/v1/webhooks/": {"GET": WEBHOOK_MANAGERS, "POST": WEBHOOK_MANAGERS},
    "api/v1/webhooks/<pk>/": {
        "GET": WEBHOOK_MANAGERS,
        "PATCH": WEBHOOK_MANAGERS,
        "DELETE": WEBHOOK_MANAGERS,
    },
    "api/v1/webhooks/<pk>/rotate-secret/": {"POST": WEBHOOK_MANAGERS},
    "api/v1/webhook-deliveries/": {"GET": WEBHOOK_MANAGERS},
    "api/v1/webhook-deliveries/<pk>/": {"GET": WEBHOOK_MANAGERS},
    "api/v1/dead-letters/": {"GET": WEBHOOK_MANAGERS},
    "api/v1/dead-letters/<pk>/": {"GET": WEBHOOK_MANAGERS},
    "api/v1/dead-letters/<pk>/redeliver/": {"POST": WEBHOOK_MANAGERS},
    # Everyone with a role reads and dismisses their own notifications and manages their own
    # calendar feed, executives included: that changes no record of the organisation.
    "notifications/": {"GET": ROLES, "POST": ROLES},
    "api/v1/notifications/": {"GET": ROLES},
    "api/v1/notifications/<pk>/": {"GET": NOTIFICATION_OWNER},
    "api/v1/notifications/<pk>/read/": {"POST": NOTIFICATION_OWNER},
    "api/v1/notifications/read-all/": {"POST": ROLES},
    "api/v1/notifications/unread-count/": {"GET": ROLES},
    "api/v1/calendar-feed/": {"GET": ROLES, "POST": ROLES, "DELETE": ROLES},
    # The feed's secret is the credential (calendar apps send no cookie), whoever sends it.
    "calendar/<token>.ics": {"GET": EVERYONE},
    "incidents/<reference>/review/": {"GET": ROLES, "POST": REVIEW_WRITERS},
    "api/v1/reviews/": {"GET": ROLES, "POST": REVIEW_WRITERS},
    "api/v1/reviews/<pk>/": {"GET": ROLES, "PATCH": REVIEW_WRITERS},
    "api/v1/reviews/<pk>/complete/": {"POST": REVIEW_COMPLETERS},
    "api/v1/reviews/<pk>/pdf/": {"GET": ROLES},
    # The world's corrective action is the legal team's, like its task.
    "api/v1/corrective-actions/": {"GET": ROLES, "POST": REVIEW_WRITERS},
    "api/v1/corrective-actions/<pk>/": {"GET": ROLES, "PATCH": LEGAL_TASK_WORKERS},
    "api/v1/corrective-actions/<pk>/complete/": {"POST": LEGAL_TASK_WORKERS},
    "drills/": {"GET": ROLES, "POST": DRILL_RUNNERS},
    "drills/<pk>/": {"GET": ROLES, "POST": DRILL_RUNNERS},
    "api/v1/drills/": {"GET": ROLES, "POST": DRILL_RUNNERS},
    "api/v1/drills/<pk>/": {"GET": ROLES},
    "api/v1/drills/<pk>/end/": {"POST": DRILL_RUNNERS},
    "api/v1/drill-scenarios/": {"GET": ROLES},
    "api/v1/drill-scenarios/<pk>/": {"GET": ROLES},
    "trends/": {"GET": ROLES},
    "api/v1/trends/": {"GET": ROLES},
    # Early warning: the security team and the DPO triage. Sources post with their own token
    # or signature, which no person has: every person's POST of a signal is refused.
    "triage/": {"GET": TRIAGERS, "POST": TRIAGERS},
    "api/v1/intake/alerts/": {"GET": TRIAGERS},
    "api/v1/intake/alerts/alertmanager/": {},
    "api/v1/intake/alerts/drill/": {"POST": TRIAGERS & DRILL_RUNNERS},
    "api/v1/intake/alerts/promote/": {"POST": TRIAGERS},
    "api/v1/intake/alerts/<pk>/": {"GET": TRIAGERS},
    "api/v1/intake/alerts/<pk>/acknowledge/": {"POST": TRIAGERS},
    "api/v1/intake/alerts/<pk>/dismiss/": {"POST": TRIAGERS},
    "api/v1/intake/alerts/<pk>/promote/": {"POST": TRIAGERS},
    "api/v1/intake/sources/": {"GET": ADMINS, "POST": ADMINS},
    "api/v1/intake/feeds/": {"GET": ADMINS, "POST": ADMINS},
    "api/v1/intake/feeds/<pk>/": {"GET": ADMINS},
}
# The Django admin is for staff accounts only (none of the personas is staff), except the
# pages that sign in and out of it.
ADMIN_SITE_EXPECTED: dict[str, frozenset[str]] = {"GET": frozenset(), "POST": frozenset()}
ADMIN_SITE_PUBLIC = {"admin:login", "admin:logout"}
# Where refused callers are sent, with ?next= to come back after signing in.
DENIAL_REDIRECTS = {resolve_url(settings.LOGIN_URL), "/admin/login/", "/accounts/two-factor/"}

ROUTES = all_routes()
CHECKED_ROUTES = [route for route in ROUTES if not route.is_admin]
ADMIN_ROUTES = [route for route in ROUTES if route.is_admin]


def outcome(response: Any) -> str:
    """allowed, denied (401/403, or sent to sign in) or absent (404/405); 5xx is an error."""
    if response.status_code >= 500:
        return "error"
    if response.status_code in (401, 403):
        return "denied"
    if response.status_code in (404, 405):
        return "absent"
    if response.status_code in (301, 302):
        location = urlsplit(response["Location"])
        if location.path in DENIAL_REDIRECTS and "next=" in location.query:
            return "denied"
    return "allowed"


@pytest.fixture
def world(personas: dict[str, Any], settings: Any, tmp_path: Any) -> dict[str, Any]:
    """The demo data with its reviews and drills, the personas signed in, one API token each."""
    settings.MEDIA_ROOT = tmp_path / "media"  # the demo's generated report is stored there
    settings.BREACHDESK = {**settings.BREACHDESK, "DEMO": True}
    seeded = demo_world(personas, inbox_of=personas["legal"])
    sessions = {}
    for name in PERSONAS:
        client = Client()
        client.force_login(personas[name])
        sessions[name] = client.cookies[settings.SESSION_COOKIE_NAME].value
    tokens = {
        name: api_token_create(user=personas[name], name="matrix", now=timezone.now())[0]
        for name in PERSONAS
    }
    tokens[ANONYMOUS] = tokens["dpo"]
    incident = seeded["incident"]
    legal_actions = CorrectiveAction.objects.filter(team__code="legal")
    return {
        **seeded,
        # A task of one team, so the matrix shows who may change another team's task.
        "task": incident.tasks.filter(team__code="legal").order_by("pk").first(),
        "correctiveaction": legal_actions.order_by("pk").first(),
        "tokens": tokens,
        "sessions": sessions,
    }


def call(world: dict[str, Any], route: Route, method: str, caller: str) -> Any:
    """Send one request as the caller, rolling back whatever it wrote."""
    client = Client()
    if caller != ANONYMOUS:
        client.cookies[settings.SESSION_COOKIE_NAME] = world["sessions"][caller]
    path = concrete_path(route, world, caller)
    if route.is_api:
        kwargs: dict[str, Any] = {"data": "{}", "content_type": "application/json"}
    else:
        kwargs = {"data": {}} if method == "POST" else {}
    with transaction.atomic():
        response = client.generic(method, path, **_encode(kwargs, method))
        transaction.set_rollback(True)
    return response


def _encode(kwargs: dict[str, Any], method: str) -> dict[str, Any]:
    """Client.generic takes a raw body; form data is encoded the way Client.post would."""
    if method == "GET":
        return {}
    if "content_type" in kwargs:
        return kwargs
    return {"data": "", "content_type": "application/x-www-form-urlencoded"}


def mismatches(
    world: dict[str, Any], routes: list[Route], expected_for: Any
) -> list[tuple[str, str, str, str, int]]:
    rows = []
    for route in routes:
        expected = expected_for(route)
        for method in METHODS:
            allowed = expected.get(method, frozenset())
            if route.is_admin and method not in ("GET", "POST"):
                continue
            for caller in CALLERS:
                response = call(world, route, method, caller)
                result = outcome(response)
                wanted_allowed = caller in allowed
                if result == "error" or (result == "allowed") != wanted_allowed:
                    want = "allowed" if wanted_allowed else "refused"
                    rows.append((route.key, method, caller, want, response.status_code))
    return rows


def report(rows: list[tuple[str, str, str, str, int]]) -> str:
    lines = [
        f"{key or '/'} {method} as {caller}: expected {want}, got {status}"
        for key, method, caller, want, status in rows
    ]
    return "Access differs from the expected table:\n" + "\n".join(lines)


def test_every_route_has_an_entry() -> None:
    keys = {route.key for route in CHECKED_ROUTES}
    missing = sorted(keys - set(EXPECTED))
    stale = sorted(set(EXPECTED) - keys)
    assert not missing, (
        "New routes without an expected-access entry in "
        f"tests/security/test_authorisation_matrix.py EXPECTED: {missing}"
    )
    assert not stale, f"EXPECTED names routes that no longer exist: {stale}"


@pytest.mark.django_db
def test_access_matches_the_expected_table(world: dict[str, Any]) -> None:
    routes = [route for route in CHECKED_ROUTES if route.key in EXPECTED]
    rows = mismatches(world, routes, lambda route: EXPECTED[route.key])
    assert not rows, report(rows)


@pytest.mark.django_db
def test_the_admin_site_refuses_everyone_who_is_not_staff(world: dict[str, Any]) -> None:
    public = {"GET": EVERYONE, "POST": EVERYONE}
    rows = mismatches(
        world,
        ADMIN_ROUTES,
        lambda route: public if route.name in ADMIN_SITE_PUBLIC else ADMIN_SITE_EXPECTED,
    )
    assert not rows, report(rows)
