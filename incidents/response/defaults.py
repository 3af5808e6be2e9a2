"""The playbooks a fresh install ships with, created once and then the organisation's to edit."""

from __future__ import annotations

from typing import NamedTuple

from config.transactions import write_transaction
from incidents.models import DueAnchor, Team
from incidents.response.models import Playbook, PlaybookTask

H = 60  # minutes
DETECTED, AWARE, OBLIGATION = DueAnchor.DETECTED, DueAnchor.AWARE, DueAnchor.OBLIGATION
IT, LEGAL, PR, DPO, EXECUTIVE = "it-security", "legal", "pr-comms", "dpo", "executive"


class TemplateSpec(NamedTuple):
    """A default task template; `after` names templates ("playbook:task") it depends on."""

    key: str
    team: str
    title: str
    instructions: str
    anchor: str = ""
    offset_minutes: int | None = None
    rule_id: str = ""
    after: tuple[str, ...] = ()


class PlaybookSpec(NamedTuple):
    """A default playbook and the criteria that select it (empty = any)."""

    key: str
    name: str
    description: str
    templates: tuple[TemplateSpec, ...]
    incident_types: tuple[str, ...] = ()
    processing_roles: tuple[str, ...] = ()
    regimes: tuple[str, ...] = ()


FIRST_RESPONSE = PlaybookSpec(
    "first-response",
    "First response (every breach)",
    "What every incident needs in its first day, whatever its type and regime.",
    (
        TemplateSpec(
            "preserve-evidence",
            IT,
            "Preserve evidence: forensic image and logs",
            "Image the affected systems and secure logs (noting their time zone) before anything "
            "is changed, wiped or restored; keep a chain of custody.",
            DETECTED,
            2 * H,
        ),
        TemplateSpec(
            "contain",
            IT,
            "Contain the incident and record the measures taken",
            "Stop further loss and record each measure with its time: the notice must describe "
            "the measures taken or proposed (GDPR Art. 33(3)(d)).",
            DETECTED,
            8 * H,
        ),
        TemplateSpec(
            "risk-assessment",
            DPO,
            "Complete the risk assessment",
            "Score the breach with the ENISA method and write down the likely consequences for "
            "the people concerned; the resulting tier decides who must be told.",
            AWARE,
            24 * H,
        ),
        TemplateSpec(
            "holding-statement",
            PR,
            "Approved holding statement",
            "Prepare a short holding statement for media and staff enquiries and have it "
            "approved; state what is known, do not speculate on cause or scale.",
            AWARE,
            12 * H,
        ),
        TemplateSpec(
            "contract-duties",
            LEGAL,
            "Check contractual and insurance notification duties",
            "Customer contracts and cyber-insurance policies often require notice within a set "
            "time; list each one with its deadline.",
            AWARE,
            48 * H,
        ),
    ),
)

GDPR_BREACH = PlaybookSpec(
    "gdpr-breach",
    "GDPR personal-data breach",
    "Notifiability, the supervisory-authority notice and the data-subject notice (GDPR "
    "Art. 33 and 34).",
    (
        TemplateSpec(
            "notifiability-decision",
            DPO,
            "Decide notifiability and record the rationale",
            "Decide whether the breach is unlikely to result in a risk (no notice), a risk "
            "(supervisory authority) or a high risk (also the people concerned), and write down "
            "why: the register needs the reasoning (GDPR Art. 33(5)).",
            AWARE,
            36 * H,
            after=("first-response:risk-assessment",),
        ),
        TemplateSpec(
            "authority-notice",
            LEGAL,
            "File the supervisory-authority notice",
            "GDPR Art. 33(1): within 72 hours of awareness. Include Art. 33(3)(a)-(d); if facts "
            "are missing, file what is known and follow up in phases (Art. 33(4)). Record the "
            "authority's reference.",
            OBLIGATION,
            -6 * H,
            "GDPR-SA",
            after=("gdpr-breach:notifiability-decision",),
        ),
        TemplateSpec(
            "subject-notice-draft",
            PR,
            "Draft the data-subject notice",
            "GDPR Art. 34(2): clear and plain language; the nature of the breach, the DPO's "
            "contact, the likely consequences and the measures taken, including what people can "
            "do to protect themselves.",
            OBLIGATION,
            -12 * H,
            "GDPR-DS",
        ),
        TemplateSpec(
            "subject-notice-approval",
            EXECUTIVE,
            "Approve the data-subject notice",
            "Approve the wording before it goes out; the DPO records the approval.",
            OBLIGATION,
            -4 * H,
            "GDPR-DS",
            after=("gdpr-breach:subject-notice-draft",),
        ),
        TemplateSpec(
            "subject-notice-send",
            DPO,
            "Send the data-subject notice",
            "GDPR Art. 34(1): without undue delay. Where individual notice would take "
            "disproportionate effort, a public communication of equal effect replaces it "
            "(Art. 34(3)(c)).",
            OBLIGATION,
            0,
            "GDPR-DS",
            after=("gdpr-breach:subject-notice-approval",),
        ),
        TemplateSpec(
            "register-entry",
            LEGAL,
            "Record the breach in the breach register",
            "GDPR Art. 33(5): document every breach, notified or not: facts, effects, remedial "
            "action and the reasoning behind the decisions.",
            AWARE,
            72 * H,
        ),
    ),
    # A processor's own duty is to tell its controllers (the processor-side playbook).
    processing_roles=("controller", "joint"),
    regimes=("GDPR", "UK_GDPR"),
)

