// A TEST DOUBLE of Dapr sidecars (daprd), for tests only. Written when no daprd could run here;
// real daprd now does (npm run dapr:install), and every system-level Dapr test runs against it
// (tests/dapr/*.real-daprd.test.ts on tests/support/real-dapr-system.ts, which records what the
// sidecars hand the apps with tests/support/recording-proxy.ts). The double remains only for the
// adapter's own tests (dapr-runtime.test.ts, subscription-routes.test.ts, and its own,
// sidecar-double.test.ts), for what real daprd cannot show a test: the exact requests the adapter
// sends its sidecar (recorded here), and faults injected on cue (a sidecar set unhealthy, an answer
// scripted per route). Where the double and daprd were found to differ, daprd is right (README,
// "Run on Dapr").
//
// One DaprSidecarDouble per app, as in production, each on its own loopback port and speaking the
// subset of daprd's HTTP API v1.0 that @dapr/dapr 3.18's HTTP client calls (paths, methods,
// headers and content types as in node_modules/@dapr/dapr/implementation/Client/HTTPClient/*.js)
// and answering as daprd does (error bodies `{ errorCode, message }`, statuses from dapr/dapr
// pkg/api/http and pkg/api/errors). All sidecars join one DaprControlPlane: the name resolution
// between app ids, the pub/sub broker and the state stores, all in memory.
//
//   GET  /v1.0/healthz, /v1.0/healthz/outbound      204 (500 ERR_HEALTH_NOT_READY when set unhealthy)
//   GET  /v1.0/metadata                            200 { id, components, subscriptions, ... }
//   *    /v1.0/invoke/{appId}/method/{path...}     forwarded to the target app through ITS sidecar;
//                                                  the app's status, content-type and body come back
//                                                  unchanged; unreachable or unknown: 500 ERR_DIRECT_INVOKE
//   POST /v1.0/publish/{pubsub}/{topic}            204; unknown pubsub: 404 ERR_PUBSUB_NOT_FOUND
//   POST /v1.0/state/{store}                       204; etag mismatch: 409 ERR_STATE_SAVE
//   GET  /v1.0/state/{store}/{key}                 200 + ETag header, or 204 when missing
//   POST /v1.0/state/{store}/bulk                  200 [{ key, data, etag }] ({ key } when missing)
//   DELETE /v1.0/state/{store}/{key}               204; If-Match mismatch: 409 ERR_STATE_DELETE
//
// API token (DAPR_API_TOKEN): every call without the right `dapr-api-token` is refused with 401, as
// daprd's APITokenAuthMiddleware does: text/plain "invalid api token", and GET /v1.0/healthz and
// /v1.0/healthz/outbound stay open (probes). App token (APP_API_TOKEN): the sidecar sends
// `dapr-api-token` on everything it sends its app (invocations, deliveries, /dapr/subscribe).
//
// Pub/sub delivery follows daprd's HTTP subscriber (pkg/runtime/subscription/postman/http):
// each subscribing app id gets one copy (consumer group per app id; replicas compete), POSTed as
// application/cloudevents+json to the subscription's route. 2xx with an empty or non-JSON body, or
// status "" / SUCCESS: done. RETRY, an unknown status, a transport error or any non-2xx but 404:
// redelivered with backoff (DeliveryPolicyOptions), then published to the deadLetterTopic when the
// subscription has one, else dropped (recorded). DROP: dropped, and sent to the deadLetterTopic when
// there is one (daprd >= 1.12). 404: dropped, never dead-lettered.
// Messages live in memory; a subscriber registered after a publish does not get it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import {
  BodyTooLargeError,
  HOP_BY_HOP,
  type OutboundResponse,
  callApp,
  decodeBody,
  flatHeaders,
  isJsonMediaType,
  mediaType,
  metadataFromQuery,
  newTraceparent,
  readBody,
  sendApiError,
  sendEmpty,
  sendGoError,
  sendJson,
} from './dapr-double-http';
import {
  ETagMismatchError,
  KEY_SEPARATOR,
  type SetItem,
  StateRequestError,
  StateStoreDouble,
  parseTtl,
} from './dapr-double-state';

export { ETagMismatchError, StateStoreDouble } from './dapr-double-state';
export type { StoredState } from './dapr-double-state';

// ---------------------------------------------------------------------------------------------
// Types

export interface DeliveryPolicyOptions {
  /** Redeliveries after the first attempt (a resiliency policy's maxRetries). Default 3. */
  maxRetries: number;
  /** Delay before the first redelivery, in ms. Default 10. */
  intervalMs: number;
  /** `constant`: every redelivery waits intervalMs; `exponential`: intervalMs * 2^(n-1), capped. Default exponential. */
  backoff: 'constant' | 'exponential';
  /** Cap for exponential backoff, in ms. Default 1000. */
  maxIntervalMs: number;
}

export interface DaprControlPlaneOptions {
  /** Pub/sub component names every sidecar has. Default ['pubsub']. */
  pubsubs?: string[];
  /** State store component names every sidecar has. Default ['statestore']. */
  stateStores?: string[];
  delivery?: Partial<DeliveryPolicyOptions>;
  /** How long a delivery POST to an app may take before it counts as failed (retried). Default 5000. */
  deliveryTimeoutMs?: number;
  /** How long an invoked app may take before the caller gets 500 ERR_DIRECT_INVOKE. Default 10000. */
  invokeTimeoutMs?: number;
  /** Clock for state TTLs (epoch ms); tests pass their own to expire keys without waiting. */
  now?: () => number;
}

