"""The incident admin page writes through the incident services: deadlines move, ETags go stale."""

from __future__ import annotations

import zoneinfo
from datetime import timedelta
from typing import Any

import pytest
from django import forms
from django.test import Client
from django.utils import timezone

from compliance.models import Obligation
from incidents.models import AuditEvent, Incident, LegalEntity
from incidents.selectors import display_preferences
from tests.factories import incident_create_for_test

pytestmark = pytest.mark.django_db


def change_form_data(client: Client, url: str, **changes: Any) -> dict[str, Any]:
    """The admin change form as the page shows it, with `changes` applied to the field values."""
    page = client.get(url)
    _, zone = display_preferences(user=page.wsgi_request.user)
    # The page shows and reads times in the person's zone, so the form is filled in that zone.
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        return _post_data(page.context["adminform"].form, changes)


def _post_data(form: forms.ModelForm, changes: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = field.prepare_value(changes[name]) if name in changes else form[name].value()
        if isinstance(field.widget, forms.MultiWidget):
            parts = field.widget.decompress(value)
            data.update({f"{name}_{i}": "" if p is None else str(p) for i, p in enumerate(parts)})
        elif isinstance(field, forms.MultipleChoiceField):
            data[name] = [str(getattr(v, "pk", v)) for v in value or ()]
        elif isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    return data


def art33(incident: Incident) -> Obligation:
    return Obligation.objects.get(incident=incident, rule_id="GDPR-SA", applies=True)


def test_moving_awareness_in_the_admin_moves_art33_and_makes_the_old_etag_stale(
    admin_client_: Client, organisation: Any, personas: dict[str, Any], api_client_for: Any
) -> None:
    incident = incident_create_for_test(
        actor=personas["security"], entities=list(LegalEntity.objects.filter(country="IE"))
    )
    old_due, old_etag = art33(incident).due_at, incident.etag
    url = f"/admin/incidents/incident/{incident.pk}/change/"
    data = change_form_data(admin_client_, url, aware_at=incident.aware_at + timedelta(hours=1))

    response = admin_client_.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    incident.refresh_from_db()
    # GDPR Art. 33(1): 72 hours from awareness, so one hour later awareness is one hour later due.
    assert art33(incident).due_at - old_due == timedelta(hours=1)
    assert incident.version == 2
    assert (
        AuditEvent.objects.filter(
            object_type="incidents.Incident", object_id=str(incident.pk), action="update"
        ).count()
        == 1
    )
    stale = api_client_for("security").patch(
        f"/api/v1/incidents/{incident.pk}/",
        {"title": "Renamed"},
        format="json",
        HTTP_IF_MATCH=old_etag,
    )
    assert stale.status_code == 412


def test_the_admin_refuses_awareness_before_detection_next_to_the_field(
    admin_client_: Client, organisation: Any
) -> None:
    incident = incident_create_for_test()
    url = f"/admin/incidents/incident/{incident.pk}/change/"
    data = change_form_data(admin_client_, url, aware_at=incident.detected_at - timedelta(hours=1))
    response = admin_client_.post(url, data)
    assert response.status_code == 200
    assert "aware_at" in response.context["adminform"].form.errors
    assert Incident.objects.get(pk=incident.pk).version == 1


def test_derived_incident_fields_are_read_only_in_the_admin(admin_client_: Client) -> None:
    incident = incident_create_for_test()
    page = admin_client_.get(f"/admin/incidents/incident/{incident.pk}/change/")
    editable = set(page.context["adminform"].form.fields)
    assert editable.isdisjoint({"reference", "version", "subjects_total", "status", "closed_at"})
    assert {"aware_at", "detected_at", "entities"} <= editable


@pytest.mark.parametrize("model", ["obligation", "riskassessment", "submission", "regimeoverride"])
def test_rows_that_feed_or_come_from_the_engine_are_read_only_in_the_admin(
    admin_client_: Client, model: str
) -> None:
    assert admin_client_.get(f"/admin/compliance/{model}/").status_code == 200
    assert admin_client_.get(f"/admin/compliance/{model}/add/").status_code == 403


def test_an_obligation_cannot_be_changed_in_the_admin(admin_client_: Client) -> None:
    incident = incident_create_for_test()
    row = Obligation.objects.filter(incident=incident).first()
    url = f"/admin/compliance/obligation/{row.pk}/change/"
    response = admin_client_.post(url, {"due_at_0": "2030-01-01", "due_at_1": "00:00:00"})
    assert response.status_code == 403
    assert Obligation.objects.get(pk=row.pk).due_at == row.due_at


def test_adding_an_incident_in_the_admin_goes_through_incident_create(
    admin_client_: Client, organisation: Any
) -> None:
    seed = incident_create_for_test()
    data = change_form_data(
        admin_client_, f"/admin/incidents/incident/{seed.pk}/change/", title="Added in the admin"
    )
    response = admin_client_.post("/admin/incidents/incident/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    added = Incident.objects.get(title="Added in the admin")
    assert added.reference != seed.reference and added.version == 1
    assert Obligation.objects.filter(incident=added, rule_id="GDPR-SA").exists()
    created = AuditEvent.objects.filter(object_type="incidents.Incident", action="create")
    assert created.filter(object_id=str(added.pk)).count() == 1
