"""The demo's outbox page: the e-mail Breachdesk would have sent, read from the mail files."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from incidents.views.access import capability_required, page
from notifications.mail_files import mail_files_read

OUTBOX_ROWS = 100


@page
@capability_required("incident.view")
def demo_outbox_view(request: HttpRequest) -> HttpResponse:
    """The newest e-mail written to the mail folder; only in demo mode, where none is sent."""
    if not settings.BREACHDESK.get("DEMO"):
        raise Http404("The outbox page is part of the demo.")
    folder = Path(getattr(settings, "EMAIL_FILE_PATH", "") or settings.DATA_DIR / "mail")
    messages = mail_files_read(folder=folder, limit=OUTBOX_ROWS)
    return render(request, "notifications/outbox.html", {"messages": messages})