export interface DaprSidecarDoubleOptions {
  /** The app id (dapr run --app-id). */
  appId: string;
  /** The app's base URL (what --app-port points at). May be set later with setAppUrl(). */
  appUrl?: string;
  /** DAPR_API_TOKEN: the app must send it as `dapr-api-token` on every call. */
  apiToken?: string;
  /** APP_API_TOKEN: sent to the app as `dapr-api-token` on everything the sidecar sends it. */
  appApiToken?: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** daprd's --max-body-size; larger requests get 413. Default 4 MiB. */
  maxBodyBytes?: number;
}

/** One request the app made to its sidecar. */
export interface RecordedRequest {
  /** Order across the whole control plane. */
  seq: number;
  at: number;
  method: string;
  /** Path as received (still percent-encoded), without the query string. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased names. */
  headers: Record<string, string>;
  /** Parsed JSON when it parses, else text; undefined when empty. */
  body: unknown;
  rawBody: Buffer;
  /** The status the sidecar answered (set once answered). */
  status?: number;
}

/** One request a sidecar made to its own app. */
export interface RecordedAppCall {
  seq: number;
  at: number;
  kind: 'invoke' | 'deliver' | 'subscribe';
  method: string;
  /** Path and query on the app. */
  path: string;
  headers: Record<string, string>;
  body: unknown;
  status?: number;
  responseBody?: unknown;
  error?: string;
}

export interface AppSubscription {
  pubsubname: string;
  topic: string;
  /** Path on the app, with a leading slash. */
  route: string;
  deadLetterTopic?: string;
  metadata?: Record<string, string>;
}

export type CloudEventJson = Record<string, unknown> & { id: string };

export interface BrokerMessage {
  seq: number;
  at: number;
  pubsubname: string;
  /** The topic it was published to (routing); the CloudEvent's own `topic` field is kept as published. */
  topic: string;
  cloudEvent: CloudEventJson;
  /** App id of the publisher (`daprd` for dead letters). */
  publishedBy: string;
  metadata: Record<string, string>;
  /** Set on a dead letter: where it came from. */
  deadLetterOf?: { topic: string; appId: string; reason: DeadLetterReason };
}

export type DeliveryResult = 'SUCCESS' | 'RETRY' | 'DROP' | 'NOT_FOUND';
export type DeadLetterReason = 'RETRIES_EXHAUSTED' | 'DROP';

export interface DeliveryAttempt {
  messageSeq: number;
  messageId: string;
  pubsubname: string;
  topic: string;
  appId: string;
  route: string;
  /** 1 for the first delivery. */
  attempt: number;
  result: DeliveryResult;
  /** The app's HTTP status (undefined on a transport error). */
  status?: number;
  responseBody?: unknown;
  error?: string;
  /** Headers sent to the app. */
  headers: Record<string, string>;
  at: number;
}

export interface DropRecord {
  messageId: string;
  topic: string;
  appId: string;
  reason: 'DROP' | 'NOT_FOUND' | 'RETRIES_EXHAUSTED' | 'NO_SUBSCRIBER';
  attempts: number;
  /** Set when the dropped message was forwarded to a dead-letter topic (DROP with a deadLetterTopic). */
  deadLetterTopic?: string;
}

export interface DeadLetterRecord {
  messageId: string;
  topic: string;
  deadLetterTopic: string;
  appId: string;
  reason: DeadLetterReason;
  attempts: number;
}

export interface PublishInput {
  pubsubname: string;
  topic: string;
  cloudEvent: CloudEventJson;
  publishedBy: string;
  metadata?: Record<string, string>;
  deadLetterOf?: BrokerMessage['deadLetterOf'];
}

const DEFAULT_DELIVERY: DeliveryPolicyOptions = {
  maxRetries: 3,
  intervalMs: 10,
  backoff: 'exponential',
  maxIntervalMs: 1000,
};
const DEFAULT_MAX_BODY = 4 * 1024 * 1024;
const API = '/v1.0/';

// ---------------------------------------------------------------------------------------------
// Control plane: name resolution, broker, state stores

export class DaprControlPlane {
  readonly delivery: DeliveryPolicyOptions;
  readonly pubsubNames: ReadonlySet<string>;
  readonly deliveryTimeoutMs: number;
  readonly invokeTimeoutMs: number;
  readonly now: () => number;
  /** Every sidecar ever created on this control plane. */
  readonly sidecars: DaprSidecarDouble[] = [];
  /** Every message the broker accepted, dead letters included, in order. */
  readonly published: BrokerMessage[] = [];
  /** Every delivery POST to an app, in order. */
  readonly attempts: DeliveryAttempt[] = [];
  /** Deliveries acknowledged with SUCCESS (one per message and subscribing app id). */
  readonly delivered: DeliveryAttempt[] = [];
  /** Attempts that asked for redelivery (RETRY, non-2xx but 404, transport errors), the last one included. */
  readonly retried: DeliveryAttempt[] = [];
  /** Messages a subscriber gave up on: DROP, 404, retries exhausted with no dead-letter topic. */
  readonly dropped: DropRecord[] = [];
  /** Messages moved to a dead-letter topic. */
  readonly deadLettered: DeadLetterRecord[] = [];

  /** @internal shared by the sidecars for their calls to apps. */
  readonly agent = new http.Agent({ keepAlive: true });
  private readonly stores = new Map<string, StateStoreDouble>();
  private readonly roundRobin = new Map<string, number>();
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private readonly waiters: Array<() => void> = [];
  private pending = 0;
  private seq = 0;
  private closed = false;

