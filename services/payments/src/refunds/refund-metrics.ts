// What operators watch for refunds: attempts by outcome, and the refunds still owed to customers.
import type { Database } from '@saga/runtime';
import { refundRepository } from '../repositories/refund-repository';
import { Counter, Gauge, type Registry } from 'prom-client';

export type RefundOutcome = 'processed' | 'retry' | 'failed';

export function createRefundMetrics(registry: Registry, db: Database) {
  new Gauge({
    name: 'payments_refunds_pending',
    help: 'Refunds requested and not yet accepted by Razorpay (REQUESTED)',
    registers: [registry],
    async collect() {
      this.set(await refundRepository.countPending(db).catch(() => NaN));
    },
  });
  return {
    refunds: new Counter({
      name: 'payments_refunds_total',
      help: 'Refund attempts by outcome: processed (Razorpay holds the refund), retry (failed, tried again later), failed (refused for good: a person must look)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
  };
}

export type RefundMetrics = ReturnType<typeof createRefundMetrics>;
