// The one port business code talks to for everything outside its own database: pub/sub,
// service invocation and key/value state. Two adapters implement it with one contract:
//   - dapr: the Dapr sidecar (production, `dapr run`, Kubernetes)
//   - embedded: all services in one process (npm start, tests, benchmarks)
// Contract: at-least-once delivery, retried with backoff, then dead-lettered; messages are
// CloudEvents whose id is the event's eventId, so consumers deduplicate on it.
import type { AnyEvent } from '@saga/contracts';
import type { TypedHandlers, TypedSubscriptionOptions, TypedTopic } from '../messaging/typed-subscription';

export type HandlerResult = 'SUCCESS' | 'RETRY' | 'DROP';

export interface DeliveredEvent {
  /** CloudEvent id; equals data.eventId for events we publish. */
  id: string;
  topic: string;
  data: AnyEvent;
  /** W3C trace context carried by the CloudEvent, when any. */
  traceparent?: string;
}

/** Returning nothing means SUCCESS; throwing means RETRY (never a silent acknowledgement). */
export type EventHandler = (event: DeliveredEvent) => Promise<HandlerResult | void>;

export interface Subscription {
  topic: string;
  handler: EventHandler;
  /**
   * Where messages go after the last retry; default `<topic>.deadletter`. `null`: nowhere, the
   * message stays with the broker and is delivered again later (never dropped). For a subscription
   * that stores dead letters: a topic of its own that nobody reads would keep nothing.
   */
  deadLetterTopic?: string | null;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface InvokeRequest {
  method: HttpMethod;
  /** Path on the target app, e.g. `/api/v1/internal/products/check-availability`. */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface InvokeResponse<T = unknown> {
  status: number;
  body: T;
}

/** The target could not be reached or did not answer: the outcome of the call is unknown. */
export class InvocationError extends Error {
  constructor(
    readonly appId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`invoke ${appId}: ${message}`, options);
    this.name = 'InvocationError';
  }
}

/**
 * A dependency is not ready, for a reason of our own wording that names no address and is safe to
 * answer on /readyz (e.g. "check APP_API_TOKEN on both sides"); any other error is only logged.
 */
export class NotReadyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotReadyError';
  }
}

export interface StateEntry<T> {
  value: T;
  etag: string;
}

export interface StateStore {
  get<T>(key: string): Promise<StateEntry<T> | undefined>;
  /** With etag: first-write-wins; a stale etag rejects with StateConflictError. */
  save<T>(key: string, value: T, options?: { etag?: string; ttlSeconds?: number }): Promise<void>;
  delete(key: string, options?: { etag?: string }): Promise<void>;
}

export class StateConflictError extends Error {
  constructor(key: string) {
    super(`state ${key}: etag mismatch`);
    this.name = 'StateConflictError';
  }
}

export interface RuntimePort {
  readonly kind: 'embedded' | 'dapr';
  readonly appId: string;
  /** Resolves once the broker accepted the event; rejects otherwise (callers keep it in their outbox). */
  publish(topic: string, event: AnyEvent): Promise<void>;
  subscribe(subscription: Subscription): void;
  /**
   * One subscription to the topic, one handler per event type, each given the payload parsed and
   * validated against the contract; other event types are acknowledged (messaging/typed-subscription.ts).
   */
  on<T extends TypedTopic>(topic: T, handlers: TypedHandlers<T>, options?: TypedSubscriptionOptions): void;
  /** Resolves with any HTTP status; rejects with InvocationError when the outcome is unknown. */
  invoke<T = unknown>(appId: string, request: InvokeRequest): Promise<InvokeResponse<T>>;
  readonly state: StateStore;
  /** Throws when the runtime cannot serve (sidecar down). */
  checkReady(): Promise<void>;
  close(): Promise<void>;
}

export const defaultDeadLetterTopic = (topic: string) => `${topic}.deadletter`;

/** The subscription's dead-letter topic: its own, the default when unset, or null for none. */
export const deadLetterTopicOf = (s: Pick<Subscription, 'topic' | 'deadLetterTopic'>): string | null =>
  s.deadLetterTopic === undefined ? defaultDeadLetterTopic(s.topic) : s.deadLetterTopic;
