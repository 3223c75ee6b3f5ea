"""The audit and probe routes."""
import uuid

from conftest import new_event


def test_an_unknown_order_is_a_404_problem(service):
    order_id = str(uuid.uuid4())

    res = service.get(f"/api/v1/audit/orders/{order_id}")

    assert res.status == 404
    assert res.content_type == "application/problem+json"
    problem = res.json()
    assert problem["status"] == 404
    assert problem["code"] == "NOT_FOUND"
    assert order_id in problem["detail"]
    assert {"type", "title", "status", "detail", "code"} <= problem.keys()


def test_the_audit_of_one_order_leaves_out_other_orders(service):
    mine, other = new_event("OrderPlaced"), new_event("OrderPlaced")
    service.deliver(mine)
    service.deliver(other)

    events = service.get(f"/api/v1/audit/orders/{mine['payload']['orderId']}").json()["events"]

    assert [e["eventId"] for e in events] == [mine["eventId"]]


def test_health_and_readiness_with_the_database_up(service):
    assert service.get("/healthz").json() == {"status": "ok"}
    ready = service.get("/readyz")
    assert ready.status == 200
    assert ready.json() == {"status": "ready"}


def test_readiness_is_503_without_leaking_the_database_address(start_service, closed_port):
    service = start_service(DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed_port}/postgres", DATABASE_TIMEOUT_SECONDS="1")

    res = service.get("/readyz")

    assert res.status == 503
    assert res.content_type == "application/problem+json"
    assert res.json()["code"] == "SERVICE_UNAVAILABLE"
    assert "127.0.0.1" not in res.text and str(closed_port) not in res.text and "postgres" not in res.text


def test_audit_query_while_the_database_is_down_is_a_503_problem(start_service, closed_port):
    service = start_service(DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed_port}/postgres", DATABASE_TIMEOUT_SECONDS="1")

    res = service.get(f"/api/v1/audit/orders/{uuid.uuid4()}")

    assert res.status == 503
    assert str(closed_port) not in res.text


def test_an_unknown_route_is_a_404_problem(service):
    res = service.get("/nope")
    assert res.status == 404
    assert res.content_type == "application/problem+json"
