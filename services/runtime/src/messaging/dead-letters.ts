// Dead letters that survive restarts, in both runtimes. Every subscription of a service gets a
// dead-letter topic of its own (`<topic>.<appId>.deadletter`, so consumers of one topic do not see
// each other's failures); the service subscribes to it and stores what arrives in its
// `dead_letters` table. An operator lists, inspects and replays them over the service's internal
// routes (the `npm run dlq` CLI); a replay runs the original handler again, in-process, so topic
// publishing scopes are never bypassed. Handlers are idempotent (inbox), so a replay is safe.
import { AnyEvent } from '@saga/contracts';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { Database } from '../db/database';
import { isoTime, jsonValue } from '../db/sql-values';
import { AppError } from '../errors/app-error';
import type { EventHandler, RuntimePort, Subscription } from '../port/runtime-port';

export const deadLetterTopicFor = (topic: string, appId: string) => `${topic}.${appId}.deadletter`;

export interface DeadLetterCapture {
  /** The runtime the service's code sees: subscribe() also wires the dead-letter topic. */
  runtime: RuntimePort;
  mountRoutes(app: Express): void;
}

interface DeadLetterRow {
  id: string;
  topic: string;
  event_id: string;
  event_type: string;
  event: unknown;
  received_at: Date | string;
  replayed_at: Date | string | null;
  replay_count: number;
  last_replay_error: string | null;
}

export function captureDeadLetters(
  runtime: RuntimePort,
  db: Database,
  logger: Logger,
  registry: Registry,
): DeadLetterCapture {
  const handlers = new Map<string, EventHandler>();
  const counter = new Counter({
    name: 'runtime_dead_letters_total',
    help: 'Messages dead-lettered after every retry, by original topic',
    labelNames: ['topic'],
    registers: [registry],
  });

  const wrapped: RuntimePort = Object.create(runtime, {
    subscribe: {
      value(subscription: Subscription) {
        const deadLetterTopic = subscription.deadLetterTopic ?? deadLetterTopicFor(subscription.topic, runtime.appId);
        handlers.set(subscription.topic, subscription.handler);
        runtime.subscribe({ ...subscription, deadLetterTopic });
        runtime.subscribe({
          topic: deadLetterTopic,
          // A dead letter that cannot even be stored stays with the broker, delivered again
          // until it is: no dead-letter topic of its own (nothing would read it; SNS keeps
          // nothing for a topic without a subscription).
          handler: async (event) => {
            const stored = await db.query(
              `insert into dead_letters (topic, event_id, event_type, event) values ($1, $2, $3, $4) on conflict (topic, event_id) do nothing returning id`,
              [subscription.topic, event.data.eventId, event.data.eventType, JSON.stringify(event.data)],
            );
            if (stored.length) {
              counter.inc({ topic: subscription.topic });
              logger.error(
                { topic: subscription.topic, eventId: event.data.eventId, eventType: event.data.eventType },
                'event dead-lettered',
              );
            }
          },
          deadLetterTopic: null,
        });
      },
    },
  });

  const view = (r: DeadLetterRow) => ({
    id: Number(r.id),
    topic: r.topic,
    eventId: r.event_id,
    eventType: r.event_type,
    receivedAt: isoTime(r.received_at),
    replayedAt: r.replayed_at ? isoTime(r.replayed_at) : null,
    replayCount: r.replay_count,
    lastReplayError: r.last_replay_error,
  });

  async function find(id: string): Promise<DeadLetterRow> {
    const [row] = /^\d+$/.test(id)
      ? await db.query<DeadLetterRow>('select * from dead_letters where id = $1', [id])
      : [];
    if (!row) throw new AppError('NOT_FOUND', `no dead letter ${id}`);
    return row;
  }

  return {
    runtime: wrapped,
    mountRoutes(app) {
      app.get('/api/v1/internal/dead-letters', async (_req, res) => {
        const rows = await db.query<DeadLetterRow>('select * from dead_letters order by id desc limit 500');
        res.json({ appId: runtime.appId, deadLetters: rows.map(view) });
      });
      app.get('/api/v1/internal/dead-letters/:id', async (req, res) => {
        const row = await find(String(req.params.id));
        res.json({ ...view(row), event: jsonValue(row.event) });
      });
      app.post('/api/v1/internal/dead-letters/:id/replay', async (req, res) => {
        const row = await find(String(req.params.id));
        const handler = handlers.get(row.topic);
        if (!handler) throw new AppError('NOT_FOUND', `this service no longer subscribes to ${row.topic}`);
        const event = AnyEvent.parse(jsonValue(row.event));
        let outcome: string;
        try {
          outcome = (await handler({ id: event.eventId, topic: row.topic, data: event })) ?? 'SUCCESS';
        } catch (err) {
          outcome = `FAILED: ${(err as Error).message}`;
        }
        const ok = outcome === 'SUCCESS' || outcome === 'DROP';
        await db.query(
          'update dead_letters set replayed_at = now(), replay_count = replay_count + 1, last_replay_error = $1 where id = $2',
          [ok ? null : outcome.slice(0, 500), row.id],
        );
        logger.info({ id: row.id, topic: row.topic, eventId: row.event_id, outcome }, 'dead letter replayed');
        // A failed replay is an error like any other (problem+json), still naming the outcome for the operator.
        if (!ok)
          throw new AppError('UPSTREAM_FAILED', `the handler failed the message again: ${outcome}`, {
            id: Number(row.id),
            outcome,
          });
        res.json({ id: Number(row.id), outcome });
      });
    },
  };
}
