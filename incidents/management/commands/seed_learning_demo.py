"""manage.py seed_learning_demo: demo history for the trends, a completed review and two drills."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from incidents.learning.demo import learning_demo_seed


class Command(BaseCommand):
    help = (
        "Add closed incidents of past months with reviews, an ended drill and one in progress "
        "(runs seed_demo first; idempotent)."
    )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        result = learning_demo_seed(now=timezone.now())
        self.stdout.write(
            f"Past incidents: {len(result['incidents'])}; drills: {len(result['drills'])}"
        )
