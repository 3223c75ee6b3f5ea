"""SQL: the order_audit schema, owned by this service alone (no other service reads or writes it)."""
from __future__ import annotations

import logging
import threading

from psycopg.rows import dict_row
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool

from .logs import fields
from .schema import AuditRecord

log = logging.getLogger("order_audit.store")

# Idempotent, so that every start (and every replica) can run it. The advisory lock keeps two
# replicas starting together from racing on "if not exists" in the catalogs.
MIGRATION = """
select pg_advisory_xact_lock(hashtext('order_audit.migration'));
create schema if not exists order_audit;
create table if not exists order_audit.events (
  event_id text primary key,
  order_id text not null,
  event_type text not null,
  occurred_at timestamptz not null,
  event jsonb not null,
  received_at timestamptz not null default now()
);
create index if not exists events_order_id_idx on order_audit.events (order_id);
"""


class Store:
    def __init__(self, database_url: str, timeout_seconds: float):
        # A small pool: each HTTP request thread borrows one connection for one statement.
        # check= tests a connection before lending it, so a database restart costs no failed event.
        self._pool = ConnectionPool(
            database_url,
            min_size=1,
            max_size=4,
            timeout=timeout_seconds,
            kwargs={"connect_timeout": max(1, int(timeout_seconds))},
            check=ConnectionPool.check_connection,
            open=False,
            name="order-audit",
        )
        self._migrated = False
        self._migration_lock = threading.Lock()

    def open(self) -> None:
        # wait=False: the service starts (and answers /healthz, RETRY) even while the database is down.
        self._pool.open(wait=False)
        try:
            self.migrate()
        except Exception as err:
            log.warning("database not ready at start; will migrate on first use", extra=fields(err=type(err).__name__))

    def close(self) -> None:
        self._pool.close()

    def migrate(self) -> None:
        with self._migration_lock:
            if self._migrated:
                return
            with self._pool.connection() as conn:
                conn.execute(MIGRATION)
            self._migrated = True
            log.info("order_audit schema ready")

    def ping(self) -> None:
        with self._pool.connection() as conn:
            conn.execute("select 1")

    def add(self, record: AuditRecord) -> bool:
        """Stores the event once; False when it was already there (a redelivery)."""
        self.migrate()
        with self._pool.connection() as conn:
            cursor = conn.execute(
                """insert into order_audit.events (event_id, order_id, event_type, occurred_at, event)
                   values (%s, %s, %s, %s, %s)
                   on conflict (event_id) do nothing""",
                (record.event_id, record.order_id, record.event_type, record.occurred_at, Jsonb(record.event)),
            )
            return cursor.rowcount == 1

    def events_of(self, order_id: str) -> list[dict]:
        self.migrate()
        with self._pool.connection() as conn, conn.cursor(row_factory=dict_row) as cursor:
            cursor.execute(
                """select event_id, event_type, occurred_at, received_at, event
                   from order_audit.events where order_id = %s
                   order by occurred_at, received_at, event_id""",
                (order_id,),
            )
            return cursor.fetchall()
