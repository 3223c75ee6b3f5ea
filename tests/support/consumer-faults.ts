// Faults inside a real consumer, made in its own database: a trigger on notifications'
// notifications table fails the insert that an OrderPlaced's handler makes, for the event ids a
// test lists, until a given time (or forever). The handler throws as on any database error, so
// the sidecar sees the app's RETRY, retries and dead-letters: nothing is mocked. (A failing
// transaction rolls back, so a fault is bounded in time, not by a count of attempts.)
import { randomUUID } from 'node:crypto';
import { orderPlaced } from '../../contracts/examples/payloads';
import type { Sql } from './catalog-fixtures';

export async function installConsumerFaults(sql: Sql): Promise<void> {
  await sql(
    `create table if not exists public.consumer_faults (event_id text primary key, fail_until timestamptz not null)`,
  );
  await sql(`create or replace function public.fail_listed_events() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from public.consumer_faults where event_id = new.source_event_id and fail_until > clock_timestamp()) then
        raise exception 'injected fault for %', new.source_event_id;
      end if;
      return new;
    end $$`);
  await sql(`drop trigger if exists fail_listed_events on notifications.notifications`);
  await sql(
    `create trigger fail_listed_events before insert on notifications.notifications for each row execute function public.fail_listed_events()`,
  );
}

/** An OrderPlaced that notifications' handler fails on for `failForMs` (Infinity: always). */
export async function faultyOrderPlaced(sql: Sql, failForMs: number) {
  const event = {
    ...orderPlaced,
    eventId: randomUUID(),
    occurredAt: new Date().toISOString(),
    payload: { ...orderPlaced.payload, orderId: randomUUID() },
  };
  const until = Number.isFinite(failForMs) ? new Date(Date.now() + failForMs).toISOString() : 'infinity';
  await sql('insert into public.consumer_faults (event_id, fail_until) values ($1, $2)', [event.eventId, until]);
  return event;
}

/** Publishes an event through a sidecar's own publish API, as the publisher's runtime does. */
export async function publishThrough(
  sidecarUrl: string,
  topic: string,
  event: { eventId: string; eventType: string },
  pubsub = 'pubsub',
): Promise<void> {
  const res = await fetch(`${sidecarUrl}/v1.0/publish/${pubsub}/${topic}`, {
    method: 'POST',
    headers: { 'content-type': 'application/cloudevents+json' },
    body: JSON.stringify({
      specversion: '1.0',
      id: event.eventId,
      source: 'test',
      type: event.eventType,
      datacontenttype: 'application/json',
      data: event,
    }),
  });
  if (res.status >= 300) throw new Error(`publish ${topic}: ${res.status} ${await res.text()}`);
}
