"""Frozen dataclasses for the notices and the register: the facts the PDF renderer prints.

Selectors build these from the database; the renderer only reads them. Every datetime must be
timezone-aware (naive ones raise ``ValueError``); missing facts are ``None`` or empty.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar
from zoneinfo import ZoneInfo

LANGUAGES = ("en", "zh-hans")

# Codes the renderer translates; any other string is printed as given.
PHASES = ("initial", "follow-up", "final")
RISK_OUTCOMES = ("unlikely", "risk", "high")
CAC_GRADES = ("especially-major", "major", "relatively-major", "general")
# Whether the duty a report answers applies, as the incident's obligation rows say (the room shows
# the same rows): "required", "not-required" (an exemption or a DPO's exclusion), or "none" (no
# such duty was derived for the incident).
DUTY_STATES = ("required", "not-required", "none")


class Validated:
    """Mixin that rejects naive datetimes so no report silently shows the wrong time."""

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, field.name)
            if isinstance(value, datetime) and value.utcoffset() is None:
                raise ValueError(
                    f"{type(self).__name__}.{field.name} must be timezone-aware, got {value!r}"
                )


@dataclass(frozen=True)
class ReportHeader(Validated):
    """What every page and the title block of a report show."""

    organisation_name: str
    document_title: str
    generated_at: datetime
    local_zone: str = "UTC"
    generated_by: str = ""
    language: str = "en"
    incident_reference: str = ""
    period_start: date | None = None
    period_end: date | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.language not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}, got {self.language!r}")
        ZoneInfo(self.local_zone)  # raises ZoneInfoNotFoundError for an unknown zone


@dataclass(frozen=True)
class Organisation(Validated):
    """A controller, handler or reporting organisation."""

    name: str
    registration_number: str = ""
    address: str = ""
    sector: str = ""


@dataclass(frozen=True)
class Contact(Validated):
    """A person to contact: the reporter, the DPO or a PI-protection officer."""

    name: str
    role: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""

    @property
    def is_reachable(self) -> bool:
        """Whether a name and at least one way to reach the person are given."""
        return bool(self.name.strip() and (self.email or self.phone or self.address))


@dataclass(frozen=True)
class InvolvedParty(Validated):
    """A processor or joint controller involved in the breach and its role."""

    name: str
    role: str


@dataclass(frozen=True)
class CountryCount(Validated):
    """Data subjects affected in one country (ISO code or name)."""

    country: str
    count: int | None


@dataclass(frozen=True)
class Measure(Validated):
    """A containment, mitigation or prevention step, done or planned, with its date."""

    description: str
    done: bool = True
    at: datetime | None = None


@dataclass(frozen=True)
class NoticeToBody(Validated):
    """Another body told about the breach: police, CSIRT, another authority."""

    body: str
    notified_at: datetime | None = None
    reference: str = ""


@dataclass(frozen=True)
class GdprArt33Report(Validated):
    """GDPR Art. 33 notification to a supervisory authority, in the order of the EU forms."""

    kind: ClassVar[str] = "gdpr-art33"

    header: ReportHeader
    authority_name: str
    authority_zone: str
    # 1. Report type
    phase: str = "initial"
    authority_reference: str = ""
    # 2. Parties
    controller: Organisation | None = None
    reporter: Contact | None = None
    dpo: Contact | None = None
    involved_parties: tuple[InvolvedParty, ...] = ()
    # 3. Timeline
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None
    ongoing: bool = False
    detected_at: datetime | None = None
    aware_at: datetime | None = None
    discovery_method: str = ""
    deadline_at: datetime | None = None
    initial_notified_at: datetime | None = None
    reasons_for_delay: str = ""
    # 4. Nature
    confidentiality: bool = False
    integrity: bool = False
    availability: bool = False
    exfiltrated: str = ""
    unintelligible: str = ""
    incident_type: str = ""
    cause: str = ""
    description: str = ""
    systems: tuple[str, ...] = ()
    # 5. Data subjects
    subject_categories: tuple[str, ...] = ()
    subjects_count: int | None = None
    subjects_count_exact: bool = False
    subjects_by_country: tuple[CountryCount, ...] = ()
    # 6. Personal data
    data_categories: tuple[str, ...] = ()
    records_count: int | None = None
    # 7. Protection in place
    protection_in_place: tuple[str, ...] = ()
    # 8. Consequences and risk
    consequences: str = ""
    likely_impacts: tuple[str, ...] = ()
    severity: str = ""
    risk_outcome: str = ""
    risk_method: str = ""
    risk_score: float | None = None
    risk_rationale: str = ""
    # 9. Measures
    measures_taken: tuple[Measure, ...] = ()
    measures_proposed: tuple[Measure, ...] = ()
    # 10. Data subjects told
    subjects_informed: str = ""
    subjects_informed_at: datetime | None = None
    subjects_informed_details: str = ""
    # 11. Other bodies
    other_bodies: tuple[NoticeToBody, ...] = ()
    lead_authority: str = ""
    countries_concerned: tuple[str, ...] = ()
    # 12. UK ICO only; printed when given
    staff_training: str = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        ZoneInfo(self.authority_zone)

    @property
    def is_late(self) -> bool:
        """Whether the first notice went (or this report is generated) after the 72 h deadline."""
        if self.deadline_at is None:
            return False
        sent = self.initial_notified_at or self.header.generated_at
        return sent > self.deadline_at


@dataclass(frozen=True)
class PiplArt57Report(Validated):
    """PIPL Art. 57 report to the departments with PI-protection duties (Simplified Chinese)."""

    kind: ClassVar[str] = "pipl-art57"

    header: ReportHeader
    recipient_authority: str = ""
    duty: str = "required"
    duty_reason: str = ""
    handler: Organisation | None = None
    occurred_at: datetime | None = None
    discovered_at: datetime | None = None
    affected_people: int | None = None
    systems: tuple[str, ...] = ()
    # What happened, in Chinese (never the English description).
    description: str = ""
    # Art. 57(1)
    pi_categories: tuple[str, ...] = ()
    cause: str = ""
    possible_harm: str = ""
    # Art. 57(2)
    remedial_measures: tuple[Measure, ...] = ()
    individual_measures: tuple[str, ...] = ()
    # Art. 57(3)
    contact: Contact | None = None
    # Whether individuals were told; the reason when not (measures effectively avoid harm).
    individuals_notified: bool | None = None
    individuals_notified_at: datetime | None = None
    no_notice_reason: str = ""


@dataclass(frozen=True)
class RansomDetails(Validated):
    """Ransom demanded in a ransomware incident (CAC report item 2)."""

    amount: str = ""
    payment_method: str = ""
    demanded_at: datetime | None = None


@dataclass(frozen=True)
class CacReport(Validated):
    """Report of a cybersecurity incident to the cyberspace administration (Simplified Chinese)."""

    kind: ClassVar[str] = "cac-report"

    header: ReportHeader
    recipient_authority: str = ""
    duty: str = "required"
    duty_reason: str = ""
    phase: str = "initial"
    grade: str = ""
    grade_reason: str = ""
    affected_people: int | None = None
    is_cii_operator: bool = False
    deadline_at: datetime | None = None
    reporter: Contact | None = None
    # 1. Organisation and affected facility, system or platform
    organisation: Organisation | None = None
    affected_system: str = ""
    # 2. Discovery, event, harm, measures
    discovered_at: datetime | None = None
    occurred_at: datetime | None = None
    location: str = ""
    event_type: str = ""
    # What happened, in Chinese (never the English description).
    description: str = ""
    harm_so_far: str = ""
    measures_taken: tuple[Measure, ...] = ()
    measures_effect: str = ""
    ransom: RansomDetails | None = None
    # 3.-8.
    likely_trend: str = ""
    preliminary_cause: str = ""
    tracing_leads: str = ""
    planned_measures: tuple[Measure, ...] = ()
    support_requested: str = ""
    scene_preservation: str = ""
    other_matters: str = ""


@dataclass(frozen=True)
class GdprArt34Notice(Validated):
    """GDPR Art. 34 letter to data subjects in plain language; header.language picks en or zh."""

    kind: ClassVar[str] = "gdpr-art34-notice"

    header: ReportHeader
    controller: Organisation | None = None
    recipient_name: str = ""
    what_happened: str = ""
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None
    data_involved: tuple[str, ...] = ()
    likely_consequences: str = ""
    measures_taken: tuple[str, ...] = ()
    what_you_can_do: tuple[str, ...] = ()
    contact: Contact | None = None
    signed_by: Contact | None = None

    @property
    def language(self) -> str:
        """The letter's language, 'en' or 'zh-hans'."""
        return self.header.language


@dataclass(frozen=True)
class RegisterRow(Validated):
    """One incident in the Art. 33(5) breach register, notified or not."""

    reference: str
    title: str = ""
    occurred_at: datetime | None = None
    aware_at: datetime | None = None
    nature: str = ""
    subjects: int | None = None
    records: int | None = None
    tier: str = ""
    notified: bool = False
    notified_at: datetime | None = None
    late: bool = False
    reasoning: str = ""
    remedial_action: str = ""


@dataclass(frozen=True)
class RegisterReport(Validated):
    """GDPR Art. 33(5) breach register for header.period_start to header.period_end."""

    kind: ClassVar[str] = "register"

    header: ReportHeader
    rows: tuple[RegisterRow, ...] = ()
