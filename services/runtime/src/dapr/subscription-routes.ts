// Serves Dapr's subscription protocol from the service's own express app:
//   GET /dapr/subscribe              -> the programmatic subscriptions, with dead-letter topics
//   POST /dapr/events/<topic>        -> one CloudEvent; answers {status: SUCCESS | RETRY | DROP}
// A handler that throws is answered RETRY: a failed message is never acknowledged.
import { timingSafeEqual } from 'node:crypto';
import { AnyEvent } from '@saga/contracts';
import type { Express, Request } from 'express';
import type { Logger } from 'pino';
import { type Subscription, deadLetterTopicOf } from '../port/runtime-port';

export const eventRoute = (topic: string) => `/dapr/events/${encodeURIComponent(topic)}`;

function tokenMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function mountDaprSubscriptions(
  app: Express,
  options: { pubsubName: string; subscriptions: Subscription[]; appApiToken?: string; logger: Logger },
): void {
  const { pubsubName, subscriptions, appApiToken, logger } = options;
  const authorized = (req: Request) => !appApiToken || tokenMatches(appApiToken, req.header('dapr-api-token'));

  app.get('/dapr/subscribe', (req, res) => {
    if (!authorized(req)) return void res.status(401).json({ error: 'dapr-api-token required' });
    res.json(
      subscriptions.map((s) => {
        const deadLetterTopic = deadLetterTopicOf(s);
        return { pubsubname: pubsubName, topic: s.topic, route: eventRoute(s.topic), ...(deadLetterTopic ? { deadLetterTopic } : {}) };
      }),
    );
  });

  for (const subscription of subscriptions) {
    app.post(eventRoute(subscription.topic), async (req, res) => {
      if (!authorized(req)) return void res.status(401).json({ error: 'dapr-api-token required' });
      const cloudEvent = req.body as { id?: string; data?: unknown; data_base64?: string; traceparent?: string } | undefined;
      let data = cloudEvent?.data;
      if (data === undefined && typeof cloudEvent?.data_base64 === 'string') {
        // Undecodable base64 data is malformed like any other: DROP below, never a 500 (which daprd would retry).
        data = safeJson(Buffer.from(cloudEvent.data_base64, 'base64').toString('utf8'));
      }
      const parsed = AnyEvent.safeParse(typeof data === 'string' ? safeJson(data) : data);
      if (!parsed.success) {
        // Redelivering a malformed message cannot fix it; DROP routes it out of the way (logged).
        logger.error({ topic: subscription.topic, ceId: cloudEvent?.id }, 'malformed event dropped');
        return void res.json({ status: 'DROP' });
      }
      try {
        const status =
          (await subscription.handler({ id: cloudEvent?.id ?? parsed.data.eventId, topic: subscription.topic, data: parsed.data, traceparent: cloudEvent?.traceparent })) ??
          'SUCCESS';
        res.json({ status });
      } catch (err) {
        logger.warn({ topic: subscription.topic, eventId: parsed.data.eventId, traceparent: cloudEvent?.traceparent, err: (err as Error).message }, 'event handler failed; asking for redelivery');
        res.json({ status: 'RETRY' });
      }
    });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
