"""Public-mention watch against a real HTTP server on 127.0.0.1 serving feed files."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from intake.feeds import feed_create, feed_poll, feeds_poll
from intake.models import Alert, Feed

FILES = Path(__file__).parent / "feeds"
LAST_MODIFIED = "Tue, 24 Nov 2026 08:00:00 GMT"


class FeedServer(BaseHTTPRequestHandler):
    """Serves the fixture files with ETag and Last-Modified, and 304 to a matching request."""

    log: list[dict[str, str]] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        FeedServer.log.append(dict(self.headers))
        path = FILES / self.path.strip("/")
        if not path.is_file():
            self.send_response(404)
            self.end_headers()
            return
        etag = f'"{path.stat().st_size}-{path.name}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        body = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/xml; charset=utf-8")
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", LAST_MODIFIED)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def feed_server() -> Iterator[str]:
    FeedServer.log = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _feed(personas: dict[str, Any], now: Any, url: str, keywords: list[str] | None = None) -> Feed:
    data: dict[str, Any] = {"name": "News", "url": url}
    if keywords is not None:
        data["keywords"] = keywords
    return feed_create(actor=personas["admin"], data=data, now=now)


def test_a_matching_item_becomes_an_alert_with_its_link_and_text(feed_server, personas, now):
    feed = _feed(personas, now, f"{feed_server}/news.rss", ["data breach", "泄露"])
    result = feed_poll(feed=feed, now=now)
    assert (result.status, result.items, result.matched, result.created) == (200, 2, 1, 1)
    alert = Alert.objects.get()
    assert alert.title == "Retailer confirms data breach affecting loyalty members"
    assert alert.link == "https://news.example.org/2026/11/retailer-breach"
    assert alert.text == "Example Europe Ltd said customer records were exposed."
    assert alert.first_seen_at.isoformat() == "2026-11-24T06:10:00+00:00"
    assert alert.details["keywords"] == ["data breach"]
    assert alert.source.kind == "feed"


def test_chinese_keywords_match_simplified_and_traditional_posts(feed_server, personas, now):
    feed = _feed(personas, now, f"{feed_server}/status.atom")  # the default keywords
    result = feed_poll(feed=feed, now=now)
    assert result.matched == 2
    titles = set(Alert.objects.values_list("title", flat=True))
    assert titles == {"网友称某电商平台用户数据泄露", "疑似個資外洩，客服未回應"}
    first = Alert.objects.get(title__startswith="网友")
    assert first.first_seen_at.isoformat() == "2026-11-23T23:30:00+00:00"


def test_the_second_poll_is_conditional_and_adds_nothing(feed_server, personas, now):
    feed = _feed(personas, now, f"{feed_server}/news.rss", ["breach"])
    feed_poll(feed=feed, now=now)
    feed.refresh_from_db()
    assert feed.etag and feed.modified == LAST_MODIFIED
    again = feed_poll(feed=feed, now=now)
    assert again.status == 304 and again.created == 0
    second_request = FeedServer.log[-1]
    assert second_request["If-None-Match"] == feed.etag
    assert second_request["If-Modified-Since"] == LAST_MODIFIED
    assert Alert.objects.get().count == 1


def test_a_feed_that_fails_is_recorded_and_the_others_still_polled(feed_server, personas, now):
    _feed(personas, now, f"{feed_server}/missing.xml", ["breach"])
    Feed.objects.create(
        name="Dead",
        url="http://127.0.0.1:9/feed",
        keywords=["breach"],
        source=Feed.objects.get().source,
    )
    _feed(personas, now, f"{feed_server}/news.rss", ["breach"])
    totals = feeds_poll(now=now)
    assert totals == {"feeds": 3, "created": 1, "matched": 1}
    statuses = dict(Feed.objects.values_list("url", "last_status"))
    assert statuses[f"{feed_server}/missing.xml"] == 404
    assert statuses["http://127.0.0.1:9/feed"] is None
    assert Feed.objects.get(name="Dead").last_error.startswith("ConnectionError")


def test_feeds_are_registered_through_the_api_by_an_admin(api_client_for, feed_server):
    body = {"name": "Status", "url": f"{feed_server}/status.atom", "keywords": ["外洩"]}
    created = api_client_for("admin").post("/api/v1/intake/feeds/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["keywords"] == ["外洩"]
    assert (
        api_client_for("dpo").post("/api/v1/intake/feeds/", body, format="json").status_code == 403
    )
