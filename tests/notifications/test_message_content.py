"""What people read: regime, recipient, due time in their zone and UTC, a link; one message per
change; the e-mail saying exactly what the in-app notification says."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from compliance.models import Obligation
from incidents.models import UserPreference
from notifications.channels import notification_text
from notifications.models import Notification, OutboxEvent
from notifications.services import event_emit
from tests.factories import incident_create_for_test

pytestmark = pytest.mark.django_db
ZONE = "Asia/Shanghai"


@pytest.fixture
def created(
    personas: dict[str, Any], organisation: Any, django_capture_on_commit_callbacks: Any
) -> Any:
    """An incident logged by security; the DPO reads in Shanghai time and in English."""
    UserPreference.objects.create(user=personas["dpo"], language="en", time_zone=ZONE)
    with django_capture_on_commit_callbacks(execute=True):
        incident = incident_create_for_test(actor=personas["security"], now=timezone.now())
    return incident


def _dpo_notes(personas: dict[str, Any], incident: Any) -> list[Notification]:
    return list(Notification.objects.filter(user=personas["dpo"], incident=incident))


def test_one_change_makes_one_message_per_person(created: Any, personas: dict[str, Any]) -> None:
    duties = Obligation.objects.filter(incident=created, applies=True).exclude(
        status="not_required"
    )
    assert duties.count() > 1
    notes = _dpo_notes(personas, created)
    assert len(notes) == 1
    dpo_mail = [m for m in mail.outbox if personas["dpo"].email in m.to]
    assert len(dpo_mail) == 1
    assert notes[0].title.startswith(f"New incident {created.reference}")


def test_the_message_names_regime_recipient_due_time_and_link(
    created: Any, personas: dict[str, Any]
) -> None:
    (note,) = _dpo_notes(personas, created)
    duties = Obligation.objects.filter(incident=created, applies=True, due_at__isnull=False)
    assert duties
    for duty in duties:
        local = duty.due_at.astimezone(ZoneInfo(ZONE))
        utc = duty.due_at.astimezone(UTC)
        assert f"{duty.regime.replace('_', ' ')}: {duty.legal_basis}" in note.body
        assert " ".join(duty.recipient.split()) in note.body
        assert f"{local:%Y-%m-%d %H:%M} {ZONE}" in note.body
        assert f"{utc:%H:%M} UTC" in note.body
    assert f"/incidents/{created.reference}/" in note.body
    assert note.url == f"/incidents/{created.reference}/"


def test_the_email_says_what_the_in_app_notification_says(
    created: Any, personas: dict[str, Any]
) -> None:
    (note,) = _dpo_notes(personas, created)
    (email,) = [m for m in mail.outbox if personas["dpo"].email in m.to]
    assert (email.subject, email.body) == (note.title, note.body)


def test_each_reader_gets_their_own_language(
    personas: dict[str, Any], organisation: Any, django_capture_on_commit_callbacks: Any
) -> None:
    UserPreference.objects.create(user=personas["dpo"], language="zh-hans", time_zone=ZONE)
    with django_capture_on_commit_callbacks(execute=True):
        incident = incident_create_for_test(actor=personas["security"], now=timezone.now())
    (note,) = _dpo_notes(personas, incident)
    assert note.title.startswith(f"新事件 {incident.reference}")
    (email,) = [m for m in mail.outbox if personas["dpo"].email in m.to]
    assert (email.subject, email.body) == (note.title, note.body)
    # Rendered again when read, the inbox says what the e-mail said.
    assert notification_text(note, language="zh-hans", zone=ZONE) == (email.subject, email.body)


def test_webhooks_still_get_one_event_per_duty(created: Any) -> None:
    events = OutboxEvent.objects.filter(incident=created, name="obligation.created")
    duties = Obligation.objects.filter(incident=created, applies=True).exclude(
        status="not_required"
    )
    assert {e.payload["obligation_id"] for e in events} == set(duties.values_list("pk", flat=True))


def test_a_single_event_is_its_own_message(created: Any, personas: dict[str, Any]) -> None:
    due = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    payload = {
        "regime": "UK_GDPR",
        "legal_basis": "UK GDPR Art. 33(1)",
        "recipient": "the Information Commissioner's Office (ICO)",
        "due_at": due.isoformat().replace("+00:00", "Z"),
    }
    event_emit(
        event="obligation.created",
        incident=created,
        payload=payload,
        key="obligation.created:test",
        recipients=[personas["dpo"]],
        now=timezone.now(),
    )
    event = OutboxEvent.objects.get(key="obligation.created:test")
    assert event.subject == (
        f"{created.reference}: new duty UK GDPR: UK GDPR Art. 33(1) → the Information "
        "Commissioner's Office (ICO), due 2026-12-01 10:00 UTC"
    )


def _inbox(client: Any, user: Any) -> str:
    client.force_login(user)
    return client.get("/notifications/").content.decode()


def test_a_message_written_in_english_reads_in_chinese_for_a_chinese_reader(
    created: Any, personas: dict[str, Any], client: Any
) -> None:
    """The inbox renders a notification when it is read, in the reader's language of now."""
    (note,) = _dpo_notes(personas, created)
    assert note.title.startswith(f"New incident {created.reference}")
    UserPreference.objects.filter(user=personas["dpo"]).update(language="zh-hans")
    page = _inbox(client, personas["dpo"])
    assert f"新事件 {created.reference}" in page
    assert "New incident" not in page
    # The duty's legal basis and recipient are the catalogue's too, not the engine's English.
    duty = Obligation.objects.filter(incident=created, regime="GDPR", rule_id="GDPR-SA").first()
    assert duty is not None
    assert " ".join(duty.recipient.split()) not in page
    UserPreference.objects.filter(user=personas["dpo"]).update(language="zh-hant")
    assert f"新事件 {created.reference}" in _inbox(client, personas["dpo"])


def test_a_notification_without_its_message_shows_the_stored_text(
    created: Any, personas: dict[str, Any], client: Any
) -> None:
    (note,) = _dpo_notes(personas, created)
    Notification.objects.filter(pk=note.pk).update(message=None, title="Stored words of then")
    UserPreference.objects.filter(user=personas["dpo"]).update(language="zh-hans")
    assert "Stored words of then" in _inbox(client, personas["dpo"])
