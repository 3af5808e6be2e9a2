"""Template context: the signed-in user's roles and the words the countdown script shows."""

from typing import Any

from django.utils.translation import gettext, pgettext

from incidents.roles import CAPABILITIES, user_roles


def roles(request: Any) -> dict[str, Any]:
    """Expose the user's roles and capabilities so templates hide controls they cannot use."""
    user = getattr(request, "user", None)
    names = user_roles(user)
    return {
        "user_roles": names,
        "can": {
            cap.replace(".", "_"): bool(names & allowed) for cap, allowed in CAPABILITIES.items()
        },
        "countdown_strings": {
            "left": gettext("{time} left"),
            "overdue": gettext("overdue by {time}"),
            "day": pgettext("days, abbreviated", "d"),
        },
    }
