"""Public-mention watch: poll RSS/Atom feeds conditionally and turn matching items into alerts."""

from __future__ import annotations

import calendar
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser
import requests

from config.errors import ValidationFailed
from config.transactions import write_transaction
from incidents.audit import audit_record
from intake.mapping import AlertInput
from intake.models import DEFAULT_FEED_KEYWORDS, AlertSource, Feed, Severity, SourceKind
from intake.services import alerts_receive

FETCH_TIMEOUT_SECONDS = 10
MAX_FEED_BYTES = 5 * 1024 * 1024
USER_AGENT = "Breachdesk-FeedWatch/1"


@dataclass(frozen=True)
class PollResult:
    """What one poll of a feed did."""

    status: int
    items: int
    matched: int
    created: int


@write_transaction
def feed_create(*, actor: Any, data: dict[str, Any], now: datetime) -> Feed:
    """Watch a feed; its alerts are filed under a source of its own."""
    keywords = [k.strip() for k in data.get("keywords") or DEFAULT_FEED_KEYWORDS if k.strip()]
    if not keywords:
        raise ValidationFailed("No keywords.", fields={"keywords": ["Give at least one keyword."]})
    name = f"feed-{hashlib.sha256(data['url'].encode()).hexdigest()[:12]}"
    source, _ = AlertSource.objects.get_or_create(
        name=name,
        defaults={
            "kind": SourceKind.FEED,
            "token_hash": f"feed-{name}",
            "is_active": True,
            "created_at": now,
        },
    )
    feed = Feed(
        name=data["name"],
        url=data["url"],
        keywords=keywords,
        source=source,
        is_active=data.get("is_active", True),
    )
    feed.full_clean()
    feed.save()
    audit_record(now=now, actor=actor, action="create", obj=feed, changes={"url": feed.url})
    return feed


def keywords_matched(text: str, keywords: list[str]) -> list[str]:
    """The keywords found in the text, ignoring case (Chinese has no case; `in` works as is)."""
    folded = text.casefold()
    return [keyword for keyword in keywords if keyword.casefold() in folded]


def _entry_time(entry: Any, fallback: datetime) -> datetime:
    """The item's published (or updated) time in UTC; the poll's time when it gives none."""
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            moment = datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
            return min(moment, fallback)
    return fallback


def entry_alert(entry: Any, *, keywords: list[str], now: datetime) -> AlertInput | None:
    """An alert for an item that mentions a keyword, with its link and text; None otherwise."""
    title = str(entry.get("title") or "")
    summary = str(entry.get("summary") or "")
    found = keywords_matched(f"{title}\n{summary}", keywords)
    if not found:
        return None
    link = str(entry.get("link") or "")
    identity = str(entry.get("id") or link or title)
    return AlertInput(
        fingerprint=hashlib.sha256(identity.encode("utf-8")).hexdigest()[:40],
        title=(title or link or "Feed item")[:300],
        severity=Severity.MEDIUM,
        observed_at=_entry_time(entry, now),
        link=link[:500] if link.startswith(("https://", "http://")) else "",
        text=summary[:10_000],
        details={"keywords": found, "entry_id": identity[:500]},
    )


def feed_poll(*, feed: Feed, now: datetime, session: Any = None) -> PollResult:
    """Fetch the feed with If-None-Match / If-Modified-Since; 304 costs nothing further."""
    headers = {"User-Agent": USER_AGENT}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.modified:
        headers["If-Modified-Since"] = feed.modified
    http = session or requests
    try:
        response = http.get(feed.url, headers=headers, timeout=FETCH_TIMEOUT_SECONDS)
    except requests.RequestException as error:
        _record(feed, now=now, status=None, error=f"{type(error).__name__}: {error}"[:500])
        return PollResult(0, 0, 0, 0)
    if response.status_code == 304:
        _record(feed, now=now, status=304, error="")
        return PollResult(304, 0, 0, 0)
    if response.status_code != 200:
        _record(feed, now=now, status=response.status_code, error=f"HTTP {response.status_code}")
        return PollResult(response.status_code, 0, 0, 0)
    parsed = feedparser.parse(response.content[:MAX_FEED_BYTES])
    alerts = [
        alert
        for entry in parsed.entries
        if (alert := entry_alert(entry, keywords=feed.keywords, now=now)) is not None
    ]
    results = alerts_receive(source=feed.source, alerts=alerts, now=now) if alerts else []
    _record(
        feed,
        now=now,
        status=200,
        error="" if not parsed.bozo else f"Feed not well formed: {parsed.bozo_exception}"[:500],
        etag=response.headers.get("ETag", ""),
        modified=response.headers.get("Last-Modified", ""),
    )
    created = sum(1 for r in results if r.created)
    return PollResult(200, len(parsed.entries), len(alerts), created)


def _record(
    feed: Feed,
    *,
    now: datetime,
    status: int | None,
    error: str,
    etag: str | None = None,
    modified: str | None = None,
) -> None:
    """Keep the poll's outcome and the validators for the next conditional request."""
    feed.last_polled_at, feed.last_status, feed.last_error = now, status, error
    fields = ["last_polled_at", "last_status", "last_error"]
    if etag is not None:
        feed.etag, feed.modified = etag[:300], (modified or "")[:100]
        fields += ["etag", "modified"]
    feed.save(update_fields=fields)


def feeds_poll(*, now: datetime) -> dict[str, int]:
    """Poll every active feed once; one feed's failure never stops the others."""
    totals = {"feeds": 0, "created": 0, "matched": 0}
    for feed in Feed.objects.filter(is_active=True).select_related("source"):
        result = feed_poll(feed=feed, now=now)
        totals["feeds"] += 1
        totals["created"] += result.created
        totals["matched"] += result.matched
    return totals
