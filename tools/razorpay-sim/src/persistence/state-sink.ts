// Where the simulator's state goes besides its Maps. In memory (no database) nothing happens; with
// a database every entity marked is written to it (postgres-state.ts) and read back at the next
// start, so orders created before a restart can still be paid, captured and refunded.

/**
 * What is persisted: Razorpay's entities, the refund idempotency keys, the webhook events, and each
 * event's delivery attempts on their own (small rows: an attempt does not write the event's body again).
 */
export type EntityKind = 'order' | 'payment' | 'refund' | 'refund_key' | 'event' | 'deliveries';

export interface PersistedEntity {
  kind: EntityKind;
  id: string;
  data: unknown;
}

export interface StateSink {
  /**
   * The entity changed (or is new). The object itself is kept, not a copy: what is written is its
   * state when the next write happens, so changes made in the same tick need no second mark.
   */
  mark(kind: EntityKind, id: string, data: unknown): void;
  /** Resolves once everything marked so far is stored: an answer that reports a change waits for it. */
  commit(): Promise<void>;
}

export const IN_MEMORY: StateSink = {
  mark: () => undefined,
  commit: () => Promise.resolve(),
};
