/**
 * Razorpay simulator: a dev and test stand-in for api.razorpay.com and for Razorpay's checkout
 * page, because Razorpay's own test mode cannot deliver webhooks to localhost.
 *
 * - Speaks a subset of Razorpay's /v1 API (orders, payments, capture, refunds) with Basic auth and
 *   Razorpay's entity and error shapes, so the unmodified `razorpay` SDK works against it. The SDK
 *   prefixes every path with /v1 itself: point `rzp.api.rq.defaults.baseURL` at the simulator's
 *   root URL (e.g. http://127.0.0.1:3099), not at .../v1.
 * - `/_sim/...` routes (no auth) pay an order the way a customer would and send Razorpay's signed
 *   webhooks, and expose knobs (latency, outages, injected errors), stats and the sent events.
 * - State lives in memory (Maps). With `databaseUrl` it is also stored in PostgreSQL (schema
 *   `razorpay_sim`) and read back when the simulator starts listening, so a restart keeps every
 *   order payable and every refund idempotent; without it, it is lost on restart. One simulator
 *   per schema: two at once would not see each other's changes. Not for production use.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import pino, { type Logger } from 'pino';
import { createApp } from './app';
import type { SimContext } from './context';
import { lateAuthorize, pay as payOrder, type PayOptions } from './domain/payments';
import { razorpayId } from './ids';
import { PostgresState } from './persistence/postgres-state';
import { IN_MEMORY } from './persistence/state-sink';
import { DEFAULT_KNOBS, KnobState, knobsPatchSchema, type Knobs, type KnobsPatch } from './knobs';
import { summarizeEvent, findEvent, type WebhookEventSummary } from './routes/sim';
import { StatsRecorder, type SimulatorStats } from './stats';
import { Store } from './store';
import type { PayResult, WebhookDeliveryReport } from './types';
import { WebhookDispatcher } from './webhooks/delivery';

/** Documented development values; never valid against the real Razorpay. */
export const DEV_DEFAULTS = {
  keyId: 'rzp_test_devkey000000',
  keySecret: 'dev_key_secret_change_me',
  webhookSecret: 'dev_webhook_secret_change_me',
} as const;

export interface SimulatorOptions extends Omit<KnobsPatch, 'webhookSecret'> {
  keyId?: string;
  keySecret?: string;
  webhookSecret?: string;
  /** Stable `account_id` for webhook bodies; random `acc_...` per simulator when omitted. */
  accountId?: string;
  /** Never receives secrets. Silent when omitted. */
  logger?: Logger;
  /** PostgreSQL to keep the state in (schema razorpay_sim), read back by listen(); in memory only when omitted. */
  databaseUrl?: string;
}

export interface RazorpaySimulator {
  readonly app: Express;
  /** The URL after listen(), else undefined. */
  readonly url: string | undefined;
  readonly keyId: string;
  readonly accountId: string;
  listen(port?: number, host?: string): Promise<{ url: string }>;
  /** Stops the server, cuts pending webhook retries short, and finishes storing the state. */
  close(): Promise<void>;
  /** Same validation as POST /_sim/config (throws RazorpayApiError 400 on a bad value); returns all knobs. */
  configure(patch: KnobsPatch): Knobs;
  config(): Knobs;
  /** Clears all data (stored too) and stats and restores the knobs given at creation. */
  reset(): Promise<void>;
  /** Same as POST /_sim/orders/:id/pay; throws RazorpayApiError (status + Razorpay body) on refusal. */
  pay(razorpayOrderId: string, options?: PayOptions): Promise<PayResult>;
  /** Same as POST /_sim/payments/:id/late-authorize: a failed payment ends authorized or captured after all. */
  lateAuthorize(paymentId: string, options?: PayOptions): Promise<PayResult>;
  stats(): SimulatorStats;
  webhookEvents(): WebhookEventSummary[];
  redeliver(eventId: string): Promise<WebhookDeliveryReport>;
  /** Resolves when webhooks sent in the background (after capture and refund calls) are done. */
  waitForWebhooks(): Promise<void>;
}

