"""Asia-Pacific: Singapore, Australia, India and Hong Kong."""

from __future__ import annotations

from datetime import date

from compliance.engine.regimes.common import ALL_ROLES, CONTROLLER_ROLES, PROCESSOR_ROLES
from compliance.engine.rules import Exemption, Regime, Rule


def _not_serious(citation: str, harm: str) -> Exemption:
    """The risk tier below high read as "no significant or serious harm" (a convention)."""
    return Exemption(
        "tier_below_high",
        citation,
        f"the breach was not assessed as likely to result in a high risk, which the engine reads "
        f"as not likely to result in {harm} (a convention, docs/regulations.md)",
    )


SG_ZONE = "Asia/Singapore"
SG_CONTENT = (
    "PDP (Notification of Data Breaches) Regulations 2021, reg. 5: facts of the breach",
    "the number of affected individuals and the personal data involved",
    "potential harm, and the steps taken or to be taken to reduce it",
    "contact details of a representative",
)
SG_RULES: tuple[Rule, ...] = (
    Rule(
        id="SG-ASSESS",
        regime="SG",
        legal_basis="PDPA s. 26C(2); PDP (Notification of Data Breaches) Regulations 2021, reg. 4",
        recipient="the organisation itself (its assessment of the breach)",
        trigger="credible grounds to believe a data breach occurred",
        duty="the organisation must assess, reasonably and expeditiously, whether the breach is "
        "notifiable; the PDPC expects the assessment within 30 calendar days",
        clock_event="detected_at",
        duration=30,
        unit="CD",
        roles=CONTROLLER_ROLES,
        zone=SG_ZONE,
        content_checklist=("whether the breach results in significant harm", "its scale"),
        verify=True,
        verify_note="30-day period for the assessment (a PDPC expectation)",
    ),
    Rule(
        id="SG-PDPC",
        regime="SG",
        legal_basis="PDPA s. 26D(1)",
        recipient="the Personal Data Protection Commission (PDPC)",
        trigger="notifiable data breach: likely significant harm, or 500 or more individuals",
        duty="the organisation must notify the Commission as soon as practicable, and in any "
        "case no later than 3 calendar days after assessing that the breach is notifiable",
        clock_event="assessment_completed_at",
        duration=3,
        unit="CD",
        roles=CONTROLLER_ROLES,
        zone=SG_ZONE,
        content_checklist=SG_CONTENT,
        min_subjects=500,
        or_high_risk=True,
        below_threshold=Exemption(
            "below_subject_threshold",
            "PDPA s. 26B(1)",
            "fewer than 500 individuals are affected and the breach was not assessed as likely "
            "to result in significant harm, so it is not notifiable",
        ),
    ),
    Rule(
        id="SG-IND",
        regime="SG",
        legal_basis="PDPA s. 26D(2)",
        recipient="each affected individual",
        trigger="notifiable data breach likely to result in significant harm to the individual",
        duty="the organisation must notify each affected individual on or after notifying the "
        "Commission, as soon as practicable",
        clock_event="assessment_completed_at",
        duration=None,
        unit="ASAP",
        roles=CONTROLLER_ROLES,
        zone=SG_ZONE,
        exemptions=(
            _not_serious("PDPA s. 26D(2)", "significant harm"),
            Exemption(
                "high_risk_mitigated",
                "PDPA s. 26D(5)(a)",
                "remedial action makes significant harm to the individuals unlikely",
            ),
            Exemption(
                "data_encrypted",
                "PDPA s. 26D(5)(b)",
                "technological protection (e.g. encryption) makes significant harm unlikely",
            ),
        ),
        content_checklist=SG_CONTENT,
    ),
    Rule(
        id="SG-PROC",
        regime="SG",
        legal_basis="PDPA s. 26C(3)(a)",
        recipient="the organisation the data intermediary processes for",
        trigger="data breach at a data intermediary",
        duty="the data intermediary must notify the organisation without undue delay after "
        "having credible grounds to believe the breach occurred",
        clock_event="detected_at",
        duration=None,
        unit="ASAP",
        roles=PROCESSOR_ROLES,
        content_checklist=SG_CONTENT[:2],
    ),
)

