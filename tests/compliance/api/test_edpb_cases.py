"""The 18 worked cases of EDPB Guidelines 01/2021 (v2.0), entered as a DPO would, through the API.

Each case gives the incident's facts and the assessment inputs a DPO would read from the
guideline's description, with no override; the product's Art. 33(1) and Art. 34(1) answers must
be the EDPB's. Counts the guideline leaves vague ("a large customer base") are the DPO's estimate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.factories import incident_create_for_test

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Case:
    """One EDPB case: incident facts, assessment inputs, and the EDPB's two answers."""

    people: int
    categories: list[str]
    assessment: dict[str, Any]
    authority: bool
    data_subjects: bool
    malicious: bool = False
    subject_categories: list[str] = field(default_factory=list)


CASES = [
    pytest.param(
        # Ransomware at a small manufacturer; backup restored within hours; logs: no exfiltration.
        Case(
            350,
            ["identification", "contact"],
            {
                "ease_of_identification": 1,
                "availability": 0.25,
                "backup_available": True,
                "restore_hours": 5,
                "logs_show_no_exfiltration": True,
            },
            authority=False,
            data_subjects=False,
            malicious=True,
        ),
        id="01-ransomware-backup-no-exfiltration",
    ),
    pytest.param(
        # Ransomware at an agricultural company; no backup, data re-entered by hand over five days.
        Case(
            250,
            ["identification", "contact"],
            {
                "ease_of_identification": 1,
                "availability": 0.25,
                "backup_available": False,
                "restore_hours": 120,
                "logs_show_no_exfiltration": True,
            },
            authority=True,
            data_subjects=False,
            malicious=True,
        ),
        id="02-ransomware-no-backup",
    ),
    pytest.param(
        # Ransomware at a hospital; backup, but restoring took two days and delayed treatment.
        Case(
            1500,
            ["identification", "health"],
            {
                "ease_of_identification": 1,
                "availability": 0.25,
                "backup_available": True,
                "restore_hours": 48,
                "logs_show_no_exfiltration": True,
            },
            authority=True,
            data_subjects=True,
            malicious=True,
            subject_categories=["patients"],
        ),
        id="03-ransomware-hospital-days-to-restore",
    ),
    pytest.param(
        # Ransomware at a public transport company; data exfiltrated; no backup.
        Case(
            5000,
            ["identification", "contact", "national_id"],
            {"ease_of_identification": 1, "confidentiality": 0.5, "availability": 0.5},
            authority=True,
            data_subjects=True,
            malicious=True,
        ),
        id="04-ransomware-exfiltration-no-backup",
    ),
    pytest.param(
        # Web skimming on a job-application form: applicants' details sent to an attacker.
        Case(
            500,
            ["identification", "contact", "education_career"],
            {"ease_of_identification": 1, "confidentiality": 0.5},
            authority=True,
            data_subjects=True,
            malicious=True,
        ),
        id="05-web-skimming-job-applications",
    ),
    pytest.param(
        # Salted password hashes (state of the art, salt not taken) exfiltrated from a recipe site.
        Case(
            1200,
            ["contact", "credentials"],
            {"ease_of_identification": 0.5, "confidentiality": 0.5, "encrypted_key_intact": True},
            authority=False,
            data_subjects=False,
            malicious=True,
        ),
        id="06-salted-password-hashes",
    ),
    pytest.param(
        # Credential stuffing on a bank's site: account and transaction data seen by attackers.
        Case(
            2000,
            ["identification", "financial", "credentials"],
            {
                "ease_of_identification": 1,
                "confidentiality": 0.5,
                "identity_theft_possible": True,
            },
            authority=True,
            data_subjects=True,
            malicious=True,
        ),
        id="07-credential-stuffing-bank",
    ),
    pytest.param(
        # A departing employee copies client contact details to use in a new business.
        Case(
            800,
            ["identification", "contact"],
            {"ease_of_identification": 1, "confidentiality": 0.25},
            authority=True,
            data_subjects=False,
            malicious=True,
        ),
        id="08-departing-employee-copies-contacts",
    ),
    pytest.param(
        # A file sent by mistake to a trusted partner bound by secrecy, who confirmed deletion.
        Case(
            300,
            ["identification", "contact", "financial"],
            {
                "ease_of_identification": 1,
                "confidentiality": 0.25,
                "trusted_recipient_deleted": True,
            },
            authority=False,
            data_subjects=False,
        ),
        id="09-trusted-third-party-deleted",
    ),
    pytest.param(
        # Two tablets stolen; state-of-the-art encryption, key safe; a backup holds the data.
        Case(
            2000,
            ["identification", "contact"],
            {
                "ease_of_identification": 1,
                "confidentiality": 0.5,
                "availability": 0.25,
                "encrypted_key_intact": True,
                "backup_available": True,
            },
            authority=False,
            data_subjects=False,
            malicious=True,
        ),
        id="10-stolen-encrypted-tablets",
    ),
    pytest.param(
        # An unencrypted notebook with a large customer base stolen.
        Case(
            25000,
            ["identification", "contact"],
            {"ease_of_identification": 1, "confidentiality": 0.5},
            authority=True,
            data_subjects=True,
            malicious=True,
        ),
        id="11-stolen-unencrypted-notebook",
    ),
    pytest.param(
        # A paper logbook of a drug-rehabilitation centre stolen: patients' identity and health.
        Case(
            150,
            ["identification", "health"],
            {"ease_of_identification": 1, "confidentiality": 0.5},
            authority=True,
            data_subjects=True,
            malicious=True,
            subject_categories=["patients", "vulnerable"],
        ),
        id="12-stolen-rehab-logbook",
    ),
    pytest.param(
        # Two customers' shoe orders swapped in the post: name, address, items bought.
        Case(
            2,
            ["identification", "contact", "behavioural"],
            {"ease_of_identification": 1, "confidentiality": 0.25},
            authority=False,
            data_subjects=False,
        ),
        id="13-orders-swapped-in-the-post",
    ),
    pytest.param(
        # An employment office e-mails every jobseeker a list of all jobseekers (highly confidential).
        Case(
            600,
            ["identification", "contact", "financial", "national_id"],
            {"ease_of_identification": 1, "confidentiality": 0.25},
            authority=True,
            data_subjects=True,
        ),
        id="14-jobseeker-list-sent-to-all",
    ),
    pytest.param(
        # A course e-mail with the 15 participants' addresses visible to all of them.
        Case(
            15,
            ["identification", "contact"],
            {"ease_of_identification": 1, "confidentiality": 0.25},
            authority=False,
            data_subjects=False,
        ),
        id="15-visible-recipient-list",
    ),
    pytest.param(
        # Two insurance letters (name, address, plate, premium) in one envelope.
        Case(
            1,
            ["identification", "contact", "financial"],
            {"ease_of_identification": 1, "confidentiality": 0.25},
            authority=True,
            data_subjects=False,
        ),
        id="16-two-insurance-letters-one-envelope",
    ),
    pytest.param(
        # An impostor has a telco customer's invoices redirected to him.
        Case(
            1,
            ["identification", "contact", "financial", "traffic"],
            {
                "ease_of_identification": 1,
                "confidentiality": 0.25,
                "identity_theft_possible": True,
            },
            authority=True,
            data_subjects=True,
            malicious=True,
        ),
        id="17-telco-impostor-redirects-invoices",
    ),
    pytest.param(
        # An attacker's forwarding rule in a mailbox sends payroll data out.
        Case(
            600,
            ["identification", "financial", "national_id"],
            {"ease_of_identification": 1, "confidentiality": 0.5},
            authority=True,
            data_subjects=True,
            malicious=True,
        ),
        id="18-mailbox-forwarding-rule-payroll",
    ),
]


