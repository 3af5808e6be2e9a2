"""Tasks and corrective actions share one work-item lifecycle: statuses, moves, open, overdue."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import compliance
import incidents
import notifications
from config.errors import Conflict, ValidationFailed
from incidents.learning.models import CorrectiveAction, Review
from incidents.learning.services import corrective_action_update
from incidents.models import Incident, Task, Team
from incidents.response.services import task_status_set
from incidents.work_items import TASK_OPEN_STATUSES, TaskStatus, WorkItem, overdue_q
from tests.factories import task_create_for_test

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def test_both_kinds_are_work_items_with_one_status_field() -> None:
    for model in (Task, CorrectiveAction):
        assert issubclass(model, WorkItem)
        for name in ("status", "not_applicable_reason", "due_at", "completed_at", "completed_by"):
            assert (
                model._meta.get_field(name).deconstruct()[1:]
                == (WorkItem._meta.get_field(name).deconstruct()[1:])
            )


def _project_modules() -> list[Any]:
    modules = []
    for package in (compliance, incidents, notifications):
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if ".migrations" in info.name or ".tests" in info.name:
                continue
            modules.append(importlib.import_module(info.name))
    return modules


def test_the_open_statuses_are_defined_once() -> None:
    copies = [
        f"{module.__name__}.{name}"
        for module in _project_modules()
        for name, value in vars(module).items()
        if isinstance(value, tuple | list | set | frozenset)
        and {str(v) for v in value} == {str(s) for s in TASK_OPEN_STATUSES}
        and value is not TASK_OPEN_STATUSES
    ]
    assert copies == []


def _task(incident: Incident, _review: Review) -> Task:
    return task_create_for_test(incident=incident, team_code="it-security")


def _action(_incident: Incident, review: Review) -> CorrectiveAction:
    team = Team.objects.get(code="it-security")
    return CorrectiveAction.objects.create(review=review, title="Enforce MFA", team=team)


def _move_task(item: Any, actor: Any, status: str, reason: str = "") -> Any:
    return task_status_set(actor=actor, task=item, status=status, reason=reason, now=NOW)


def _move_action(item: Any, actor: Any, status: str, reason: str = "") -> Any:
    data = {"status": status, "not_applicable_reason": reason}
    return corrective_action_update(actor=actor, action=item, data=data, now=NOW)


KINDS = [
    pytest.param(_task, _move_task, "task", id="task"),
    pytest.param(_action, _move_action, "action", id="corrective-action"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("make", "move", "noun"), KINDS)
def test_one_lifecycle_for_tasks_and_corrective_actions(
    make: Callable[..., Any],
    move: Callable[..., Any],
    noun: str,
    personas: dict[str, Any],
    incident: Incident,
) -> None:
    dpo = personas["dpo"]
    item = make(incident, Review.objects.create(incident=incident))
    assert item.status == TaskStatus.OPEN and item.is_open

    with pytest.raises(ValidationFailed) as no_reason:
        move(item, dpo, TaskStatus.NOT_APPLICABLE)
    assert no_reason.value.message == f"Say why the {noun} does not apply."
    with pytest.raises(ValidationFailed) as stray_reason:
        move(item, dpo, TaskStatus.IN_PROGRESS, "because")
    assert list(stray_reason.value.fields) == ["not_applicable_reason"]

    item = move(item, dpo, TaskStatus.NOT_APPLICABLE, "  Handled by the vendor.  ")
    assert (item.status, item.not_applicable_reason, item.is_open) == (
        "not_applicable",
        "Handled by the vendor.",
        False,
    )
    with pytest.raises(Conflict, match="reopen it before completing it"):
        move(item, dpo, TaskStatus.DONE)

    item = move(item, dpo, TaskStatus.OPEN)
    assert (item.status, item.not_applicable_reason) == ("open", "")
    item = move(item, dpo, TaskStatus.DONE)
    assert (item.completed_at, item.completed_by) == (NOW, dpo)
    with pytest.raises(Conflict, match=f"The {noun} was already completed at 2026-11-24 09:00"):
        move(item, dpo, TaskStatus.DONE)

    item = move(item, dpo, TaskStatus.BLOCKED)
    assert (item.status, item.completed_at, item.completed_by, item.is_open) == (
        "blocked",
        None,
        None,
        True,
    )


@given(
    status=st.sampled_from(TaskStatus.values),
    due=st.one_of(st.none(), st.integers(min_value=-10_000, max_value=10_000)),
)
def test_overdue_means_still_open_and_past_its_due_time(status: str, due: int | None) -> None:
    due_at = None if due is None else NOW + timedelta(minutes=due)
    for model in (Task, CorrectiveAction):
        item = model(status=status, due_at=due_at)
        expected = status in ("open", "in_progress", "blocked") and due is not None and due < 0
        assert item.overdue_at(NOW) is expected
        assert item.is_open is (status in ("open", "in_progress", "blocked"))


@pytest.mark.django_db
def test_the_database_and_the_model_agree_on_overdue(incident: Incident) -> None:
    review = Review.objects.create(incident=incident)
    made = []
    for status in TaskStatus.values:
        for offset in (-60, 60):
            task = _task(incident, review)
            Task.objects.filter(pk=task.pk).update(
                status=status,
                due_at=NOW + timedelta(minutes=offset),
                completed_at=NOW if status == "done" else None,
                not_applicable_reason="n/a" if status == "not_applicable" else "",
            )
            made.append(task.pk)
    flagged = set(Task.objects.filter(overdue_q(NOW), pk__in=made).values_list("pk", flat=True))
    assert flagged == {t.pk for t in Task.objects.filter(pk__in=made) if t.overdue_at(NOW)}
    assert len(flagged) == len(TASK_OPEN_STATUSES)
