"""One versioned-model base and one version check for every record edited under If-Match."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from django.apps import apps

from config.errors import PreconditionFailed
from config.versioned import VersionedModel
from tests.factories import incident_create_for_test, organisation_create

VERSIONED = {
    "Incident",
    "LegalEntity",
    "Task",
    "Playbook",
    "PlaybookTask",
    "StatementVersion",
    "Review",
    "CorrectiveAction",
    "WebhookSubscription",
    "ReportFacts",
}


def test_every_model_with_an_etag_takes_it_from_the_one_base() -> None:
    # An entity tag computed from the row (a feed's stored HTTP ETag is a plain column).
    with_etag = {
        m.__name__
        for m in apps.get_models()
        if isinstance(inspect.getattr_static(m, "etag", None), property)
    }
    assert with_etag == VERSIONED
    for model in apps.get_models():
        if model.__name__ in VERSIONED:
            assert issubclass(model, VersionedModel), model
            # Neither the field nor the ETag is redefined below the base.
            assert "etag" not in vars(model), model
            assert model._meta.get_field("version").default == 1


@pytest.mark.django_db
def test_version_bump_makes_the_old_etag_stale(now: Any) -> None:
    organisation_create()
    incident = incident_create_for_test(now=now)
    before = incident.version
    old = incident.etag
    assert old == f'"{incident.pk}-{before}"'
    incident.version_bump()
    incident.save()
    incident.refresh_from_db()
    assert incident.etag == f'"{incident.pk}-{before + 1}"'


@pytest.mark.django_db
@pytest.mark.parametrize("write", ["update", "transition"])
def test_incident_writes_refuse_a_stale_version_with_the_shared_message(
    write: str, now: Any
) -> None:
    from incidents.services import incident_transition, incident_update

    organisation_create()
    incident = incident_create_for_test(now=now)
    stale = incident.version - 1
    with pytest.raises(PreconditionFailed) as refused:
        if write == "update":
            incident_update(
                actor=None, incident=incident, data={"title": "x"}, expected_version=stale, now=now
            )
        else:
            incident_transition(
                actor=None,
                incident=incident,
                status="contained",
                expected_version=stale,
                now=now,
            )
    assert refused.value.message == (
        f"The incident changed since you read it (your version {stale}, current "
        f"{incident.version}). Reload and apply your change again."
    )
