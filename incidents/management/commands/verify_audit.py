"""manage.py verify_audit: walk the audit chain and report the first broken link."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from incidents.audit import audit_chain_check
from incidents.models import AuditEvent


class Command(BaseCommand):
    help = (
        "Verify the SHA-256 chain of the audit trail. Exits 1 and names the first broken entry "
        "when an entry was changed, removed or inserted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            metavar="HASH",
            help="A head hash recorded earlier; fail if that entry is no longer in the trail "
            "(detects entries cut from the end).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        check = audit_chain_check()
        if not check.intact:
            event = check.broken
            raise CommandError(
                f"Audit trail BROKEN at entry #{event.pk} ({event.created_at.isoformat()}, "
                f"{event.action} {event.object_type} {event.object_id}): {check.reason}. "
                f"{check.checked} entries before it are intact."
            )
        anchor = options.get("anchor")
        if anchor and not AuditEvent.objects.filter(hash=anchor).exists():
            raise CommandError(
                f"Audit trail does not contain the anchor {anchor}: entries were removed from "
                "its end, or the anchor is from another installation."
            )
        self.stdout.write(
            self.style.SUCCESS(f"Audit trail intact: {check.checked} entries, head {check.head}.")
        )
