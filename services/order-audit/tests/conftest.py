"""Fixtures: a throwaway database on the local PostgreSQL, and the real HTTP server in a thread."""
from __future__ import annotations

import copy
import json
import os
import socket
import threading
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass

import psycopg
import pytest
from psycopg import conninfo, sql

from order_audit.config import Config
from order_audit.http_app import AuditServer
from order_audit.schema import EventContract
from order_audit.store import Store

SERVER_URL = os.environ.get("TEST_DATABASE_SERVER_URL", "postgres://postgres@127.0.0.1:5432/postgres")

# contracts/examples/payloads.ts (orderPlaced, orderExpired, ...), as a service in another language
# would write them from the docs. Each test gets copies with fresh ids (see new_event).
ORDER_ID = "0b7e5c2a-4f1d-4c3e-9a8b-2d6f1e0c9a71"
LINES = [
    {"productId": "dosa-masala", "vendorId": "vendor-udupi-kitchen", "name": "Masala Dosa", "quantity": 2, "unitPrice": 12000, "lineTotal": 24000},
    {"productId": "filter-coffee", "vendorId": "vendor-udupi-kitchen", "name": "Filter Coffee", "quantity": 1, "unitPrice": 4000, "lineTotal": 4000},
]
EXAMPLES = {
    "OrderPlaced": {
        "eventId": "c4e1a7b3-2d5f-4b8e-9a1c-6f3e2d1c0b9a",
        "eventType": "OrderPlaced",
        "eventVersion": 1,
        "occurredAt": "2025-11-25T13:32:10.530Z",
        "payload": {
            "orderId": ORDER_ID,
            "customerId": "cust_7f3a91",
            "vendorId": "vendor-udupi-kitchen",
            "items": LINES,
            "amount": 28000,
            "currency": "INR",
            "paymentId": "pay_PZx4GmT8uVq1Rb",
            "placedAt": "2025-11-25T13:32:10.530Z",
        },
    },
    "OrderExpired": {
        "eventId": "1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d",
        "eventType": "OrderExpired",
        "eventVersion": 1,
        "occurredAt": "2025-11-25T13:45:00.315Z",
        "payload": {"orderId": ORDER_ID, "reason": "not paid within CHECKOUT_EXPIRY_SECONDS", "expiredAt": "2025-11-25T13:45:00.315Z"},
    },
    "OrderCancelled": {
        "eventId": "2b3c4d5e-6f7a-4b9c-8d1e-2f3a4b5c6d7e",
        "eventType": "OrderCancelled",
        "eventVersion": 1,
        "occurredAt": "2025-11-25T13:46:12.020Z",
        "payload": {"orderId": ORDER_ID, "reason": "the stock was sold while the payment was pending", "cancelledAt": "2025-11-25T13:46:12.020Z"},
    },
    "RefundRequested": {
        "eventId": "3c4d5e6f-7a8b-4c0d-9e2f-3a4b5c6d7e8f",
        "eventType": "RefundRequested",
        "eventVersion": 1,
        "occurredAt": "2025-11-25T13:46:12.020Z",
        "payload": {"orderId": ORDER_ID, "paymentId": "pay_PZx4GmT8uVq1Rb", "amount": 28000, "currency": "INR", "reason": "the stock was sold while the payment was pending"},
    },
}


def new_event(event_type: str = "OrderPlaced", order_id: str | None = None) -> dict:
    """An example event with a fresh eventId and orderId, so tests sharing the database stay apart."""
    event = copy.deepcopy(EXAMPLES[event_type])
    event["eventId"] = str(uuid.uuid4())
    event["payload"]["orderId"] = order_id or str(uuid.uuid4())
    return event


def cloud_event(data: dict) -> dict:
    """How daprd delivers an event: CloudEvents 1.0, structured mode."""
    return {
        "specversion": "1.0",
        "id": data.get("eventId", "no-id"),
        "source": "order",
        "type": data.get("eventType", "unknown"),
        "datacontenttype": "application/json",
        "topic": "order-events",
        "pubsubname": "pubsub",
        "data": data,
    }


@dataclass
class Response:
    status: int
    content_type: str
    text: str

    def json(self):
        return json.loads(self.text)


class Client:
    def __init__(self, base_url: str):
        self.base_url = base_url

    def request(self, method: str, path: str, body: bytes | dict | None = None, headers: dict | None = None) -> Response:
        headers = dict(headers or {})
        if isinstance(body, dict):
            body = json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/cloudevents+json")
        req = urllib.request.Request(self.base_url + path, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=15) as res:
                return Response(res.status, res.headers.get("Content-Type", ""), res.read().decode())
        except urllib.error.HTTPError as err:
            return Response(err.code, err.headers.get("Content-Type", ""), err.read().decode())

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def deliver(self, data: dict, **kwargs) -> Response:
        return self.request("POST", "/dapr/events/order-events", cloud_event(data), **kwargs)


@pytest.fixture(scope="session")
def database_url():
    name = f"order_audit_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(SERVER_URL, autocommit=True) as admin:
        admin.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    yield conninfo.make_conninfo(SERVER_URL, dbname=name)
    with psycopg.connect(SERVER_URL, autocommit=True) as admin:
        admin.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))


@pytest.fixture
def start_service():
    """start_service(**env) -> Client of a running service configured by env (port chosen freely)."""
    running = []

    def start(**env: str) -> Client:
        config = Config.from_env({"ORDER_AUDIT_PORT": "0", **env})
        store = Store(config.database_url, config.database_timeout_seconds)
        store.open()
        server = AuditServer(config, EventContract(config.contracts_dir), store)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        running.append((server, store, thread))
        host, port = server.server_address[:2]
        return Client(f"http://{host}:{port}")

    yield start
    for server, store, thread in running:
        server.shutdown()
        server.server_close()
        thread.join()
        store.close()


@pytest.fixture
def service(start_service, database_url) -> Client:
    return start_service(DATABASE_URL=database_url)


@pytest.fixture
def db(database_url):
    with psycopg.connect(database_url, autocommit=True) as conn:
        yield conn


def count_stored(db, order_id: str) -> int:
    return db.execute("select count(*) from order_audit.events where order_id = %s", (order_id,)).fetchone()[0]


@pytest.fixture
def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
