"""Template context: the signed-in user's roles."""

from typing import Any

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
    }
