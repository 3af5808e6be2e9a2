"""US state breach laws: residents of the state bring them in (ISO 3166-2 region, e.g. US-CA).

Each state's duty to tell its residents, and its Attorney General notice above the state's
threshold of residents (counted among the affected people with that region).
"""

from __future__ import annotations

from datetime import date

from compliance.engine.deadlines import Unit
from compliance.engine.regimes.common import CONTROLLER_ROLES
from compliance.engine.rules import ClockEvent, Exemption, Regime, Rule

STATE_CONTENT = (
    "the kinds of personal information acquired",
    "the date, estimated date or date range of the breach, and a general description",
    "what the business is doing and what residents can do to protect themselves",
    "contact details of the business and of the consumer-reporting agencies",
)


def _encrypted(citation: str) -> Exemption:
    """The encryption safe harbour every state law has, in its own citation."""
    return Exemption(
        "data_encrypted",
        citation,
        "the personal information was encrypted and the key was not acquired, so it is not a "
        "breach of unencrypted personal information",
    )


def _threshold(citation: str, bound: int, state: str) -> Exemption:
    """Below the Attorney General threshold: the residents' notice still applies."""
    return Exemption(
        "below_subject_threshold",
        citation,
        f"fewer than {bound} {state} residents are affected, so the Attorney General need not "
        "be notified; the residents' notice still applies",
    )


def _residents(
    code: str,
    citation: str,
    state: str,
    duty: str,
    *,
    clock: ClockEvent = "detected_at",
    duration: float | None = 30,
    unit: Unit = "CD",
    zone: str,
    **extra: object,
) -> Rule:
    """The duty to tell the state's residents."""
    return Rule(
        id=f"{code}-RES",
        regime=code,
        legal_basis=citation,
        recipient=f"each affected {state} resident",
        trigger=f"unencrypted personal information of {state} residents acquired, or reasonably "
        "believed acquired, by an unauthorised person",
        duty=duty,
        clock_event=clock,
        duration=duration,
        unit=unit,
        roles=CONTROLLER_ROLES,
        zone=zone,
        exemptions=(_encrypted(citation),),
        content_checklist=STATE_CONTENT,
        **extra,  # type: ignore[arg-type]
    )


def _attorney_general(
    code: str,
    citation: str,
    state: str,
    duty: str,
    bound: int,
    *,
    recipient: str = "",
    clock: ClockEvent = "detected_at",
    duration: float | None = 30,
    unit: Unit = "CD",
    zone: str,
    after_rule: str = "",
    **extra: object,
) -> Rule:
    """The Attorney General's notice above the state's threshold of residents."""
    return Rule(
        id=f"{code}-AG",
        regime=code,
        legal_basis=citation,
        recipient=recipient or f"the {state} Attorney General",
        trigger=f"a breach notified to {bound} or more {state} residents"
        if bound > 1
        else f"a breach notified to {state} residents",
        duty=duty,
        clock_event="prior_report_submitted_at" if after_rule else clock,
        duration=duration,
        unit=unit,
        roles=CONTROLLER_ROLES,
        zone=zone,
        exemptions=(_encrypted(citation),),
        content_checklist=("a sample copy of the notice sent to residents", *STATE_CONTENT[:2]),
        min_subjects=bound if bound > 1 else 0,
        below_threshold=_threshold(citation, bound, state) if bound > 1 else None,
        after_rule=after_rule,
        **extra,  # type: ignore[arg-type]
    )


CA_2026 = date(2026, 1, 1)
CA_ZONE = "America/Los_Angeles"
US_CA_BEFORE = (
    _residents(
        "US-CA",
        "Cal. Civ. Code 1798.82(a)",
        "California",
        "the business must notify affected residents in the most expedient time possible and "
        "without unreasonable delay",
        duration=None,
        unit="ASAP",
        zone=CA_ZONE,
        valid_to=CA_2026,
    ),
    _attorney_general(
        "US-CA",
        "Cal. Civ. Code 1798.82(f)",
        "California",
        "the business must electronically submit a sample copy of the notice to the Attorney "
        "General when more than 500 residents are notified",
        501,
        duration=None,
        unit="ASAP",
        zone=CA_ZONE,
        valid_to=CA_2026,
    ),
)
US_CA_2026 = (
    _residents(
        "US-CA",
        "Cal. Civ. Code 1798.82(a) (as amended by SB 446, from 2026-01-01)",
        "California",
        "the business must notify affected residents within 30 calendar days of discovering "
        "or being notified of the breach (delay allowed only for law enforcement needs or to "
        "determine the scope and restore the system)",
        zone=CA_ZONE,
        valid_from=CA_2026,
    ),
    _attorney_general(
        "US-CA",
        "Cal. Civ. Code 1798.82(f) (as amended by SB 446, from 2026-01-01)",
        "California",
        "the business must submit a sample copy of the notice to the Attorney General within 15 "
        "calendar days of notifying the residents, when more than 500 residents are notified",
        501,
        duration=15,
        zone=CA_ZONE,
        after_rule="US-CA-RES",
        valid_from=CA_2026,
    ),
)

