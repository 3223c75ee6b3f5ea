// The production adapter: every outbound call goes to this service's Dapr sidecar over HTTP.
// Publishes and invocations, a saga's hot path, are plain node:http requests on a keep-alive agent
// (json-request.ts): @dapr/dapr's client costs more CPU per request (node-fetch's streams, a
// debug line built for every call) than the sidecar spends serving it. The state store, used by no
// saga step, stays on @dapr/dapr's DaprClient. Inbound deliveries are served by the service's own
// express app (see subscription-routes.ts), because the SDK's DaprServer acknowledges a message
// whose handler threw (js-sdk #451, #720) and would lose it.
import type { AnyEvent } from '@saga/contracts';
import {
  CommunicationProtocolEnum,
  DaprClient,
  LogLevel,
  StateConcurrencyEnum,
  StateConsistencyEnum,
} from '@dapr/dapr';
import type { Logger } from 'pino';
import {
  type InvokeRequest,
  type InvokeResponse,
  type RuntimePort,
  type StateEntry,
  type StateStore,
  type Subscription,
  InvocationError,
  NotReadyError,
  StateConflictError,
} from '../port/runtime-port';
import { jsonRequest, type JsonResponse } from '../http-client/json-request';
import { toCloudEvent } from './cloud-event';
import {
  type TypedHandlers,
  type TypedSubscriptionOptions,
  type TypedTopic,
  typedSubscription,
} from '../messaging/typed-subscription';

/**
 * Our own bound on a call to the sidecar, a safety net for a sidecar that accepted the request and
 * went silent: above the longest wait resiliency.yaml allows (a publish: 4 x 5 s + 3 s = 23 s;
 * payments: 6 s), so it never cuts off what the sidecar is still retrying, and below the outbox's
 * 30 s claim lease.
 */
export const SIDECAR_CALL_TIMEOUT_MS = 25_000;

export interface DaprRuntimeOptions {
  appId: string;
  daprHost: string;
  daprHttpPort: number;
  daprApiToken?: string;
  pubsubName: string;
  stateStoreName: string;
  /** Where the SDK's own messages go (else the console); its failures also surface as our errors. */
  logger?: Logger;
  /** How long a publish or an invocation waits for the sidecar's answer; SIDECAR_CALL_TIMEOUT_MS unless set (tests). */
  sidecarTimeoutMs?: number;
}

/** The SDK's logger interface on top of pino, at debug level: every SDK failure is also returned to us. */
function sdkLogger(logger: Logger) {
  const child = logger.child({ component: 'dapr-sdk' });
  const write =
    (level: 'debug' | 'warn') =>
    (message: unknown, ...rest: unknown[]) =>
      child[level]({ detail: rest.map(String).join(' ') }, String(message));
  return {
    error: write('debug'),
    warn: write('debug'),
    info: write('debug'),
    verbose: write('debug'),
    debug: write('debug'),
  };
}

/** The SDK rejects a status >= 400 with Error(JSON.stringify({ error, error_msg, status })): recover the answer. */
export function parseSdkHttpError(err: unknown): { status: number; body: unknown } | undefined {
  try {
    const parsed = JSON.parse((err as Error).message) as { status?: number; error_msg?: string };
    if (typeof parsed.status !== 'number') return undefined;
    let body: unknown = parsed.error_msg ?? '';
    try {
      body = JSON.parse(parsed.error_msg ?? '');
    } catch {
      /* a non-JSON body stays text */
    }
    return { status: parsed.status, body };
  } catch {
    return undefined;
  }
}

/**
 * True when an error answer came from the sidecar itself rather than from the target app: daprd's
 * API errors are `{ errorCode: "ERR_...", message }` (ERR_DIRECT_INVOKE when the target app id is
 * unknown or unreachable), and its API-token check answers 401 "invalid api token" as text. daprd
 * passes an app's own answers (any status) through unchanged, so only these mean "not delivered
 * or outcome unknown".
 */
