"""Notification regimes as data: each rule names its basis, recipient, clock and exemptions.

regulations.md is the legal reference. Items it marks (verify) carry ``verify=True`` and a note,
and every obligation built from such a rule says the figure is the engine's reading.
"""

from __future__ import annotations

from dataclasses import replace

from compliance.engine.rules import CONDITIONS, Exemption, Regime, Rule, RuleVariant

EU_MEMBER_STATES: frozenset[str] = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)
# The GDPR applies in the EEA: the EU plus Iceland, Liechtenstein and Norway.
EEA_COUNTRIES: frozenset[str] = EU_MEMBER_STATES | {"IS", "LI", "NO"}
UK_COUNTRIES: frozenset[str] = frozenset({"GB"})
CHINA_COUNTRIES: frozenset[str] = frozenset({"CN"})

CONTROLLER_ROLES: frozenset[str] = frozenset({"controller", "joint"})
PROCESSOR_ROLES: frozenset[str] = frozenset({"processor"})
ALL_ROLES: frozenset[str] = CONTROLLER_ROLES | PROCESSOR_ROLES

# GDPR Art. 33(3)(a)-(d), plus the Art. 33(1) reasons for a late notice.
ART_33_3_CONTENT: tuple[str, ...] = (
    "Art. 33(3)(a): nature of the breach, including where possible the categories and "
    "approximate number of data subjects and of personal-data records concerned",
    "Art. 33(3)(b): name and contact details of the DPO or other contact point",
    "Art. 33(3)(c): likely consequences of the breach",
    "Art. 33(3)(d): measures taken or proposed, including to mitigate possible adverse effects",
    "Art. 33(1): reasons for the delay, if notified after 72 hours",
)
# GDPR Art. 34(2): plain language, the nature of the breach and Art. 33(3)(b)-(d).
ART_34_2_CONTENT: tuple[str, ...] = (
    "Art. 34(2): clear and plain language",
    "Art. 34(2): nature of the breach",
    "Art. 33(3)(b): name and contact details of the DPO or other contact point",
    "Art. 33(3)(c): likely consequences of the breach",
    "Art. 33(3)(d): measures taken or proposed, including to mitigate possible adverse effects",
)
PROCESSOR_CONTENT: tuple[str, ...] = (
    "what happened and when the processor became aware of it",
    "categories and approximate number of data subjects and records, as far as known",
    "measures taken or proposed by the processor",
    "processor's contact point for follow-up questions",
)
REGISTER_CONTENT: tuple[str, ...] = (
    "Art. 33(5): facts relating to the breach",
    "Art. 33(5): its effects",
    "Art. 33(5): remedial action taken",
    "EDPB Guidelines 9/2022: reasoning for not notifying, or for notifying late",
)
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


