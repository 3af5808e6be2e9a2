"""The drill scenarios a fresh install ships with, created once and then the organisation's to edit."""

from __future__ import annotations

from typing import Any, NamedTuple

from config.transactions import write_transaction
from incidents.learning.models import DrillScenario

H = 60  # minutes


class ScenarioSpec(NamedTuple):
    """A built-in scenario: incident facts, how long ago it began and was seen, and injects."""

    key: str
    name: str
    brief: str
    facts: dict[str, Any]
    occurred_minutes_before: int
    detected_minutes_before: int
    injects: tuple[tuple[int, str], ...] = ()


RANSOMWARE = ScenarioSpec(
    "ransomware-file-server",
    "Ransomware on a file server",
    "Monday 07:40. The service desk reports that nobody can open files on the shared drive; "
    "every folder holds a ransom note. The file server FS01 stores HR records and customer "
    "contracts. The attackers' leak site names the organisation.",
    {
        "title": "Ransomware encrypted the shared file server",
        "description": "Files on FS01 were encrypted; the ransom note claims 80 GB were copied "
        "first. HR records and customer contracts are on the server.",
        "incident_type": "ransomware",
        "root_cause": "cyber_attack",
        "malicious": True,
        "breach_types": ["availability", "confidentiality"],
        "data_categories": ["identification", "contact", "financial", "health"],
        "subject_categories": ["employees", "customers"],
        "affected_subjects": [{"country": "IE", "count": 3500}, {"country": "DE", "count": 8200}],
        "records_count": 41000,
        "systems": "File server FS01 (Dublin office), backups on the same domain",
        "discovered_by": "own_detection",
        "risk_level": "high",
    },
    occurred_minutes_before=10 * H,
    detected_minutes_before=2 * H,
    injects=(
        (1 * H, "The backup administrator reports last night's backup job failed."),
        (4 * H, "A journalist asks the press office whether customer data were stolen."),
        (20 * H, "The attackers publish a sample of 200 HR records on their leak site."),
    ),
)

MISDIRECTED_EMAIL = ScenarioSpec(
    "misdirected-email",
    "Misdirected e-mail with a customer list",
    "A sales assistant sent a spreadsheet of 240 customers with their order values to a "
    "customer's address instead of a colleague's. The recipient replied to say they received it.",
    {
        "title": "Customer spreadsheet e-mailed to the wrong recipient",
        "description": "A spreadsheet with names, e-mail addresses and order values of 240 "
        "customers was sent to an external customer by mistake.",
        "incident_type": "misdelivery",
        "root_cause": "human_error",
        "malicious": False,
        "breach_types": ["confidentiality"],
        "data_categories": ["identification", "contact", "financial"],
        "subject_categories": ["customers"],
        "affected_subjects": [{"country": "IE", "count": 240}],
        "records_count": 240,
        "discovered_by": "third_party",
        "risk_level": "risk",
    },
    occurred_minutes_before=3 * H,
    detected_minutes_before=1 * H,
    injects=(
        (2 * H, "The recipient confirms in writing that they deleted the e-mail."),
        (6 * H, "One affected customer complains on social media."),
    ),
)

LOST_LAPTOP = ScenarioSpec(
    "lost-unencrypted-laptop",
    "Lost unencrypted laptop",
    "An HR manager left a laptop on a train last night. Its disk is not encrypted; it holds "
    "payroll exports and sickness records of staff in Ireland and the UK.",
    {
        "title": "Unencrypted HR laptop lost on a train",
        "description": "A laptop without disk encryption holding payroll exports and sickness "
        "records was left on a train; it has not been found.",
        "incident_type": "lost_device",
        "root_cause": "physical_theft",
        "malicious": False,
        "breach_types": ["confidentiality", "availability"],
        "data_categories": ["identification", "financial", "health", "national_id"],
        "subject_categories": ["employees"],
        "affected_subjects": [{"country": "IE", "count": 410}, {"country": "GB", "count": 265}],
        "records_count": 675,
        "data_encrypted": False,
        "systems": "HR laptop (Windows, no BitLocker)",
        "discovered_by": "own_detection",
        "risk_level": "high",
    },
    occurred_minutes_before=14 * H,
    detected_minutes_before=1 * H,
    injects=(
        (3 * H, "The rail operator's lost property office has no laptop."),
        (30 * H, "Staff ask on the intranet whether their data are safe."),
    ),
)