export function isDaprSidecarError(answer: { status: number; body: unknown }): boolean {
  const { body } = answer;
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const code = (body as { errorCode?: unknown }).errorCode;
    return typeof code === 'string' && code.startsWith('ERR_');
  }
  return answer.status === 401 && typeof body === 'string' && body.trim() === 'invalid api token';
}

export class DaprRuntime implements RuntimePort {
  readonly kind = 'dapr' as const;
  readonly appId: string;
  readonly subscriptions: Subscription[] = [];
  readonly state: StateStore;
  private readonly client: DaprClient;
  private readonly baseUrl: string;

  constructor(private readonly options: DaprRuntimeOptions) {
    this.appId = options.appId;
    this.baseUrl = `http://${options.daprHost}:${options.daprHttpPort}`;
    this.client = new DaprClient({
      daprHost: options.daprHost,
      daprPort: String(options.daprHttpPort),
      communicationProtocol: CommunicationProtocolEnum.HTTP,
      daprApiToken: options.daprApiToken,
      // The SDK logs request headers (with dapr-api-token) at debug level: never below warnings.
      logger: { level: LogLevel.Warn, ...(options.logger ? { service: sdkLogger(options.logger) } : {}) },
    });
    this.state = new DaprStateStore(this.client, options.stateStoreName);
  }

  async publish(topic: string, event: AnyEvent): Promise<void> {
    // Publishing our own CloudEvent keeps id = eventId end to end. daprd answers 204 once the broker has it.
    let res: JsonResponse;
    try {
      res = await this.sidecar(
        'POST',
        `/v1.0/publish/${encodeURIComponent(this.options.pubsubName)}/${encodeURIComponent(topic)}`,
        toCloudEvent(this.appId, topic, event),
        {
          'content-type': 'application/cloudevents+json',
        },
      );
    } catch (err) {
      throw new Error(`publish to ${topic} failed: ${describe(err)}`, { cause: err });
    }
    if (res.status >= 300)
      throw new Error(`publish to ${topic} failed: sidecar answered ${res.status}: ${bodyText(res.body)}`);
  }

  subscribe(subscription: Subscription): void {
    this.subscriptions.push(subscription);
  }

  on<T extends TypedTopic>(topic: T, handlers: TypedHandlers<T>, options?: TypedSubscriptionOptions): void {
    this.subscribe(typedSubscription(topic, handlers, options));
  }

  async invoke<T>(appId: string, request: InvokeRequest): Promise<InvokeResponse<T>> {
    const path = `/v1.0/invoke/${encodeURIComponent(appId)}/method/${request.path.replace(/^\//, '')}`;
    let res: JsonResponse;
    try {
      res = await this.sidecar(request.method, path, request.body, request.headers);
    } catch (err) {
      // No answer at all: the outcome is unknown.
      throw new InvocationError(appId, describe(err), { cause: err });
    }
    // The sidecar's own error (unknown app id, target unreachable, refused token).
    if (res.status >= 400 && isDaprSidecarError(res))
      throw new InvocationError(appId, `sidecar answered ${res.status}: ${bodyText(res.body)}`);
    // The target app's answer, whatever its status, passed through by the sidecar.
    return { status: res.status, body: res.body as T };
  }