function initialKnobs(options: SimulatorOptions): Knobs {
  const { keyId: _k, keySecret: _s, accountId: _a, logger: _l, databaseUrl: _d, webhookSecret, ...patch } = options;
  const parsed = knobsPatchSchema.safeParse(patch);
  if (!parsed.success) {
    throw new Error(
      `Invalid Razorpay simulator options: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const state = new KnobState({
    ...DEFAULT_KNOBS,
    failNext: { ...DEFAULT_KNOBS.failNext },
    webhookSecret: webhookSecret ?? DEV_DEFAULTS.webhookSecret,
  });
  return state.apply(patch);
}

export function createRazorpaySimulator(options: SimulatorOptions = {}): RazorpaySimulator {
  const logger = options.logger ?? pino({ level: 'silent' });
  const store = new Store();
  const stats = new StatsRecorder();
  const knobs = new KnobState(initialKnobs(options));
  const webhooks = new WebhookDispatcher({ store, knobs, stats, logger });
  const ctx: SimContext = {
    keyId: options.keyId ?? DEV_DEFAULTS.keyId,
    keySecret: options.keySecret ?? DEV_DEFAULTS.keySecret,
    accountId: options.accountId ?? razorpayId('acc'),
    store,
    knobs,
    stats,
    webhooks,
    logger,
  };

  let state: PostgresState | undefined;
  let restored = false;
  /** The stored state, read back once per simulator (a listen after close() finds it in memory already). */
  async function openState(databaseUrl: string): Promise<void> {
    state = await PostgresState.open(databaseUrl, logger);
    if (!restored) {
      const entities = await state.load();
      store.restore(entities);
      restored = true;
      logger.info({ entities: entities.length }, 'razorpay-sim: state read back from the database');
    }
    store.persistTo(state);
  }

  const reset = async (): Promise<void> => {
    store.clear();
    stats.reset();
    knobs.reset();
    await state?.clear();
    logger.info('razorpay-sim: reset');
  };

  const app = createApp(ctx, reset);
  let server: Server | undefined;
  let url: string | undefined;

  return {
    app,
    get url() {
      return url;
    },
    keyId: ctx.keyId,
    accountId: ctx.accountId,

    async listen(port = 3099, host = '127.0.0.1') {
      if (server) throw new Error('Razorpay simulator is already listening');
      if (options.databaseUrl && !state) await openState(options.databaseUrl);
      webhooks.reopen();
      return new Promise((resolve, reject) => {
        const s = createServer(app);
        s.once('error', reject);
        s.listen(port, host, () => {
          s.off('error', reject);
          server = s;
          const { port: actual } = s.address() as AddressInfo;
          url = `http://${host.includes(':') ? `[${host}]` : host}:${actual}`;
          logger.info({ url, keyId: ctx.keyId, webhookUrl: knobs.peek().webhookUrl }, 'razorpay-sim: listening');
          resolve({ url });
        });
      });
    },

    async close() {
      await webhooks.close();
      const s = server;
      server = undefined;
      url = undefined;
      if (s) {
        await new Promise<void>((resolve, reject) => {
          s.close((err) => (err ? reject(err) : resolve()));
          // Keep-alive clients (the SDK's axios, fetch) would otherwise hold close() open.
          s.closeAllConnections();
        });
      }
      const stored = state;
      state = undefined;
      store.persistTo(IN_MEMORY);
      await stored?.close();
    },

    configure: (patch) => knobs.apply(patch),
    config: () => knobs.get(),
    reset,
    pay: (razorpayOrderId, payOptions) => payOrder(ctx, razorpayOrderId, payOptions),
    lateAuthorize: (paymentId, payOptions) => lateAuthorize(ctx, paymentId, payOptions),
    stats: () => stats.snapshot(),
    webhookEvents: () => [...store.events.values()].map(summarizeEvent),
    redeliver: (eventId) => webhooks.deliver(findEvent(ctx, eventId)),
    waitForWebhooks: () => webhooks.waitForIdle(),
  };
}

export { RazorpayApiError } from './errors';
export type { RazorpayErrorBody } from './errors';
export { DEFAULT_WEBHOOK_URL } from './knobs';
export type { FailNextKnob, Knobs, KnobsPatch } from './knobs';
export type { SimulatorStats } from './stats';
export type { PayOptions } from './domain/payments';
export type { WebhookEventSummary } from './routes/sim';
export { signWebhookBody, verifyWebhookSignature } from './webhooks/signature';
export type * from './types';