  constructor(options: DaprControlPlaneOptions = {}) {
    this.delivery = { ...DEFAULT_DELIVERY, ...options.delivery };
    this.pubsubNames = new Set(options.pubsubs ?? ['pubsub']);
    this.deliveryTimeoutMs = options.deliveryTimeoutMs ?? 5000;
    this.invokeTimeoutMs = options.invokeTimeoutMs ?? 10_000;
    this.now = options.now ?? Date.now;
    for (const name of options.stateStores ?? ['statestore'])
      this.stores.set(name, new StateStoreDouble(name, this.now));
  }

  /** Creates and starts a sidecar for an app. */
  async startSidecar(options: DaprSidecarDoubleOptions): Promise<DaprSidecarDouble> {
    const sidecar = new DaprSidecarDouble(this, options);
    await sidecar.start();
    return sidecar;
  }

  /** Points the sidecar(s) of an app id at the app (once it listens) and loads its subscriptions. */
  async registerApp(appId: string, appUrl: string): Promise<void> {
    const sidecars = this.sidecarsOf(appId);
    if (sidecars.length === 0) throw new Error(`no sidecar for app id ${appId}`);
    for (const sidecar of sidecars) await sidecar.setAppUrl(appUrl);
  }

  sidecarsOf(appId: string): DaprSidecarDouble[] {
    return this.sidecars.filter((s) => s.appId === appId);
  }

  /** Asks every running sidecar with an app to reload GET /dapr/subscribe. */
  async refreshSubscriptions(): Promise<void> {
    for (const sidecar of this.sidecars) if (sidecar.running && sidecar.appUrl) await sidecar.refreshSubscriptions();
  }

  stateStore(name = 'statestore'): StateStoreDouble {
    const store = this.stores.get(name);
    if (!store) throw new Error(`no state store ${name}`);
    return store;
  }

  hasStateStore(name: string): boolean {
    return this.stores.has(name);
  }

  get stateStoreNames(): string[] {
    return [...this.stores.keys()];
  }

  /** Messages published to a topic (dead letters included when the topic is a dead-letter topic). */
  messagesOn(topic: string): BrokerMessage[] {
    return this.published.filter((m) => m.topic === topic);
  }

  /** Delivery attempts of one CloudEvent id, in order (optionally for one app id). */
  attemptsFor(messageId: string, appId?: string): DeliveryAttempt[] {
    return this.attempts.filter((a) => a.messageId === messageId && (appId === undefined || a.appId === appId));
  }

  /** Resolves when no delivery is in flight or waiting for a retry; rejects after timeoutMs. */
  idle(timeoutMs = 10_000): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`dapr double: ${this.pending} deliveries still pending after ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Accepts a message and starts one delivery per subscribing app id. Used by the publish API and for dead letters. */
  publish(input: PublishInput): BrokerMessage {
    const message: BrokerMessage = {
      seq: ++this.seq,
      at: Date.now(),
      pubsubname: input.pubsubname,
      topic: input.topic,
      cloudEvent: input.cloudEvent,
      publishedBy: input.publishedBy,
      metadata: input.metadata ?? {},
      ...(input.deadLetterOf ? { deadLetterOf: input.deadLetterOf } : {}),
    };
    this.published.push(message);
    if (this.closed) return message;
    const appIds = new Set(
      this.sidecars
        .filter((s) =>
          s.subscriptions.some((sub) => sub.pubsubname === message.pubsubname && sub.topic === message.topic),
        )
        .map((s) => s.appId),
    );
    for (const appId of appIds) this.track(this.deliver(appId, message));
    return message;
  }

  /** Service invocation between sidecars: picks a running sidecar of the target app id (round robin). */
  async invoke(callerAppId: string, targetAppId: string, request: ForwardRequest): Promise<OutboundResponse> {
    const target = this.next(
      `invoke:${targetAppId}`,
      this.sidecarsOf(targetAppId).filter((s) => s.running),
    );
    if (!target) throw new Error(`couldn't find service: ${targetAppId}`);
    return target.forwardInvocation(callerAppId, request);
  }

  /** @internal next global sequence number for records. */
  nextSeq(): number {
    return ++this.seq;
  }

  /** Stops every sidecar, cancels pending redeliveries and closes connections. */
  async close(): Promise<void> {
    this.closed = true;
    for (const [timer, wake] of this.timers) {
      clearTimeout(timer);
      wake();
    }
    this.timers.clear();
    await Promise.all(this.sidecars.map((s) => s.stop()));
    this.agent.destroy();
  }

  private async deliver(appId: string, message: BrokerMessage): Promise<void> {
    let attempts = 0;
    let subscription: AppSubscription | undefined;
    for (;;) {
      if (this.closed) return;
      const candidates = this.sidecars.filter(
        (s) => s.appId === appId && s.findSubscription(message.pubsubname, message.topic),
      );
      const sidecar = this.next(
        `deliver:${appId}`,
        candidates.filter((s) => s.running && s.appUrl),
      );
      if (candidates.length === 0) {
        // The app unsubscribed while the message waited.
        this.dropped.push({
          messageId: message.cloudEvent.id,
          topic: message.topic,
          appId,
          reason: 'NO_SUBSCRIBER',
          attempts,
        });
        return;
      }
      attempts++;
      let attempt: DeliveryAttempt;
      if (sidecar) {
        subscription = sidecar.findSubscription(message.pubsubname, message.topic)!;
        attempt = await sidecar.deliverToApp(subscription, message, attempts);
      } else {
        // Every replica of the app is down: the broker cannot hand the message to anyone yet.
        subscription = candidates[0]!.findSubscription(message.pubsubname, message.topic)!;
        attempt = {
          messageSeq: message.seq,
          messageId: message.cloudEvent.id,
          pubsubname: message.pubsubname,
          topic: message.topic,
          appId,
          route: subscription.route,
          attempt: attempts,
          result: 'RETRY',
          error: `no running sidecar with an app for ${appId}`,
          headers: {},
          at: Date.now(),
        };
      }
      this.attempts.push(attempt);
      const base = { messageId: message.cloudEvent.id, topic: message.topic, appId, attempts };
      switch (attempt.result) {
        case 'SUCCESS':
          this.delivered.push(attempt);
          return;
        case 'NOT_FOUND':
          this.dropped.push({ ...base, reason: 'NOT_FOUND' });
          return;
        case 'DROP':
          this.dropped.push({
            ...base,
            reason: 'DROP',
            ...(subscription.deadLetterTopic ? { deadLetterTopic: subscription.deadLetterTopic } : {}),
          });
          if (subscription.deadLetterTopic)
            this.deadLetter(message, appId, subscription.deadLetterTopic, 'DROP', attempts);
          return;
        case 'RETRY':
          this.retried.push(attempt);
          if (attempts > this.delivery.maxRetries) {
            if (subscription.deadLetterTopic)
              this.deadLetter(message, appId, subscription.deadLetterTopic, 'RETRIES_EXHAUSTED', attempts);
            else this.dropped.push({ ...base, reason: 'RETRIES_EXHAUSTED' });
            return;
          }
          await this.sleep(this.backoffMs(attempts));
      }
    }
  }

  private deadLetter(
    message: BrokerMessage,
    appId: string,
    deadLetterTopic: string,
    reason: DeadLetterReason,
    attempts: number,
  ): void {
    this.deadLettered.push({
      messageId: message.cloudEvent.id,
      topic: message.topic,
      deadLetterTopic,
      appId,
      reason,
      attempts,
    });
    // daprd republishes the original message, unchanged, on the same component.
    this.publish({
      pubsubname: message.pubsubname,
      topic: deadLetterTopic,
      cloudEvent: message.cloudEvent,
      publishedBy: 'daprd',
      metadata: message.metadata,
      deadLetterOf: { topic: message.topic, appId, reason },
    });
  }

  private backoffMs(attempt: number): number {
    const { intervalMs, backoff, maxIntervalMs } = this.delivery;
    return backoff === 'constant' ? intervalMs : Math.min(maxIntervalMs, intervalMs * 2 ** (attempt - 1));
  }

  private sleep(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.set(timer, resolve);
    });
  }

  private track(work: Promise<void>): void {
    this.pending++;
    void work
      .catch(() => undefined)
      .finally(() => {
        this.pending--;
        if (this.pending === 0) this.waiters.splice(0).forEach((wake) => wake());
      });
  }

  private next<T>(key: string, items: T[]): T | undefined {
    if (items.length === 0) return undefined;
    const n = this.roundRobin.get(key) ?? 0;
    this.roundRobin.set(key, n + 1);
    return items[n % items.length];
  }
}

