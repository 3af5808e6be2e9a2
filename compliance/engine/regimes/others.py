"""Brazil, Canada and Québec, Saudi Arabia and Taiwan."""

from __future__ import annotations

from datetime import date

from compliance.engine.regimes.common import CONTROLLER_ROLES, PROCESSOR_ROLES
from compliance.engine.rules import Exemption, Regime, Rule

BR_ZONE = "America/Sao_Paulo"
BR_NO_RELEVANT_RISK = Exemption(
    "tier_unlikely",
    "LGPD Art. 48; ANPD Resolution 15/2024 Art. 5",
    "the incident was assessed as unlikely to result in a risk, so it cannot cause relevant "
    "risk or damage to the data subjects and need not be communicated; record it (Art. 10)",
)
BR_CONTENT = (
    "LGPD Art. 48 §1 / Res. 15/2024 Art. 6: nature of the personal data affected",
    "information on the data subjects involved",
    "technical and security measures used to protect the data",
    "risks related to the incident and the measures taken to reverse or mitigate them",
    "reasons for any delay",
)
BR_RULES: tuple[Rule, ...] = (
    Rule(
        id="BR-ANPD",
        regime="BR",
        legal_basis="LGPD Art. 48; ANPD Resolution 15/2024 Art. 6",
        recipient="the National Data Protection Authority (ANPD)",
        trigger="security incident that may cause relevant risk or damage to data subjects",
        duty="the controller must communicate the incident to the ANPD within 3 working days "
        "of learning that it affected personal data (6 working days for small processing "
        "agents, Resolution 2/2022)",
        clock_event="aware_at",
        duration=3,
        unit="BD",
        roles=CONTROLLER_ROLES,
        calendar="BR",
        zone=BR_ZONE,
        exemptions=(BR_NO_RELEVANT_RISK,),
        content_checklist=BR_CONTENT,
        verify=True,
        verify_note="working-day count (national holidays only: Carnival counts as a working "
        "day, the earlier reading)",
    ),
    Rule(
        id="BR-SUBJECTS",
        regime="BR",
        legal_basis="LGPD Art. 48; ANPD Resolution 15/2024 Art. 9",
        recipient="each affected data subject",
        trigger="security incident that may cause relevant risk or damage to data subjects",
        duty="the controller must communicate the incident to the data subjects within 3 "
        "working days of learning that it affected personal data, in clear language",
        clock_event="aware_at",
        duration=3,
        unit="BD",
        roles=CONTROLLER_ROLES,
        calendar="BR",
        zone=BR_ZONE,
        exemptions=(BR_NO_RELEVANT_RISK,),
        content_checklist=BR_CONTENT[:4],
    ),
    Rule(
        id="BR-COMPLEMENT",
        regime="BR",
        legal_basis="ANPD Resolution 15/2024 Art. 6 §3",
        recipient="the National Data Protection Authority (ANPD)",
        trigger="an incident communicated to the ANPD",
        duty="the controller must complement the communication within 20 working days of it, "
        "with the information it could not give at first",
        clock_event="prior_report_submitted_at",
        duration=20,
        unit="BD",
        roles=CONTROLLER_ROLES,
        calendar="BR",
        zone=BR_ZONE,
        exemptions=(BR_NO_RELEVANT_RISK,),
        content_checklist=BR_CONTENT,
        after_rule="BR-ANPD",
    ),
    Rule(
        id="BR-PROC",
        regime="BR",
        legal_basis="ANPD Resolution 15/2024 Art. 4",
        recipient="the controller",
        trigger="security incident at a processor",
        duty="the processor must tell the controller about the incident without delay",
        clock_event="aware_at",
        duration=None,
        unit="ASAP",
        roles=PROCESSOR_ROLES,
        content_checklist=BR_CONTENT[:2],
    ),
)

