"""Europe: the EU GDPR and the UK GDPR (Art. 33 and 34)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from compliance.engine.regimes.common import (
    CONTROLLER_ROLES,
    EEA_COUNTRIES,
    PROCESSOR_ROLES,
    UK_COUNTRIES,
)
from compliance.engine.rules import Exemption, Regime, Rule

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
        record=True,
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

GDPR_SOURCE = "Regulation (EU) 2016/679, Art. 33-34 (https://eur-lex.europa.eu/eli/reg/2016/679/oj)"
GDPR_FACTS = (
    "affected_subjects.country",
    "aware_at",
    "risk_tier",
    "data_encrypted",
    "high_risk_mitigated",
    "disproportionate_effort",
    "entity.country",
    "entity.supervisory_authority",
)
GDPR = Regime(
    "GDPR",
    "EU GDPR (Regulation 2016/679)",
    EEA_COUNTRIES,
    GDPR_RULES,
    version="2018",
    valid_from=date(2018, 5, 25),
    source=GDPR_SOURCE,
    facts_needed=GDPR_FACTS,
)
UK_GDPR = Regime(
    "UK_GDPR",
    "UK GDPR",
    UK_COUNTRIES,
    UK_GDPR_RULES,
    version="2021",
    valid_from=date(2021, 1, 1),
    source="UK GDPR (retained Regulation 2016/679), Art. 33-34 "
    "(https://www.legislation.gov.uk/eur/2016/679/contents)",
    facts_needed=GDPR_FACTS,
)
