"""A real local HTTP endpoint that records webhook deliveries, for tests."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    """One request as the receiver saw it."""

    headers: dict[str, str]
    body: bytes
    at: float

    @property
    def message_id(self) -> str:
        return self.headers["Breachdesk-Message-Id"]

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Answers with the queued status codes (then `default_status`), optionally holding one request."""

    statuses: list[int] = field(default_factory=list)
    default_status: int = 200
    delay: float = 0.0
    hold_request: int | None = None
    received: list[Received] = field(default_factory=list)
    holding: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hooks/breachdesk"

    def counts(self) -> Counter[str]:
        """How many times each message id arrived."""
        with self.lock:
            return Counter(request.message_id for request in self.received)

    def wait_for(self, count: int, timeout: float = 15.0) -> bool:
        """Wait until at least `count` requests arrived."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.received) >= count:
                    return True
            time.sleep(0.02)
        return False

    def _respond(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length)
        with self.lock:
            self.received.append(Received(dict(handler.headers.items()), body, time.time()))
            number = len(self.received)
            status = self.statuses.pop(0) if self.statuses else self.default_status
        if self.hold_request == number:
            self.holding.set()
            self.release.wait(timeout=30)
        if self.delay:
            time.sleep(self.delay)
        handler.send_response(status)
        handler.send_header("Content-Type", "text/plain")
        handler.end_headers()
        handler.wfile.write(f"status {status}".encode())

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (the name http.server dispatches to)
                try:
                    receiver._respond(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the sender died mid-request, which some tests do on purpose

            def log_message(self, format: str, *args: Any) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        self.release.set()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
