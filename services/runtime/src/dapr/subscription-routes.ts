// Serves Dapr's subscription protocol from the service's own express app:
//   GET /dapr/subscribe              -> the programmatic subscriptions, with dead-letter topics
//   POST /dapr/events/<topic>        -> one CloudEvent; answers {status: SUCCESS | RETRY | DROP}
// A handler that throws is answered RETRY: a failed message is never acknowledged.
import { AnyEvent } from '@saga/contracts';
import type { Express, Response } from 'express';
import type { Logger } from 'pino';
import { requireServiceToken } from '../auth/service-token';
import { BODY_LIMITS, jsonBody } from '../http/json-body';
import { type HandlerResult, type Subscription, deadLetterTopicOf } from '../port/runtime-port';

export const eventRoute = (topic: string) => `/dapr/events/${encodeURIComponent(topic)}`;

/**
 * Every delivery is answered one of three fixed bodies, written as they are: express's res.json
 * re-parses the content type and re-serialises each time, a fifth of what a delivery costs here.
 */
const ANSWERS: Record<HandlerResult, Buffer> = {
  SUCCESS: Buffer.from('{"status":"SUCCESS"}'),
  RETRY: Buffer.from('{"status":"RETRY"}'),
  DROP: Buffer.from('{"status":"DROP"}'),
};

function answer(res: Response, status: HandlerResult): void {
  const body = ANSWERS[status];
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length }).end(body);
}

export function mountDaprSubscriptions(
  app: Express,
  options: { pubsubName: string; subscriptions: Subscription[]; appApiToken?: string; logger: Logger },
): void {
  const { pubsubName, subscriptions, appApiToken, logger } = options;
  // daprd's app token (APP_API_TOKEN) first, then the body: an anonymous caller gets nothing parsed.
  app.use('/dapr', requireServiceToken(appApiToken), jsonBody(BODY_LIMITS.internal));

  app.get('/dapr/subscribe', (_req, res) => {
    res.json(
      subscriptions.map((s) => {
        const deadLetterTopic = deadLetterTopicOf(s);
        return {
          pubsubname: pubsubName,
          topic: s.topic,
          route: eventRoute(s.topic),
          ...(deadLetterTopic ? { deadLetterTopic } : {}),
        };
      }),
    );
  });

  for (const subscription of subscriptions) {
    app.post(eventRoute(subscription.topic), async (req, res) => {
      const cloudEvent = req.body as
        { id?: string; data?: unknown; data_base64?: string; traceparent?: string } | undefined;
      let data = cloudEvent?.data;
      if (data === undefined && typeof cloudEvent?.data_base64 === 'string') {
        // Undecodable base64 data is malformed like any other: DROP below, never a 500 (which daprd would retry).
        data = safeJson(Buffer.from(cloudEvent.data_base64, 'base64').toString('utf8'));
      }
      const parsed = AnyEvent.safeParse(typeof data === 'string' ? safeJson(data) : data);
      if (!parsed.success) {
        // Redelivering a malformed message cannot fix it; DROP routes it out of the way (logged).
        logger.error({ topic: subscription.topic, ceId: cloudEvent?.id }, 'malformed event dropped');
        return answer(res, 'DROP');
      }
      try {
        const status =
          (await subscription.handler({
            id: cloudEvent?.id ?? parsed.data.eventId,
            topic: subscription.topic,
            data: parsed.data,
            traceparent: cloudEvent?.traceparent,
          })) ?? 'SUCCESS';
        answer(res, status);
      } catch (err) {
        logger.warn(
          {
            topic: subscription.topic,
            eventId: parsed.data.eventId,
            traceparent: cloudEvent?.traceparent,
            err: (err as Error).message,
          },
          'event handler failed; asking for redelivery',
        );
        answer(res, 'RETRY');
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
