"""The rows one report reads, loaded together, and the small mappings every report kind shares."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import Prefetch, QuerySet

from compliance.models import Obligation, ReportFacts, RiskAssessment, Submission
from compliance.reporting.data import Contact, Measure, Organisation, ReportHeader
from incidents import roles
from incidents.models import Incident, LegalEntity, OrganisationProfile

ZH = "zh-hans"
GDPR_REGIMES = ("GDPR", "UK_GDPR")
CHINA_ZONE = "Asia/Shanghai"
# PIPL Art. 52: the title of a Chinese entity's own officer, never of anyone else.
PIPO_ROLE = "个人信息保护负责人"

ROLE_LABELS_ZH = {
    roles.SECURITY: "安全负责人",
    # The group's data-protection officer; a Chinese entity's 个人信息保护负责人 is its own officer.
    roles.DPO: "数据保护官",
    roles.LEGAL: "法务",
    roles.PR: "公共关系",
    roles.EXECUTIVE: "管理层",
    roles.ADMIN: "系统管理员",
}


def is_authority_notice(obligation: Obligation) -> bool:
    """GDPR / UK GDPR Art. 33(1): the notice to the supervisory authority."""
    return obligation.regime in GDPR_REGIMES and obligation.rule_id.endswith("-SA")


def is_subject_notice(obligation: Obligation) -> bool:
    """GDPR / UK GDPR Art. 34(1): telling the data subjects."""
    return obligation.regime in GDPR_REGIMES and obligation.rule_id.endswith("-DS")


def is_pipl_authority(obligation: Obligation) -> bool:
    """PIPL Art. 57: the report to the departments with PI-protection duties."""
    return obligation.rule_id == "PIPL-AUTH"


def is_pipl_individuals(obligation: Obligation) -> bool:
    """PIPL Art. 57: telling the individuals."""
    return obligation.rule_id == "PIPL-IND"


def is_cac_initial(obligation: Obligation) -> bool:
    """CAC Measures: the 4-hour (1 or 2 hours for some operators) report."""
    return obligation.regime == "CAC" and obligation.rule_id != "CAC-FINAL"


def is_cac_final(obligation: Obligation) -> bool:
    """CAC Measures Art. 8: the summary report after handling ends."""
    return obligation.rule_id == "CAC-FINAL"


def obligations_queryset() -> QuerySet[Obligation]:
    """Obligations that apply, with their submissions in time order."""
    return (
        Obligation.objects.filter(applies=True)
        .select_related("entity")
        .prefetch_related(
            Prefetch(
                "submissions",
                queryset=Submission.objects.select_related("recorded_by").order_by(
                    "submitted_at", "pk"
                ),
            )
        )
        .order_by("due_at", "target_at", "pk")
    )


# CJK Unified Ideographs: enough to tell Chinese prose from English.
CJK = re.compile(r"[\u4e00-\u9fff]")


def chinese(*texts: str) -> str:
    """The first text written in Chinese; English prose never fills a Chinese report."""
    return next((text for text in texts if text and CJK.search(text)), "")


def lines(text: str) -> tuple[str, ...]:
    """The non-empty lines of a free-text field, without list bullets."""
    items = (line.strip().lstrip("-•*").strip() for line in (text or "").splitlines())
    return tuple(item for item in items if item)


def measures(text: str, *, done: bool) -> tuple[Measure, ...]:
    """One measure per line of a free-text field."""
    return tuple(Measure(description=line, done=done) for line in lines(text))


def valid_zone(*candidates: str) -> str:
    """The first candidate that names a real IANA time zone, else UTC."""
    for zone in candidates:
        if not zone:
            continue
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            continue
        return zone
    return "UTC"


def user_label(user: Any) -> str:
    """A person's full name, else their username; empty for the command line."""
    if user is None or not getattr(user, "pk", None):
        return ""
    return user.get_full_name().strip() or user.get_username()


def user_role_label(user: Any, language: str) -> str:
    """The user's first role in the report's language."""
    ordered = [role for role in roles.ALL_ROLES if role in roles.user_roles(user)]
    if not ordered:
        return ""
    if language == ZH:
        return ROLE_LABELS_ZH[ordered[0]]
    return roles.ROLE_LABELS[ordered[0]]


def organisation_of(entity: LegalEntity | None) -> Organisation | None:
    """The controller or handler as the renderer wants it."""
    if entity is None:
        return None
    return Organisation(
        name=entity.legal_name,
        registration_number=entity.registration_number,
        address=entity.address,
        sector=entity.sector,
    )


