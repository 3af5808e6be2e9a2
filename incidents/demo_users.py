"""The demo's people: one user per role (plain data, readable before Django is set up)."""

from __future__ import annotations

# username, role (incidents.roles), first name, last name, team code
DEMO_USERS = [
    ("security", "security", "Sam", "Okafor", "it-security"),
    ("dpo", "dpo", "Dana", "Weber", "dpo"),
    ("legal", "legal", "Lena", "Moreau", "legal"),
    ("pr", "pr", "Priya", "Shah", "pr-comms"),
    ("executive", "executive", "Erik", "Lindqvist", "executive"),
    ("admin", "admin", "Ada", "Admin", None),
]


def demo_password(username: str) -> str:
    """The demo password of a demo user (printed by seed_demo; change it on a real install)."""
    return f"breachdesk-{username}"