PUBLIC_BUCKET = ScenarioSpec(
    "public-cloud-bucket-eu-cn",
    "Public cloud bucket with EU and Chinese customers",
    "A security researcher e-mails that a storage bucket holding a customer export is publicly "
    "readable. It has EU customers and 1.2 million customers of the Shanghai company; access "
    "logs show downloads from unknown addresses.",
    {
        "title": "Customer export readable in a public cloud bucket",
        "description": "A bucket with a customer export (EU and China) was publicly readable "
        "for nine days; logs show downloads from unknown addresses.",
        "incident_type": "misconfiguration",
        "root_cause": "system_vulnerability",
        "malicious": False,
        "breach_types": ["confidentiality"],
        "data_categories": ["identification", "contact", "location"],
        "subject_categories": ["customers"],
        "affected_subjects": [
            {"country": "DE", "count": 120000},
            {"country": "FR", "count": 80000},
            {"country": "CN", "count": 1200000},
        ],
        "records_count": 1400000,
        "systems": "Object storage bucket in eu-west and cn-east regions",
        "discovered_by": "third_party",
        "risk_level": "high",
        "cac_grade": "relatively_major",
        "cac_grade_reason": "Personal information of more than 1,000,000 people leaked.",
        "entity_countries": ["IE", "CN"],
    },
    occurred_minutes_before=9 * 24 * H,
    detected_minutes_before=30,
    injects=(
        (1 * H, "The researcher says they will publish in 48 hours."),
        (3 * H, "The Shanghai office asks who reports to the provincial cyberspace office."),
        (26 * H, "A German customer asks for all data held about them (Art. 15)."),
    ),
)

INSIDER = ScenarioSpec(
    "insider-exfiltration",
    "Insider exfiltration before resignation",
    "Data-loss prevention flags that a departing account manager uploaded the full customer "
    "list with contract values to a personal cloud drive during the last week of notice.",
    {
        "title": "Departing employee copied the customer list",
        "description": "An account manager uploaded the customer list with contract values to a "
        "personal cloud account before leaving for a competitor.",
        "incident_type": "insider",
        "root_cause": "insider",
        "malicious": True,
        "breach_types": ["confidentiality"],
        "data_categories": ["identification", "contact", "financial"],
        "subject_categories": ["customers"],
        "affected_subjects": [{"country": "IE", "count": 5200}, {"country": "GB", "count": 1900}],
        "records_count": 7100,
        "discovered_by": "own_detection",
        "risk_level": "risk",
    },
    occurred_minutes_before=3 * 24 * H,
    detected_minutes_before=2 * H,
    injects=(
        (2 * H, "Legal asks whether to involve the police."),
        (8 * H, "The employee's new employer contacts three of the customers."),
    ),
)

COMPROMISED_PROCESSOR = ScenarioSpec(
    "compromised-processor",
    "Compromised payroll processor",
    "The payroll provider writes that an attacker accessed its platform for two weeks. "
    "Employees' bank details and tax numbers of every group company may be affected.",
    {
        "title": "Payroll processor reports a breach of its platform",
        "description": "The payroll processor's platform was accessed by an attacker; bank "
        "details and tax numbers of the group's employees may have been copied.",
        "incident_type": "processor_breach",
        "root_cause": "third_party",
        "malicious": True,
        "breach_types": ["confidentiality"],
        "data_categories": ["identification", "financial", "national_id"],
        "subject_categories": ["employees"],
        "affected_subjects": [{"country": "IE", "count": 900}, {"country": "GB", "count": 640}],
        "records_count": 1540,
        "third_parties": "PayRight Payroll Services Ltd (processor)",
        "discovered_by": "processor",
        "risk_level": "high",
    },
    occurred_minutes_before=15 * 24 * H,
    detected_minutes_before=1 * H,
    injects=(
        (2 * H, "The processor cannot say which customers' data were copied."),
        (24 * H, "Staff report phishing e-mails quoting their salary."),
    ),
)

DEFAULT_SCENARIOS = (
    RANSOMWARE,
    MISDIRECTED_EMAIL,
    LOST_LAPTOP,
    PUBLIC_BUCKET,
    INSIDER,
    COMPROMISED_PROCESSOR,
)


@write_transaction
def drill_scenarios_ensure() -> list[DrillScenario]:
    """Create the built-in scenarios that are missing; existing ones (maybe edited) stay as they are."""
    existing = set(DrillScenario.objects.values_list("key", flat=True))
    return [
        DrillScenario.objects.create(
            key=spec.key,
            name=spec.name,
            brief=spec.brief,
            facts=spec.facts,
            occurred_minutes_before=spec.occurred_minutes_before,
            detected_minutes_before=spec.detected_minutes_before,
            injects=[{"after_minutes": m, "text": text} for m, text in spec.injects],
            is_builtin=True,
        )
        for spec in DEFAULT_SCENARIOS
        if spec.key not in existing
    ]
