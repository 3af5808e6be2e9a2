"""China: the PIPL (Art. 57) and the CAC Cybersecurity Incident Reporting Measures (2025)."""

from __future__ import annotations

from datetime import date

from compliance.engine.regimes.common import ALL_ROLES, CHINA_COUNTRIES
from compliance.engine.rules import Exemption, Regime, Rule, RuleVariant

# PIPL Art. 57(1)-(3).
PIPL_CONTENT: tuple[str, ...] = (
    "PIPL Art. 57(1): categories of personal information involved, the cause and possible harm",
    "PIPL Art. 57(2): remedial measures taken and measures individuals can take to reduce harm",
    "PIPL Art. 57(3): the handler's contact method",
)
CAC_REPORT_CONTENT: tuple[str, ...] = (
    "reporting organisation and the affected facility, system or platform",
    "time found and occurred, place, event type, harm so far, measures taken and their effect "
    "(for ransomware: ransom amount, payment method, date)",
    "likely evolution and further impact",
    "preliminary cause",
    "leads for tracing: attacker, attack path, vulnerabilities",
    "further measures planned and support requested",
    "preservation of the scene and evidence",
    "anything else that should be reported",
)
CAC_FINAL_CONTENT: tuple[str, ...] = (
    "cause of the incident",
    "response and handling measures",
    "harm caused",
    "accountability (responsibility handling)",
    "rectification",
    "lessons learned",
)

PIPL_RULES: tuple[Rule, ...] = (
    Rule(
        id="PIPL-AUTH",
        regime="PIPL",
        legal_basis="PIPL Art. 57",
        recipient="the departments with personal-information-protection duties "
        "(履行个人信息保护职责的部门: the CAC and sector regulators)",
        trigger="personal information leaked, tampered with or lost, or possibly so; "
        "no size threshold",
        duty="the personal-information handler must immediately (立即) take remedial measures "
        "and notify the departments with personal-information-protection duties; this duty "
        "has no exemption",
        clock_event="detected_at",
        duration=None,
        unit="ASAP",
        roles=ALL_ROLES,
        zone="Asia/Shanghai",
        content_checklist=PIPL_CONTENT,
        uses_entity_authority=True,
    ),
    Rule(
        id="PIPL-IND",
        regime="PIPL",
        legal_basis="PIPL Art. 57",
        recipient="each affected individual",
        trigger="personal information leaked, tampered with or lost, or possibly so",
        duty="the personal-information handler must immediately (立即) notify the affected "
        "individuals",
        clock_event="detected_at",
        duration=None,
        unit="ASAP",
        roles=ALL_ROLES,
        zone="Asia/Shanghai",
        exemptions=(
            Exemption(
                "pipl_harm_avoided",
                "PIPL Art. 57",
                "the measures taken can effectively avoid harm from the leak, tampering or "
                "loss, so individuals need not be told; the authority must still be notified "
                "and may require individual notice",
            ),
        ),
        content_checklist=PIPL_CONTENT,
    ),
)

CAC_BELOW_THRESHOLD = Exemption(
    "cac_below_threshold",
    "CAC Incident Reporting Measures, grading guide",
    "the incident is graded below relatively major (较大), for which the Measures set no "
    "fixed reporting clock; PIPL Art. 57 still applies",
)

# The Measures apply to incidents discovered from the day they took effect.
CAC_IN_FORCE = date(2025, 11, 1)

CAC_RULES: tuple[Rule, ...] = (
    Rule(
        id="CAC-4H",
        regime="CAC",
        legal_basis="CAC Incident Reporting Measures Art. 4",
        recipient="the provincial cyberspace administration (属地省级网信部门)",
        trigger="cybersecurity incident graded relatively major (较大) or above",
        duty="the network operator must report the incident within the time limit counted from "
        "when it discovered or learned of it; if the cause or impact is still unknown, it "
        "reports what is known first and supplements later (Art. 7)",
        clock_event="detected_at",
        duration=4,
        unit="H",
        roles=ALL_ROLES,
        zone="Asia/Shanghai",
        exemptions=(CAC_BELOW_THRESHOLD,),
        content_checklist=CAC_REPORT_CONTENT,
        variants=(
            RuleVariant(
                "is_cii_operator",
                1,
                "the CII protection department and the public security organ "
                "(保护工作部门、公安机关)",
                "critical-information-infrastructure operator",
            ),
            RuleVariant(
                "is_state_organ",
                2,
                "the cyberspace-affairs unit of its own department (本部门网信工作机构)",
                "central or state organ",
            ),
        ),
        verify=True,
        verify_note="report content checklist",
        uses_entity_authority=True,
    ),
    Rule(
        id="CAC-FINAL",
        regime="CAC",
        legal_basis="CAC Incident Reporting Measures Art. 8",
        recipient="the authority that received the initial report",
        trigger="cybersecurity incident graded relatively major (较大) or above, once its "
        "handling has ended",
        duty="the network operator must submit a summary report within 30 calendar days after "
        "handling of the incident ends",
        clock_event="handling_ended_at",
        duration=30,
        unit="CD",
        roles=ALL_ROLES,
        zone="Asia/Shanghai",
        exemptions=(CAC_BELOW_THRESHOLD,),
        content_checklist=CAC_FINAL_CONTENT,
        uses_entity_authority=True,
    ),
)

PIPL = Regime(
    "PIPL",
    "China PIPL",
    CHINA_COUNTRIES,
    PIPL_RULES,
    version="2021",
    valid_from=date(2021, 11, 1),
    source="Personal Information Protection Law of the PRC, Art. 57 "
    "(http://www.npc.gov.cn/npc/c30834/202108/a8c4e3672c74491a80b53a172bb753fe.shtml)",
    facts_needed=(
        "affected_subjects.country",
        "detected_at",
        "pipl_harm_avoided",
        "entity.country",
    ),
)
CAC = Regime(
    "CAC",
    "CAC Incident Reporting Measures (2025)",
    CHINA_COUNTRIES,
    CAC_RULES,
    version="2025",
    valid_from=CAC_IN_FORCE,
    source="CAC National Cybersecurity Incident Reporting Management Measures, in force "
    "2025-11-01 (https://www.cac.gov.cn/2025-09/15/c_1759653448369123.htm)",
    facts_needed=(
        "affected_subjects.country",
        "detected_at",
        "handling_ended_at",
        "cac_grade",
        "cac_leaked_people",
        "entity.is_cii_operator",
        "entity.is_state_organ",
    ),
)

# CAC grading by people whose personal information leaked; "以上" includes the bound.
CAC_GRADE_THRESHOLDS: tuple[tuple[int, str], ...] = (
    (100_000_000, "especially_major"),
    (10_000_000, "major"),
    (1_000_000, "relatively_major"),
)
CAC_GRADE_LABELS: dict[str, str] = {
    "especially_major": "especially major (特别重大)",
    "major": "major (重大)",
    "relatively_major": "relatively major (较大)",
    "below_threshold": "below relatively major (较大以下)",
}


def cac_grade_for(leaked_people: int) -> str:
    """Return the CAC grade for a number of people whose personal information leaked."""
    for bound, grade in CAC_GRADE_THRESHOLDS:
        if leaked_people >= bound:
            return grade
    return "below_threshold"
