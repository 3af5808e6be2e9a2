"""North-East Asia: South Korea's PIPA (two versions) and Japan's APPI."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from compliance.engine.regimes.common import CONTROLLER_ROLES
from compliance.engine.rules import Exemption, Regime, Rule

KR_CONTENT = (
    "PIPA Art. 34(1)(1): the items of personal information leaked",
    "PIPA Art. 34(1)(2): when and how the leak occurred",
    "PIPA Art. 34(1)(3): what the data subject can do to minimise harm",
    "PIPA Art. 34(1)(4): the controller's response measures and remedies",
    "PIPA Art. 34(1)(5): the help desk and contact for reporting damage",
)
KR_2026_CONTENT = (
    *KR_CONTENT,
    "PIPA Art. 34 (2026 amendment): the data subject's rights and how to exercise them, "
    "including claims for damages and dispute mediation",
)
KR_AMENDED = date(2026, 9, 11)
KR_REPORT_THRESHOLD = Exemption(
    "below_subject_threshold",
    "PIPA Enforcement Decree Art. 40",
    "fewer than 1,000 people are affected and the breach was not assessed as high risk (the "
    "engine's reading of sensitive or unique identifying data, or unlawful access from outside), "
    "so no report to the PIPC or KISA is due",
)


def _amended(rule: Rule) -> Rule:
    """Mark a rule of the 2026 amendment as the engine's reading until it is confirmed."""
    return replace(
        rule,
        verify=True,
        verify_note="2026 amendment (its in-force date and the 'possibility' trigger)",
    )


def _kr_rules(trigger: str, content: tuple[str, ...], **dates: date) -> tuple[Rule, ...]:
    """PIPA Art. 34 as in force between two dates: the trigger and content differ."""
    notice = Rule(
        id="KR-IND",
        regime="KR",
        legal_basis="PIPA Art. 34(1); Enforcement Decree Art. 39",
        recipient="each affected data subject",
        trigger=trigger,
        duty="the personal information controller must notify the data subjects without delay, "
        "within 72 hours of becoming aware",
        clock_event="aware_at",
        duration=72,
        unit="H",
        roles=CONTROLLER_ROLES,
        zone="Asia/Seoul",
        content_checklist=content,
        **dates,  # type: ignore[arg-type]
    )
    report = Rule(
        id="KR-PIPC",
        regime="KR",
        legal_basis="PIPA Art. 34(3); Enforcement Decree Art. 40",
        recipient="the Personal Information Protection Commission (PIPC) or KISA",
        trigger=f"{trigger}: 1,000 or more people, sensitive or unique identifying information, "
        "or unlawful access from outside",
        duty="the personal information controller must report to the PIPC or KISA within 72 "
        "hours of becoming aware",
        clock_event="aware_at",
        duration=72,
        unit="H",
        roles=CONTROLLER_ROLES,
        zone="Asia/Seoul",
        content_checklist=content,
        min_subjects=1000,
        or_high_risk=True,
        below_threshold=KR_REPORT_THRESHOLD,
        **dates,  # type: ignore[arg-type]
    )
    return (notice, report)


KR_SOURCE = "Personal Information Protection Act, Art. 34 (https://www.law.go.kr/)"
KR_FACTS = ("affected_subjects.country", "aware_at", "risk_tier")
KR_VERSIONS = (
    Regime(
        "KR",
        "South Korea PIPA",
        frozenset({"KR"}),
        _kr_rules("personal information lost, stolen or leaked", KR_CONTENT, valid_to=KR_AMENDED),
        version="2023",
        valid_to=KR_AMENDED,
        source=f"{KR_SOURCE}, as amended in force 2023-09-15",
        facts_needed=KR_FACTS,
    ),
    Regime(
        "KR",
        "South Korea PIPA",
        frozenset({"KR"}),
        tuple(
            _amended(rule)
            for rule in _kr_rules(
                "personal information lost, stolen, leaked, forged, altered or damaged, or the "
                "possibility of it",
                KR_2026_CONTENT,
                valid_from=KR_AMENDED,
            )
        ),
        version="2026",
        valid_from=KR_AMENDED,
        source=f"{KR_SOURCE}, as amended in force 2026-09-11",
        facts_needed=KR_FACTS,
    ),
)

JP_ZONE = "Asia/Tokyo"
JP_CONTENT = (
    "APPI Enforcement Rules Art. 8(1): summary, personal data involved, number of people",
    "cause, existence and content of secondary damage, response to the people concerned",
    "public announcement, measures to prevent recurrence, other matters",
)
JP_THRESHOLD = Exemption(
    "below_subject_threshold",
    "APPI Enforcement Rules Art. 7",
    "no more than 1,000 people are affected and the breach was not assessed as high risk (the "
    "engine's reading of sensitive data, likely financial damage or a malicious act), so no "
    "report to the PPC is due",
)
JP_REPORT = {
    "regime": "JP",
    "recipient": "the Personal Information Protection Commission (PPC)",
    "trigger": "leak of sensitive data, data likely to cause financial damage, a leak by a "
    "malicious act, or more than 1,000 people",
    "clock_event": "aware_at",
    "roles": CONTROLLER_ROLES,
    "zone": JP_ZONE,
    "content_checklist": JP_CONTENT,
    "min_subjects": 1001,
    "or_high_risk": True,
    "below_threshold": JP_THRESHOLD,
}
JP_RULES: tuple[Rule, ...] = (
    Rule(
        id="JP-PRELIM",
        legal_basis="APPI Art. 26(1); Enforcement Rules Art. 8(1)",
        duty="the business operator must make a preliminary report promptly (速やかに; the "
        "PPC guidelines read it as about 3 to 5 days) after becoming aware",
        duration=None,
        unit="ASAP",
        **JP_REPORT,  # type: ignore[arg-type]
    ),
    Rule(
        id="JP-FINAL",
        legal_basis="APPI Art. 26(1); Enforcement Rules Art. 8(2)",
        duty="the business operator must make the final report within 30 days of becoming "
        "aware (60 days for a leak by a malicious act)",
        duration=30,
        unit="CD",
        verify=True,
        verify_note="30-day limit (60 days when the leak was a malicious act, which the engine "
        "does not know)",
        **JP_REPORT,  # type: ignore[arg-type]
    ),
    Rule(
        id="JP-IND",
        regime="JP",
        legal_basis="APPI Art. 26(2)",
        recipient="each affected person",
        trigger="a breach reportable to the PPC",
        duty="the business operator must notify the persons concerned promptly, according to "
        "the circumstances",
        clock_event="aware_at",
        duration=None,
        unit="ASAP",
        roles=CONTROLLER_ROLES,
        content_checklist=JP_CONTENT[:2],
        min_subjects=1001,
        or_high_risk=True,
        below_threshold=JP_THRESHOLD,
    ),
)

JP = Regime(
    "JP",
    "Japan APPI",
    frozenset({"JP"}),
    JP_RULES,
    version="2022",
    valid_from=date(2022, 4, 1),
    source="Act on the Protection of Personal Information, Art. 26; Enforcement Rules "
    "Art. 7-8 (https://www.ppc.go.jp/en/legal/)",
    facts_needed=("affected_subjects.country", "aware_at", "risk_tier"),
)