US_CO_RULES = (
    _residents(
        "US-CO",
        "C.R.S. 6-1-716(2)",
        "Colorado",
        "the covered entity must notify affected residents in the most expedient time possible "
        "and without unreasonable delay, but not later than 30 days after determining that a "
        "security breach occurred",
        clock="aware_at",
        zone="America/Denver",
    ),
    _attorney_general(
        "US-CO",
        "C.R.S. 6-1-716(2)(f)",
        "Colorado",
        "the covered entity must notify the Attorney General not later than 30 days after "
        "determining that a security breach occurred, when 500 or more residents are affected",
        500,
        clock="aware_at",
        zone="America/Denver",
    ),
)
US_FL_RULES = (
    _residents(
        "US-FL",
        "Fla. Stat. 501.171(4)(a)",
        "Florida",
        "the covered entity must notify affected individuals as expeditiously as practicable "
        "and without unreasonable delay, but no later than 30 days after determining a breach "
        "occurred or having reason to believe one occurred",
        clock="aware_at",
        zone="America/New_York",
    ),
    _attorney_general(
        "US-FL",
        "Fla. Stat. 501.171(3)(a)",
        "Florida",
        "the covered entity must notify the Department of Legal Affairs as expeditiously as "
        "practicable, but no later than 30 days after determining a breach occurred, when 500 "
        "or more individuals in Florida are affected",
        500,
        recipient="the Florida Department of Legal Affairs (Attorney General)",
        clock="aware_at",
        zone="America/New_York",
    ),
)
US_WA_RULES = (
    _residents(
        "US-WA",
        "RCW 19.255.010(8)",
        "Washington",
        "the business must notify affected residents in the most expedient time possible, "
        "without unreasonable delay, and no more than 30 calendar days after the breach was "
        "discovered",
        zone=CA_ZONE,
    ),
    _attorney_general(
        "US-WA",
        "RCW 19.255.010(7)",
        "Washington",
        "the business must notify the Attorney General no more than 30 calendar days after the "
        "breach was discovered, when more than 500 residents are notified",
        501,
        zone=CA_ZONE,
    ),
)
US_NY_RULES = (
    _residents(
        "US-NY",
        "N.Y. Gen. Bus. Law 899-aa(2) (as amended December 2024)",
        "New York",
        "the business must notify affected residents in the most expedient time possible and "
        "without unreasonable delay, within 30 days after discovery of the breach",
        zone="America/New_York",
        verify=True,
        verify_note="date from which the 30-day limit applies",
    ),
    _attorney_general(
        "US-NY",
        "N.Y. Gen. Bus. Law 899-aa(8)(a)",
        "New York",
        "the business must tell the Attorney General, the Department of State and the Division "
        "of State Police about the timing, content and distribution of the notices and the "
        "approximate number of people affected, when it notifies residents",
        1,
        recipient="the New York Attorney General, Department of State and Division of State Police",
        duration=None,
        unit="ASAP",
        zone="America/New_York",
    ),
)
US_TX_RULES = (
    _residents(
        "US-TX",
        "Tex. Bus. & Com. Code 521.053(b)",
        "Texas",
        "the business must notify affected individuals without unreasonable delay and in each "
        "case not later than the 60th day after determining that the breach occurred",
        clock="aware_at",
        duration=60,
        zone="America/Chicago",
    ),
    _attorney_general(
        "US-TX",
        "Tex. Bus. & Com. Code 521.053(i)",
        "Texas",
        "the business must notify the Attorney General, on the form the Attorney General "
        "publishes, as soon as practicable and not later than the 30th day after determining "
        "that the breach occurred, when at least 250 Texas residents are affected",
        250,
        clock="aware_at",
        zone="America/Chicago",
    ),
)


def _state_regime(
    code: str, name: str, rules: tuple[Rule, ...], source: str, **kw: object
) -> Regime:
    """A state law, brought in by residents of the state."""
    return Regime(
        code,
        name,
        frozenset(),
        rules,
        regions=frozenset({code}),
        source=source,
        facts_needed=("affected_subjects.region", "detected_at", "aware_at", "data_encrypted"),
        **kw,  # type: ignore[arg-type]
    )


US_CA_VERSIONS = (
    _state_regime(
        "US-CA",
        "California Civil Code 1798.82",
        US_CA_BEFORE,
        "Cal. Civ. Code 1798.82 (https://leginfo.legislature.ca.gov/faces/codes_displaySection."
        "xhtml?lawCode=CIV&sectionNum=1798.82)",
        version="2020",
        valid_to=CA_2026,
    ),
    _state_regime(
        "US-CA",
        "California Civil Code 1798.82",
        US_CA_2026,
        "Cal. Civ. Code 1798.82 as amended by SB 446 (2025), in force 2026-01-01 "
        "(https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?lawCode=CIV&"
        "sectionNum=1798.82)",
        version="2026",
        valid_from=CA_2026,
    ),
)
US_STATE_REGIMES = (
    *US_CA_VERSIONS,
    _state_regime(
        "US-CO",
        "Colorado C.R.S. 6-1-716",
        US_CO_RULES,
        "C.R.S. 6-1-716 (https://coag.gov/resources/data-protection-laws/)",
        version="2018",
    ),
    _state_regime(
        "US-FL",
        "Florida Statutes 501.171",
        US_FL_RULES,
        "Fla. Stat. 501.171 (http://www.leg.state.fl.us/statutes/index.cfm?App_mode="
        "Display_Statute&URL=0500-0599/0501/Sections/0501.171.html)",
        version="2014",
    ),
    _state_regime(
        "US-WA",
        "Washington RCW 19.255.010",
        US_WA_RULES,
        "RCW 19.255.010 (https://app.leg.wa.gov/rcw/default.aspx?cite=19.255.010)",
        version="2020",
    ),
    _state_regime(
        "US-NY",
        "New York General Business Law 899-aa",
        US_NY_RULES,
        "N.Y. GBL 899-aa (https://www.nysenate.gov/legislation/laws/GBS/899-AA)",
        version="2024",
    ),
    _state_regime(
        "US-TX",
        "Texas Business and Commerce Code 521.053",
        US_TX_RULES,
        "Tex. Bus. & Com. Code 521.053 (https://statutes.capitol.texas.gov/Docs/BC/htm/BC.521.htm)",
        version="2023",
    ),
)
