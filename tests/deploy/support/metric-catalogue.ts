// The metrics the dashboard and the alerts may use: what the services export (every series has
// the default label `service`), and the names other changes are adding. A query naming anything
// else fails the static check; the live check reads each service's GET /metrics.

/** Exported by the services today (runtime, order, catalog, payments), plus Node's default metrics. */
export const EXPORTED = [
  'http_requests_total',
  'http_request_duration_seconds',
  'order_checkouts_total',
  'order_payment_confirmations_total',
  'catalog_availability_check_seconds',
  'catalog_sales_total',
  'payments_gateway_circuit_state',
  'payments_refunds_total',
  'outbox_published_total',
  'outbox_publish_failures_total',
  'outbox_lag_seconds',
  'outbox_backlog',
  'process_resident_memory_bytes',
  'nodejs_eventloop_lag_p99_seconds',
] as const;

/**
 * Being added to payments and notifications (services/payments/src/webhooks/webhook-metrics.ts,
 * services/notifications/src/metrics/notifications-metrics.ts), and the runtime's dead-letter
 * counter, which the runtime must still export. The live check tolerates these being absent
 * (and says so); once present they are checked like the rest.
 */
export const PENDING = [
  'payments_webhooks_received_total',
  'payments_webhook_ack_seconds',
  'payments_webhook_processing_seconds',
  'payments_confirmed_total',
  'payments_amount_mismatch_total',
  'payments_duplicate_capture_total',
  'notifications_open_sockets',
  'notifications_frames_sent_total',
  'notifications_acks_total',
  'notifications_redelivered_total',
  'notifications_order_placed_to_frame_seconds',
  'runtime_dead_letters_total',
] as const;

export const HISTOGRAMS: ReadonlySet<string> = new Set([
  'http_request_duration_seconds',
  'catalog_availability_check_seconds',
  'outbox_lag_seconds',
  'payments_webhook_ack_seconds',
  'payments_webhook_processing_seconds',
  'notifications_order_placed_to_frame_seconds',
]);

export const KNOWN_METRICS: ReadonlySet<string> = new Set([...EXPORTED, ...PENDING]);

export const SERVICES = ['order', 'catalog', 'payments', 'notifications'] as const;
