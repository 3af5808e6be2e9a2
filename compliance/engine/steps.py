"""How each obligation of one kind of incident is made: its templates sorted into steps, once.

A kind of incident is its scope plan and the facts that decide exemptions (``evaluate`` builds
the key). Its steps are kept, so that an incident of a kind seen before only runs its clocks.
Each step carries what its work reads, so the evaluation loop reads no template attribute in
the common cases: the kind, the slot of its clock start, the values its obligation copies, the
amount of its clock (an offset, days or business days), whether the status follows the clock,
and the dates the rule is in force.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from compliance.engine.templates import Conditions, Template, relevant, templates_for

OPTIONAL_EVENTS = (
    "handling_ended_at",
    "classified_major_at",
    "materiality_determined_at",
    "assessment_completed_at",
)
# Where each clock event's start sits in an incident's tuple of clock starts.
SLOTS = {"detected_at": 0, "aware_at": 1} | {e: i for i, e in enumerate(OPTIONAL_EVENTS, 2)}
# The optional events recorded, by bit mask (bit i: OPTIONAL_EVENTS[i]): one shared set each.
RECORDED = tuple(
    frozenset(e for i, e in enumerate(OPTIONAL_EVENTS) if mask >> i & 1) for mask in range(16)
)
EMPTY: frozenset[Any] = frozenset()
STARTED = frozenset({"detected_at", "aware_at"})  # required facts: these clocks always run
# The kinds of step, the clocks started at a required or recorded event first (see _step).
ASAP, HOURS, DAYS, RECORD, BUSINESS, PROJECTED, FIXED, GENERAL = range(8)
CAC_GRADED = True  # a GENERAL step's amount: its explanation takes the incident's CAC grading
# (kind, clock-start slot, template values or the shared obligation, amount of the clock,
# whether the status follows the clock, whether dated, valid from, valid to, template).
Step = tuple[int, int, Any, Any, bool, bool, datetime, datetime, Template]
_tuple_new = tuple.__new__

# The steps of every obligation of one kind of incident, in the engine's order, keyed by the
# plan and the deciding facts; emptied when full (it refills from the template cache).
STEPS: dict[tuple[Any, ...], tuple[Step, ...]] = {}
STEPS_LIMIT = 65536


def steps_for(key: tuple[Any, ...], unstarted: Callable[[Template], Any]) -> tuple[Step, ...]:
    """Collect the steps of one kind of incident: each regime, entity and rule in turn.

    ``unstarted`` makes the obligation of a template whose clock has not started.
    """
    plan, role, tier, encrypted, mitigated, effort, harm, drill, recorded, submitted, met, below = (
        key
    )
    base = _interned(
        Conditions(
            tier, encrypted, mitigated, effort, harm, False, drill, recorded, submitted, EMPTY
        )
    )
    reached = dict(zip([regime.code for regime in plan.counted], met, strict=True))
    omnibus = plan.omnibus
    steps: list[Step] = []
    for regime, applicability, entities, hours in plan.scopes:
        code = regime.code
        conditions = base
        if code == "CAC":
            conditions = conditions._replace(cac_below_threshold=below)
        if code in reached:
            conditions = _with_thresholds(conditions, reached[code])
        conditions = _interned(relevant(code, conditions))
        for entity in entities:
            for template in templates_for(
                code, role, entity, applicability, conditions, hours, omnibus
            ):
                step = template.memo.get("step")
                if step is None:  # the template's conditions are part of its cache key
                    step = _step(template, conditions, code == "CAC", unstarted)
                    template.memo["step"] = step
                steps.append(step)
    if len(STEPS) >= STEPS_LIMIT:
        STEPS.clear()
    result = tuple(steps)
    STEPS[key] = result
    return result


def _step(
    template: Template, conditions: Conditions, graded: bool, unstarted: Callable[[Template], Any]
) -> Step:
    """Sort a template by the work its obligation needs, with what that work reads.

    Whether the clock has started is known from the deciding facts: a recorded event or notice.
    """
    if template.after_rule:
        started = template.sent_key in conditions.submitted
    else:
        started = template.event in STARTED or template.event in conditions.recorded
    kind = GENERAL  # cascades, caps, weekend rolls, months, CAC grading
    amount: Any = None
    values: Any = template.values
    if graded:  # the CAC grading sentence goes into every explanation
        amount = CAC_GRADED
    elif not started and template.reusable:  # the same obligation for every incident
        kind, values = FIXED, unstarted(template)
    elif started and not template.after_rule and not template.special:
        if template.offset is not None:  # elapsed hours or an ASAP target
            kind, amount = HOURS if template.statutory else ASAP, template.offset
            if template.projection is not None and template.fixed_projection is None:
                proposal = template.projection[0]
                later = timedelta(hours=proposal.duration or 0)
                kind, amount = PROJECTED, (template.offset, later, proposal)
        elif template.projection is None:
            if not template.clocked:
                kind = RECORD
            elif template.days is not None:
                kind, amount = DAYS, template.days
            elif template.business_days is not None:
                kind, amount = BUSINESS, template.business_days
    slot = SLOTS.get(template.event, 0)
    bounds = (template.valid_from, template.valid_to)
    return (kind, slot, values, amount, template.clock_status, template.dated, *bounds, template)


@lru_cache(maxsize=4096)
def _interned(conditions: Conditions) -> Conditions:
    """One shared object per set of conditions, so template-cache keys compare by identity."""
    return conditions


def _with_thresholds(conditions: Conditions, met: frozenset[int]) -> Conditions:
    """The conditions with the regime's thresholds reached (the last field), built directly."""
    return _tuple_new(Conditions, (*conditions[:-1], met))


def clear_steps() -> None:
    """Forget the steps of the kinds of incident seen."""
    STEPS.clear()
    _interned.cache_clear()
