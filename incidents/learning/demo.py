"""Demo reviews, drills and history for the trends: closed incidents of past months with their
notices, statements and reviews, an ended drill and one in progress on an accelerated clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from compliance.engine.regimes import RULES_BY_ID
from compliance.models import Obligation, ObligationStatus, Submission
from config.errors import ApplicationError
from config.transactions import write_transaction
from incidents.demo import demo_seed
from incidents.learning import drills, services
from incidents.learning.models import Drill, DrillScenario, Review
from incidents.models import TASK_OPEN_STATUSES, Incident, LegalEntity, Task, Team
from incidents.response.generation import tasks_sync
from incidents.response.models import Statement, StatementVersion
from incidents.response.services import task_complete
from incidents.services import incident_create, incident_transition

H = timedelta(hours=1)
MINUTE = timedelta(minutes=1)
# Notices (rule, regime, basis, recipient, hours allowed or None for ASAP with a 24 h target).
GDPR_SA = ("GDPR-SA", "GDPR", "GDPR Art. 33(1)", "Data Protection Commission (Ireland)", 72)
GDPR_DS = ("GDPR-DS", "GDPR", "GDPR Art. 34(1)", "Affected data subjects", None)
UK_SA = ("UK_GDPR-SA", "UK_GDPR", "UK GDPR Art. 33(1)", "Information Commissioner's Office", 72)
PIPL_AUTH = ("PIPL-AUTH", "PIPL", "PIPL Art. 57", "上海市互联网信息办公室", None)
CAC_4H = ("CAC-4H", "CAC", "CAC Measures Art. 5", "上海市互联网信息办公室", 4)


def _obligation(incident: Incident, spec: tuple, entity: LegalEntity | None) -> Obligation:
    """The obligation the engine derives for these facts; the engine's own row wins if present."""
    rule_id, regime, basis, recipient, hours = spec
    # The clock starts where the engine's rule says (awareness, or detection for PIPL and CAC).
    clock_event = RULES_BY_ID[rule_id].clock_event
    start = getattr(incident, clock_event)
    assert start is not None
    obligation, _ = Obligation.objects.get_or_create(
        incident=incident,
        rule_id=rule_id,
        entity=entity,
        defaults=dict(
            regime=regime,
            legal_basis=basis,
            recipient=recipient,
            clock_event=clock_event,
            clock_start=start,
            unit="H" if hours else "ASAP",
            duration=hours,
            due_at=start + hours * H if hours else None,
            target_at=None if hours else start + 24 * H,
            statutory=bool(hours),
        ),
    )
    return obligation


def _submit(obligation: Obligation, at: datetime) -> None:
    """Record the first notice; one after its due time is marked late, with its reasons."""
    deadline = obligation.due_at or obligation.target_at
    late = deadline is not None and at > deadline
    Submission.objects.create(
        obligation=obligation,
        phase="initial",
        submitted_at=at,
        channel="Authority's online form",
        late=late,
        delay_reasons="Scope of the export was unclear until the logs were restored."
        if late
        else "",
    )
    obligation.status = ObligationStatus.SUBMITTED_LATE if late else ObligationStatus.SUBMITTED
    obligation.save(update_fields=["status"])


def _publish(incident: Incident, audience: str, at: datetime, spokesperson: str) -> None:
    """A statement to one audience, approved half an hour before it went out."""
    statement, _ = Statement.objects.get_or_create(incident=incident, audience=audience)
    StatementVersion.objects.create(
        statement=statement,
        number=1,
        body="We are investigating a security incident and will inform those affected.",
        spokesperson=spokesperson,
        channel="Website and press office",
        status="published",
        is_current=True,
        approved_at=at - 30 * MINUTE,
        published_at=at,
    )


def _task_do(task: Task, *, actor: Any, fallback: Any, when: datetime) -> None:
    """Complete a task as a member of its team, or as the DPO where the team only approves."""
    for person in (actor, fallback):
        try:
            task_complete(actor=person, task=task, now=when)
            return
        except ApplicationError:
            continue


def _tasks_work(incident: Incident, *, start: datetime, late_every: int = 3) -> None:
    """Complete the incident's tasks in due order, every third one late, as people did."""
    members = {team.pk: team.members.order_by("pk").first() for team in Team.objects.all()}
    dpo = Team.objects.get(code="dpo").members.order_by("pk").first()
    for round_ in range(6):  # dependencies finish first
        open_tasks = incident.tasks.filter(status__in=TASK_OPEN_STATUSES).order_by("due_at", "pk")
        for index, task in enumerate(open_tasks):
            due = task.due_at or start + 24 * H
            when = due + 3 * H if (index + round_) % late_every == 0 else due - 2 * H
            _task_do(task, actor=members[task.team_id], fallback=dpo, when=max(when, start))


