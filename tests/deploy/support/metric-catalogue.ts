// The metrics the dashboard and the alerts may use: what the services export (every series has
// the default label `service`). A query naming anything else fails the static check; the live
// check reads each service's GET /metrics and fails on any of these missing.

/** Exported by the services (runtime, order, catalog, payments, notifications), plus Node's default metrics. */
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
  // payments (services/payments/src/webhooks/webhook-metrics.ts)
  'payments_webhooks_received_total',
  'payments_webhook_ack_seconds',
  'payments_webhook_processing_seconds',
  'payments_confirmed_total',
  'payments_amount_mismatch_total',
  'payments_duplicate_capture_total',
  // notifications (services/notifications/src/metrics/notifications-metrics.ts)
  'notifications_open_sockets',
  'notifications_frames_sent_total',
  'notifications_acks_total',
  'notifications_redelivered_total',
  'notifications_order_placed_to_frame_seconds',
  // the runtime's dead letters (services/runtime/src/messaging/dead-letters.ts)
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

export const KNOWN_METRICS: ReadonlySet<string> = new Set(EXPORTED);

export const SERVICES = ['order', 'catalog', 'payments', 'notifications'] as const;
