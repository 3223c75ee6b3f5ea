"""Settings, read once from the environment (a mapping, so tests can pass their own)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

# services/order-audit/order_audit/config.py -> <repo>/contracts/generated/json-schema
DEFAULT_CONTRACTS_DIR = Path(__file__).resolve().parents[3] / "contracts" / "generated" / "json-schema"

TOPIC = "order-events"  # only the order service publishes here (see contracts/src/events/envelope.ts)


@dataclass(frozen=True)
class Config:
    host: str
    port: int
    pubsub_name: str
    app_api_token: str | None
    database_url: str
    database_timeout_seconds: float
    contracts_dir: Path
    log_level: str

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> "Config":
        return cls(
            host=env.get("HOST", "127.0.0.1"),
            port=int(env.get("ORDER_AUDIT_PORT", "3005")),
            pubsub_name=env.get("PUBSUB_NAME", "pubsub"),
            # An empty token would "match" an empty header: treat it as no token at all.
            app_api_token=env.get("APP_API_TOKEN") or None,
            database_url=env.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
            # How long a request waits for a database connection before it counts as "database down".
            database_timeout_seconds=float(env.get("DATABASE_TIMEOUT_SECONDS", "5")),
            contracts_dir=Path(env.get("CONTRACTS_DIR") or DEFAULT_CONTRACTS_DIR),
            log_level=env.get("LOG_LEVEL", "info").upper(),
        )
