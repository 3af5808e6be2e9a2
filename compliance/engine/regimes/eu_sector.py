"""EU sector law: NIS2 (Directive 2022/2555 Art. 23) and DORA (Regulation 2022/2554 Art. 19).

Both come in through the entity's flags (``nis2_entity``, ``dora_financial_entity``), not through
where the affected people live. Their later reports cascade: each clock starts at the recorded
submission of the report before it.
"""

from __future__ import annotations

from datetime import date

from compliance.engine.regimes.common import ALL_ROLES
from compliance.engine.rules import Regime, Rule

NIS2_AUTHORITY = "the CSIRT or, where applicable, the competent authority of the Member State"
NIS2_SIGNIFICANCE = (
    "whether the incident is significant (Art. 23(3)) is not assessed by the engine: the duty "
    "is shown for every incident at the entity; exclude the regime, with the reason, when the "
    "incident is not significant"
)
NIS2_EW_CONTENT = (
    "NIS2 Art. 23(4)(a): whether the incident is suspected of being caused by unlawful or "
    "malicious acts",
    "NIS2 Art. 23(4)(a): whether it could have a cross-border impact",
)
NIS2_NOTIFICATION_CONTENT = (
    "NIS2 Art. 23(4)(b): update of the early warning",
    "NIS2 Art. 23(4)(b): initial assessment of the incident, its severity and impact",
    "NIS2 Art. 23(4)(b): indicators of compromise, where available",
)
NIS2_FINAL_CONTENT = (
    "NIS2 Art. 23(4)(d)(i): detailed description of the incident, its severity and impact",
    "NIS2 Art. 23(4)(d)(ii): the type of threat or root cause that likely triggered it",
    "NIS2 Art. 23(4)(d)(iii): applied and ongoing mitigation measures",
    "NIS2 Art. 23(4)(d)(iv): cross-border impact, where applicable",
)

NIS2_RULES: tuple[Rule, ...] = (
    Rule(
        id="NIS2-EW",
        regime="NIS2",
        legal_basis="NIS2 Directive Art. 23(4)(a)",
        recipient=NIS2_AUTHORITY,
        trigger="significant incident at an essential or important entity",
        duty="the entity must submit an early warning without undue delay and in any event "
        f"within 24 hours of becoming aware of the significant incident; {NIS2_SIGNIFICANCE}",
        clock_event="aware_at",
        duration=24,
        unit="H",
        roles=ALL_ROLES,
        content_checklist=NIS2_EW_CONTENT,
    ),
    Rule(
        id="NIS2-NOTIF",
        regime="NIS2",
        legal_basis="NIS2 Directive Art. 23(4)(b)",
        recipient=NIS2_AUTHORITY,
        trigger="significant incident at an essential or important entity",
        duty="the entity must submit an incident notification without undue delay and in any "
        "event within 72 hours of becoming aware of the significant incident (24 hours for "
        "trust service providers, Art. 23(4) second subparagraph)",
        clock_event="aware_at",
        duration=72,
        unit="H",
        roles=ALL_ROLES,
        content_checklist=NIS2_NOTIFICATION_CONTENT,
    ),
    Rule(
        id="NIS2-FINAL",
        regime="NIS2",
        legal_basis="NIS2 Directive Art. 23(4)(d)",
        recipient=NIS2_AUTHORITY,
        trigger="significant incident at an essential or important entity, once the incident "
        "notification was submitted",
        duty="the entity must submit a final report not later than one month after the "
        "submission of the incident notification (a progress report instead while the "
        "incident is ongoing, Art. 23(4)(e))",
        clock_event="prior_report_submitted_at",
        duration=1,
        unit="M",
        roles=ALL_ROLES,
        calendar="entity",
        zone="Europe/Brussels",
        content_checklist=NIS2_FINAL_CONTENT,
        after_rule="NIS2-NOTIF",
    ),
)