AU_ZONE = "Australia/Sydney"
AU_CONTENT = (
    "Privacy Act s 26WK(3)(a): identity and contact details of the entity",
    "s 26WK(3)(b): description of the eligible data breach",
    "s 26WK(3)(c): the kinds of information concerned",
    "s 26WK(3)(d): recommended steps individuals should take",
)
AU_NOT_SERIOUS = _not_serious("Privacy Act 1988 s 26WE", "serious harm")
AU_RULES: tuple[Rule, ...] = (
    Rule(
        id="AU-ASSESS",
        regime="AU",
        legal_basis="Privacy Act 1988 s 26WH(2)",
        recipient="the entity itself (its assessment of the suspected breach)",
        trigger="reasonable grounds to suspect an eligible data breach",
        duty="the entity must carry out a reasonable and expeditious assessment and take all "
        "reasonable steps to complete it within 30 days after becoming aware of the grounds",
        clock_event="detected_at",
        duration=30,
        unit="CD",
        roles=ALL_ROLES,
        zone=AU_ZONE,
        content_checklist=(
            "whether there are reasonable grounds to believe serious harm is likely",
        ),
    ),
    Rule(
        id="AU-OAIC",
        regime="AU",
        legal_basis="Privacy Act 1988 s 26WK",
        recipient="the Office of the Australian Information Commissioner (OAIC)",
        trigger="eligible data breach: likely to result in serious harm",
        duty="the entity must give the Commissioner a statement as soon as practicable after "
        "becoming aware (on assessment) that there are reasonable grounds to believe an "
        "eligible data breach happened",
        clock_event="assessment_completed_at",
        duration=None,
        unit="ASAP",
        roles=ALL_ROLES,
        exemptions=(AU_NOT_SERIOUS,),
        content_checklist=AU_CONTENT,
    ),
    Rule(
        id="AU-IND",
        regime="AU",
        legal_basis="Privacy Act 1988 s 26WL",
        recipient="each individual at risk of serious harm",
        trigger="eligible data breach: likely to result in serious harm",
        duty="the entity must notify the individuals concerned, or publish the statement where "
        "that is not practicable, as soon as practicable after preparing the statement",
        clock_event="assessment_completed_at",
        duration=None,
        unit="ASAP",
        roles=ALL_ROLES,
        exemptions=(AU_NOT_SERIOUS,),
        content_checklist=AU_CONTENT,
    ),
)

IN_IN_FORCE = date(2027, 5, 13)
IN_CONTENT = (
    "DPDP Rules 2025, Rule 7(2)(b): description of the breach, its nature, extent, timing, "
    "location and likely impact",
    "the facts and circumstances leading to it, and the mitigation measures",
    "the findings about the person who caused it, and the remedial measures",
    "a report on the intimations given to affected data principals",
)
IN_RULES: tuple[Rule, ...] = (
    Rule(
        id="IN-BOARD",
        regime="IN",
        zone="Asia/Kolkata",
        legal_basis="DPDP Act 2023 s. 8(6); DPDP Rules 2025, Rule 7(2)(a)",
        recipient="the Data Protection Board of India",
        trigger="any personal-data breach",
        duty="the data fiduciary must intimate the breach to the Board without delay",
        clock_event="aware_at",
        duration=None,
        unit="ASAP",
        roles=CONTROLLER_ROLES,
        content_checklist=IN_CONTENT[:1],
    ),
    Rule(
        id="IN-REPORT",
        regime="IN",
        zone="Asia/Kolkata",
        legal_basis="DPDP Rules 2025, Rule 7(2)(b)",
        recipient="the Data Protection Board of India",
        trigger="any personal-data breach",
        duty="the data fiduciary must give the Board a detailed report within 72 hours of "
        "becoming aware of the breach, or a longer period the Board allows on request",
        clock_event="aware_at",
        duration=72,
        unit="H",
        roles=CONTROLLER_ROLES,
        content_checklist=IN_CONTENT,
        verify=True,
        verify_note="date from which Rule 7 applies",
    ),
    Rule(
        id="IN-IND",
        regime="IN",
        zone="Asia/Kolkata",
        legal_basis="DPDP Act 2023 s. 8(6); DPDP Rules 2025, Rule 7(1)",
        recipient="each affected data principal",
        trigger="any personal-data breach",
        duty="the data fiduciary must intimate each affected data principal without delay, in "
        "a concise, clear and plain manner",
        clock_event="aware_at",
        duration=None,
        unit="ASAP",
        roles=CONTROLLER_ROLES,
        content_checklist=(
            "Rule 7(1): description of the breach, its nature, extent, timing and location",
            "the consequences likely to arise for the data principal",
            "the mitigation measures taken and the safety measures the principal may take",
            "contact details of a person able to respond on the fiduciary's behalf",
        ),
    ),
)