PIPL_CAC_BREACH = PlaybookSpec(
    "pipl-cac-breach",
    "PIPL / CAC personal-information incident",
    "Reports to the cyberspace administration and the PI-protection departments, and the "
    "notice to individuals (PIPL Art. 57; CAC incident-reporting Measures).",
    (
        TemplateSpec(
            "scene-preservation",
            IT,
            "Preserve the scene and attack traces",
            "The CAC report covers scene preservation and attack traces: keep images, logs and "
            "samples before remediation changes them.",
            DETECTED,
            1 * H,
        ),
        TemplateSpec(
            "cac-report",
            LEGAL,
            "Report to the provincial cyberspace administration",
            "CAC Measures: 4 hours from discovery for incidents graded relatively major (较大) or "
            "above; 1 hour for CII operators, 2 hours for central and state organs. Report what "
            "is known and complete it later (Art. 7).",
            OBLIGATION,
            -30,
            "CAC-4H",
        ),
        TemplateSpec(
            "authority-notice",
            DPO,
            "Notify the departments with PI-protection duties",
            "PIPL Art. 57: immediately. State the PI categories, the cause, the possible harm, "
            "the remedial measures and a contact.",
            OBLIGATION,
            0,
            "PIPL-AUTH",
        ),
        TemplateSpec(
            "individual-notice-draft",
            PR,
            "Prepare the notice to individuals (in Chinese)",
            "PIPL Art. 57: PI categories, cause and possible harm; remedial measures and what "
            "individuals can do; the handler's contact. If the measures effectively avoid harm, "
            "individuals need not be told: record why.",
            OBLIGATION,
            -6 * H,
            "PIPL-IND",
        ),
        TemplateSpec(
            "individual-notice-approval",
            EXECUTIVE,
            "Approve the notice to individuals",
            "Approve the wording before it goes out; the DPO records the approval.",
            OBLIGATION,
            -2 * H,
            "PIPL-IND",
            after=("pipl-cac-breach:individual-notice-draft",),
        ),
        TemplateSpec(
            "cac-final-report",
            DPO,
            "Submit the final report to the cyberspace administration",
            "CAC Measures Art. 8: within 30 days after handling ends: cause, measures, harm, "
            "accountability, remediation and lessons learned.",
            OBLIGATION,
            -3 * 24 * H,
            "CAC-FINAL",
        ),
    ),
    regimes=("PIPL", "CAC"),
)

RANSOMWARE = PlaybookSpec(
    "ransomware",
    "Ransomware",
    "Isolation, exfiltration check, restoration and the ransom decision.",
    (
        TemplateSpec(
            "isolate",
            IT,
            "Isolate the affected systems",
            "Disconnect affected hosts from the network without switching them off (memory holds "
            "keys and evidence) and disable compromised accounts.",
            DETECTED,
            1 * H,
        ),
        TemplateSpec(
            "exfiltration-check",
            IT,
            "Establish whether data were exfiltrated",
            "Most ransomware groups copy data before encrypting it: check egress logs, the "
            "ransom note and leak sites. Lost availability alone is already a breach "
            "(GDPR Art. 4(12)).",
            DETECTED,
            24 * H,
        ),
        TemplateSpec(
            "backups",
            IT,
            "Verify backups and plan the restoration",
            "Check that backups are intact and unencrypted before restoring from them.",
            DETECTED,
            12 * H,
        ),
        TemplateSpec(
            "law-enforcement",
            LEGAL,
            "Report to the police and check sanctions lists",
            "Paying a sanctioned group can be unlawful: check before any decision on the ransom.",
            AWARE,
            24 * H,
        ),
        TemplateSpec(
            "ransom-decision",
            EXECUTIVE,
            "Decide on the ransom demand",
            "Decide with Legal's advice and record the decision and its reasons.",
            AWARE,
            48 * H,
            after=("ransomware:law-enforcement",),
        ),
    ),
    incident_types=("ransomware",),
)