def _past_incident(users: dict[str, Any], spec: dict[str, Any], *, now: datetime) -> Incident:
    """One closed incident of an earlier month, with notices, statements and its tasks done."""
    aware: datetime = spec["aware_at"]
    entity = spec.pop("entity")
    notices = spec.pop("notices")
    statements = spec.pop("statements")
    steps = spec.pop("lifecycle")
    incident = incident_create(
        actor=users["security"], data={**spec, "entities": [entity]}, now=aware + H
    )
    for notice, sent_after in notices:
        _submit(_obligation(incident, notice, entity), aware + sent_after)
    tasks_sync(now=now, incident=incident, actor=None)
    for audience, after in statements:
        _publish(incident, audience, aware + after, "Priya Shah")
    for status, after in steps:
        incident = incident_transition(
            actor=users["security"], incident=incident, status=status, now=aware + after
        )
    # Closing brings obligations and tasks up to date; the rest was handled at the time.
    _remaining_notices_send(incident)
    tasks_sync(now=now, incident=incident, actor=None)
    _tasks_work(incident, start=aware)
    return incident


def _remaining_notices_send(incident: Incident) -> None:
    """Record the notices a closed demo incident still owed, each two hours before it was due."""
    owed = Obligation.objects.filter(incident=incident, applies=True, submissions__isnull=True)
    for obligation in owed.exclude(status=ObligationStatus.NOT_REQUIRED):
        deadline = obligation.due_at or obligation.target_at or incident.detected_at + 24 * H
        _submit(obligation, max(deadline - 2 * H, incident.detected_at))


def _history(now: datetime, entities: dict[str, LegalEntity]) -> list[dict[str, Any]]:
    """Closed incidents of the past ten months, each with a different lesson."""
    day = 24 * H
    closed = [("contained", 10 * H), ("resolved", 6 * day), ("closed", 20 * day)]
    return [
        dict(
            title="Customer database copied after phishing",
            description="A phished service account without MFA exported customer records.",
            detected_at=now - 125 * day,
            aware_at=now - 124 * day,
            occurred_from=now - 127 * day,
            incident_type="phishing",
            root_cause="cyber_attack",
            malicious=True,
            breach_types=["confidentiality"],
            data_categories=["contact", "identification", "credentials"],
            affected_subjects=[
                {"country": "DE", "count": 31000},
                {"country": "IE", "count": 17250},
            ],
            records_count=212400,
            risk_level="high",
            entity=entities["eu"],
            notices=[(GDPR_SA, 55 * H + 40 * MINUTE), (GDPR_DS, 49 * H)],
            statements=[("staff", 6 * H), ("media", 31 * H)],
            lifecycle=[("contained", 8 * H + 15 * MINUTE), *closed[1:]],
        ),
        dict(
            title="Payroll export e-mailed to a former supplier",
            description="A payroll export went to a supplier's old address; deletion confirmed.",
            detected_at=now - 215 * day,
            aware_at=now - 215 * day + 3 * H,
            occurred_from=now - 215 * day - 2 * H,
            incident_type="misdelivery",
            root_cause="human_error",
            malicious=False,
            breach_types=["confidentiality"],
            data_categories=["identification", "financial"],
            affected_subjects=[{"country": "IE", "count": 112}],
            records_count=112,
            risk_level="risk",
            entity=entities["eu"],
            notices=[(GDPR_SA, 30 * H)],
            statements=[("staff", 20 * H)],
            lifecycle=closed,
        ),
        dict(
            title="Unencrypted laptop stolen from a car",
            description="An HR laptop without disk encryption was stolen in Manchester.",
            detected_at=now - 62 * day,
            aware_at=now - 61 * day,
            occurred_from=now - 63 * day,
            incident_type="lost_device",
            root_cause="physical_theft",
            malicious=True,
            breach_types=["confidentiality"],
            data_categories=["identification", "health", "national_id"],
            affected_subjects=[{"country": "GB", "count": 640}],
            records_count=640,
            risk_level="high",
            entity=entities["uk"],
            notices=[(UK_SA, 80 * H)],
            statements=[("staff", 26 * H)],
            lifecycle=closed,
        ),
        dict(
            title="Storage bucket with EU and Chinese customers left public",
            description="A customer export bucket was publicly readable for nine days.",
            detected_at=now - 160 * day,
            aware_at=now - 160 * day + 2 * H,
            occurred_from=now - 169 * day,
            incident_type="misconfiguration",
            root_cause="system_vulnerability",
            malicious=False,
            breach_types=["confidentiality"],
            data_categories=["contact", "identification", "location"],
            affected_subjects=[
                {"country": "CN", "count": 1_200_000},
                {"country": "DE", "count": 9000},
            ],
            records_count=1_300_000,
            risk_level="high",
            entity=entities["cn"],
            notices=[(CAC_4H, 5 * H + 30 * MINUTE), (PIPL_AUTH, 20 * H)],
            statements=[("data_subjects", 40 * H)],
            lifecycle=closed,
        ),
        dict(
            title="Payroll processor reports unauthorised access",
            description="An attacker accessed the payroll processor's platform for two weeks.",
            detected_at=now - 280 * day,
            aware_at=now - 279 * day,
            occurred_from=now - 294 * day,
            incident_type="processor_breach",
            root_cause="third_party",
            malicious=True,
            breach_types=["confidentiality"],
            data_categories=["identification", "financial", "national_id"],
            affected_subjects=[{"country": "IE", "count": 900}],
            records_count=900,
            risk_level="high",
            entity=entities["eu"],
            notices=[(GDPR_SA, 70 * H)],
            statements=[],
            lifecycle=closed,
        ),
    ]