HK_RULES: tuple[Rule, ...] = (
    Rule(
        id="HK-PCPD",
        regime="HK",
        legal_basis="PDPO (Cap. 486): PCPD Guidance on Data Breach Handling (no statutory duty)",
        recipient="the Privacy Commissioner for Personal Data (PCPD) and affected data subjects",
        trigger="a data breach with a real risk of harm (voluntary notice, recommended)",
        duty="the PDPO sets no duty to notify; the PCPD recommends notifying it and the "
        "affected data subjects as soon as practicable",
        clock_event="aware_at",
        duration=None,
        unit="ASAP",
        roles=CONTROLLER_ROLES,
        exemptions=(
            Exemption(
                "tier_unlikely",
                "PCPD Guidance on Data Breach Handling",
                "the breach was assessed as unlikely to result in a risk, so the guidance does "
                "not recommend a notice",
            ),
        ),
        content_checklist=(
            "what happened, when and how the breach was detected",
            "the personal data involved and the number of data subjects",
            "the risk of harm, containment and the measures taken",
        ),
    ),
)


def _asia(code: str, name: str, countries: str, rules: tuple[Rule, ...], **kw: object) -> Regime:
    """A country law brought in by residents or an entity established there."""
    return Regime(code, name, frozenset(countries.split()), rules, **kw)  # type: ignore[arg-type]


ASIA_PACIFIC_REGIMES: tuple[Regime, ...] = (
    _asia(
        "SG",
        "Singapore PDPA (Part 6A)",
        "SG",
        SG_RULES,
        version="2021",
        valid_from=date(2021, 2, 1),
        source="Personal Data Protection Act 2012, ss. 26A-26E "
        "(https://sso.agc.gov.sg/Act/PDPA2012)",
        facts_needed=(
            "affected_subjects.country",
            "detected_at",
            "assessment_completed_at",
            "risk_tier",
        ),
    ),
    _asia(
        "AU",
        "Australia Privacy Act (Notifiable Data Breaches)",
        "AU",
        AU_RULES,
        version="2018",
        valid_from=date(2018, 2, 22),
        source="Privacy Act 1988 (Cth) Part IIIC "
        "(https://www.legislation.gov.au/C2004A03712/latest/text)",
        facts_needed=(
            "affected_subjects.country",
            "detected_at",
            "assessment_completed_at",
            "risk_tier",
        ),
    ),
    _asia(
        "IN",
        "India DPDP Act 2023 and Rules 2025",
        "IN",
        IN_RULES,
        version="2027",
        valid_from=IN_IN_FORCE,
        source="Digital Personal Data Protection Act 2023 s. 8(6); DPDP Rules 2025 (G.S.R. "
        "846(E), 13 November 2025), Rule 7, in force 18 months after notification "
        "(https://www.meity.gov.in/)",
        facts_needed=("affected_subjects.country", "aware_at"),
    ),
    _asia(
        "HK",
        "Hong Kong PDPO (voluntary notice)",
        "HK",
        HK_RULES,
        version="2023",
        source="PCPD Guidance on Data Breach Handling and Data Breach Notifications (2023) "
        "(https://www.pcpd.org.hk/)",
        facts_needed=("affected_subjects.country", "aware_at", "risk_tier"),
    ),
)
