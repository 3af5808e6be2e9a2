"""The deadline board's cost: its menus from an index skip, a notice form only when opened."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from compliance.models import Obligation
from incidents.selectors import obligation_filter_values
from tests.factories import obligation_create_for_test, obligation_slots

URL = "/board/"
pytestmark = pytest.mark.django_db


def test_the_filter_menus_equal_a_distinct_over_every_obligation(
    make_incident: Any, personas: dict[str, Any]
) -> None:
    first, second = make_incident(), make_incident()
    for index, slot in enumerate(obligation_slots()[:12]):
        obligation_create_for_test(
            incident=first if index % 2 else second,
            **slot,
            status="submitted" if index % 3 else "pending",
            applies=index % 5 != 0,
        )
    rows = Obligation.objects.filter(applies=True).values_list("regime", "recipient").distinct()
    expected = {
        "regimes": sorted({regime for regime, _ in rows}),
        "recipients": sorted({recipient for _, recipient in rows}),
    }
    assert len(expected["regimes"]) > 1 and len(expected["recipients"]) > 1
    for persona in ("dpo", "executive"):
        assert obligation_filter_values(user=personas[persona]) == expected


def test_the_filter_menus_of_an_empty_board_are_empty(personas: dict[str, Any]) -> None:
    assert obligation_filter_values(user=personas["dpo"]) == {"regimes": [], "recipients": []}


def test_rows_link_to_their_notice_form_which_opens_on_its_own_page(
    client_for: Any, make_incident: Any
) -> None:
    incident = make_incident()
    obligation = obligation_create_for_test(
        incident=incident, due_at=timezone.now() + timedelta(hours=5)
    )
    dpo = client_for("dpo")
    body = dpo.get(URL + "?regime=GDPR").content.decode()
    link = f"/obligations/{obligation.pk}/submissions/?next=/board/%3Fregime%3DGDPR"
    assert link in body
    assert 'class="submission-form"' not in body  # no form rendered per row
    page = dpo.get(link)
    assert page.status_code == 200
    text = page.content.decode()
    assert 'class="submission-form"' in text
    assert 'name="next" value="/board/?regime=GDPR"' in text
    # Without the right to record a notice, neither the link nor the page.
    executive = client_for("executive")
    assert f"/obligations/{obligation.pk}/submissions/" not in executive.get(URL).content.decode()
    assert executive.get(link).status_code == 403