LOST_DEVICE = PlaybookSpec(
    "lost-device",
    "Lost or stolen device",
    "Remote wipe, encryption evidence and the Art. 34(3)(a) exemption.",
    (
        TemplateSpec(
            "remote-wipe",
            IT,
            "Lock or wipe the device and revoke its credentials",
            "Lock or wipe the device remotely; revoke its certificates, tokens and saved "
            "passwords.",
            DETECTED,
            2 * H,
        ),
        TemplateSpec(
            "encryption-status",
            IT,
            "Confirm the device's encryption and key custody",
            "Keep the evidence (device-management report, encryption status, where the key was): "
            "data unintelligible to outsiders exempt the data-subject notice "
            "(GDPR Art. 34(3)(a)).",
            DETECTED,
            8 * H,
        ),
        TemplateSpec(
            "encryption-exemption",
            DPO,
            "Record whether the encryption exemption applies",
            "Decide on the evidence whether the data were unintelligible and the key not "
            "compromised, and record the reasoning.",
            AWARE,
            24 * H,
            after=("lost-device:encryption-status",),
        ),
        TemplateSpec(
            "police-report",
            LEGAL,
            "Report the theft to the police",
            "A police reference supports the notice and any insurance claim.",
            AWARE,
            48 * H,
        ),
    ),
    incident_types=("lost_device",),
)

PROCESSOR_SIDE = PlaybookSpec(
    "processor-side",
    "Breach at our side as a processor",
    "We process the data for controllers: tell each of them in time for their own notices "
    "(GDPR Art. 33(2)).",
    (
        TemplateSpec(
            "controllers-identify",
            LEGAL,
            "Identify the controllers affected and their contract terms",
            "List each controller whose data were involved and the notification window its "
            "data-processing agreement sets (GDPR Art. 28; often 24 to 48 hours).",
            DETECTED,
            4 * H,
        ),
        TemplateSpec(
            "controller-notice",
            DPO,
            "Notify each controller",
            "GDPR Art. 33(2): without undue delay after becoming aware; give the controllers "
            "what they need for their own 72-hour notice.",
            OBLIGATION,
            0,
            "GDPR-PROC",
            after=("processor-side:controllers-identify",),
        ),
        TemplateSpec(
            "controller-support",
            IT,
            "Give the controllers technical details and logs",
            "Share the timeline, systems and data concerned and the measures taken.",
            AWARE,
            24 * H,
        ),
        TemplateSpec(
            "statement-coordination",
            PR,
            "Coordinate public statements with the controllers",
            "The controllers decide on telling the people concerned (Art. 34); do not contact "
            "them unless a controller instructs you to.",
            AWARE,
            24 * H,
        ),
    ),
    processing_roles=("processor",),
)

BREACH_AT_PROCESSOR = PlaybookSpec(
    "breach-at-processor",
    "Breach at one of our processors",
    "A processor working for us reported a breach: get the facts and limit its access.",
    (
        TemplateSpec(
            "processor-report",
            LEGAL,
            "Obtain the processor's incident report",
            "GDPR Art. 28(3)(f): the processor must assist. Ask for the timeline, the data and "
            "systems concerned and the measures taken.",
            AWARE,
            12 * H,
        ),
        TemplateSpec(
            "processor-access",
            IT,
            "Review and restrict the processor's access",
            "Rotate shared credentials and keys and limit the processor's access until it is "
            "safe again.",
            DETECTED,
            4 * H,
        ),
    ),
    incident_types=("processor_breach",),
)

DEFAULT_PLAYBOOKS = (
    FIRST_RESPONSE,
    GDPR_BREACH,
    PIPL_CAC_BREACH,
    RANSOMWARE,
    LOST_DEVICE,
    PROCESSOR_SIDE,
    BREACH_AT_PROCESSOR,
)


def _playbook_create(spec: PlaybookSpec, teams: dict[str, Team]) -> dict[str, PlaybookTask]:
    """Create one default playbook with its templates; return them by "playbook:task"."""
    playbook = Playbook.objects.create(
        key=spec.key,
        name=spec.name,
        description=spec.description,
        incident_types=list(spec.incident_types),
        processing_roles=list(spec.processing_roles),
        regimes=list(spec.regimes),
        is_builtin=True,
    )
    return {
        f"{spec.key}:{t.key}": PlaybookTask.objects.create(
            playbook=playbook,
            key=t.key,
            position=position,
            team=teams[t.team],
            title=t.title,
            instructions=t.instructions,
            due_anchor=t.anchor,
            due_anchor_rule_id=t.rule_id,
            due_offset_minutes=t.offset_minutes,
        )
        for position, t in enumerate(spec.templates, start=1)
    }


@write_transaction
def playbooks_ensure() -> list[Playbook]:
    """Create the default playbooks that are missing; existing ones (maybe edited) stay as they are."""
    existing = set(Playbook.objects.values_list("key", flat=True))
    missing = [spec for spec in DEFAULT_PLAYBOOKS if spec.key not in existing]
    if not missing:
        return []
    teams = {team.code: team for team in Team.objects.all()}
    if any(t.team not in teams for spec in missing for t in spec.templates):
        return []  # the default teams come first (incidents.setup.teams_ensure)
    templates = {
        f"{t.playbook.key}:{t.key}": t for t in PlaybookTask.objects.select_related("playbook")
    }
    for spec in missing:
        templates.update(_playbook_create(spec, teams))
    for spec in missing:
        for t in spec.templates:
            needed = [templates[key] for key in t.after if key in templates]
            templates[f"{spec.key}:{t.key}"].depends_on.add(*needed)
    return list(Playbook.objects.filter(key__in=[spec.key for spec in missing]))