// ---------------------------------------------------------------------------------------------
// Sidecar

export interface ForwardRequest {
  method: string;
  /** Method path on the target app, percent-encoded as received, without a leading slash. */
  methodPath: string;
  /** `?a=b` or ''. */
  search: string;
  headers: Record<string, string>;
  body: Buffer;
}

export class DaprSidecarDouble {
  readonly appId: string;
  readonly apiToken?: string;
  readonly appApiToken?: string;
  /** Everything the app asked of this sidecar, in order. */
  readonly requests: RecordedRequest[] = [];
  /** Everything this sidecar sent to its app, in order. */
  readonly appRequests: RecordedAppCall[] = [];
  /** The app's subscriptions, as last read from GET /dapr/subscribe. */
  subscriptions: AppSubscription[] = [];
  appUrl?: string;
  running = false;

  private server?: http.Server;
  private boundPort?: number;
  private healthy = true;
  private readonly host: string;
  private readonly maxBodyBytes: number;
  private readonly extendedMetadata: Record<string, string> = {};

  constructor(
    readonly controlPlane: DaprControlPlane,
    private readonly options: DaprSidecarDoubleOptions,
  ) {
    this.appId = options.appId;
    this.apiToken = options.apiToken;
    this.appApiToken = options.appApiToken;
    this.appUrl = options.appUrl?.replace(/\/$/, '');
    this.host = options.host ?? '127.0.0.1';
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
    controlPlane.sidecars.push(this);
  }

  /** The HTTP port (DAPR_HTTP_PORT for the app). */
  get port(): number {
    if (this.boundPort === undefined) throw new Error(`sidecar ${this.appId} has not started`);
    return this.boundPort;
  }

  get url(): string {
    return `http://${this.host}:${this.port}`;
  }

  /** Listens (again on the same port after a stop) and, when the app is known, loads its subscriptions. */
  async start(): Promise<this> {
    if (this.running) return this;
    const server = http.createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort ?? this.options.port ?? 0, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.boundPort = (server.address() as AddressInfo).port;
    this.running = true;
    if (this.appUrl) await this.refreshSubscriptions();
    return this;
  }

  /** Stops listening and cuts open connections: the app sees its sidecar as down. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.running = false;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** The app channel: where the app listens. Loads its subscriptions (when the sidecar runs). */
  async setAppUrl(appUrl: string): Promise<void> {
    this.appUrl = appUrl.replace(/\/$/, '');
    if (this.running) await this.refreshSubscriptions();
  }

