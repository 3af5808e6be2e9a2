"""Recording a submission (room and board) and an ENISA assessment (room) from the web pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from compliance.models import RiskAssessment, Submission
from tests.factories import obligation_create_for_test

pytestmark = pytest.mark.django_db


def submission_data(when: Any, **extra: Any) -> dict[str, Any]:
    data = {
        "phase": "initial",
        "submitted_at": when.strftime("%Y-%m-%dT%H:%M"),
        "time_zone": "UTC",
        "channel": "Portal",
        "regulator_reference": "DPC-2026-17",
    }
    return {**data, **extra}


@pytest.fixture
def obligation(make_incident: Any) -> Any:
    return obligation_create_for_test(incident=make_incident(title="Payroll export"))


def test_the_room_and_the_board_offer_the_submission_form_to_writers(
    client_for: Any, obligation: Any, put_on_incident: Any
) -> None:
    put_on_incident("legal", obligation.incident)
    url = f"/obligations/{obligation.pk}/submissions/"
    room = client_for("dpo").get(f"/incidents/{obligation.incident.reference}/")
    assert url in room.content.decode()
    assert 'name="time_zone"' in room.content.decode()
    assert url in client_for("legal").get("/board/").content.decode()
    for name in ("executive", "security"):
        assert url not in client_for(name).get("/board/").content.decode()


def test_a_submission_is_recorded_in_the_chosen_zone(client_for: Any, obligation: Any) -> None:
    sent = timezone.now().astimezone(timezone.get_fixed_timezone(0)) - timedelta(minutes=30)
    data = submission_data(sent.replace(tzinfo=None), time_zone="Asia/Shanghai")
    data["submitted_at"] = (sent + timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M")
    response = client_for("dpo").post(
        f"/obligations/{obligation.pk}/submissions/", {**data, "next": "/board/"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/board/"
    assert "Submission recorded" in response.content.decode()
    submission = Submission.objects.get()
    assert submission.submitted_at == sent.replace(second=0, microsecond=0)
    assert submission.regulator_reference == "DPC-2026-17"
    obligation.refresh_from_db()
    assert obligation.status == "submitted"


def test_bad_input_is_named_next_to_the_field_and_nothing_is_written(
    client_for: Any, obligation: Any
) -> None:
    future = timezone.now() + timedelta(days=2)
    data = submission_data(future, channel="", time_zone="")
    response = client_for("dpo").post(f"/obligations/{obligation.pk}/submissions/", data)
    assert response.status_code == 400
    form = response.context["form"]
    assert {"channel", "time_zone"} <= set(form.errors)
    data = submission_data(future)
    response = client_for("dpo").post(f"/obligations/{obligation.pk}/submissions/", data)
    assert response.status_code == 400
    assert "Must not be in the future." in response.context["form"].errors["submitted_at"]
    assert not Submission.objects.exists()


def test_a_late_notice_needs_its_reasons(client_for: Any, make_incident: Any) -> None:
    incident = make_incident(title="Late one")
    late = obligation_create_for_test(incident=incident, due_at=timezone.now() - timedelta(hours=1))
    room = client_for("dpo").get(f"/incidents/{incident.reference}/").content.decode()
    assert "must give the reasons for the delay" in room
    data = submission_data(timezone.now() - timedelta(minutes=5))
    response = client_for("dpo").post(f"/obligations/{late.pk}/submissions/", data)
    assert response.status_code == 400
    assert "GDPR Art. 33(1)" in response.context["form"].errors["delay_reasons"][0]
    assert not Submission.objects.exists()
    data["delay_reasons"] = "Forensics took longer."
    response = client_for("dpo").post(f"/obligations/{late.pk}/submissions/", data)
    assert response.status_code == 302
    assert Submission.objects.get().late is True


def test_executives_and_responders_may_not_record_submissions(
    client_for: Any, obligation: Any
) -> None:
    data = submission_data(timezone.now() - timedelta(minutes=5))
    for name in ("executive", "security", "pr"):
        response = client_for(name).post(f"/obligations/{obligation.pk}/submissions/", data)
        assert response.status_code == 403
    # GET shows the form on its own page (the deadline board links there).
    assert client_for("dpo").get(f"/obligations/{obligation.pk}/submissions/").status_code == 200
    assert not Submission.objects.exists()


def risk_data(**extra: Any) -> dict[str, Any]:
    data = {
        "data_categories": ["health", "contact"],
        "ease_of_identification": "1.0",
        "confidentiality": "0.5",
        "integrity": "0.0",
        "availability": "0.0",
        "malicious": "on",
        "consequences": "Exposure of diagnoses.",
    }
    return {**data, **extra}


def test_the_risk_form_is_prefilled_from_the_incident(client_for: Any, make_incident: Any) -> None:
    incident = make_incident(title="Clinic", data_categories=["health"], malicious=True)
    response = client_for("dpo").get(f"/incidents/{incident.reference}/")
    form = response.context["risk_form"]
    assert form.initial["data_categories"] == ["health"]
    assert form.initial["malicious"] is True
    assert f"/incidents/{incident.reference}/risk/" in response.content.decode()
    executive = client_for("executive").get(f"/incidents/{incident.reference}/")
    assert executive.context["risk_form"] is None
    assert f"/incidents/{incident.reference}/risk/" not in executive.content.decode()


def test_an_assessment_is_recorded_with_score_band_tier_and_explanation(
    client_for: Any, make_incident: Any
) -> None:
    incident = make_incident(title="Clinic")
    url = f"/incidents/{incident.reference}/risk/"
    response = client_for("dpo").post(url, risk_data(), follow=True)
    assessment = RiskAssessment.objects.get()
    assert float(assessment.score) == 5.0  # DPC 4 x EI 1 + C 0.5 + malice 0.5
    assert assessment.band == "very_high" and assessment.tier == "high"
    page = response.content.decode()
    assert "Risk assessed: High risk" in page
    assert "ENISA severity SE = DPC x EI + CB = 4 x 1 + 1 = 5" in page
    incident.refresh_from_db()
    assert incident.risk_level == "high"


def test_an_override_needs_a_rationale_and_bad_input_writes_nothing(
    client_for: Any, make_incident: Any
) -> None:
    incident = make_incident(title="Clinic")
    url = f"/incidents/{incident.reference}/risk/"
    response = client_for("dpo").post(url, risk_data(override_tier="unlikely"))
    assert response.status_code == 400
    assert "override_rationale" in response.context["risk_form"].errors
    response = client_for("dpo").post(url, risk_data(ease_of_identification="0.3"))
    assert response.status_code == 400
    assert "ease_of_identification" in response.context["risk_form"].errors
    response = client_for("dpo").post(url, risk_data(data_categories=[]))
    assert "data_categories" in response.context["risk_form"].errors
    assert not RiskAssessment.objects.exists()
    data = risk_data(override_tier="risk", override_rationale="Diagnoses were already public.")
    assert client_for("dpo").post(url, data).status_code == 302
    assert RiskAssessment.objects.get().effective_tier == "risk"


def test_only_assessors_may_record_an_assessment(client_for: Any, make_incident: Any) -> None:
    incident = make_incident(title="Clinic")
    url = f"/incidents/{incident.reference}/risk/"
    for name in ("executive", "legal", "security"):
        assert client_for(name).post(url, risk_data()).status_code == 403
    assert not RiskAssessment.objects.exists()
