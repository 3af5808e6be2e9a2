"""US federal law: HIPAA's breach notification rule and the SEC's Form 8-K Item 1.05.

Both come in through the entity's flags (``hipaa_covered``, ``sec_registrant``).
"""

from __future__ import annotations

from datetime import date

from compliance.engine.regimes.common import ALL_ROLES, CONTROLLER_ROLES, PROCESSOR_ROLES
from compliance.engine.rules import Exemption, Regime, Rule

HIPAA_SECURED = Exemption(
    "data_encrypted",
    "45 CFR 164.402 (unsecured PHI)",
    "the protected health information was secured (encrypted as HHS guidance specifies, key not "
    "compromised), so it is not unsecured PHI and no breach notice is owed",
)
HIPAA_LOW_PROBABILITY = Exemption(
    "tier_unlikely",
    "45 CFR 164.402(2)",
    "the risk assessment shows a low probability that the protected health information has been "
    "compromised, so the incident is not a breach; keep the assessment on record",
)
HIPAA_CONTENT = (
    "45 CFR 164.404(c)(1)(A): what happened, the date of the breach and of its discovery",
    "45 CFR 164.404(c)(1)(B): the types of unsecured PHI involved",
    "45 CFR 164.404(c)(1)(C): steps individuals should take to protect themselves",
    "45 CFR 164.404(c)(1)(D): what the covered entity is doing to investigate and mitigate",
    "45 CFR 164.404(c)(1)(E): contact procedures, including a toll-free number",
)
HIPAA_ZONE = "America/New_York"

HIPAA_RULES: tuple[Rule, ...] = (
    Rule(
        id="HIPAA-IND",
        regime="HIPAA",
        legal_basis="45 CFR 164.404",
        recipient="each affected individual",
        trigger="breach of unsecured protected health information",
        duty="the covered entity must notify each individual without unreasonable delay and in "
        "no case later than 60 calendar days after discovery of the breach",
        clock_event="detected_at",
        duration=60,
        unit="CD",
        roles=CONTROLLER_ROLES,
        zone=HIPAA_ZONE,
        exemptions=(HIPAA_SECURED, HIPAA_LOW_PROBABILITY),
        content_checklist=HIPAA_CONTENT,
    ),
    Rule(
        id="HIPAA-HHS",
        regime="HIPAA",
        legal_basis="45 CFR 164.408(b)",
        recipient="the Secretary of HHS (Office for Civil Rights breach portal)",
        trigger="breach of unsecured protected health information involving 500 or more "
        "individuals",
        duty="the covered entity must notify the Secretary contemporaneously with the notice to "
        "individuals, and in no case later than 60 calendar days after discovery",
        clock_event="detected_at",
        duration=60,
        unit="CD",
        roles=CONTROLLER_ROLES,
        zone=HIPAA_ZONE,
        exemptions=(HIPAA_SECURED, HIPAA_LOW_PROBABILITY),
        content_checklist=HIPAA_CONTENT,
        min_subjects=500,
        below_threshold=Exemption(
            "below_subject_threshold",
            "45 CFR 164.408(c)",
            "fewer than 500 individuals are affected: the breach goes into the log the covered "
            "entity submits to HHS within 60 days after the end of the calendar year",
        ),
    ),
    Rule(
        id="HIPAA-MEDIA",
        regime="HIPAA",
        legal_basis="45 CFR 164.406",
        recipient="prominent media outlets serving the State or jurisdiction",
        trigger="breach of unsecured protected health information involving more than 500 "
        "residents of a State or jurisdiction",
        duty="the covered entity must notify prominent media outlets without unreasonable delay "
        "and in no case later than 60 calendar days after discovery",
        clock_event="detected_at",
        duration=60,
        unit="CD",
        roles=CONTROLLER_ROLES,
        zone=HIPAA_ZONE,
        exemptions=(HIPAA_SECURED, HIPAA_LOW_PROBABILITY),
        content_checklist=HIPAA_CONTENT,
        min_subjects=501,
        below_threshold=Exemption(
            "below_subject_threshold",
            "45 CFR 164.406(a)",
            "no more than 500 people are affected, so no State can have more than 500 affected "
            "residents and no media notice is owed",
        ),
        verify=True,
        verify_note="count of more than 500 (the engine counts all affected people, not those "
        "of one State)",
    ),
    Rule(
        id="HIPAA-BA",
        regime="HIPAA",
        legal_basis="45 CFR 164.410",
        recipient="the covered entity",
        trigger="breach of unsecured protected health information at a business associate",
        duty="the business associate must notify the covered entity without unreasonable delay "
        "and in no case later than 60 calendar days after discovery of the breach",
        clock_event="detected_at",
        duration=60,
        unit="CD",
        roles=PROCESSOR_ROLES,
        zone=HIPAA_ZONE,
        exemptions=(HIPAA_SECURED,),
        content_checklist=(
            "45 CFR 164.410(c): identification of each individual affected",
            "any other information the covered entity needs for its notice to individuals",
        ),
    ),
)

SEC_RULES: tuple[Rule, ...] = (
    Rule(
        id="SEC-8K",
        regime="SEC",
        legal_basis="SEC Form 8-K Item 1.05 (17 CFR 249.308)",
        recipient="the Securities and Exchange Commission (public filing on EDGAR)",
        trigger="cybersecurity incident the registrant determines to be material",
        duty="the registrant must file a Form 8-K within four business days after determining "
        "that the incident is material, and must make that determination without unreasonable "
        "delay after discovery; the Attorney General may ask for a delay on national-security "
        "or public-safety grounds",
        clock_event="materiality_determined_at",
        duration=4,
        unit="BD",
        roles=ALL_ROLES,
        calendar="US",
        zone="America/New_York",
        content_checklist=(
            "Item 1.05(a): material aspects of the nature, scope and timing of the incident",
            "Item 1.05(a): material impact or reasonably likely material impact on the "
            "registrant, including its financial condition and results of operations",
            "Instruction 2: information not determined or unavailable at filing, said so, and "
            "an amendment within four business days once it is known",
        ),
    ),
)

HIPAA = Regime(
    "HIPAA",
    "HIPAA Breach Notification Rule (45 CFR 164.400-414)",
    frozenset(),
    HIPAA_RULES,
    entity_flag="hipaa_covered",
    version="2013",
    valid_from=date(2013, 9, 23),
    source="45 CFR 164.400-414 (https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-C/"
    "part-164/subpart-D)",
    facts_needed=(
        "entity.hipaa_covered",
        "detected_at",
        "affected_subjects.count",
        "data_encrypted",
        "risk_tier",
    ),
)
SEC = Regime(
    "SEC",
    "SEC Form 8-K Item 1.05",
    frozenset(),
    SEC_RULES,
    entity_flag="sec_registrant",
    version="2023",
    valid_from=date(2023, 12, 18),
    source="SEC Release 33-11216, Form 8-K Item 1.05, in force 2023-12-18 "
    "(https://www.sec.gov/rules/final/2023/33-11216.pdf)",
    facts_needed=("entity.sec_registrant", "materiality_determined_at"),
)
