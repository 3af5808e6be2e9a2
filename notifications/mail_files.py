"""Read the e-mail that the file backend (EMAIL_URL unset) wrote to the data folder's mail/."""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path

# Django's file backend writes each message followed by a line of 79 dashes.
SEPARATOR = "\n" + "-" * 79 + "\n"


@dataclass(frozen=True)
class MailCopy:
    """One message as it would have been sent."""

    subject: str
    to: str
    sent_at: str
    body: str


def mail_files_read(*, folder: Path, limit: int) -> list[MailCopy]:
    """The newest messages in the folder, newest first, at most `limit` of them."""
    if not folder.is_dir():
        return []
    files = sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True)
    found: list[MailCopy] = []
    for path in files:
        chunks = path.read_text(encoding="utf-8", errors="replace").split(SEPARATOR)
        for chunk in reversed([c for c in chunks if c.strip()]):
            found.append(_parsed(chunk.lstrip("\n")))
            if len(found) >= limit:
                return found
    return found


def _parsed(raw: str) -> MailCopy:
    """A message's subject, recipients, date and plain-text body."""
    message = email.message_from_string(raw, policy=email.policy.default)
    part = message.get_body(preferencelist=("plain",)) if message.is_multipart() else message
    body = part.get_content() if part is not None else ""
    date = message.get("Date", "")
    try:
        sent_at = parsedate_to_datetime(date).strftime("%Y-%m-%d %H:%M UTC") if date else ""
    except (TypeError, ValueError):
        sent_at = date
    return MailCopy(str(message["Subject"] or ""), str(message["To"] or ""), sent_at, body)
