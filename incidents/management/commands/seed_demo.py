"""manage.py seed_demo: load the whole demo (organisation, users, current incidents, past months
with reviews and drills), printing the sign-ins."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from incidents.demo_story import demo_story_seed
from incidents.demo_users import DEMO_USERS, demo_password


class Command(BaseCommand):
    help = (
        "Create a demo organisation, one user per role, one incident per situation and the past "
        "months' incidents, reviews and drills (idempotent)."
    )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        result = demo_story_seed(now=timezone.now())
        self.stdout.write(
            f"Demo incidents created: {len(result['incidents'])}; "
            f"past incidents: {len(result['past'])}; drills: {len(result['drills'])}"
        )
        self.stdout.write("Demo sign-ins (username / password / role):")
        for username, role, *_ in DEMO_USERS:
            self.stdout.write(f"  {username:<10} {demo_password(username):<24} {role}")
