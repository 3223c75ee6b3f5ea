// What operators watch for reconciliation: what each check of a payment found, and how long passes take.
import type { Database } from '@saga/runtime';
import { paymentReconcileRepository } from '../repositories/payment-reconcile-repository';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type ReconcileOutcome = 'confirmed' | 'recorded' | 'unchanged' | 'reconfirmed' | 'voided' | 'error';

export function createReconcileMetrics(registry: Registry, db: Database, settleAfterSeconds: number) {
  new Gauge({
    name: 'payments_captured_unsettled',
    help: 'Captured payments the order service has not settled (placed, cancelled or refund requested) within the settle time',
    registers: [registry],
    async collect() {
      this.set(await paymentReconcileRepository.countCapturedUnsettled(db, settleAfterSeconds).catch(() => NaN));
    },
  });
  return {
    reconciled: new Counter({
      name: 'payments_reconciled_total',
      help: 'Payments checked by reconciliation, by outcome: confirmed (captured, webhook missing), recorded (another state no webhook reported), unchanged, reconfirmed (PaymentConfirmed sent again), voided (Razorpay does not know the order), error',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'payments_reconcile_duration_seconds',
      help: 'One reconciliation pass',
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
  };
}

export type ReconcileMetrics = ReturnType<typeof createReconcileMetrics>;