  /** GET /dapr/subscribe on the app. 404 means no subscriptions; any other failure rejects. */
  async refreshSubscriptions(): Promise<AppSubscription[]> {
    if (!this.appUrl) throw new Error(`sidecar ${this.appId} has no app url`);
    const headers: Record<string, string> = { 'user-agent': 'daprd-double' };
    if (this.appApiToken) headers['dapr-api-token'] = this.appApiToken;
    const call = this.recordAppCall('subscribe', 'GET', '/dapr/subscribe', headers, undefined);
    let res: OutboundResponse;
    try {
      res = await callApp(this.controlPlane.agent, new URL(`${this.appUrl}/dapr/subscribe`), {
        method: 'GET',
        headers,
        timeoutMs: this.controlPlane.deliveryTimeoutMs,
      });
    } catch (err) {
      call.error = (err as Error).message;
      throw new Error(`${this.appId}: GET /dapr/subscribe failed: ${call.error}`);
    }
    call.status = res.status;
    call.responseBody = decodeBody(res.body);
    if (res.status === 404) {
      this.subscriptions = [];
      return this.subscriptions;
    }
    if (res.status !== 200 || !Array.isArray(call.responseBody)) {
      throw new Error(
        `${this.appId}: GET /dapr/subscribe answered ${res.status}: ${res.body.toString('utf8').slice(0, 200)}`,
      );
    }
    this.subscriptions = (call.responseBody as Array<Record<string, unknown>>).flatMap((s) => {
      const route = subscriptionRoute(s);
      if (typeof s.pubsubname !== 'string' || typeof s.topic !== 'string' || !route) return [];
      return [
        {
          pubsubname: s.pubsubname,
          topic: s.topic,
          route,
          ...(typeof s.deadLetterTopic === 'string' && s.deadLetterTopic ? { deadLetterTopic: s.deadLetterTopic } : {}),
          ...(s.metadata && typeof s.metadata === 'object' ? { metadata: s.metadata as Record<string, string> } : {}),
        },
      ];
    });
    return this.subscriptions;
  }

  findSubscription(pubsubname: string, topic: string): AppSubscription | undefined {
    return this.subscriptions.find((s) => s.pubsubname === pubsubname && s.topic === topic);
  }

  /** false: GET /v1.0/healthz and /healthz/outbound answer 500 ERR_HEALTH_NOT_READY (a sidecar that is up but not ready). */
  setHealthy(healthy: boolean): void {
    this.healthy = healthy;
  }

  // --- expectations helpers -------------------------------------------------------------------

  /** Publish requests (optionally to one topic). */
  publishes(topic?: string): RecordedRequest[] {
    return this.requests.filter(
      (r) =>
        r.path.startsWith(`${API}publish/`) &&
        (topic === undefined || r.path.endsWith(`/${encodeURIComponent(topic)}`)),
    );
  }

  // --- traffic to the app -----------------------------------------------------------------------