DORA_AUTHORITY = "the competent authority (DORA Art. 46)"
DORA_INITIAL_CONTENT = (
    "Delegated Regulation (EU) 2025/301 Art. 1 / ITS template: general information about the "
    "financial entity",
    "date and time of detection and of classification as major",
    "description of the incident, classification criteria met, Member States affected",
    "how the incident was discovered, its origin, business continuity plan activated",
)
DORA_INTERMEDIATE_CONTENT = (
    "Delegated Regulation (EU) 2025/301 Art. 2: updated incident details and classification",
    "impact on clients, transactions, services and other financial entities",
    "recurring incidents, reputational impact, duration and service downtime",
    "communication to clients and to other authorities",
)
DORA_FINAL_CONTENT = (
    "Delegated Regulation (EU) 2025/301 Art. 3: root cause analysis",
    "date and time the incident was resolved and the root cause addressed",
    "direct and indirect costs and losses",
    "measures taken and lessons learned",
)
DORA_ROLL = {
    "roll_to_noon": True,
    "calendar": "entity",
    "zone": "Europe/Brussels",
}

DORA_RULES: tuple[Rule, ...] = (
    Rule(
        id="DORA-INITIAL",
        regime="DORA",
        legal_basis="DORA Art. 19(4)(a); Delegated Regulation (EU) 2025/301 Art. 5(1)(a)",
        recipient=DORA_AUTHORITY,
        trigger="major ICT-related incident at a financial entity",
        duty="the financial entity must submit the initial notification within 4 hours of "
        "classifying the incident as major, and no later than 24 hours after becoming aware of "
        "it",
        clock_event="classified_major_at",
        duration=4,
        unit="H",
        roles=ALL_ROLES,
        content_checklist=DORA_INITIAL_CONTENT,
        cap_event="aware_at",
        cap_hours=24,
        roll_exempt_flag="dora_art_5_5",
        **DORA_ROLL,  # type: ignore[arg-type]
    ),
    Rule(
        id="DORA-INTERMEDIATE",
        regime="DORA",
        legal_basis="DORA Art. 19(4)(b); Delegated Regulation (EU) 2025/301 Art. 5(1)(b)",
        recipient=DORA_AUTHORITY,
        trigger="major ICT-related incident, once the initial notification was submitted",
        duty="the financial entity must submit the intermediate report within 72 hours of "
        "submitting the initial notification, and updates whenever the status changes",
        clock_event="prior_report_submitted_at",
        duration=72,
        unit="H",
        roles=ALL_ROLES,
        content_checklist=DORA_INTERMEDIATE_CONTENT,
        after_rule="DORA-INITIAL",
        roll_exempt_flag="dora_art_5_5",
        **DORA_ROLL,  # type: ignore[arg-type]
    ),
    Rule(
        id="DORA-FINAL",
        regime="DORA",
        legal_basis="DORA Art. 19(4)(c); Delegated Regulation (EU) 2025/301 Art. 5(1)(c)",
        recipient=DORA_AUTHORITY,
        trigger="major ICT-related incident, once the latest intermediate report was submitted",
        duty="the financial entity must submit the final report within one month of the latest "
        "updated intermediate report",
        clock_event="prior_report_submitted_at",
        duration=1,
        unit="M",
        roles=ALL_ROLES,
        content_checklist=DORA_FINAL_CONTENT,
        after_rule="DORA-INTERMEDIATE",
        after_latest=True,
        **DORA_ROLL,  # type: ignore[arg-type]
    ),
)

NIS2 = Regime(
    "NIS2",
    "NIS2 Directive (EU) 2022/2555",
    frozenset(),
    NIS2_RULES,
    entity_flag="nis2_entity",
    version="2024",
    valid_from=date(2024, 10, 18),
    source="Directive (EU) 2022/2555, Art. 23, applicable from 2024-10-18 through national "
    "transposition (https://eur-lex.europa.eu/eli/dir/2022/2555/oj)",
    facts_needed=("entity.nis2_entity", "entity.country", "aware_at", "submissions"),
)
DORA = Regime(
    "DORA",
    "DORA (Regulation (EU) 2022/2554)",
    frozenset(),
    DORA_RULES,
    entity_flag="dora_financial_entity",
    version="2025",
    valid_from=date(2025, 1, 17),
    source="Regulation (EU) 2022/2554, Art. 19, applicable from 2025-01-17; Delegated "
    "Regulation (EU) 2025/301 Art. 5 (https://eur-lex.europa.eu/eli/reg/2022/2554/oj)",
    facts_needed=(
        "entity.dora_financial_entity",
        "entity.dora_art_5_5",
        "entity.country",
        "aware_at",
        "classified_major_at",
        "submissions",
    ),
)
