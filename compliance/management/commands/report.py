"""manage.py report KIND INCIDENT_REFERENCE -o FILE.pdf: generate a report now and keep a version."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from compliance.models import ReportStatus
from compliance.reporting.data import REPORT_KINDS
from compliance.reporting.selectors.documents import (
    incident_by_id_or_reference,
    legal_entity_by_id_or_country,
)
from compliance.reporting.services import report_generate, report_request
from config.errors import ValidationFailed

# The command's option names for the service's fields, so errors name what the user typed.
OPTION_NAMES = {
    "kind": "KIND",
    "incident": "INCIDENT_REFERENCE",
    "period_from": "--from",
    "period_to": "--to",
    "language": "--language",
    "entity": "--entity",
    "final": "--final",
}


def iso_date(value: str) -> date:
    """A calendar date written YYYY-MM-DD."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-01-31") from None


class Command(BaseCommand):
    help = (
        "Generate a report synchronously, store it as a new version and write the PDF. "
        f"KIND is one of: {', '.join(REPORT_KINDS)}. The register takes --from/--to instead of "
        "an incident reference."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", metavar="KIND")
        parser.add_argument("reference", nargs="?", metavar="INCIDENT_REFERENCE")
        parser.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
        parser.add_argument("--language", help="en or zh-hans (default: the kind's language)")
        parser.add_argument("--entity", help="legal entity id or ISO country code, e.g. GB")
        parser.add_argument("--from", dest="period_from", type=iso_date, metavar="YYYY-MM-DD")
        parser.add_argument("--to", dest="period_to", type=iso_date, metavar="YYYY-MM-DD")
        parser.add_argument("--include-drills", action="store_true", help="register: list drills")
        parser.add_argument(
            "--final", action="store_true", help="refused while required facts are missing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"Cannot write {output}: the folder {output.parent} does not exist.")
        incident = None
        if options["reference"]:
            incident = incident_by_id_or_reference(options["reference"])
            if incident is None:
                raise CommandError(f"No incident with reference {options['reference']!r}.")
        entity = None
        if options["entity"]:
            entity = legal_entity_by_id_or_country(options["entity"])
            if entity is None:
                raise CommandError(f"No single legal entity {options['entity']!r}.")
        try:
            with transaction.atomic():
                document = report_request(
                    actor=None,
                    kind=options["kind"],
                    incident=incident,
                    language=options["language"],
                    entity=entity,
                    period_from=options["period_from"],
                    period_to=options["period_to"],
                    include_drills=options["include_drills"],
                    final=options["final"],
                    enqueue=False,
                )
                document = report_generate(document_id=document.pk)
                if document.status != ReportStatus.READY:
                    raise CommandError(f"Rendering failed: {document.error}")
        except ValidationFailed as exc:
            raise CommandError(_describe(exc)) from None
        with document.file.open("rb") as stored:
            output.write_bytes(stored.read())
        if document.is_final:
            state = "final"
        elif document.gaps:
            state = f"DRAFT, {len(document.gaps)} required facts missing"
        else:
            state = "complete, not marked final"
        self.stdout.write(
            f"{output}: {document.kind} {document.language} version {document.version} ({state}), "
            f"{document.size} bytes, SHA-256 {document.sha256}"
        )
        for gap in document.gaps:
            self.stdout.write(f"  missing: {gap}")


def _describe(exc: ValidationFailed) -> str:
    """A ValidationFailed as one line per bad field, named as the command spells it."""
    if not exc.fields:
        return exc.message
    return "\n".join(
        f"{OPTION_NAMES.get(field, field)}: {' '.join(messages)}"
        for field, messages in exc.fields.items()
    )
