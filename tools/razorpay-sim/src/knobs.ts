import { z } from 'zod';
import type { WebhookEventName } from './types';
import { parseBody } from './validation';

export const WEBHOOK_EVENT_NAMES = [
  'payment.authorized',
  'payment.captured',
  'payment.failed',
  'order.paid',
  'refund.processed',
] as const satisfies readonly WebhookEventName[];

export const DEFAULT_WEBHOOK_URL = 'http://127.0.0.1:3003/api/v1/webhooks/razorpay';

export interface FailNextKnob {
  /** How many of the next /v1 requests fail. */
  count: number;
  /** HTTP status to answer; 0 destroys the socket instead (a network error). */
  status: number;
  /** true: the request is carried out first and only its answer is replaced, the "did it happen?" case. */
  afterCommit: boolean;
}

export interface Knobs {
  latencyMs: number;
  down: boolean;
  failNext: FailNextKnob;
  failRate: number;
  seed: number | null;
  autoWebhook: boolean;
  webhookUrl: string;
  webhookSecret: string;
  webhookTimeoutMs: number;
  webhookRetries: number;
  webhookRetryBackoffMs: number;
  /**
   * The events the account's webhook is subscribed to (Razorpay's dashboard setting); null: all.
   * An event not subscribed to is still recorded (and can be redelivered), never sent by itself.
   */
  webhookEvents: WebhookEventName[] | null;
}

export const DEFAULT_KNOBS: Readonly<Omit<Knobs, 'webhookSecret'>> = {
  latencyMs: 0,
  down: false,
  failNext: { count: 0, status: 500, afterCommit: false },
  failRate: 0,
  seed: null,
  autoWebhook: true,
  webhookUrl: DEFAULT_WEBHOOK_URL,
  webhookTimeoutMs: 5000,
  webhookRetries: 3,
  webhookRetryBackoffMs: 200,
  webhookEvents: null,
};

const failNextSchema = z.strictObject({
  count: z.number().int().min(0),
  status: z
    .number()
    .int()
    .refine((s) => s === 0 || (s >= 400 && s <= 599), { error: 'status must be 0 (network error) or 400..599' })
    .optional(),
  afterCommit: z.boolean().optional(),
});

export const knobsPatchSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  down: z.boolean().optional(),
  // A bare number is shorthand for { count }.
  failNext: z
    .union([
      z
        .number()
        .int()
        .min(0)
        .transform((count) => ({ count })),
      failNextSchema,
    ])
    .optional(),
  failRate: z.number().min(0).max(1).optional(),
  seed: z.number().int().nullable().optional(),
  autoWebhook: z.boolean().optional(),
  webhookUrl: z.url({ protocol: /^https?$/ }).optional(),
  webhookSecret: z.string().min(1).optional(),
  webhookTimeoutMs: z.number().int().min(1).max(60_000).optional(),
  webhookRetries: z.number().int().min(0).max(20).optional(),
  webhookRetryBackoffMs: z.number().int().min(0).max(60_000).optional(),
  webhookEvents: z.array(z.enum(WEBHOOK_EVENT_NAMES)).nullable().optional(),
});

export type KnobsPatch = z.input<typeof knobsPatchSchema>;

/** A seeded generator so a failRate run can be replayed exactly (mulberry32). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface InjectedFailure {
  source: 'failNext' | 'failRate';
  status: number;
  afterCommit: boolean;
}

/** The live knobs: what creation options set, what /_sim/config changed, and the failure dice. */
export class KnobState {
  private current: Knobs;
  private random: () => number = Math.random;

  constructor(private readonly initial: Knobs) {
    this.current = structuredClone(initial);
    this.reseed();
  }

  get(): Knobs {
    return structuredClone(this.current);
  }

  /** Read without copying, for the per-request hot path. */
  peek(): Readonly<Knobs> {
    return this.current;
  }

  /** Validates like the HTTP route, so in-process callers get the same 400 on a bad value. */
  apply(patch: unknown): Knobs {
    const parsed = parseBody(knobsPatchSchema, patch);
    const { failNext, ...rest } = parsed;
    const next: Knobs = { ...this.current };
    for (const [key, value] of Object.entries(rest)) {
      if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
    }
    if (failNext !== undefined) {
      next.failNext = {
        count: failNext.count,
        status: 'status' in failNext && failNext.status !== undefined ? failNext.status : 500,
        afterCommit: 'afterCommit' in failNext && failNext.afterCommit !== undefined ? failNext.afterCommit : false,
      };
    }
    this.current = next;
    if (parsed.seed !== undefined) this.reseed();
    return this.get();
  }

  reset(): void {
    this.current = structuredClone(this.initial);
    this.reseed();
  }

  /** Decides whether this /v1 request fails; failNext is consumed before failRate is rolled. */
  takeFailure(): InjectedFailure | null {
    const { failNext, failRate } = this.current;
    if (failNext.count > 0) {
      this.current.failNext = { ...failNext, count: failNext.count - 1 };
      return { source: 'failNext', status: failNext.status, afterCommit: failNext.afterCommit };
    }
    if (failRate > 0 && this.random() < failRate) {
      return { source: 'failRate', status: 500, afterCommit: false };
    }
    return null;
  }

  private reseed(): void {
    this.random = this.current.seed === null ? Math.random : seededRandom(this.current.seed);
  }
}

/** Knobs as shown over HTTP: the webhook secret stays out of answers and logs. */
export function redactKnobs(knobs: Knobs): Omit<Knobs, 'webhookSecret'> & { webhookSecret: string } {
  return { ...knobs, webhookSecret: '[redacted]' };
}
