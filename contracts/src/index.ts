// The single source of truth for every request, response, event and frame body of the saga.
// JSON Schema, OpenAPI 3.1 and AsyncAPI 3.0 documents are generated from these into
// contracts/generated (npm run contracts:generate); see contracts/README.md.
export * from './common';
export * from './http/catalog';
export * from './http/payments';
export * from './http/orders';
export * from './http/vendor-answer';
export * from './http/payment-callback';
export * from './http/cart';
export * from './http/timeline';
export * from './http/problems';
export * from './http/health';
export * from './http/razorpay-webhook';
export * from './http/refunds-admin';
export * from './http/dead-letters';
export * from './events/envelope';
export * from './events/payment-events';
export * from './events/order-events';
export * from './events/order-lifecycle-events';
export * from './events/refund-events';
export * from './events/vendor-answer-events';
export * from './events/topic-events';
export * from './events/cloud-event';
export * from './ws/vendor-frames';
export * from './ws/customer-frames';
