// The embedded runtime: every service in one process. Pub/sub is delivered in-process with the
// same contract as Dapr (each subscribing app gets its own copy, at-least-once, retried with
// backoff, then dead-lettered); invocation goes over loopback HTTP to the target's own port, so
// the same routes, auth and error mapping run in both modes. Messages live in memory: durability
// comes from each service's outbox (nothing is marked published before every consumer has it) and
// dead letters from the dead-letter topic each service subscribes to and stores (dead-letters.ts).
import { setTimeout as sleep } from 'node:timers/promises';
import type { AnyEvent } from '@saga/contracts';
import type { Logger } from 'pino';
import {
  type DeliveredEvent,
  type InvokeRequest,
  type InvokeResponse,
  type RuntimePort,
  type Subscription,
  InvocationError,
  SERVICE_TOKEN_HEADER,
  deadLetterTopicOf,
  jsonRequest,
  type TypedHandlers,
  type TypedSubscriptionOptions,
  type TypedTopic,
  typedSubscription,
} from '@saga/runtime';
import { backoffMs, DEFAULT_DELIVERY_POLICY, type DeliveryPolicy } from './delivery-policy';
import { MemoryStateStore } from './memory-state';

/**
 * A delivery the hub gave up because it is closing: not a dead letter. The publish rejects, so the
 * publisher's outbox keeps the event and the next start publishes it again.
 */
export class HubClosedError extends Error {
  constructor() {
    super('the embedded hub is closing: delivery abandoned, the event stays in its outbox');
    this.name = 'HubClosedError';
  }
}

/**
 * A publish before every service of the process has subscribed. Answering it as delivered would
 * let the publisher's outbox forget an event that a consumer still to start never gets (after a
 * crash, the first relay to start republished what the crash left, before the later services
 * subscribed). Refused instead, so the event stays in its outbox until the hub is sealed.
 */
export class HubNotSealedError extends Error {
  constructor() {
    super('the embedded hub is not sealed: not every service has subscribed yet, the event stays in its outbox');
    this.name = 'HubNotSealedError';
  }
}

interface Subscriber {
  appId: string;
  subscription: Subscription;
}

export class EmbeddedHub {
  private readonly subscribers = new Map<string, Subscriber[]>();
  private readonly endpoints = new Map<string, { baseUrl: string; serviceToken?: string }>();
  private readonly waiters: Array<() => void> = [];
  private inFlight = 0;
  private readonly closing = new AbortController();
  private sealed = false;

  constructor(
    private readonly logger: Logger,
    private readonly policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY,
    private readonly invokeTimeoutMs = 10_000,
  ) {}

  runtimeFor(appId: string): RuntimePort {
    return new EmbeddedRuntime(this, appId);
  }

  /**
   * Called by each service once its HTTP server listens, with the credential its internal routes
   * require: invoke() sends it, as daprd sends the target's app token in Dapr mode.
   */
  registerEndpoint(appId: string, baseUrl: string, serviceToken?: string): void {
    this.endpoints.set(appId, { baseUrl, serviceToken });
  }

  /**
   * Every service of the process has registered its subscriptions: publishing may start. A
   * subscriber added later (another replica of a running app) receives what is published from
   * then on, as a new queue on a broker would.
   */
  seal(): void {
    this.sealed = true;
  }

  get isSealed(): boolean {
    return this.sealed;
  }

  addSubscriber(appId: string, subscription: Subscription): void {
    const list = this.subscribers.get(subscription.topic) ?? [];
    list.push({ appId, subscription });
    this.subscribers.set(subscription.topic, list);
  }

  /**
   * Resolves once every subscriber has processed the event (or it was dropped or dead-lettered):
   * the hub keeps messages in memory, so the publisher's outbox must not forget an event before
   * its consumers have it. A crash before that leaves the outbox row to be published again.
   */
  async publish(topic: string, event: AnyEvent, traceparent?: string): Promise<void> {
    if (this.closing.signal.aborted) throw new HubClosedError();
    if (!this.sealed) throw new HubNotSealedError();
    const delivered: DeliveredEvent = { id: event.eventId, topic, data: structuredClone(event), traceparent };
    await Promise.all((this.subscribers.get(topic) ?? []).map((subscriber) => this.deliver(subscriber, delivered)));
  }