GDPR_RULES: tuple[Rule, ...] = (
    Rule(
        id="GDPR-SA",
        regime="GDPR",
        legal_basis="GDPR Art. 33(1)",
        recipient="the competent supervisory authority (the lead authority for cross-border "
        "processing, Art. 56)",
        trigger="any personal-data breach, unless it is unlikely to result in a risk",
        duty="the controller must notify the supervisory authority without undue delay and, "
        "where feasible, within 72 hours of becoming aware of the breach. The deadline is the "
        "awareness time plus exactly 72 hours: nights, weekends, holidays and clock changes do "
        "not move it. A later notice must give the reasons for the delay, and information may "
        "follow in phases (Art. 33(4))",
        clock_event="aware_at",
        duration=72,
        unit="H",
        roles=CONTROLLER_ROLES,
        exemptions=(
            Exemption(
                "tier_unlikely",
                "GDPR Art. 33(1)",
                "the breach was assessed as unlikely to result in a risk to people's rights and "
                "freedoms, so the authority need not be notified; record that reasoning in the "
                "register (GDPR Art. 33(5))",
            ),
        ),
        content_checklist=ART_33_3_CONTENT,
        uses_entity_authority=True,
    ),
    Rule(
        id="GDPR-PROC",
        regime="GDPR",
        legal_basis="GDPR Art. 33(2)",
        recipient="the controller",
        trigger="any breach the processor becomes aware of",
        duty="the processor must notify the controller without undue delay after becoming "
        "aware of the breach",
        clock_event="aware_at",
        duration=None,
        unit="ASAP",
        roles=PROCESSOR_ROLES,
        content_checklist=PROCESSOR_CONTENT,
    ),
    Rule(
        id="GDPR-DS",
        regime="GDPR",
        legal_basis="GDPR Art. 34(1)",
        recipient="each affected data subject",
        trigger="the breach is likely to result in a high risk to people's rights and freedoms",
        duty="the controller must tell the affected data subjects without undue delay",
        clock_event="aware_at",
        duration=None,
        unit="ASAP",
        roles=CONTROLLER_ROLES,
        exemptions=(
            Exemption(
                "tier_below_high",
                "GDPR Art. 34(1)",
                "the breach was not assessed as likely to result in a high risk, so data "
                "subjects need not be told",
            ),
            Exemption(
                "data_encrypted",
                "GDPR Art. 34(3)(a)",
                "the data were unintelligible to anyone not authorised (e.g. encrypted and the "
                "key was not compromised); the authority may still order the notice (Art. 34(4))",
            ),
            Exemption(
                "high_risk_mitigated",
                "GDPR Art. 34(3)(b)",
                "measures taken since mean the high risk is no longer likely to materialise; "
                "the authority may still order the notice (Art. 34(4))",
            ),
            Exemption(
                "disproportionate_effort",
                "GDPR Art. 34(3)(c)",
                "telling each person would involve disproportionate effort, so a public "
                "communication of equal effect replaces the individual notices",
                replaced_by="GDPR-PUB",
            ),
        ),
        content_checklist=ART_34_2_CONTENT,
    ),
    Rule(
        id="GDPR-PUB",
        regime="GDPR",
        legal_basis="GDPR Art. 34(3)(c)",
        recipient="the public (a communication that informs data subjects equally well)",
        trigger="high risk, and individual notice would involve disproportionate effort",
        duty="the controller must instead make a public communication or similar measure "
        "whereby the data subjects are informed in an equally effective manner, without undue "
        "delay",
        clock_event="aware_at",
        duration=None,
        unit="ASAP",
        roles=CONTROLLER_ROLES,
        content_checklist=ART_34_2_CONTENT,
        replacement_only=True,
    ),
    Rule(
        id="GDPR-REG",
        regime="GDPR",
        legal_basis="GDPR Art. 33(5)",
        recipient="the controller's own breach register",
        trigger="every personal-data breach, notified or not",
        duty="the controller must document every breach in its register, kept continuously and "
        "available to the authority",
        clock_event="aware_at",
        duration=None,
        unit="ASAP",
        roles=CONTROLLER_ROLES,
        content_checklist=REGISTER_CONTENT,
    ),
)


UK_AUTHORITY = "the Information Commissioner's Office (ICO)"


def _uk(text: str) -> str:
    """Point a GDPR citation or rule id at the UK GDPR."""
    return text.replace("GDPR-", "UK_GDPR-").replace("GDPR Art.", "UK GDPR Art.")


def _uk_rule(rule: Rule) -> Rule:
    """Return the UK GDPR twin of an EU GDPR rule: same Art. 33/34 text, the ICO as authority."""
    exemptions = tuple(
        replace(
            e, legal_basis=_uk(e.legal_basis), reason=_uk(e.reason), replaced_by=_uk(e.replaced_by)
        )
        for e in rule.exemptions
    )
    # The ICO is the only UK authority, so there is no lead authority to find (Art. 56).
    recipient = UK_AUTHORITY if rule.uses_entity_authority else rule.recipient
    return replace(
        rule,
        id=_uk(rule.id),
        regime="UK_GDPR",
        legal_basis=_uk(rule.legal_basis),
        recipient=recipient,
        exemptions=exemptions,
    )


UK_GDPR_RULES: tuple[Rule, ...] = tuple(_uk_rule(rule) for rule in GDPR_RULES)

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

REGIMES: tuple[Regime, ...] = (
    Regime("GDPR", "EU GDPR (Regulation 2016/679)", EEA_COUNTRIES, GDPR_RULES),
    Regime("UK_GDPR", "UK GDPR", UK_COUNTRIES, UK_GDPR_RULES),
    Regime("PIPL", "China PIPL", CHINA_COUNTRIES, PIPL_RULES),
    Regime("CAC", "CAC Incident Reporting Measures (2025)", CHINA_COUNTRIES, CAC_RULES),
)
REGIMES_BY_CODE: dict[str, Regime] = {regime.code: regime for regime in REGIMES}
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for regime in REGIMES for rule in regime.rules}

# Country code -> regimes its residents (or an entity established there) bring in.
COUNTRY_REGIMES: dict[str, tuple[str, ...]] = {}
for _regime in REGIMES:
    for _country in _regime.countries:
        COUNTRY_REGIMES[_country] = (*COUNTRY_REGIMES.get(_country, ()), _regime.code)
del _regime, _country

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


def _check_tables() -> None:
    """Fail at import if a rule names an unknown condition or replacement."""
    for rule in RULES_BY_ID.values():
        for exemption in rule.exemptions:
            if exemption.condition not in CONDITIONS:
                raise ValueError(f"{rule.id}: unknown condition {exemption.condition}")
            if exemption.replaced_by and exemption.replaced_by not in RULES_BY_ID:
                raise ValueError(f"{rule.id}: unknown replacement {exemption.replaced_by}")


_check_tables()
