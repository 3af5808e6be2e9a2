"""Which laws the engine covers: every version of every regime, its rules, and the facts it reads.

Read by the regimes API (`compliance/api/regimes.py`) and the coverage page
(`compliance.views.coverage_page`), only through the engine's interface (`REGIME_VERSIONS`), so a
regime added to the tables appears in both without changes here. The one thing to add with a new
regime is a label for each fact it names that has none yet: `FACT_LABELS`, which a test holds
complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from compliance.engine.regimes import REGIME_VERSIONS
from compliance.engine.rules import Regime
from compliance.sources import citation, source_url

# The facts a regime reads (Regime.facts_needed), in words people know from the forms.
FACT_LABELS: dict[str, Promise] = {
    "affected_subjects.country": _("Where the people affected live (country)"),
    "affected_subjects.region": _("Where the people affected live (state or province)"),
    "affected_subjects.count": _("How many people are affected"),
    "subjects_total": _("How many people are affected"),
    "records_count": _("How many records are concerned"),
    "data_categories": _("Categories of data concerned"),
    "subject_categories": _("Categories of people affected"),
    "breach_types": _("Breach type (confidentiality, integrity, availability)"),
    "incident_type": _("Incident type"),
    "malicious": _("Whether the incident was malicious"),
    "role": _("Our role (controller or processor)"),
    "detected_at": _("When the incident was first detected"),
    "aware_at": _("When we became aware of the breach"),
    "occurred_from": _("When the breach began"),
    "handling_ended_at": _("When handling of the incident ended"),
    "classified_major_at": _("When the incident was classified as major (DORA)"),
    "materiality_determined_at": _("When the incident was determined to be material (SEC)"),
    "assessment_completed_at": _("When the assessment of the breach was completed"),
    "prior_report_submitted_at": _("When the previous report was submitted"),
    "submissions": _("The notices already recorded (a later report's clock starts from them)"),
    "risk_tier": _("Risk to people (unlikely, risk, high)"),
    "risk_level": _("Risk to people (unlikely, risk, high)"),
    "data_encrypted": _("Whether the data were unintelligible (encrypted, key safe)"),
    "high_risk_mitigated": _("Whether measures taken removed the high risk"),
    "disproportionate_effort": _("Whether telling each person would take disproportionate effort"),
    "pipl_harm_avoided": _("Whether measures taken avoided harm (PIPL)"),
    "cac_grade": _("The incident's CAC grade"),
    "cac_leaked_people": _("How many people's personal information leaked (CAC)"),
    "cac_cii_outage_hours": _("How long critical information infrastructure was down (CAC)"),
    "entity.country": _("Where our company is established"),
    "entity.supervisory_authority": _("Our company's lead supervisory authority"),
    "entity.authority_time_zone": _("The regulator's time zone"),
    "entity.is_cii_operator": _("Whether our company operates critical information infrastructure"),
    "entity.is_state_organ": _("Whether our company is a state organ (China)"),
    "entity.dora_financial_entity": _("Whether our company is a financial entity under DORA"),
    "entity.dora_art_5_5": _("Whether our company is an Art. 5(5) entity (DORA)"),
    "entity.nis2_entity": _("Whether our company is an essential or important NIS2 entity"),
    "entity.hipaa_covered": _("Whether our company is a HIPAA covered entity or associate"),
    "entity.sec_registrant": _("Whether our company files with the US SEC"),
}


@dataclass(frozen=True, slots=True)
class RegimeVersion:
    """One version of a regime as integrators and the coverage page see it."""

    regime: Regime
    in_force: bool
    # "in_force", "past" (ended before the day asked about) or "future" (not yet in force).
    state: str

    @property
    def verify(self) -> bool:
        """Whether any rule of this version is marked for checking against the law."""
        return any(rule.verify for rule in self.regime.rules)

    @property
    def source_url(self) -> str:
        """The first address the source names, if any."""
        return source_url(self.regime.source)

    @property
    def source_text(self) -> str:
        """The source without its address in brackets (the page links the text instead)."""
        return citation(self.regime.source)

    @property
    def facts(self) -> list[Promise]:
        """The facts the regime reads, in words."""
        return [FACT_LABELS[name] for name in self.regime.facts_needed]


def regime_versions(
    *, on: date, code: str | None = None, in_force: bool | None = None
) -> list[RegimeVersion]:
    """Every version of every regime (past, current, future), judged in force or not on `on`."""
    found = []
    for regime_code, versions in REGIME_VERSIONS.items():
        if code is not None and regime_code != code:
            continue
        for regime in versions:
            row = RegimeVersion(
                regime=regime, in_force=regime.in_force(on), state=_state(regime, on)
            )
            if in_force is None or row.in_force == in_force:
                found.append(row)
    return found


def _state(regime: Regime, on: date) -> str:
    """Whether a version is in force on a day, ended before it, or begins after it."""
    if regime.in_force(on):
        return "in_force"
    if regime.valid_to is not None and regime.valid_to <= on:
        return "past"
    return "future"


def regime_codes() -> list[str]:
    """The regime codes the engine knows, in its order."""
    return list(REGIME_VERSIONS)