def _phishing_review(users: dict[str, Any], incident: Incident, now: datetime) -> Review:
    """The completed review of the phishing incident, with four corrective actions."""
    dpo = users["dpo"]
    review = services.review_create(now=now, actor=dpo, incident=incident)
    review = services.review_update(
        now=now,
        actor=dpo,
        review=review,
        data=dict(
            root_cause="cyber_attack",
            root_cause_details="A phished service-account password without MFA gave access "
            "to the customer database's export function.",
            summary="Contained within 8 hours and notified with 16 hours to spare; customers "
            "heard a day after the internal target.",
            went_wrong_decisions="The high-risk decision waited a day for the full export log "
            "although the categories of data were known on the first morning.",
            went_wrong_communication="The customer letter went through four rounds of review; "
            "the media statement came after the first journalist's call.",
            went_wrong_response="The phished account kept working for 40 minutes because "
            "nobody on call could disable service accounts.",
            went_well="Evidence was preserved before containment; the authority's form was "
            "filled from the generated notice in 20 minutes.",
        ),
    )
    teams = {team.code: team for team in Team.objects.all()}
    actions = [
        ("Enforce MFA on every service account", "access_control", "it-security", 20),
        ("On-call rights to disable service accounts", "process", "it-security", -10),
        ("Pre-approved customer letter templates", "process", "dpo", 30),
        ("Phishing training for customer-service staff", "training", "legal", 45),
    ]
    for title, category, team, days in actions:
        services.corrective_action_create(
            now=now,
            actor=dpo,
            review=review,
            data=dict(
                title=title,
                category=category,
                team=teams[team],
                owner=teams[team].members.order_by("pk").first(),
                due_at=now + days * 24 * H,
            ),
        )
    letters = review.actions.get(title__startswith="Pre-approved")
    services.corrective_action_complete(actor=dpo, action=letters, now=now - 5 * 24 * H)
    return services.review_complete(actor=dpo, review=Review.objects.get(pk=review.pk), now=now)


def _drill_play(drill: Drill, *, minutes_done: list[int]) -> None:
    """Work the drill's first steps at the given real minutes after the start."""
    members = {team.pk: team.members.order_by("pk").first() for team in Team.objects.all()}
    dpo = Team.objects.get(code="dpo").members.order_by("pk").first()
    tasks = list(Task.objects.filter(incident=drill.incident).order_by("due_at", "pk"))
    for task, minute in zip(tasks, minutes_done, strict=False):
        when = drill.started_at + minute * MINUTE
        _task_do(task, actor=members[task.team_id], fallback=dpo, when=when)


def _drills(users: dict[str, Any], entities: dict[str, LegalEntity], now: datetime) -> None:
    """An ended ransomware drill with its report, and a bucket drill 40 real minutes in (×12)."""
    dpo = users["dpo"]
    ended = drills.drill_start(
        actor=dpo,
        scenario=DrillScenario.objects.get(key="ransomware-file-server"),
        clock_mode="accelerated",
        speed_factor=12,
        now=now - 20 * 24 * H,
    )
    _obligation(ended.incident, GDPR_SA, entities["eu"])
    tasks_sync(now=now, incident=ended.incident, actor=None)
    _drill_play(ended, minutes_done=[8, 25, 31, 70, 95, 140])
    drills.drill_end(actor=dpo, drill=ended, now=ended.started_at + 150 * MINUTE)
    running = drills.drill_start(
        actor=dpo,
        scenario=DrillScenario.objects.get(key="public-cloud-bucket-eu-cn"),
        clock_mode="accelerated",
        speed_factor=12,
        now=now - 40 * MINUTE,
    )
    for notice, entity in ((GDPR_SA, "eu"), (PIPL_AUTH, "cn"), (CAC_4H, "cn")):
        _obligation(running.incident, notice, entities[entity])
    tasks_sync(now=now, incident=running.incident, actor=None)
    _drill_play(running, minutes_done=[6, 9, 14, 22, 35])
    _submit(
        Obligation.objects.get(incident=running.incident, rule_id="CAC-4H"),
        running.started_at + 25 * MINUTE,
    )


@write_transaction
def learning_demo_seed(*, now: datetime) -> dict[str, Any]:
    """Create the demo history, a completed review and two drills, unless a review exists."""
    seeded = demo_seed(now=now)
    if Review.objects.exists():
        return {"incidents": [], "drills": []}
    users = seeded["users"]
    entities = {e.country.lower(): e for e in LegalEntity.objects.all()}
    entities = {"eu": entities["ie"], "uk": entities["gb"], "cn": entities["cn"]}
    history = [_past_incident(users, spec, now=now) for spec in _history(now, entities)]
    _phishing_review(users, history[0], now)
    for incident in history[1:3]:
        services.review_create(now=now, actor=users["dpo"], incident=incident)
    _drills(users, entities, now)
    return {"incidents": history, "drills": list(Drill.objects.all())}