  /** One request to the sidecar's HTTP API, with its API token. */
  private sidecar(
    method: string,
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<JsonResponse> {
    return jsonRequest(`${this.baseUrl}${path}`, {
      method,
      headers: this.options.daprApiToken ? { ...headers, 'dapr-api-token': this.options.daprApiToken } : headers,
      body,
      timeoutMs: this.options.sidecarTimeoutMs ?? SIDECAR_CALL_TIMEOUT_MS,
    });
  }

  async checkReady(): Promise<void> {
    // GET /v1.0/healthz/outbound answers 204 once the sidecar's API and components are up: what
    // this app needs of it (the SDK would otherwise block ~30 s on first use). Not /v1.0/healthz,
    // which also waits for this app's own health and for every control-plane connection: under
    // `dapr run -f` the CLI always points daprd at a scheduler (CLI 1.16.5 turns an empty
    // schedulerHostAddress into "localhost"), and with none running /healthz stays 500.
    const headers: Record<string, string> = this.options.daprApiToken
      ? { 'dapr-api-token': this.options.daprApiToken }
      : {};
    const base = this.baseUrl;
    const res = await fetch(`${base}/v1.0/healthz/outbound`, { headers, signal: AbortSignal.timeout(1000) });
    if (res.status >= 300) throw new Error(`sidecar health ${res.status}`);
    if (this.subscriptions.length === 0) return;
    // daprd reads GET /dapr/subscribe once, when the app's port first answers; a failed read (a
    // 401 from an APP_API_TOKEN mismatch, say) leaves it with no subscriptions until it restarts,
    // while its health stays green. So readiness asks the sidecar what it actually subscribed.
    const metadata = await fetch(`${base}/v1.0/metadata`, { headers, signal: AbortSignal.timeout(1000) });
    if (metadata.status >= 300) throw new Error(`sidecar metadata ${metadata.status}`);
    const { subscriptions = [] } = (await metadata.json()) as {
      subscriptions?: Array<{ pubsubname?: string; topic?: string }>;
    };
    const missing = missingSubscriptions(this.subscriptions, subscriptions, this.options.pubsubName);
    if (missing.length) {
      throw new NotReadyError(
        `the sidecar has not subscribed to ${missing.join(', ')} (it reads GET /dapr/subscribe once: check APP_API_TOKEN on both sides, then restart the sidecar)`,
      );
    }
  }

  async close(): Promise<void> {
    await this.client.stop();
  }
}

/** Our topics that the sidecar's GET /v1.0/metadata does not list for our pub/sub component. */
export function missingSubscriptions(
  ours: Subscription[],
  sidecars: Array<{ pubsubname?: string; topic?: string }>,
  pubsubName: string,
): string[] {
  const subscribed = new Set(sidecars.filter((s) => s.pubsubname === pubsubName).map((s) => s.topic));
  return ours.map((s) => s.topic).filter((topic) => !subscribed.has(topic));
}

class DaprStateStore implements StateStore {
  constructor(
    private readonly client: DaprClient,
    private readonly store: string,
  ) {}

  async get<T>(key: string): Promise<StateEntry<T> | undefined> {
    // state.get drops the ETag (js-sdk #540); getBulk returns it.
    const items = (await this.client.state.getBulk(this.store, [key])) as Array<{
      key: string;
      data?: T;
      etag?: string;
    }>;
    const item = items.find((i) => i.key === key);
    if (!item || item.data === undefined || item.data === null || (item.data as unknown) === '') return undefined;
    return { value: item.data, etag: item.etag ?? '' };
  }

  async save<T>(key: string, value: T, options: { etag?: string; ttlSeconds?: number } = {}): Promise<void> {
    const result = await this.client.state.save(this.store, [
      {
        key,
        value,
        ...(options.etag !== undefined
          ? {
              etag: options.etag,
              options: {
                concurrency: StateConcurrencyEnum.CONCURRENCY_FIRST_WRITE,
                consistency: StateConsistencyEnum.CONSISTENCY_STRONG,
              },
            }
          : {}),
        ...(options.ttlSeconds ? { metadata: { ttlInSeconds: String(options.ttlSeconds) } } : {}),
      },
    ]);
    throwOnStateError(key, result);
  }

  async delete(key: string, options: { etag?: string } = {}): Promise<void> {
    const result = await this.client.state.delete(
      this.store,
      key,
      options.etag
        ? {
            etag: options.etag,
            concurrency: StateConcurrencyEnum.CONCURRENCY_FIRST_WRITE,
            consistency: StateConsistencyEnum.CONSISTENCY_STRONG,
          }
        : undefined,
    );
    throwOnStateError(key, result);
  }
}

function throwOnStateError(key: string, result: { error?: unknown } | undefined): void {
  if (!result?.error) return;
  if (parseSdkHttpError(result.error)?.status === 409) throw new StateConflictError(key);
  throw new Error(`state ${key}: ${describe(result.error)}`);
}

function bodyText(body: unknown): string {
  return typeof body === 'string' ? body.trim() : JSON.stringify(body);
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