def dpo_contact(entity: LegalEntity | None, role: str) -> Contact | None:
    """The entity's DPO (GDPR Art. 33(3)(b)) or PI-protection officer (PIPL Art. 52)."""
    if entity is None or not entity.dpo_name.strip():
        return None
    return Contact(name=entity.dpo_name, role=role, email=entity.dpo_email, phone=entity.dpo_phone)


@dataclass(frozen=True)
class ReportSources:
    """Everything one incident's report reads, fetched up front."""

    incident: Incident
    entity: LegalEntity | None
    profile: OrganisationProfile
    facts: ReportFacts
    assessment: RiskAssessment | None
    obligations: tuple[Obligation, ...]
    actor: Any
    now: datetime
    language: str

    @property
    def zone(self) -> str:
        """The authority's zone, else the organisation's; Chinese reports default to Beijing."""
        entity_zone = self.entity.authority_time_zone if self.entity else ""
        fallback = CHINA_ZONE if self.language == ZH else self.profile.default_time_zone
        return valid_zone(entity_zone, fallback)

    @property
    def risk_outcome(self) -> str:
        """The GDPR tier: the latest assessment's (override first), else the incident's."""
        if self.assessment is not None:
            return self.assessment.effective_tier
        return self.incident.risk_level

    def obligation(self, match: Callable[[Obligation], bool]) -> Obligation | None:
        """The first matching obligation, preferring the report's entity."""
        found = [o for o in self.obligations if match(o)]
        own = [o for o in found if self.entity is not None and o.entity_id == self.entity.pk]
        return (own or found or [None])[0]

    def header(self, title: str, **extra: Any) -> ReportHeader:
        """The header with the organisation, time, author and incident reference."""
        name = self.entity.legal_name if self.entity else self.profile.name
        return ReportHeader(
            organisation_name=name,
            document_title=title,
            generated_at=self.now,
            local_zone=self.zone,
            generated_by=user_label(self.actor),
            language=self.language,
            incident_reference=self.incident.reference,
            **extra,
        )

    def reporter(self) -> Contact | None:
        """The person reporting: as recorded, else the one generating the report, else the DPO.

        A Chinese report speaks for its Chinese entity: its PI-protection officer comes before
        whoever generates the report, and nobody else is given that officer's title.
        """
        facts = self.facts
        if facts.reporter_name.strip():
            return Contact(
                name=facts.reporter_name,
                role=facts.reporter_role,
                email=facts.reporter_email,
                phone=facts.reporter_phone,
            )
        officer = dpo_contact(self.entity, PIPO_ROLE) if self.language == ZH else None
        if officer is not None and officer.is_reachable:
            return officer
        name = user_label(self.actor)
        if name and getattr(self.actor, "email", ""):
            return Contact(
                name=name,
                role=user_role_label(self.actor, self.language),
                email=self.actor.email,
            )
        return None if self.language == ZH else dpo_contact(self.entity, "Data Protection Officer")

    def affected_in(self, country: str) -> int | None:
        """People affected in one country, else everyone when that country is not listed."""
        rows = self.incident.affected_subjects
        counts: dict[str, int] = {}
        for row in rows:  # a country may be listed once per region (US-CA, US-NY, …)
            counts[row["country"]] = counts.get(row["country"], 0) + row["count"]
        if country in counts:
            return counts[country]
        return self.incident.subjects_total if rows else None


def facts_of(incident: Incident) -> ReportFacts:
    """The incident's report facts, or blank ones (not saved) when none were recorded."""
    try:
        return incident.report_facts
    except ReportFacts.DoesNotExist:
        return ReportFacts(incident=incident)


def report_sources_load(
    *, incident: Incident, entity: LegalEntity | None, actor: Any, now: datetime, language: str
) -> ReportSources:
    """Load the incident's facts, latest assessment and obligations for one report."""
    return ReportSources(
        incident=incident,
        entity=entity,
        profile=OrganisationProfile.current(),
        facts=facts_of(incident),
        assessment=incident.assessments.order_by("-created_at", "-pk").first(),
        obligations=tuple(obligations_queryset().filter(incident=incident)),
        actor=actor,
        now=now,
        language=language,
    )


def first_submission(obligation: Obligation | None) -> Submission | None:
    """The earliest submission of an obligation (prefetched in time order)."""
    if obligation is None:
        return None
    submissions = list(obligation.submissions.all())
    return submissions[0] if submissions else None


def joined(parts: Iterable[str], separator: str = " — ") -> str:
    """Non-empty parts joined."""
    return separator.join(part.strip() for part in parts if part and part.strip())
