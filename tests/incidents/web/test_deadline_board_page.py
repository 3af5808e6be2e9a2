"""GET /board/: every open obligation across incidents, soonest first, filtered and coloured."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from incidents.services import incident_transition
from tests.factories import obligation_create_for_test

URL = "/board/"
pytestmark = pytest.mark.django_db


def rows(body: str) -> list[str]:
    """The obligation row ids in page order."""
    return [part.split('"', 1)[0] for part in body.split('<tr id="obligation-')[1:]]


def due_in(hours: float) -> Any:
    return timezone.now() + timedelta(hours=hours)


def test_obligations_are_sorted_by_deadline_and_coloured(client_for, make_incident) -> None:
    first, second = make_incident(), make_incident()
    later = obligation_create_for_test(incident=first, due_at=due_in(50))
    asap = obligation_create_for_test(
        incident=second, rule_id="GDPR-DS", status="pending", due_at=None, target_at=due_in(10)
    )
    overdue = obligation_create_for_test(incident=second, rule_id="GDPR-SA", due_at=due_in(-1))
    urgent = obligation_create_for_test(incident=first, rule_id="GDPR-PROC", due_at=due_in(2))
    body = client_for("dpo").get(URL).content.decode()
    assert rows(body) == [str(o.pk) for o in (overdue, urgent, asap, later)]
    assert f'<tr id="obligation-{overdue.pk}" class="row-tone-overdue">' in body
    assert f'<tr id="obligation-{urgent.pk}" class="row-tone-urgent">' in body
    assert f'<tr id="obligation-{asap.pk}" class="row-tone-soon">' in body
    assert f'<tr id="obligation-{later.pk}" class="row-tone-ok">' in body
    assert "internal target" in body


def test_filters_by_regime_recipient_status_and_time_left(client_for, make_incident) -> None:
    incident = make_incident()
    gdpr = obligation_create_for_test(incident=incident, due_at=due_in(5))
    pipl = obligation_create_for_test(
        incident=incident, rule_id="PIPL-AUTH", regime="PIPL", recipient="CAC", due_at=due_in(30)
    )
    done = obligation_create_for_test(incident=incident, rule_id="GDPR-DS", status="submitted")
    client = client_for("dpo")
    assert rows(client.get(URL, {"regime": "PIPL"}).content.decode()) == [str(pipl.pk)]
    assert rows(client.get(URL, {"recipient": "CAC"}).content.decode()) == [str(pipl.pk)]
    assert rows(client.get(URL, {"when": "24h"}).content.decode()) == [str(gdpr.pk)]
    assert rows(client.get(URL, {"status": "submitted"}).content.decode()) == [str(done.pk)]
    assert str(done.pk) not in rows(client.get(URL).content.decode())
    assert '<option value="PIPL">PIPL</option>' in client.get(URL).content.decode()


def test_closed_incidents_leave_the_board_unless_asked_for(client_for, personas, make_incident):
    incident = make_incident()
    obligation_create_for_test(incident=incident)
    incident_transition(
        actor=personas["dpo"], incident=incident, status="closed", now=timezone.now()
    )
    client = client_for("dpo")
    assert rows(client.get(URL).content.decode()) == []
    # Closing recomputes the incident: the board then lists the duties the engine keeps, but
    # not the register entry, a record with no deadline (GDPR Art. 33(5)).
    live = incident.obligations.filter(applies=True).exclude(
        status__in=["not_required", "to_document", "documented"]
    )
    assert live.exists()
    assert sorted(rows(client.get(URL, {"scope": "all"}).content.decode())) == sorted(
        str(pk) for pk in live.values_list("pk", flat=True)
    )


def test_people_without_a_role_are_refused(client_for) -> None:
    assert client_for("outsider").get(URL).status_code == 403


def test_query_count_does_not_grow_with_incidents(
    client_for, make_incident, assert_constant_queries
) -> None:
    assert_constant_queries(
        client_for("dpo"), URL, lambda _: obligation_create_for_test(incident=make_incident())
    )