@pytest.mark.parametrize("case", CASES)
def test_the_product_answers_the_edpb_case_as_the_edpb_does(
    case: Case, organisation: Any, personas: dict[str, Any], api_client_for: Any
) -> None:
    incident = incident_create_for_test(
        actor=personas["security"],
        now=NOW,
        affected_subjects=[{"country": "DE", "count": case.people}],
        data_categories=case.categories,
        subject_categories=case.subject_categories,
        malicious=case.malicious,
        risk_level="",
    )
    response = api_client_for("dpo").post(
        "/api/v1/assessments/", {"incident": incident.pk, **case.assessment}, format="json"
    )
    assert response.status_code == 201, response.json()
    decision = response.json()["decision"]
    answers = (
        decision["supervisory_authority"]["required"],
        decision["data_subjects"]["required"],
    )
    assert answers == (case.authority, case.data_subjects)
    # The stored obligations follow the same answers.
    statuses = {o.rule_id: o.status for o in incident.obligations.filter(regime="GDPR")}
    assert (statuses["GDPR-SA"] != "not_required") is case.authority
    assert (statuses["GDPR-DS"] != "not_required") is case.data_subjects
    assert decision["supervisory_authority"]["explanation"].startswith("Art. 33(1): ")
    assert decision["supervisory_authority"]["deciding_facts"]


def test_the_encrypted_case_explains_itself_with_the_key_and_the_article(
    organisation: Any, personas: dict[str, Any], api_client_for: Any
) -> None:
    incident = incident_create_for_test(
        actor=personas["security"], now=NOW, data_categories=["contact", "credentials"]
    )
    response = api_client_for("dpo").post(
        "/api/v1/assessments/",
        {
            "incident": incident.pk,
            "ease_of_identification": 0.5,
            "confidentiality": 0.5,
            "encrypted_key_intact": True,
        },
        format="json",
    )
    text = response.json()["decision"]["supervisory_authority"]["explanation"]
    assert text.startswith("Art. 33(1): notifying the supervisory authority is not required. ")
    assert "key or salt that was not compromised" in text
    assert "unlikely to result in a risk" in text
    notice = incident.obligations.get(rule_id="GDPR-SA")
    assert notice.status == "not_required"
    assert f"The assessment's reasoning: {text}" in notice.explanation
