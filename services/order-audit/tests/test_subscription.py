"""The Dapr side: the subscription daprd reads, and the app API token it must present."""
import pytest

from conftest import new_event


def test_subscribes_to_order_events_on_the_configured_pubsub(start_service, database_url):
    service = start_service(DATABASE_URL=database_url, PUBSUB_NAME="saga-bus")

    res = service.get("/dapr/subscribe")

    assert res.status == 200
    assert res.json() == [{"pubsubname": "saga-bus", "topic": "order-events", "route": "/dapr/events/order-events"}]


def test_default_pubsub_name_is_pubsub(service):
    assert service.get("/dapr/subscribe").json()[0]["pubsubname"] == "pubsub"


@pytest.mark.parametrize("headers", [{}, {"dapr-api-token": "wrong"}, {"dapr-api-token": ""}])
def test_with_app_api_token_the_sidecar_routes_refuse_a_caller_without_it(start_service, database_url, db, headers):
    service = start_service(DATABASE_URL=database_url, APP_API_TOKEN="s3cret")
    event = new_event()

    assert service.get("/dapr/subscribe", headers=headers).status == 401
    res = service.deliver(event, headers=headers)

    assert res.status == 401
    assert res.json()["code"] == "UNAUTHORIZED"
    assert db.execute("select count(*) from order_audit.events where event_id = %s", (event["eventId"],)).fetchone()[0] == 0


def test_with_app_api_token_the_sidecar_routes_accept_the_token(start_service, database_url):
    service = start_service(DATABASE_URL=database_url, APP_API_TOKEN="s3cret")
    token = {"dapr-api-token": "s3cret"}
    event = new_event()

    assert service.get("/dapr/subscribe", headers=token).status == 200
    assert service.deliver(event, headers=token).json() == {"status": "SUCCESS"}
    assert service.get(f"/api/v1/audit/orders/{event['payload']['orderId']}").status == 200
