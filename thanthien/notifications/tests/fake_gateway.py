"""A small real HTTP gateway on 127.0.0.1 for the channel tests and the outbox reliability run.

It records every request (method, path, headers, body) and answers either from a script (the adapter
tests: a list of (status, body) to answer in turn) or as a flaky SMS gateway that dedupes by idempotency
key, the way a real one must:

- `refuse_rate`: the request fails (HTTP 500) before anything is accepted;
- `lost_reply_rate`: the message is accepted, then the answer is an HTTP 503 (the reply is "lost");
- `stall_rate`: the message is accepted, then the gateway sleeps `stall_seconds`, past the client's timeout.

A message is *delivered* (handed to the recipient) the first time its key is accepted; a later attempt
with the same key is a duplicate *attempt*, counted apart, answered with the first message id, and checked
to carry the same number and text. `overlaps` counts attempts of a key that arrived while another attempt
of the same key was still being handled: two workers sending one row at the same moment.
"""

import json
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    raw: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.raw)

    @property
    def form(self) -> dict[str, str]:
        return dict(parse_qsl(self.raw.decode()))


@dataclass
class Delivery:
    phone: str
    text: str
    message_id: str


@dataclass
class FakeGateway:
    script: list[tuple[int, Any]] | None = None
    refuse_rate: float = 0.0
    lost_reply_rate: float = 0.0
    stall_rate: float = 0.0
    stall_seconds: float = 0.0
    seed: int = 6
    keep_requests: bool = True
    requests: list[Recorded] = field(default_factory=list)
    delivered: dict[str, Delivery] = field(default_factory=dict)
    duplicate_attempts: Counter[str] = field(default_factory=Counter)
    mismatched_duplicates: int = 0
    overlaps: int = 0
    answered: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.lock = threading.Lock()
        self.random = random.Random(self.seed)  # noqa: S311 — a repeatable run, not a secret
        self.in_flight: Counter[str] = Counter()
        self.server = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> "FakeGateway":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def attempts(self) -> int:
        return sum(self.answered.values())

    # --- answering --------------------------------------------------------------------------------
    def answer(self, request: Recorded) -> tuple[int, Any, float]:
        """(status, JSON body, seconds to stall before answering)."""
        with self.lock:
            if self.keep_requests:
                self.requests.append(request)
            if self.script is not None:
                status, body = self.script.pop(0) if len(self.script) > 1 else self.script[0]
                return status, body, 0.0
            draw = self.random.random()
        if draw < self.refuse_rate:
            return self._count("refused", 500, {"status": "error", "error": "busy"})
        delivery, first = self._accept(request)
        body = {"status": "accepted" if first else "duplicate", "message_id": delivery.message_id}
        if draw < self.refuse_rate + self.lost_reply_rate:
            return self._count("lost_reply", 503, {"status": "error", "error": "try later"})
        if draw < self.refuse_rate + self.lost_reply_rate + self.stall_rate:
            return (*self._count("stalled", 200, body)[:2], self.stall_seconds)
        return self._count("accepted" if first else "duplicate", 200, body)

    def _count(self, what: str, status: int, body: Any) -> tuple[int, Any, float]:
        with self.lock:
            self.answered[what] += 1
        return status, body, 0.0

    def _accept(self, request: Recorded) -> tuple[Delivery, bool]:
        key = request.headers.get("idempotency-key", "")
        sms = request.json
        with self.lock:
            if key in self.delivered:
                self.duplicate_attempts[key] += 1
                first = self.delivered[key]
                if (first.phone, first.text) != (sms["to"], sms["text"]):
                    self.mismatched_duplicates += 1
                return first, False
            delivery = Delivery(sms["to"], sms["text"], f"gw-{len(self.delivered) + 1}")
            self.delivered[key] = delivery
            return delivery, True

    def begin(self, request: Recorded) -> str:
        key = request.headers.get("idempotency-key", "")
        with self.lock:
            if key and self.in_flight[key]:
                self.overlaps += 1
            self.in_flight[key] += 1
        return key

    def end(self, key: str) -> None:
        with self.lock:
            self.in_flight[key] -= 1


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hung up after its timeout: expected here, and no news


def _handler_for(gateway: FakeGateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real clients use it

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            headers = {name.lower(): value for name, value in self.headers.items()}
            request = Recorded(self.command, self.path, headers, self.rfile.read(length))
            key = gateway.begin(request)
            try:
                status, body, stall = gateway.answer(request)
                if stall:
                    time.sleep(stall)
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting: that is the point of a stall
            finally:
                gateway.end(key)

        do_PUT = do_POST

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler
