"""HTTP routes, on the standard library's ThreadingHTTPServer (one thread per request).

  GET  /dapr/subscribe                  the subscription daprd reads at start
  POST /dapr/events/order-events        one CloudEvent from daprd -> {"status": SUCCESS | RETRY | DROP}
  GET  /api/v1/audit/orders/{orderId}   the audit trail of one order
  GET  /healthz, /readyz                liveness; readiness (the database answers)
"""
from __future__ import annotations

import base64
import binascii
import hmac
import json
import logging
from datetime import datetime, timezone
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

import psycopg

from .config import TOPIC, Config
from .logs import fields
from .schema import EventContract, InvalidEvent
from .store import Store

log = logging.getLogger("order_audit.http")

EVENT_ROUTE = f"/dapr/events/{TOPIC}"
AUDIT_PREFIX = "/api/v1/audit/orders/"
MAX_BODY_BYTES = 1 << 20  # far above any saga event; stops a runaway body from filling memory


class AuditServer(ThreadingHTTPServer):
    """The HTTP server, carrying what the request handlers need."""

    daemon_threads = True

    def __init__(self, config: Config, contract: EventContract, store: Store):
        super().__init__((config.host, config.port), RequestHandler)
        self.config = config
        self.contract = contract
        self.store = store


class RequestHandler(BaseHTTPRequestHandler):
    server: AuditServer
    protocol_version = "HTTP/1.1"  # keep-alive: daprd reuses its connection to the app

    # --- dispatch -------------------------------------------------------------------------------

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == "/healthz":
            self._json(200, {"status": "ok"})
        elif path == "/readyz":
            self._readiness()
        elif path == "/dapr/subscribe":
            if self._sidecar_authorized():
                self._json(200, [{"pubsubname": self.server.config.pubsub_name, "topic": TOPIC, "route": EVENT_ROUTE}])
        elif path.startswith(AUDIT_PREFIX):
            self._audit(unquote(path[len(AUDIT_PREFIX):]))
        elif path == EVENT_ROUTE:
            self._problem(405, "METHOD_NOT_ALLOWED", "use POST")
        else:
            self._problem(404, "NOT_FOUND", "no such route")

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        if path == EVENT_ROUTE:
            if self._sidecar_authorized():
                self._event()
        else:
            self._problem(404, "NOT_FOUND", "no such route")

    # --- routes ---------------------------------------------------------------------------------

    def _event(self) -> None:
        body = self._body()
        if body is None:
            return
        cloud_event = _json_or_none(body)
        ce_id = cloud_event.get("id") if isinstance(cloud_event, dict) else None
        try:
            record = self.server.contract.parse(_event_data(cloud_event))
        except InvalidEvent as invalid:
            # Redelivery cannot fix a contract breach: DROP it (daprd dead-letters or discards it).
            log.error("event breaks the contract; dropped", extra=fields(topic=TOPIC, ceId=ce_id, reasons=invalid.reasons))
            self._json(200, {"status": "DROP"})
            return
        try:
            stored = self.server.store.add(record)
        except psycopg.DataError as err:
            # Valid JSON Postgres cannot keep (e.g. \u0000 in a string): retrying would fail the same way.
            log.error("event rejected by the database; dropped", extra=fields(eventId=record.event_id, err=str(err)))
            self._json(200, {"status": "DROP"})
            return
        except Exception as err:
            # Database down, pool exhausted...: transient, so daprd should redeliver.
            log.warning("could not store event; asking for redelivery", extra=fields(eventId=record.event_id, err=str(err)))
            self._json(200, {"status": "RETRY"})
            return
        log.info(
            "event audited" if stored else "duplicate event ignored",
            extra=fields(eventId=record.event_id, eventType=record.event_type, orderId=record.order_id),
        )
        self._json(200, {"status": "SUCCESS"})

    def _audit(self, order_id: str) -> None:
        try:
            rows = self.server.store.events_of(order_id) if order_id else []
        except Exception as err:
            log.error("audit query failed", extra=fields(orderId=order_id, err=str(err)))
            self._problem(503, "SERVICE_UNAVAILABLE", "the audit store is unavailable; retry later")
            return
        if not rows:
            self._problem(404, "NOT_FOUND", f"no events for order {order_id}")
            return
        events = [
            {
                "eventId": row["event_id"],
                "eventType": row["event_type"],
                "occurredAt": _iso(row["occurred_at"]),
                "receivedAt": _iso(row["received_at"]),
                "event": row["event"],
            }
            for row in rows
        ]
        self._json(200, {"orderId": order_id, "events": events})

    def _readiness(self) -> None:
        try:
            self.server.store.ping()
        except Exception as err:
            # The reason goes to the log only: it names the database host, which clients must not see.
            log.warning("not ready: database unavailable", extra=fields(err=str(err)))
            self._problem(503, "SERVICE_UNAVAILABLE", "not ready: the database is unavailable")
            return
        self._json(200, {"status": "ready"})

    # --- helpers --------------------------------------------------------------------------------

    def _sidecar_authorized(self) -> bool:
        """With APP_API_TOKEN set, only our own daprd (which sends it) may call the /dapr routes."""
        expected = self.server.config.app_api_token
        if expected is None:
            return True
        given = self.headers.get("dapr-api-token", "")
        if hmac.compare_digest(given.encode(), expected.encode()):
            return True
        self._problem(401, "UNAUTHORIZED", "dapr-api-token required")
        return False

    def _body(self) -> bytes | None:
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self._problem(411, "LENGTH_REQUIRED", "Content-Length required")
            return None
        if not 0 <= length <= MAX_BODY_BYTES:
            self._problem(413, "PAYLOAD_TOO_LARGE", f"body over {MAX_BODY_BYTES} bytes")
            return None
        return self.rfile.read(length)

    def _json(self, status: int, body: Any, content_type: str = "application/json") -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _problem(self, status: int, code: str, detail: str) -> None:
        """RFC 9457 problem details, shaped like the Node services' (contracts Problem.json)."""
        body = {
            "type": f"https://errors.checkout-saga.dev/{code.lower().replace('_', '-')}",
            "title": HTTPStatus(status).phrase,
            "status": status,
            "detail": detail,
            "code": code,
        }
        if self.command != "GET":
            # A body we did not read would be parsed as the next request on this keep-alive connection.
            self.close_connection = True
        self._json(status, body, "application/problem+json")

    def log_message(self, format: str, *args: Any) -> None:
        # http.server writes access lines to stderr; keep them as JSON, at debug level.
        log.debug("http request", extra=fields(client=self.client_address[0], line=format % args))


def _json_or_none(raw: bytes | str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError both
        return None


def _event_data(cloud_event: Any) -> Any:
    """The envelope a CloudEvent carries: `data`, or `data_base64`, or JSON text in `data`."""
    if not isinstance(cloud_event, dict):
        raise InvalidEvent(["body: not a JSON CloudEvent"])
    data = cloud_event.get("data")
    if data is None and isinstance(cloud_event.get("data_base64"), str):
        try:
            data = _json_or_none(base64.b64decode(cloud_event["data_base64"], validate=True))
        except binascii.Error:
            data = None
    elif isinstance(data, str):
        data = _json_or_none(data)
    if data is None:
        raise InvalidEvent(["data: missing or not JSON"])
    return data


def _iso(moment: datetime) -> str:
    # Like JavaScript's toISOString(), which the Node services use for their times.
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
