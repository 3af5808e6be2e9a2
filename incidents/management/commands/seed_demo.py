"""manage.py seed_demo: load the demo organisation, users and incidents, printing the sign-ins."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from incidents.demo import DEMO_USERS, demo_password, demo_seed


class Command(BaseCommand):
    help = "Create a demo organisation, one user per role and several incidents (idempotent)."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        result = demo_seed(now=timezone.now())
        self.stdout.write(f"Demo incidents created: {len(result['incidents'])}")
        self.stdout.write("Demo sign-ins (username / password / role):")
        for username, role, *_ in DEMO_USERS:
            self.stdout.write(f"  {username:<10} {demo_password(username):<24} {role}")
