"""Template context: the signed-in user's roles, the words the countdown script shows and, in
demo mode, the demo sign-ins."""

from typing import Any

from django.conf import settings
from django.utils.translation import gettext, pgettext

from incidents.demo_users import DEMO_USERS, demo_password
from incidents.roles import CAPABILITIES, ROLE_LABELS, user_roles


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


def demo(request: Any) -> dict[str, Any]:
    """In demo mode, the demo sign-ins for the sign-in page; nothing otherwise."""
    if not settings.BREACHDESK.get("DEMO"):
        return {"demo_mode": False}
    sign_ins = [
        {
            "username": username,
            "password": demo_password(username),
            "role": gettext(ROLE_LABELS[role]) if role in ROLE_LABELS else role,
        }
        for username, role, *_ in DEMO_USERS
    ]
    return {"demo_mode": True, "demo_sign_ins": sign_ins}
