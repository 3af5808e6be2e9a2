"""Who is told about what: owners get warnings, overdue work escalates up the line."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q

from compliance.models import Obligation
from incidents import roles
from incidents.models import Task, Team
from notifications import selectors

DPO_TEAM = "dpo"
# Words that mark an obligation's recipient as someone other than a regulator. Anything else a
# statutory duty is owed to counts as an authority, so an unfamiliar wording escalates rather
# than stays quiet.
NOT_AUTHORITY_WORDS = (
    "subject",
    "individual",
    "controller",
    "register",
    "person",
    "customer",
    "个人",
)


def active(user: Any) -> Any:
    """The user if they may still receive messages, else None."""
    return user if user is not None and user.is_active else None


def is_authority(recipient: str) -> bool:
    """Tell whether an obligation's recipient is a regulator rather than people or a register."""
    text = recipient.lower()
    return bool(text.strip()) and not any(word in text for word in NOT_AUTHORITY_WORDS)


def is_regulator_deadline(obligation: Any) -> bool:
    """A statutory deadline owed to an authority: missing it is an executive matter."""
    return bool(obligation.statutory) and is_authority(obligation.recipient)


def unique_users(*groups: Any) -> list[Any]:
    """Flatten user lists keeping the first occurrence of each user."""
    seen: dict[int, Any] = {}
    for group in groups:
        for user in group:
            if user is not None:
                seen.setdefault(user.pk, user)
    return list(seen.values())


class Directory:
    """The people and webhooks messages go to, each group read once per sweep or event."""

    @staticmethod
    def _users() -> Any:
        return get_user_model().objects.filter(is_active=True).order_by("pk")

    @cached_property
    def dpo(self) -> list[Any]:
        """Users in the DPO role or on the DPO team: the owners of every obligation."""
        query = Q(groups__name=roles.DPO) | Q(teams__code=DPO_TEAM)
        return list(self._users().filter(query).distinct())

    @cached_property
    def executives(self) -> list[Any]:
        """Users in the executive role, told when a regulator deadline is missed."""
        return list(self._users().filter(groups__name=roles.EXECUTIVE).distinct())

    @cached_property
    def dpo_team_lead(self) -> Any:
        """The lead of the DPO team, who answers for late obligations."""
        team = Team.objects.filter(code=DPO_TEAM).select_related("lead").first()
        return active(team.lead) if team else None

    @cached_property
    def subscriptions(self) -> list[Any]:
        """Active webhook subscriptions."""
        return selectors.subscriptions_active()

    def subscriptions_for(self, event: str) -> list[Any]:
        """The active subscriptions that chose this event."""
        return [s for s in self.subscriptions if s.listens_to(event)]

    def task_owners(self, task: Any) -> list[Any]:
        """The assignee, else the team's members, else its lead, else the DPO."""
        if active(task.assignee):
            return [task.assignee]
        members = [user for user in task.team.members.all() if user.is_active]
        if members:
            return sorted(members, key=lambda user: user.pk)
        lead = active(task.team.lead)
        return [lead] if lead else self.dpo

    def obligation_alert(self, obligation: Any, *, overdue: bool) -> list[Any]:
        """Owners for a warning; with the DPO team lead and, for regulators, executives when late."""
        if not overdue:
            return self.dpo
        executives = self.executives if is_regulator_deadline(obligation) else []
        return unique_users(self.dpo, [self.dpo_team_lead], executives)

    def task_alert(self, task: Any, *, overdue: bool) -> list[Any]:
        """Owners for a warning; with the team lead and the DPO when late."""
        owners = self.task_owners(task)
        if not overdue:
            return owners
        return unique_users(owners, [active(task.team.lead)], self.dpo)

    def for_event(self, event: str, obj: Any) -> list[Any]:
        """The internal users an event goes to when the emitter names none."""
        if isinstance(obj, Task):
            if event == "task.assigned":
                return self.task_owners(obj)
            if event in ("task.due_soon", "task.overdue"):
                return self.task_alert(obj, overdue=event == "task.overdue")
        if isinstance(obj, Obligation) and event in ("obligation.due_soon", "obligation.overdue"):
            return self.obligation_alert(obj, overdue=event == "obligation.overdue")
        return self.dpo
