"""Proposed law: shown beside an obligation as what it would become, never owed until adopted.

The EU Digital Omnibus (COM(2025) 837, November 2025) would amend GDPR Art. 33: notify the
supervisory authority only of breaches likely to result in a high risk, within 96 hours, through a
single EU entry point on a common template. It was not adopted as of late 2026 (docs/regulations.md,
"Law changes over time"). An administrator turns it on (``omnibus_adopted``) once it is law.
"""

from __future__ import annotations

from compliance.engine.regimes.common import CONTROLLER_ROLES
from compliance.engine.regimes.europe import ART_33_3_CONTENT
from compliance.engine.rules import Exemption, Rule

OMNIBUS_LABEL = "EU Digital Omnibus proposal (COM(2025) 837), not yet law"

OMNIBUS_SA = Rule(
    id="GDPR-SA-OMNIBUS",
    regime="GDPR",
    legal_basis="GDPR Art. 33(1) as amended by the Digital Omnibus (COM(2025) 837)",
    recipient="the competent supervisory authority, through the single EU entry point",
    trigger="a personal-data breach likely to result in a high risk to people's rights and "
    "freedoms",
    duty="the controller must notify the supervisory authority without undue delay and, where "
    "feasible, within 96 hours of becoming aware of the breach, through the single entry point "
    "on the common EU template; breaches not likely to result in a high risk need no notice",
    clock_event="aware_at",
    duration=96,
    unit="H",
    roles=CONTROLLER_ROLES,
    exemptions=(
        Exemption(
            "tier_below_high",
            "GDPR Art. 33(1) as amended by the Digital Omnibus",
            "the breach was not assessed as likely to result in a high risk, so the authority "
            "need not be notified; record that reasoning in the register (GDPR Art. 33(5))",
        ),
    ),
    content_checklist=(
        *ART_33_3_CONTENT,
        "the common EU breach-notification template, through the single entry point",
    ),
    verify=True,
    verify_note="proposal's text (COM(2025) 837 as proposed, subject to change before adoption)",
    uses_entity_authority=True,
    proposal_for="GDPR-SA",
    proposal_label=OMNIBUS_LABEL,
)

PROPOSED_RULES: tuple[Rule, ...] = (OMNIBUS_SA,)