CA_NO_RROSH = Exemption(
    "tier_below_high",
    "PIPEDA s. 10.1(1), (7)",
    "the breach was not assessed as likely to result in a high risk, which the engine reads as "
    "no real risk of significant harm (a convention, docs/regulations.md); record it (s. 10.3)",
)
CA_CONTENT = (
    "Breach of Security Safeguards Regulations s. 2: circumstances and cause of the breach",
    "the day or period of the breach, the personal information involved",
    "the number of individuals affected, steps taken to reduce harm and notify them",
    "a contact person who can answer the Commissioner's questions",
)
CA_RULES: tuple[Rule, ...] = (
    Rule(
        id="CA-OPC",
        regime="CA",
        legal_basis="PIPEDA s. 10.1(1)-(2)",
        recipient="the Office of the Privacy Commissioner of Canada (OPC)",
        trigger="breach of security safeguards creating a real risk of significant harm",
        duty="the organisation must report to the Commissioner as soon as feasible after "
        "determining that the breach occurred",
        clock_event="aware_at",
        duration=None,
        unit="ASAP",
        roles=CONTROLLER_ROLES,
        exemptions=(CA_NO_RROSH,),
        content_checklist=CA_CONTENT,
    ),
    Rule(
        id="CA-IND",
        regime="CA",
        legal_basis="PIPEDA s. 10.1(3), (6)",
        recipient="each affected individual",
        trigger="breach of security safeguards creating a real risk of significant harm",
        duty="the organisation must notify the individuals as soon as feasible after "
        "determining that the breach occurred",
        clock_event="aware_at",
        duration=None,
        unit="ASAP",
        roles=CONTROLLER_ROLES,
        exemptions=(CA_NO_RROSH,),
        content_checklist=CA_CONTENT[:3],
    ),
    Rule(
        id="CA-REC",
        regime="CA",
        legal_basis="PIPEDA s. 10.3; Regulations s. 6",
        recipient="the organisation's own breach record",
        trigger="every breach of security safeguards",
        duty="the organisation must keep a record of every breach for 24 months after it "
        "determined that the breach occurred",
        clock_event="aware_at",
        duration=None,
        unit="ASAP",
        roles=CONTROLLER_ROLES,
        content_checklist=(
            "enough information to show whether there was a real risk of significant harm",
        ),
        record=True,
    ),
)

QC_CONTENT = (
    "Regulation respecting confidentiality incidents s. 3: description of the information",
    "circumstances and date or period of the incident, number of persons concerned",
    "assessment of the risk of serious injury and measures taken",
)
QC_NO_SERIOUS_INJURY = Exemption(
    "tier_below_high",
    "Private Sector Act s. 3.5",
    "the incident was not assessed as likely to result in a high risk, which the engine reads "
    "as no risk of serious injury (a convention, docs/regulations.md); record it (s. 3.8)",
)
QC_RULES: tuple[Rule, ...] = (
    Rule(
        id="CA-QC-CAI",
        regime="CA-QC",
        legal_basis="Act respecting the protection of personal information in the private "
        "sector, s. 3.5",
        recipient="the Commission d'accès à l'information (CAI)",
        trigger="confidentiality incident presenting a risk of serious injury",
        duty="the enterprise must promptly notify the Commission",
        clock_event="aware_at",
        duration=None,
        unit="ASAP",
        roles=CONTROLLER_ROLES,
        exemptions=(QC_NO_SERIOUS_INJURY,),
        content_checklist=QC_CONTENT,
    ),
    Rule(
        id="CA-QC-IND",
        regime="CA-QC",
        legal_basis="Act respecting the protection of personal information in the private "
        "sector, s. 3.5",
        recipient="each person whose information is concerned",
        trigger="confidentiality incident presenting a risk of serious injury",
        duty="the enterprise must promptly notify the persons concerned",
        clock_event="aware_at",
        duration=None,
        unit="ASAP",
        roles=CONTROLLER_ROLES,
        exemptions=(QC_NO_SERIOUS_INJURY,),
        content_checklist=QC_CONTENT[:2],
    ),
    Rule(
        id="CA-QC-REG",
        regime="CA-QC",
        legal_basis="Act respecting the protection of personal information in the private "
        "sector, s. 3.8",
        recipient="the enterprise's register of confidentiality incidents",
        trigger="every confidentiality incident",
        duty="the enterprise must enter every confidentiality incident in its register",
        clock_event="aware_at",
        duration=None,
        unit="ASAP",
        roles=CONTROLLER_ROLES,
        content_checklist=QC_CONTENT,
        record=True,
    ),
)

SA_RULES: tuple[Rule, ...] = (
    Rule(
        id="SA-SDAIA",
        regime="SA",
        legal_basis="PDPL Art. 20; Implementing Regulation Art. 24",
        recipient="the Saudi Data and Artificial Intelligence Authority (SDAIA)",
        trigger="incident leading to leak, damage or unauthorised access to personal data that "
        "may harm the data or the data subjects",
        duty="the controller must notify the competent authority within 72 hours of becoming "
        "aware of the incident",
        clock_event="aware_at",
        duration=72,
        unit="H",
        roles=CONTROLLER_ROLES,
        exemptions=(
            Exemption(
                "tier_unlikely",
                "Implementing Regulation Art. 24(1)",
                "the incident was assessed as unlikely to result in a risk, so it cannot harm "
                "the personal data or the data subjects and need not be notified",
            ),
        ),
        content_checklist=(
            "Implementing Regulation Art. 24(2): description of the incident, time and scope",
            "categories and approximate number of data subjects and records",
            "likely consequences and measures taken or proposed",
            "contact details of the data protection officer or other contact",
        ),
    ),
    Rule(
        id="SA-IND",
        regime="SA",
        legal_basis="Implementing Regulation Art. 24(4)",
        recipient="each affected data subject",
        trigger="incident that may cause damage to the data or the data subjects",
        duty="the controller must notify the data subjects without undue delay",
        clock_event="aware_at",
        duration=None,
        unit="ASAP",
        roles=CONTROLLER_ROLES,
        exemptions=(
            Exemption(
                "tier_below_high",
                "Implementing Regulation Art. 24(4)",
                "the incident was not assessed as likely to result in a high risk, which the "
                "engine reads as no damage to the data subjects (a convention)",
            ),
        ),
        content_checklist=("description of the incident", "recommendations to reduce harm"),
        verify=True,
        verify_note="individual-notice threshold",
    ),
)

