"""Contract validation alone, without HTTP or database."""
import json
import shutil

import pytest

from conftest import EXAMPLES
from order_audit.config import DEFAULT_CONTRACTS_DIR
from order_audit.schema import EventContract, InvalidEvent


@pytest.fixture(scope="module")
def contract():
    return EventContract(DEFAULT_CONTRACTS_DIR)


@pytest.mark.parametrize("event_type", sorted(EXAMPLES))
def test_the_contract_examples_are_valid(contract, event_type):
    record = contract.parse(EXAMPLES[event_type])
    assert (record.event_type, record.order_id) == (event_type, EXAMPLES[event_type]["payload"]["orderId"])


def test_a_naive_occurred_at_is_rejected(contract):
    event = json.loads(json.dumps(EXAMPLES["OrderExpired"]))
    event["eventType"] = "SomethingNew"  # no type schema: only AnyEvent and the time parser check it
    event["occurredAt"] = "2025-11-25T13:45:00"
    with pytest.raises(InvalidEvent):
        contract.parse(event)


def test_refs_between_schema_files_are_resolved(tmp_path):
    # The generated AnyEvent.json is self-contained today; if it starts to $ref shared files or
    # $defs, validation must follow the refs instead of failing or skipping them.
    contracts = tmp_path / "json-schema"
    shutil.copytree(DEFAULT_CONTRACTS_DIR, contracts)
    base = "https://contracts.checkout-saga.dev/json-schema/"
    (contracts / "Envelope.json").write_text(json.dumps({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": base + "Envelope.json",
        "type": "object",
        "properties": {"eventId": {"$ref": "#/$defs/Id"}, "eventVersion": {"type": "integer", "minimum": 1}},
        "required": ["eventId", "eventType", "eventVersion", "occurredAt", "payload"],
        "$defs": {"Id": {"type": "string", "minLength": 1}},
    }))
    (contracts / "AnyEvent.json").write_text(json.dumps({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": base + "AnyEvent.json",
        "$ref": "Envelope.json",
    }))
    contract = EventContract(contracts)
    event = json.loads(json.dumps(EXAMPLES["OrderExpired"]))
    event["eventType"] = "SomethingNew"

    assert contract.parse(event).event_id == event["eventId"]
    event["eventId"] = ""
    with pytest.raises(InvalidEvent, match="eventId"):
        contract.parse(event)


def test_a_contracts_folder_without_any_event_fails_at_start(tmp_path):
    with pytest.raises(FileNotFoundError):
        EventContract(tmp_path)
