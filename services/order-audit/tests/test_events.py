"""Event delivery: SUCCESS and stored once, DROP for contract breaches, RETRY while the database is down."""
import base64
import json

import pytest

from conftest import cloud_event, count_stored, new_event


def test_a_valid_order_placed_is_stored_and_served(service):
    event = new_event("OrderPlaced")
    order_id = event["payload"]["orderId"]

    res = service.deliver(event)

    assert res.status == 200
    assert res.json() == {"status": "SUCCESS"}
    audit = service.get(f"/api/v1/audit/orders/{order_id}")
    assert audit.status == 200
    body = audit.json()
    assert body["orderId"] == order_id
    [entry] = body["events"]
    assert entry["eventId"] == event["eventId"]
    assert entry["eventType"] == "OrderPlaced"
    assert entry["occurredAt"] == "2025-11-25T13:32:10.530Z"
    assert entry["receivedAt"].endswith("Z")
    assert entry["event"] == event


def test_a_redelivered_event_is_stored_once(service, db):
    event = new_event("OrderPlaced")
    order_id = event["payload"]["orderId"]

    first = service.deliver(event)
    second = service.deliver(event)

    # A redelivery is acknowledged (SUCCESS), else daprd would keep sending it.
    assert first.json() == second.json() == {"status": "SUCCESS"}
    assert count_stored(db, order_id) == 1
    assert len(service.get(f"/api/v1/audit/orders/{order_id}").json()["events"]) == 1


def test_an_orders_events_come_back_in_the_order_they_occurred(service):
    placed = new_event("OrderPlaced")
    order_id = placed["payload"]["orderId"]
    refund = new_event("RefundRequested", order_id)  # occurred 13:46, after the placement at 13:32
    cancelled = new_event("OrderCancelled", order_id)
    cancelled["occurredAt"] = "2025-11-25T13:40:00.000+05:30"  # 08:10Z: the earliest, once in UTC

    for event in (refund, placed, cancelled):  # delivered out of order, as pub/sub may
        assert service.deliver(event).json() == {"status": "SUCCESS"}

    events = service.get(f"/api/v1/audit/orders/{order_id}").json()["events"]
    assert [e["eventType"] for e in events] == ["OrderCancelled", "OrderPlaced", "RefundRequested"]
    assert events[0]["occurredAt"] == "2025-11-25T08:10:00.000Z"


@pytest.mark.parametrize("event_type", ["OrderPlaced", "OrderExpired", "OrderCancelled", "RefundRequested"])
def test_every_order_events_type_is_audited(service, db, event_type):
    event = new_event(event_type)

    assert service.deliver(event).json() == {"status": "SUCCESS"}
    assert count_stored(db, event["payload"]["orderId"]) == 1


def _amount_as_string(event):
    event["payload"]["amount"] = "28000"


def _without_event_id(event):
    del event["eventId"]


def _event_id_not_a_uuid(event):
    event["eventId"] = "evt-1"


def _occurred_at_not_a_time(event):
    event["occurredAt"] = "yesterday"


def _line_without_price(event):
    del event["payload"]["items"][0]["unitPrice"]


def _wrong_currency(event):
    event["payload"]["currency"] = "USD"


def _payload_without_order_id(event):
    del event["payload"]["orderId"]


@pytest.mark.parametrize(
    "break_contract",
    [_amount_as_string, _without_event_id, _event_id_not_a_uuid, _occurred_at_not_a_time, _line_without_price, _wrong_currency, _payload_without_order_id],
)
def test_an_event_breaking_the_contract_is_dropped_and_not_stored(service, db, caplog, break_contract):
    event = new_event("OrderPlaced")
    order_id = event["payload"]["orderId"]
    break_contract(event)

    res = service.deliver(event)

    assert res.status == 200
    assert res.json() == {"status": "DROP"}
    assert count_stored(db, order_id) == 0
    assert any(r.levelname == "ERROR" and "dropped" in r.getMessage() for r in caplog.records)


def test_an_unknown_event_type_naming_its_order_is_audited(service, db):
    # AnyEvent lets new event types through; the audit keeps them as long as they name their order.
    event = new_event("OrderExpired")
    event["eventType"] = "OrderRescheduled"

    assert service.deliver(event).json() == {"status": "SUCCESS"}
    assert count_stored(db, event["payload"]["orderId"]) == 1


def test_an_unknown_event_type_without_an_order_is_dropped(service, db):
    event = new_event("OrderExpired")
    event["eventType"] = "PaymentConfirmed"  # a payment-events type, published on the wrong topic
    event["payload"] = {"orderReference": event["payload"]["orderId"]}

    assert service.deliver(event).json() == {"status": "DROP"}
    assert count_stored(db, event["payload"]["orderReference"]) == 0


def test_data_base64_is_decoded(service, db):
    event = new_event("OrderExpired")
    envelope = cloud_event(event)
    del envelope["data"]
    envelope["data_base64"] = base64.b64encode(json.dumps(event).encode()).decode()

    res = service.request("POST", "/dapr/events/order-events", envelope)

    assert res.json() == {"status": "SUCCESS"}
    assert count_stored(db, event["payload"]["orderId"]) == 1


@pytest.mark.parametrize("body", [b"{not json", b"[]", json.dumps({"id": "x", "data_base64": "%%%"}).encode(), json.dumps({"id": "x"}).encode()])
def test_a_body_that_is_not_a_cloud_event_with_data_is_dropped(service, body):
    res = service.request("POST", "/dapr/events/order-events", body, headers={"Content-Type": "application/cloudevents+json"})

    assert res.json() == {"status": "DROP"}


def test_while_the_database_is_down_events_are_retried(start_service, closed_port):
    service = start_service(DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed_port}/postgres", DATABASE_TIMEOUT_SECONDS="1")

    res = service.deliver(new_event())

    assert res.status == 200
    assert res.json() == {"status": "RETRY"}
    assert service.get("/healthz").json() == {"status": "ok"}  # alive, just not ready


def test_an_invalid_event_is_dropped_even_while_the_database_is_down(start_service, closed_port):
    service = start_service(DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed_port}/postgres", DATABASE_TIMEOUT_SECONDS="1")
    event = new_event()
    event["payload"]["amount"] = -1

    assert service.deliver(event).json() == {"status": "DROP"}