TW_RULES: tuple[Rule, ...] = (
    Rule(
        id="TW-IND",
        regime="TW",
        legal_basis="Personal Data Protection Act Art. 12; Enforcement Rules Art. 22",
        recipient="each affected data subject",
        trigger="personal data stolen, leaked, altered or otherwise infringed",
        duty="the non-government agency must notify the data subjects by an appropriate "
        "method after the facts have been clarified",
        clock_event="aware_at",
        duration=None,
        unit="ASAP",
        roles=CONTROLLER_ROLES,
        content_checklist=(
            "Enforcement Rules Art. 22: the facts of the infringement",
            "the measures taken in response",
            "a contact for enquiries",
        ),
    ),
    Rule(
        id="TW-SECTOR",
        regime="TW",
        legal_basis="PDPA Art. 27 sector rules (e.g. FSC, MODA security regulations)",
        recipient="the competent sector authority (e.g. the Financial Supervisory Commission)",
        trigger="personal data breach at an entity whose sector rules require a report",
        duty="the entity must report to its sector authority within 72 hours of discovery; the "
        "2025 PDPA amendment and its new PDPC are not yet in force",
        clock_event="detected_at",
        duration=72,
        unit="H",
        roles=CONTROLLER_ROLES,
        content_checklist=("the sector authority's incident report form",),
        verify=True,
        verify_note="72-hour sector limit (it differs per sector)",
    ),
)

OTHER_REGIMES: tuple[Regime, ...] = (
    Regime(
        "BR",
        "Brazil LGPD",
        frozenset({"BR"}),
        BR_RULES,
        version="2024",
        valid_from=date(2024, 4, 26),
        source="LGPD (Lei 13.709/2018) Art. 48; ANPD Resolution CD/ANPD 15/2024, in force "
        "2024-04-26 (https://www.gov.br/anpd/)",
        facts_needed=("affected_subjects.country", "aware_at", "risk_tier", "submissions"),
    ),
    Regime(
        "CA",
        "Canada PIPEDA",
        frozenset({"CA"}),
        CA_RULES,
        version="2018",
        valid_from=date(2018, 11, 1),
        source="PIPEDA ss. 10.1-10.3; Breach of Security Safeguards Regulations "
        "(https://laws-lois.justice.gc.ca/eng/acts/P-8.6/)",
        facts_needed=("affected_subjects.country", "aware_at", "risk_tier"),
    ),
    Regime(
        "CA-QC",
        "Québec Private Sector Act (Law 25)",
        frozenset(),
        QC_RULES,
        regions=frozenset({"CA-QC"}),
        version="2022",
        valid_from=date(2022, 9, 22),
        source="Act respecting the protection of personal information in the private sector, "
        "ss. 3.5-3.8 (https://www.legisquebec.gouv.qc.ca/en/document/cs/P-39.1)",
        facts_needed=("affected_subjects.region", "aware_at", "risk_tier"),
    ),
    Regime(
        "SA",
        "Saudi Arabia PDPL",
        frozenset({"SA"}),
        SA_RULES,
        version="2023",
        valid_from=date(2023, 9, 14),
        source="Personal Data Protection Law and its Implementing Regulation, Art. 24 "
        "(https://sdaia.gov.sa/)",
        facts_needed=("affected_subjects.country", "aware_at", "risk_tier"),
    ),
    Regime(
        "TW",
        "Taiwan PDPA",
        frozenset({"TW"}),
        TW_RULES,
        version="2023",
        source="Personal Data Protection Act Art. 12 "
        "(https://law.moj.gov.tw/ENG/LawClass/LawAll.aspx?pcode=I0050021)",
        facts_needed=("affected_subjects.country", "aware_at", "detected_at"),
    ),
)
