"""Roles from groups, for any groups and any roles before: exactly the mapped ones after."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import GroupRoleMapping
from accounts.sso.services import roles_for_groups, sso_roles_apply
from incidents.models import AuditEvent
from incidents.roles import ALL_ROLES, user_roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PROVIDER_GROUPS = ["g-sec", "g-dpo", "g-legal", "g-pr", "g-exec", "g-admin", "g-all", "staff"]
MAPPING = {
    "g-sec": {"security"},
    "g-dpo": {"dpo"},
    "g-legal": {"legal"},
    "g-pr": {"pr"},
    "g-exec": {"executive"},
    "g-admin": {"admin"},
    "g-all": {"security", "dpo"},
}


@pytest.fixture
def mapping(db: Any) -> None:
    for group, roles in MAPPING.items():
        for role in roles:
            GroupRoleMapping.objects.create(group=group, role=role)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    before=st.sets(st.sampled_from(ALL_ROLES)),
    groups=st.sets(st.sampled_from(PROVIDER_GROUPS)),
    other=st.booleans(),
)
def test_roles_after_sign_in_are_exactly_those_of_the_groups(
    mapping: None, before: set[str], groups: set[str], other: bool
) -> None:
    user = UserFactory(role=None)
    user.groups.add(*Group.objects.filter(name__in=before))
    if other:
        user.groups.add(Group.objects.get_or_create(name="not-a-role")[0])
    audited = AuditEvent.objects.filter(action="role_change").count()
    expected = set().union(*(MAPPING.get(g, set()) for g in groups))

    assert roles_for_groups(groups=groups) == expected
    sso_roles_apply(user=user, roles=expected)

    user.refresh_from_db()
    assert set(user_roles(user)) == expected
    assert user.is_superuser == ("admin" in expected)
    assert user.groups.filter(name="not-a-role").exists() == other
    changed = AuditEvent.objects.filter(action="role_change").count() - audited
    assert changed == (1 if set(before) != expected else 0)
