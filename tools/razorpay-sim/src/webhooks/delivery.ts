import { setMaxListeners } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import type { Logger } from 'pino';
import type { KnobState } from '../knobs';
import type { StatsRecorder } from '../stats';
import type { Store, StoredEvent } from '../store';
import type { WebhookDeliveryReport } from '../types';
import { signWebhookBody } from './signature';

export interface WebhookDispatcherDeps {
  store: Store;
  knobs: KnobState;
  stats: StatsRecorder;
  logger: Logger;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

class DeliveryTimeout extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

function describeError(err: unknown): string {
  if (err instanceof DeliveryTimeout) return err.message;
  if (err instanceof Error) {
    if (err.name === 'AbortError') return 'simulator closed';
    const code = (err as NodeJS.ErrnoException).code;
    return typeof code === 'string' ? code : err.message;
  }
  return String(err);
}

/**
 * One POST, resolving with the HTTP status once the answer is read. node:http rather than fetch:
 * fetch refuses some ports outright (its "bad ports" list) and is often mocked in tests.
 */
function postOnce(
  target: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(target);
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.request(
      url,
      { method: 'POST', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }, signal },
      (response) => {
        // Drain the answer so the connection can be reused; its content does not matter.
        response.resume();
        response.on('end', () => {
          clearTimeout(timer);
          resolve(response.statusCode ?? 0);
        });
        response.on('error', (err) => {
          clearTimeout(timer);
          reject(err);
        });
      },
    );
    const timer = setTimeout(() => request.destroy(new DeliveryTimeout(timeoutMs)), timeoutMs);
    request.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    request.end(body);
  });
}

/**
 * Sends stored events to the webhook URL like Razorpay: signed raw body, event id in a header,
 * a timeout per attempt, and retries with exponential backoff on a non-2xx or a network error.
 * Razorpay retries for 24 h; the simulator gives up after `webhookRetries` so tests stay fast.
 */
export class WebhookDispatcher {
  private readonly pending = new Set<Promise<unknown>>();
  // One signal cuts every pending delivery short; each in-flight delivery listens to it, so lift
  // Node's ten-listener warning (a load test has hundreds in flight).
  private closing = unboundedController();

  constructor(private readonly deps: WebhookDispatcherDeps) {}

  record(event: StoredEvent): StoredEvent {
    this.deps.store.addEvent(event);
    this.deps.stats.data.webhooks.events += 1;
    return event;
  }

  /**
   * Sequential, so the receiver sees the events in the order Razorpay usually sends them. Only the
   * events the webhook is subscribed to (knob webhookEvents); the others stay recorded, unsent.
   */
  async deliverAll(events: StoredEvent[]): Promise<WebhookDeliveryReport[]> {
    const subscribed = this.deps.knobs.peek().webhookEvents;
    const reports: WebhookDeliveryReport[] = [];
    for (const event of events)
      if (!subscribed || subscribed.includes(event.event)) reports.push(await this.deliver(event));
    return reports;
  }

  /**
   * For events caused by a /v1 call (capture, refund): Razorpay answers the API call first and
   * the webhooks follow on their own. close() and waitForIdle() still account for them.
   */
  deliverInBackground(events: StoredEvent[]): void {
    if (events.length === 0) return;
    // Sent once the change they report is stored, as after Razorpay's answer.
    const task = this.deps.store
      .commit()
      .then(() => this.deliverAll(events))
      .catch((err: unknown) => {
        this.deps.logger.error({ err }, 'razorpay-sim: background webhook delivery crashed');
      });
    this.pending.add(task);
    void task.finally(() => this.pending.delete(task));
  }

  withhold(events: StoredEvent[]): void {
    this.deps.stats.data.webhooks.withheld += events.length;
  }

  async deliver(event: StoredEvent): Promise<WebhookDeliveryReport> {
    const { knobs, stats, logger } = this.deps;
    const config = knobs.peek();
    const maxAttempts = 1 + config.webhookRetries;
    let status: number | null = null;
    let error: string | undefined;
    let attempts = 0;
    let sentAt = 0;
    let durationMs = 0;

    for (let attempt = 1; attempt <= maxAttempts && !this.closing.signal.aborted; attempt += 1) {
      attempts = attempt;
      // Read the knobs per attempt: a test may fix the URL or secret while retries are pending.
      const { webhookUrl, webhookSecret, webhookTimeoutMs } = knobs.peek();
      const started = Date.now();
      sentAt = performance.timeOrigin + performance.now();
      status = null;
      error = undefined;
      try {
        const headers = {
          'Content-Type': 'application/json',
          'User-Agent': 'Razorpay-Webhook/v1',
          'X-Razorpay-Signature': signWebhookBody(event.body, webhookSecret),
          'X-Razorpay-Event-Id': event.id,
        };
        status = await postOnce(webhookUrl, headers, event.body, webhookTimeoutMs, this.closing.signal);
      } catch (err) {
        error = describeError(err);
      }
      durationMs = performance.timeOrigin + performance.now() - sentAt;
      stats.data.webhooks.attempts += 1;
      event.deliveries.push({ at: started, status, durationMs: Date.now() - started, ...(error ? { error } : {}) });
      this.deps.store.saveDeliveries(event);
      const ok = status !== null && status >= 200 && status < 300;
      logger.info(
        { eventId: event.id, event: event.event, attempt, status, error, url: webhookUrl },
        ok ? 'razorpay-sim: webhook delivered' : 'razorpay-sim: webhook attempt failed',
      );
      if (ok) break;
      if (attempt < maxAttempts) {
        await abortableSleep(config.webhookRetryBackoffMs * 2 ** (attempt - 1), this.closing.signal);
      }
    }

    const delivered = status !== null && status >= 200 && status < 300;
    if (delivered) stats.data.webhooks.delivered += 1;
    else stats.data.webhooks.failed += 1;
    return {
      id: event.id,
      event: event.event,
      status,
      delivered,
      attempts,
      sentAt,
      durationMs,
      ...(error ? { error } : {}),
    };
  }

  /** Resolves once every background delivery (including ones started meanwhile) has finished. */
  async waitForIdle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Undoes close(), for a simulator that listens again after being closed. */
  reopen(): void {
    if (this.closing.signal.aborted) this.closing = unboundedController();
  }

  /** Cuts pending attempts and backoffs short, then waits for them to unwind. */
  async close(): Promise<void> {
    this.closing.abort();
    await this.waitForIdle();
  }
}

function unboundedController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
