// The production adapter: every outbound call goes to this service's Dapr sidecar through
// @dapr/dapr's DaprClient (HTTP protocol). Inbound deliveries are served by the service's own
// express app (see subscription-routes.ts), because the SDK's DaprServer acknowledges a message
// whose handler threw (js-sdk #451, #720) and would lose it.
import type { AnyEvent } from '@saga/contracts';
import { CommunicationProtocolEnum, DaprClient, HttpMethod as DaprHttpMethod, LogLevel, StateConcurrencyEnum, StateConsistencyEnum } from '@dapr/dapr';
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
import { toCloudEvent } from './cloud-event';
import { type TypedHandlers, type TypedSubscriptionOptions, type TypedTopic, typedSubscription } from '../messaging/typed-subscription';

export interface DaprRuntimeOptions {
  appId: string;
  daprHost: string;
  daprHttpPort: number;
  daprApiToken?: string;
  pubsubName: string;
  stateStoreName: string;
  /** Where the SDK's own messages go (else the console); its failures also surface as our errors. */
  logger?: Logger;
}

/** The SDK's logger interface on top of pino, at debug level: every SDK failure is also returned to us. */
function sdkLogger(logger: Logger) {
  const child = logger.child({ component: 'dapr-sdk' });
  const write = (level: 'debug' | 'warn') => (message: unknown, ...rest: unknown[]) => child[level]({ detail: rest.map(String).join(' ') }, String(message));
  return { error: write('debug'), warn: write('debug'), info: write('debug'), verbose: write('debug'), debug: write('debug') };
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

  constructor(private readonly options: DaprRuntimeOptions) {
    this.appId = options.appId;
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
    // Publishing our own CloudEvent keeps id = eventId end to end; the SDK never throws here, it returns { error }.
    const result = await this.client.pubsub.publish(this.options.pubsubName, topic, toCloudEvent(this.appId, topic, event), {
      contentType: 'application/cloudevents+json',
    });
    if (result?.error) throw new Error(`publish to ${topic} failed: ${describe(result.error)}`);
  }

  subscribe(subscription: Subscription): void {
    this.subscriptions.push(subscription);
  }

  on<T extends TypedTopic>(topic: T, handlers: TypedHandlers<T>, options?: TypedSubscriptionOptions): void {
    this.subscribe(typedSubscription(topic, handlers, options));
  }

  async invoke<T>(appId: string, request: InvokeRequest): Promise<InvokeResponse<T>> {
    const method = request.path.replace(/^\//, '');
    try {
      const body = await this.client.invoker.invoke(appId, method, request.method as DaprHttpMethod, request.body as object | undefined, {
        headers: { ...(request.headers ?? {}) },
      });
      return { status: 200, body: body as T };
    } catch (err) {
      const answer = parseSdkHttpError(err);
      // The target app's answer, whatever its status, passed through by the sidecar.
      if (answer && !isDaprSidecarError(answer)) return { status: answer.status, body: answer.body as T };
      // The sidecar's own error (unknown app id, target unreachable, refused token) or no answer at all.
      const reason = answer ? `sidecar answered ${answer.status}: ${typeof answer.body === 'string' ? answer.body.trim() : JSON.stringify(answer.body)}` : describe(err);
      throw new InvocationError(appId, reason, { cause: err });
    }
  }

  async checkReady(): Promise<void> {
    // GET /v1.0/healthz/outbound answers 204 once the sidecar's API and components are up: what
    // this app needs of it (the SDK would otherwise block ~30 s on first use). Not /v1.0/healthz,
    // which also waits for this app's own health and for every control-plane connection: under
    // `dapr run -f` the CLI always points daprd at a scheduler (CLI 1.16.5 turns an empty
    // schedulerHostAddress into "localhost"), and with none running /healthz stays 500.
    const headers: Record<string, string> = this.options.daprApiToken ? { 'dapr-api-token': this.options.daprApiToken } : {};
    const base = `http://${this.options.daprHost}:${this.options.daprHttpPort}`;
    const res = await fetch(`${base}/v1.0/healthz/outbound`, { headers, signal: AbortSignal.timeout(1000) });
    if (res.status >= 300) throw new Error(`sidecar health ${res.status}`);
    if (this.subscriptions.length === 0) return;
    // daprd reads GET /dapr/subscribe once, when the app's port first answers; a failed read (a
    // 401 from an APP_API_TOKEN mismatch, say) leaves it with no subscriptions until it restarts,
    // while its health stays green. So readiness asks the sidecar what it actually subscribed.
    const metadata = await fetch(`${base}/v1.0/metadata`, { headers, signal: AbortSignal.timeout(1000) });
    if (metadata.status >= 300) throw new Error(`sidecar metadata ${metadata.status}`);
    const { subscriptions = [] } = (await metadata.json()) as { subscriptions?: Array<{ pubsubname?: string; topic?: string }> };
    const missing = missingSubscriptions(this.subscriptions, subscriptions, this.options.pubsubName);
    if (missing.length) {
      throw new NotReadyError(`the sidecar has not subscribed to ${missing.join(', ')} (it reads GET /dapr/subscribe once: check APP_API_TOKEN on both sides, then restart the sidecar)`);
    }
  }

  async close(): Promise<void> {
    await this.client.stop();
  }
}

/** Our topics that the sidecar's GET /v1.0/metadata does not list for our pub/sub component. */
export function missingSubscriptions(ours: Subscription[], sidecars: Array<{ pubsubname?: string; topic?: string }>, pubsubName: string): string[] {
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
    const items = (await this.client.state.getBulk(this.store, [key])) as Array<{ key: string; data?: T; etag?: string }>;
    const item = items.find((i) => i.key === key);
    if (!item || item.data === undefined || item.data === null || (item.data as unknown) === '') return undefined;
    return { value: item.data, etag: item.etag ?? '' };
  }

  async save<T>(key: string, value: T, options: { etag?: string; ttlSeconds?: number } = {}): Promise<void> {
    const result = await this.client.state.save(this.store, [
      {
        key,
        value,
        ...(options.etag !== undefined ? { etag: options.etag, options: { concurrency: StateConcurrencyEnum.CONCURRENCY_FIRST_WRITE, consistency: StateConsistencyEnum.CONSISTENCY_STRONG } } : {}),
        ...(options.ttlSeconds ? { metadata: { ttlInSeconds: String(options.ttlSeconds) } } : {}),
      },
    ]);
    throwOnStateError(key, result);
  }

  async delete(key: string, options: { etag?: string } = {}): Promise<void> {
    const result = await this.client.state.delete(this.store, key, options.etag ? { etag: options.etag, concurrency: StateConcurrencyEnum.CONCURRENCY_FIRST_WRITE, consistency: StateConsistencyEnum.CONSISTENCY_STRONG } : undefined);
    throwOnStateError(key, result);
  }
}

function throwOnStateError(key: string, result: { error?: unknown } | undefined): void {
  if (!result?.error) return;
  if (parseSdkHttpError(result.error)?.status === 409) throw new StateConflictError(key);
  throw new Error(`state ${key}: ${describe(result.error)}`);
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
