"""Changes made in the Django admin (users, groups, settings) are in the audit trail."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from accounts.models import SecondFactorPolicy
from incidents.audit_admin import AuditedModelAdminMixin
from incidents.models import AuditEvent, LegalEntity, OrganisationProfile

pytestmark = pytest.mark.django_db


def entries(**filters: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(**filters).order_by("pk"))


def test_every_registered_model_admin_is_audited() -> None:
    unaudited = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, AuditedModelAdminMixin)
    ]
    assert unaudited == []


def test_changing_the_organisation_and_an_entity_inline_records_before_and_after(
    admin_client_: Client, organisation: OrganisationProfile
) -> None:
    entity = LegalEntity.objects.get(country="IE")
    others = list(LegalEntity.objects.exclude(pk=entity.pk).order_by("pk"))
    form = {
        "name": "Renamed Group",
        "default_time_zone": organisation.default_time_zone,
        "asap_target_hours": "{}",
        "tier_mapping": "{}",
        "entities-TOTAL_FORMS": "3",
        "entities-INITIAL_FORMS": "3",
        "entities-MIN_NUM_FORMS": "0",
        "entities-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate([entity, *others]):
        form.update(
            {
                f"entities-{index}-id": str(row.pk),
                f"entities-{index}-profile": str(organisation.pk),
                f"entities-{index}-legal_name": row.legal_name,
                f"entities-{index}-country": row.country,
                f"entities-{index}-dpo_name": row.dpo_name,
                f"entities-{index}-dpo_email": row.dpo_email,
                f"entities-{index}-supervisory_authority": row.supervisory_authority,
                f"entities-{index}-authority_time_zone": row.authority_time_zone,
            }
        )
    form["entities-0-dpo_name"] = "New DPO"
    response = admin_client_.post(
        f"/admin/incidents/organisationprofile/{organisation.pk}/change/", form
    )
    assert response.status_code == 302, response.content[:2000]
    profile_change = entries(object_type="incidents.OrganisationProfile", action="update")[0]
    assert profile_change.changes["name"] == {"before": "Example Group", "after": "Renamed Group"}
    assert profile_change.changes["_via"] == "admin"
    assert profile_change.actor_label == "root"
    entity_change = entries(object_type="incidents.LegalEntity", action="update")[0]
    assert entity_change.changes["dpo_name"] == {"before": "Dana Weber", "after": "New DPO"}


def test_adding_a_user_and_giving_them_a_role_is_recorded_without_the_password(
    admin_client_: Client,
) -> None:
    response = admin_client_.post(
        "/admin/auth/user/add/",
        {
            "username": "newcomer",
            "usable_password": "true",
            "password1": "a long new passphrase 2026",
            "password2": "a long new passphrase 2026",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    user = get_user_model().objects.get(username="newcomer")
    created = entries(object_type="auth.User", action="create")[0]
    assert created.object_id == str(user.pk)
    assert created.changes["after"]["password"].startswith("[redacted ")
    assert "passphrase" not in str(created.changes)
    dpo = Group.objects.get(name="dpo")
    response = admin_client_.post(
        f"/admin/auth/user/{user.pk}/change/",
        {
            "username": "newcomer",
            "is_active": "on",
            "groups": [str(dpo.pk)],
            "date_joined_0": "2026-11-24",
            "date_joined_1": "09:00:00",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    change = entries(object_type="auth.User", action="update")[0]
    assert change.changes["groups"] == {"before": [], "after": [dpo.pk]}


def test_deleting_a_group_in_the_admin_is_recorded(admin_client_: Client) -> None:
    group = Group.objects.create(name="temporary")
    response = admin_client_.post(f"/admin/auth/group/{group.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    deleted = entries(object_type="auth.Group", action="delete")[0]
    assert deleted.changes["before"]["name"] == "temporary"
    assert deleted.object_id == str(group.pk)


def test_requiring_a_second_factor_for_a_role_is_recorded(admin_client_: Client) -> None:
    policy = SecondFactorPolicy.current()
    response = admin_client_.post(
        f"/admin/accounts/secondfactorpolicy/{policy.pk}/change/", {"required_roles": ["admin"]}
    )
    assert response.status_code == 302
    change = entries(object_type="accounts.SecondFactorPolicy", action="update")[0]
    assert change.changes["required_roles"] == {"before": [], "after": ["admin"]}