  async invoke<T>(appId: string, request: InvokeRequest): Promise<InvokeResponse<T>> {
    const endpoint = this.endpoints.get(appId);
    if (!endpoint) throw new InvocationError(appId, 'no such app is running in this process');
    try {
      const res = await jsonRequest(`${endpoint.baseUrl}${request.path}`, {
        method: request.method,
        headers: endpoint.serviceToken
          ? { ...request.headers, [SERVICE_TOKEN_HEADER]: endpoint.serviceToken }
          : request.headers,
        body: request.body,
        timeoutMs: this.invokeTimeoutMs,
      });
      return { status: res.status, body: res.body as T };
    } catch (err) {
      throw new InvocationError(appId, (err as Error).message, { cause: err });
    }
  }

  /**
   * Stops delivering before the services close (their pools, their servers): attempts under way
   * finish, retries waiting for their backoff are abandoned, and nothing is dead-lettered for a
   * shutdown. Their publishes reject, so the events stay in the publishers' outboxes.
   */
  async close(): Promise<void> {
    this.closing.abort();
    await this.idle();
  }

  /** Resolves when no delivery is pending (tests and graceful shutdown). */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private async deliver(subscriber: Subscriber, event: DeliveredEvent): Promise<void> {
    const { appId, subscription } = subscriber;
    this.track(1);
    try {
      let failure = '';
      for (let attempt = 1; attempt <= this.policy.maxAttempts; attempt++) {
        if (attempt > 1) await this.backoff(attempt - 1);
        try {
          // A fresh copy per attempt: a handler must not see another's mutations.
          const result = (await subscription.handler({ ...event, data: structuredClone(event.data) })) ?? 'SUCCESS';
          if (result === 'SUCCESS') return;
          if (result === 'DROP') {
            this.logger.warn({ appId, topic: event.topic, eventId: event.id }, 'event dropped by its handler');
            return;
          }
          failure = 'handler answered RETRY';
        } catch (err) {
          failure = (err as Error).message;
        }
        if (this.closing.signal.aborted) throw new HubClosedError();
        this.logger.warn(
          { appId, topic: event.topic, eventId: event.id, attempt, err: failure },
          'event handler failed',
        );
      }
      const deadLetterTopic = deadLetterTopicOf(subscription);
      // No dead-letter topic: the publish fails, so the event stays where it came from (the
      // publisher's outbox, or the delivery that dead-lettered it) and is delivered again later.
      if (deadLetterTopic === null)
        throw new Error(
          `${appId} could not process ${event.topic} ${event.id} after ${this.policy.maxAttempts} attempts: ${failure}`,
        );
      this.logger.error(
        {
          appId,
          topic: event.topic,
          eventId: event.id,
          attempts: this.policy.maxAttempts,
          err: failure,
          deadLetterTopic,
        },
        'event dead-lettered',
      );
      await this.publish(deadLetterTopic, event.data, event.traceparent);
    } finally {
      this.track(-1);
    }
  }

  private async backoff(retry: number): Promise<void> {
    try {
      await sleep(backoffMs(this.policy, retry), undefined, { signal: this.closing.signal });
    } catch {
      throw new HubClosedError(); // woken by close()
    }
  }

  private track(delta: number): void {
    this.inFlight += delta;
    if (this.inFlight === 0) this.waiters.splice(0).forEach((resolve) => resolve());
  }
}

class EmbeddedRuntime implements RuntimePort {
  readonly kind = 'embedded' as const;
  readonly state = new MemoryStateStore();

  constructor(
    private readonly hub: EmbeddedHub,
    readonly appId: string,
  ) {}

  publish(topic: string, event: AnyEvent): Promise<void> {
    return this.hub.publish(topic, event);
  }

  subscribe(subscription: Subscription): void {
    this.hub.addSubscriber(this.appId, subscription);
  }

  on<T extends TypedTopic>(topic: T, handlers: TypedHandlers<T>, options?: TypedSubscriptionOptions): void {
    this.subscribe(typedSubscription(topic, handlers, options));
  }

  invoke<T>(appId: string, request: InvokeRequest): Promise<InvokeResponse<T>> {
    return this.hub.invoke<T>(appId, request);
  }

  async checkReady(): Promise<void> {
    if (!this.hub.isSealed) throw new Error('the embedded hub is not sealed yet (services still starting)');
  }

  async close(): Promise<void> {}
}
