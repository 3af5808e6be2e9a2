"""manage.py export_audit: write an incident's audit trail for a regulator, as JSON or PDF."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from incidents.audit_export import audit_export_build
from incidents.audit_pdf import AuditPdfUnavailable, audit_pdf_render
from incidents.models import Incident


class Command(BaseCommand):
    help = "Export one incident's audit trail (with chain hashes) as JSON or PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference", help="The incident reference, e.g. BD-2026-0001.")
        parser.add_argument("--format", choices=["json", "pdf"], default="json")
        parser.add_argument(
            "--output", "-o", type=Path, help="File to write (default: standard output)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            incident = Incident.objects.get(reference=options["reference"])
        except Incident.DoesNotExist as exc:
            raise CommandError(f"No incident with reference {options['reference']!r}.") from exc
        export = audit_export_build(
            incident=incident, generated_by="manage.py export_audit", now=timezone.now()
        )
        if options["format"] == "pdf":
            try:
                content = audit_pdf_render(export)
            except AuditPdfUnavailable as exc:
                raise CommandError(str(exc)) from exc
        else:
            text = json.dumps(export.as_dict(), ensure_ascii=False, indent=2) + "\n"
            content = text.encode("utf-8")
        output: Path | None = options["output"]
        if output is None:
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
            return
        output.write_bytes(content)
        self.stderr.write(f"Wrote {len(export.entries)} entries to {output}.")
