// POST /api/v1/webhooks/razorpay: Razorpay's webhook, acknowledged with one INSERT and processed
// after the answer. Order of checks: a JSON body (its raw bytes are what is signed), the signature
// (nothing from an unauthenticated request is stored or trusted), the event id (the dedup key).
// A storage failure answers 503, so Razorpay delivers the event again.
import { RazorpayEventId, type RazorpayWebhookAck } from '@saga/contracts';
import { AppError, BODY_LIMITS, type Database, type Logger, jsonBody, validationError } from '@saga/runtime';
import type { ErrorRequestHandler, Express, Request } from 'express';
import { webhookEventRepository } from '../repositories/webhook-event-repository';
import type { WebhookProcessor } from './process-webhook-event';
import { providerOrderIdHint } from './razorpay-event';
import { eventLabel, type WebhookMetrics } from './webhook-metrics';
import { verifyRazorpaySignature } from './webhook-signature';

export const WEBHOOK_PATH = '/api/v1/webhooks/razorpay';

export interface ReceiveDeps {
  db: Database;
  /** The current webhook secret, then the previous one during a rotation. */
  secrets: string[];
  /** How long the receiving replica keeps the event before the reprocess worker may take it. */
  leaseSeconds: number;
  processor: WebhookProcessor;
  metrics: WebhookMetrics;
  logger: Logger;
}

export function receiveWebhookRoute(app: Express, deps: ReceiveDeps): void {
  const { metrics, logger } = deps;
  // Only what identifies the request: never the body, the signature or a secret.
  const who = (req: Request) => ({ ip: req.ip, eventId: req.header('x-razorpay-event-id')?.slice(0, 128) });
  const malformed = (req: Request, reason: string) => {
    metrics.received.inc({ event: 'unknown', outcome: 'malformed' });
    logger.warn({ ...who(req), reason }, 'Razorpay webhook refused: malformed request');
  };

  // Razorpay's signature is the caller's credential, and it covers the raw bytes: the body is read
  // first here, but within its own limit and never inflated (Razorpay does not compress).
  app.post(WEBHOOK_PATH, jsonBody(BODY_LIMITS.webhook), async (req, res) => {
    const stopTimer = metrics.ackSeconds.startTimer();
    const rawBody = req.rawBody;
    if (!rawBody?.length) {
      malformed(req, 'no application/json body');
      throw new AppError('MALFORMED_JSON', 'Expected a JSON body with Content-Type: application/json');
    }
    const verdict = verifyRazorpaySignature(rawBody, req.header('x-razorpay-signature'), deps.secrets);
    if (verdict !== 'valid') {
      metrics.received.inc({ event: 'unknown', outcome: 'invalid_signature' });
      logger.warn(
        {
          security: true,
          ...who(req),
          reason: verdict === 'missing' ? 'signature header missing' : 'signature mismatch',
        },
        'Razorpay webhook refused: invalid signature',
      );
      throw new AppError('INVALID_WEBHOOK_SIGNATURE', 'X-Razorpay-Signature is missing or does not match the body');
    }
    const eventId = req.header('x-razorpay-event-id');
    if (!eventId || !RazorpayEventId.safeParse(eventId).success) {
      malformed(req, 'event id header missing or invalid');
      throw validationError([{ name: 'X-Razorpay-Event-Id', reason: 'required: 1 to 128 letters, digits or _ . : -' }]);
    }
    const eventType = typeof req.body?.event === 'string' ? req.body.event.slice(0, 100) : 'unknown';

    let fresh: boolean;
    try {
      fresh = await webhookEventRepository.store(deps.db, {
        eventId,
        eventType,
        body: rawBody.toString('utf8'),
        leaseSeconds: deps.leaseSeconds,
      });
    } catch (err) {
      logger.error(
        { eventId, event: eventType, err: (err as Error).message },
        'could not store a Razorpay webhook; answering 503 so Razorpay retries',
      );
      throw new AppError('SERVICE_UNAVAILABLE', 'The webhook could not be stored; deliver it again later', {
        retryAfterSeconds: 5,
      });
    }
    const ack: RazorpayWebhookAck = { status: fresh ? 'received' : 'duplicate', eventId };
    res.json(ack);
    stopTimer();
    metrics.received.inc({ event: eventLabel(eventType), outcome: fresh ? 'accepted' : 'duplicate' });
    if (fresh) deps.processor.processSoon(eventId, providerOrderIdHint(req.body));
  });

  // The body parser fails before the handler runs; count and log it here, answer as usual.
  const onBodyError: ErrorRequestHandler = (err, req, _res, next) => {
    if (typeof (err as { type?: unknown }).type === 'string')
      malformed(req, `body refused: ${(err as { type: string }).type}`);
    next(err);
  };
  app.use(WEBHOOK_PATH, onBodyError);
}