  /** @internal the target side of service invocation: what this sidecar sends its app. */
  async forwardInvocation(callerAppId: string, request: ForwardRequest): Promise<OutboundResponse> {
    if (!this.appUrl) throw new Error('app channel is not initialized');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (HOP_BY_HOP.has(name) || name === 'dapr-api-token' || name === 'dapr-app-id') continue;
      headers[name] = value;
    }
    headers['dapr-caller-app-id'] = callerAppId;
    headers['dapr-callee-app-id'] = this.appId;
    headers.traceparent ??= newTraceparent();
    if (this.appApiToken) headers['dapr-api-token'] = this.appApiToken;
    const path = `/${request.methodPath}${request.search}`;
    const call = this.recordAppCall('invoke', request.method, path, headers, decodeBody(request.body));
    try {
      const res = await callApp(this.controlPlane.agent, new URL(`${this.appUrl}${path}`), {
        method: request.method,
        headers,
        body: request.body,
        timeoutMs: this.controlPlane.invokeTimeoutMs,
      });
      call.status = res.status;
      call.responseBody = decodeBody(res.body);
      return res;
    } catch (err) {
      call.error = (err as Error).message;
      throw err;
    }
  }

  /** @internal one delivery of a message to this sidecar's app, classified as daprd does. */
  async deliverToApp(subscription: AppSubscription, message: BrokerMessage, attempt: number): Promise<DeliveryAttempt> {
    const traceparent =
      typeof message.cloudEvent.traceparent === 'string' ? message.cloudEvent.traceparent : newTraceparent();
    const headers: Record<string, string> = {
      'content-type': 'application/cloudevents+json',
      traceparent,
      'user-agent': 'daprd-double',
    };
    if (this.appApiToken) headers['dapr-api-token'] = this.appApiToken;
    const body = Buffer.from(JSON.stringify(message.cloudEvent));
    const call = this.recordAppCall('deliver', 'POST', subscription.route, headers, message.cloudEvent);
    const record: DeliveryAttempt = {
      messageSeq: message.seq,
      messageId: message.cloudEvent.id,
      pubsubname: message.pubsubname,
      topic: message.topic,
      appId: this.appId,
      route: subscription.route,
      attempt,
      result: 'RETRY',
      headers,
      at: Date.now(),
    };
    let res: OutboundResponse;
    try {
      res = await callApp(this.controlPlane.agent, new URL(`${this.appUrl}${subscription.route}`), {
        method: 'POST',
        headers,
        body,
        timeoutMs: this.controlPlane.deliveryTimeoutMs,
      });
    } catch (err) {
      call.error = record.error = (err as Error).message;
      return record;
    }
    call.status = record.status = res.status;
    call.responseBody = record.responseBody = decodeBody(res.body);
    if (res.status >= 200 && res.status <= 299) {
      let status: unknown = '';
      try {
        status = (JSON.parse(res.body.toString('utf8')) as { status?: unknown } | null)?.status ?? '';
      } catch {
        status = ''; // empty or non-JSON body: daprd skips the status check (success)
      }
      if (status === '' || status === 'SUCCESS') record.result = 'SUCCESS';
      else if (status === 'DROP') record.result = 'DROP';
      else record.result = 'RETRY'; // RETRY, or an unknown status
      return record;
    }
    record.result = res.status === 404 ? 'NOT_FOUND' : 'RETRY';
    return record;
  }

  // --- the sidecar's HTTP API ---------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sidecar');
    const record: RecordedRequest = {
      seq: this.controlPlane.nextSeq(),
      at: Date.now(),
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: flatHeaders(req.headers),
      body: undefined,
      rawBody: Buffer.alloc(0),
    };
    this.requests.push(record);
    res.on('finish', () => {
      record.status = res.statusCode;
    });
    try {
      record.rawBody = await readBody(req, this.maxBodyBytes);
      record.body = decodeBody(record.rawBody);
      await this.route(record, url, res);
    } catch (err) {
      if (res.headersSent) return void res.destroy();
      if (err instanceof BodyTooLargeError) return sendApiError(res, 413, 'ERR_MALFORMED_REQUEST', err.message);
      sendApiError(res, 500, 'ERR_DOUBLE_INTERNAL', `dapr sidecar double failed: ${(err as Error).message}`);
    }
  }

  private async route(record: RecordedRequest, url: URL, res: http.ServerResponse): Promise<void> {
    const method = record.method.toUpperCase();
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (!path.startsWith(API)) return sendGoError(res, 404, '404 page not found');
    const rest = path.slice(API.length);

    const probe = method === 'GET' && (rest === 'healthz' || rest === 'healthz/outbound');
    if (this.apiToken && record.headers['dapr-api-token'] !== this.apiToken && !probe) {
      return sendGoError(res, 401, 'invalid api token');
    }

    // A sidecar set unhealthy is not ready outbound either (its components still loading, say).
    if ((rest === 'healthz' || rest === 'healthz/outbound') && method === 'GET') {
      return this.healthy ? sendEmpty(res, 204) : sendApiError(res, 500, 'ERR_HEALTH_NOT_READY', 'dapr is not ready');
    }
    if (rest === 'metadata' && method === 'GET') return sendJson(res, 200, this.metadata());
    if (rest.startsWith('metadata/') && method === 'PUT') {
      this.extendedMetadata[decodeURIComponent(rest.slice('metadata/'.length))] = record.rawBody.toString('utf8');
      return sendEmpty(res, 204);
    }
    if (rest.startsWith('invoke/')) return this.onInvoke(record, url, rest.slice('invoke/'.length), res);
    if (rest.startsWith('publish/') && (method === 'POST' || method === 'PUT'))
      return this.onPublish(record, url, rest.slice('publish/'.length), res);
    if (rest.startsWith('state/')) {
      const [store, ...keyParts] = rest.slice('state/'.length).split('/');
      const storeName = decodeURIComponent(store ?? '');
      if (keyParts.length === 0 && (method === 'POST' || method === 'PUT'))
        return this.onSaveState(record, url, storeName, res);
      if (keyParts.length === 1 && keyParts[0] === 'bulk' && (method === 'POST' || method === 'PUT'))
        return this.onBulkGet(record, storeName, res);
      if (keyParts.length === 1 && method === 'GET')
        return this.onGetState(storeName, decodeURIComponent(keyParts[0]!), res);
      if (keyParts.length === 1 && method === 'DELETE')
        return this.onDeleteState(record, storeName, decodeURIComponent(keyParts[0]!), res);
    }
    return sendGoError(res, 404, '404 page not found');
  }

  private async onInvoke(record: RecordedRequest, url: URL, rest: string, res: http.ServerResponse): Promise<void> {
    const at = rest.indexOf('/method/');
    if (at <= 0)
      return sendApiError(
        res,
        404,
        'ERR_DIRECT_INVOKE',
        'failed getting app id either from the URL path or the header dapr-app-id',
      );
    const targetAppId = decodeURIComponent(rest.slice(0, at));
    const methodPath = rest.slice(at + '/method/'.length);
    if (!methodPath) return sendApiError(res, 400, 'ERR_DIRECT_INVOKE', 'invalid method name');
    let answer: OutboundResponse;
    try {
      answer = await this.controlPlane.invoke(this.appId, targetAppId, {
        method: record.method,
        methodPath,
        search: url.search,
        headers: record.headers,
        body: record.rawBody,
      });
    } catch (err) {
      return sendApiError(
        res,
        500,
        'ERR_DIRECT_INVOKE',
        `fail to invoke, id: ${targetAppId}, err: ${(err as Error).message}`,
      );
    }
    // daprd passes the app's status, headers and body through unchanged.
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
    headers['content-length'] = String(answer.body.length);
    res.writeHead(answer.status, headers);
    res.end(answer.body);
  }

  private onPublish(record: RecordedRequest, url: URL, rest: string, res: http.ServerResponse): void {
    const [pubsubSegment, ...topicParts] = rest.split('/');
    const pubsubname = decodeURIComponent(pubsubSegment ?? '');
    const topic = topicParts.map(decodeURIComponent).join('/');
    if (!pubsubname) return sendApiError(res, 404, 'ERR_PUBSUB_EMPTY', 'pubsub name is empty');
    if (!this.controlPlane.pubsubNames.has(pubsubname)) {
      return sendApiError(res, 404, 'ERR_PUBSUB_NOT_FOUND', `pubsub ${pubsubname} not found`, [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'DAPR_PUBSUB_NOT_FOUND',
          domain: 'dapr.io',
          metadata: {},
        },
        {
          '@type': 'type.googleapis.com/google.rpc.ResourceInfo',
          resource_type: 'pubsub',
          resource_name: pubsubname,
          owner: '',
          description: `pubsub ${pubsubname} not found`,
        },
      ]);
    }
    if (!topic) return sendApiError(res, 404, 'ERR_TOPIC_EMPTY', `topic is empty in pubsub ${pubsubname}`);
    const metadata = metadataFromQuery(url.searchParams);
    if (metadata.rawPayload === 'true') {
      return sendApiError(
        res,
        400,
        'ERR_PUBSUB_REQUEST_METADATA',
        'failed deserializing metadata. Error: rawPayload is not supported by the sidecar double',
      );
    }
    const contentType = mediaType(record.headers['content-type']) || 'text/plain';
    const text = record.rawBody.toString('utf8');
    const traceparent = record.headers.traceparent ?? newTraceparent();
    let cloudEvent: Record<string, unknown>;
    if (contentType === 'application/cloudevents+json') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        return sendApiError(res, 500, 'ERR_PUBSUB_CLOUD_EVENTS_SER', 'cannot create cloudevent');
      }
      // An app's own CloudEvent keeps its id, source, type and data; daprd fills in what is missing.
      cloudEvent = { ...(parsed as Record<string, unknown>) };
      cloudEvent.id ??= randomUUID();
      cloudEvent.source ??= this.appId;
      cloudEvent.type ??= 'com.dapr.event.sent';
      cloudEvent.specversion ??= '1.0';
      cloudEvent.datacontenttype ??= 'application/json';
    } else {
      let data: unknown;
      let dataBase64: string | undefined;
      if (isJsonMediaType(contentType)) {
        try {
          data = JSON.parse(text);
        } catch {
          return sendApiError(
            res,
            500,
            'ERR_PUBSUB_CLOUD_EVENTS_SER',
            `error when marshalling cloud event envelope for topic ${topic} pubsub ${pubsubname}`,
          );
        }
      } else if (contentType.startsWith('text/')) {
        data = text;
      } else {
        dataBase64 = record.rawBody.toString('base64');
      }
      // daprd's envelope around any other payload, with a new id (metadata.cloudevent.* overrides).
      cloudEvent = {
        specversion: '1.0',
        id: metadata['cloudevent.id'] ?? randomUUID(),
        source: metadata['cloudevent.source'] ?? this.appId,
        type: metadata['cloudevent.type'] ?? 'com.dapr.event.sent',
        datacontenttype: contentType,
        ...(dataBase64 !== undefined ? { data_base64: dataBase64 } : { data }),
      };
    }
    cloudEvent.topic = topic;
    cloudEvent.pubsubname = pubsubname;
    cloudEvent.traceparent ??= traceparent;
    cloudEvent.traceid ??= cloudEvent.traceparent;
    cloudEvent.tracestate ??= '';
    cloudEvent.time ??= new Date().toISOString();
    cloudEvent.id = String(cloudEvent.id);
    this.controlPlane.publish({
      pubsubname,
      topic,
      cloudEvent: cloudEvent as CloudEventJson,
      publishedBy: this.appId,
      metadata,
    });
    sendEmpty(res, 204);
  }

  private onSaveState(record: RecordedRequest, url: URL, storeName: string, res: http.ServerResponse): void {
    if (!this.controlPlane.hasStateStore(storeName)) return storeNotFound(res, storeName);
    const body = record.body;
    if (!Array.isArray(body)) {
      return sendApiError(
        res,
        400,
        'ERR_MALFORMED_REQUEST',
        `failed deserializing HTTP body: expected an array of state items`,
      );
    }
    const requestMetadata = metadataFromQuery(url.searchParams);
    const items: SetItem[] = [];
    try {
      for (const raw of body as Array<Record<string, unknown>>) {
        const key = raw?.key;
        if (typeof key !== 'string' || key === '')
          return sendApiError(res, 400, 'ERR_MALFORMED_REQUEST', 'failed deserializing HTTP body: key is required');
        if (key.includes(KEY_SEPARATOR))
          return sendApiError(
            res,
            400,
            'ERR_MALFORMED_REQUEST',
            `input key/keyPrefix '${key}' can't contain '${KEY_SEPARATOR}'`,
          );
        if (raw.etag !== undefined && raw.etag !== null && typeof raw.etag !== 'string') {
          return sendApiError(
            res,
            400,
            'ERR_MALFORMED_REQUEST',
            'failed deserializing HTTP body: etag must be a string',
          );
        }
        const options = (raw.options ?? {}) as { concurrency?: unknown; consistency?: unknown };
        if (
          options.concurrency !== undefined &&
          options.concurrency !== '' &&
          options.concurrency !== 'first-write' &&
          options.concurrency !== 'last-write'
        ) {
          throw new StateRequestError(`unrecognized concurrency model '${String(options.concurrency)}'`);
        }
        if (
          options.consistency !== undefined &&
          options.consistency !== '' &&
          options.consistency !== 'strong' &&
          options.consistency !== 'eventual'
        ) {
          throw new StateRequestError(`unrecognized consistency model '${String(options.consistency)}'`);
        }
        const itemMetadata = { ...requestMetadata, ...((raw.metadata ?? {}) as Record<string, string>) };
        items.push({
          key,
          value: raw.value,
          ...(typeof raw.etag === 'string' ? { etag: raw.etag } : {}),
          ...(options.concurrency ? { concurrency: options.concurrency as SetItem['concurrency'] } : {}),
          ...(itemMetadata.ttlInSeconds !== undefined
            ? { ttlInSeconds: parseTtl(String(itemMetadata.ttlInSeconds)) }
            : {}),
        });
      }
      this.controlPlane.stateStore(storeName).bulkSet(this.appId, items);
    } catch (err) {
      const status = err instanceof ETagMismatchError ? 409 : 500;
      return sendApiError(
        res,
        status,
        'ERR_STATE_SAVE',
        `failed saving state in state store ${storeName}: ${(err as Error).message}`,
      );
    }
    sendEmpty(res, 204);
  }

  private onGetState(storeName: string, key: string, res: http.ServerResponse): void {
    if (!this.controlPlane.hasStateStore(storeName)) return storeNotFound(res, storeName);
    const entry = this.controlPlane.stateStore(storeName).get(this.appId, key);
    if (!entry) return sendEmpty(res, 204);
    const headers: Record<string, string> = { 'content-type': 'application/json', etag: entry.etag };
    if (entry.expiresAt !== undefined) headers['metadata.ttlexpiretime'] = new Date(entry.expiresAt).toISOString();
    res.writeHead(200, headers);
    res.end(entry.json);
  }

  private onBulkGet(record: RecordedRequest, storeName: string, res: http.ServerResponse): void {
    if (!this.controlPlane.hasStateStore(storeName)) return storeNotFound(res, storeName);
    const keys = (record.body as { keys?: unknown } | undefined)?.keys;
    if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) {
      return sendApiError(
        res,
        400,
        'ERR_MALFORMED_REQUEST',
        'failed deserializing HTTP body: keys must be an array of strings',
      );
    }
    const store = this.controlPlane.stateStore(storeName);
    sendJson(
      res,
      200,
      (keys as string[]).map((key) => {
        const entry = store.get(this.appId, key);
        if (!entry) return { key };
        return {
          key,
          data: JSON.parse(entry.json) as unknown,
          etag: entry.etag,
          ...(entry.expiresAt !== undefined
            ? { metadata: { ttlExpireTime: new Date(entry.expiresAt).toISOString() } }
            : {}),
        };
      }),
    );
  }

  private onDeleteState(record: RecordedRequest, storeName: string, key: string, res: http.ServerResponse): void {
    if (!this.controlPlane.hasStateStore(storeName)) return storeNotFound(res, storeName);
    const etag = record.headers['if-match'];
    try {
      this.controlPlane.stateStore(storeName).delete(this.appId, key, etag);
    } catch (err) {
      const status = err instanceof ETagMismatchError ? 409 : 500;
      return sendApiError(
        res,
        status,
        'ERR_STATE_DELETE',
        `failed deleting state with key ${key}: ${(err as Error).message}`,
      );
    }
    sendEmpty(res, 204);
  }

  private metadata(): Record<string, unknown> {
    return {
      id: this.appId,
      runtimeVersion: 'sidecar-double',
      enabledFeatures: [],
      actorRuntime: { runtimeStatus: 'DISABLED', activeActors: [], hostReady: false },
      components: [
        ...[...this.controlPlane.pubsubNames].map((name) => ({
          name,
          type: 'pubsub.in-memory',
          version: 'v1',
          capabilities: [],
        })),
        ...this.controlPlane.stateStoreNames.map((name) => ({
          name,
          type: 'state.in-memory',
          version: 'v1',
          capabilities: ['ETAG', 'TTL'],
        })),
      ],
      subscriptions: this.subscriptions.map((s) => ({
        type: 'PROGRAMMATIC',
        pubsubname: s.pubsubname,
        topic: s.topic,
        deadLetterTopic: s.deadLetterTopic ?? '',
        metadata: s.metadata ?? {},
        rules: [{ match: '', path: s.route }],
      })),
      httpEndpoints: [],
      extended: { appCommand: '', ...this.extendedMetadata },
      appConnectionProperties: this.appUrl
        ? { port: Number(new URL(this.appUrl).port), protocol: 'http', channelAddress: new URL(this.appUrl).hostname }
        : undefined,
    };
  }

  private recordAppCall(
    kind: RecordedAppCall['kind'],
    method: string,
    path: string,
    headers: Record<string, string>,
    body: unknown,
  ): RecordedAppCall {
    const call: RecordedAppCall = {
      seq: this.controlPlane.nextSeq(),
      at: Date.now(),
      kind,
      method,
      path,
      headers: { ...headers },
      body,
    };
    this.appRequests.push(call);
    return call;
  }
}

function storeNotFound(res: http.ServerResponse, storeName: string): void {
  sendApiError(res, 400, 'ERR_STATE_STORE_NOT_FOUND', `state store ${storeName} is not found`, [
    {
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: 'DAPR_STATE_NOT_FOUND',
      domain: 'dapr.io',
      metadata: {},
    },
  ]);
}

/** v1 `route`, or v2 `routes: { rules, default }` (rules' CEL matches are not evaluated: the default, else the first rule). */
function subscriptionRoute(s: Record<string, unknown>): string | undefined {
  let route: unknown = s.route;
  if (!route && s.routes && typeof s.routes === 'object') {
    const routes = s.routes as { default?: unknown; rules?: Array<{ path?: unknown }> };
    route = routes.default ?? routes.rules?.[0]?.path;
  }
  if (typeof route !== 'string' || route === '') return undefined;
  return route.startsWith('/') ? route : `/${route}`;
}
