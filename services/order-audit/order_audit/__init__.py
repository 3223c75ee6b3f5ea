"""order-audit: the saga's second-language subscriber.

It joins the saga from the contracts alone (contracts/generated/json-schema): it subscribes to
order-events through its own Dapr sidecar, validates every event against the JSON Schemas and keeps
an append-only audit trail per order in PostgreSQL.
"""
