"""Contract validation: an event is what the generated JSON Schemas say, nothing else.

Every file in the contracts folder goes into one `referencing` registry, so a schema may `$ref`
another file (by its `$id` or a relative name) or its own `$defs`. AnyEvent.json checks the envelope
of any event; the four order-events types are also checked against their own schema, since
AnyEvent leaves `payload` open (an amount sent as a string would otherwise pass).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from jsonschema import validators
from referencing import Registry, Resource

# The messages of channel orderEvents in contracts/generated/asyncapi.json.
ORDER_EVENT_TYPES = ("OrderPlaced", "OrderExpired", "OrderCancelled", "RefundRequested")


@dataclass(frozen=True)
class AuditRecord:
    """What the store keeps of one valid event."""

    event_id: str
    order_id: str
    event_type: str
    occurred_at: datetime
    event: dict


class InvalidEvent(ValueError):
    """The event breaks the contract: redelivering it cannot help."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


class EventContract:
    def __init__(self, contracts_dir: Path):
        schemas = {path.name: json.loads(path.read_text("utf-8")) for path in sorted(contracts_dir.glob("*.json"))}
        if "AnyEvent.json" not in schemas:
            raise FileNotFoundError(f"AnyEvent.json not found in {contracts_dir}")
        # Register each schema under its $id (against which a relative ref such as "Paise.json"
        # resolves) and under its bare file name (for a schema without $id).
        resources = []
        for name, schema in schemas.items():
            resource = Resource.from_contents(schema)  # the draft comes from the schema's own $schema
            resources.append((name, resource))
            if isinstance(schema.get("$id"), str):
                resources.append((schema["$id"], resource))
        registry = Registry().with_resources(resources)

        def validator(name: str):
            schema = schemas[name]
            cls = validators.validator_for(schema)
            cls.check_schema(schema)
            # Formats (uuid, date-time) are assertions here, as they are for the zod contracts.
            return cls(schema, registry=registry, format_checker=cls.FORMAT_CHECKER)

        self._envelope = validator("AnyEvent.json")
        # A missing type schema is a broken contracts folder: fail at start, not on the first event.
        self._by_type = {event_type: validator(f"{event_type}.json") for event_type in ORDER_EVENT_TYPES}

    def parse(self, data: Any) -> AuditRecord:
        """The audit record of an order-events event, or InvalidEvent saying why not."""
        self._check(self._envelope, data)
        typed = self._by_type.get(data["eventType"])
        if typed is not None:
            self._check(typed, data)
        # An event type added later still gets audited, provided it names its order.
        payload = data["payload"]
        order_id = payload.get("orderId") if isinstance(payload, dict) else None
        if not isinstance(order_id, str) or not order_id:
            raise InvalidEvent(["payload.orderId: missing; every order-events event names its order"])
        return AuditRecord(
            event_id=data["eventId"],
            order_id=order_id,
            event_type=data["eventType"],
            occurred_at=_timestamp(data["occurredAt"]),
            event=data,
        )

    @staticmethod
    def _check(validator, data: Any) -> None:
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
        if errors:
            raise InvalidEvent([f"{e.json_path}: {e.message}"[:300] for e in errors[:10]])


def _timestamp(text: str) -> datetime:
    # AnyEvent only says "string"; the column is timestamptz, so an unreadable time is a contract
    # breach (DROP), not a database error that a retry would repeat forever.
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidEvent([f"$.occurredAt: not an ISO 8601 time: {text[:40]!r}"]) from None
    if moment.tzinfo is None:
        raise InvalidEvent(["$.occurredAt: has no UTC offset"])
    return moment
