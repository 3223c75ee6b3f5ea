// The single source of truth for every request, response and event body of the saga.
// JSON Schema, OpenAPI 3.1 and AsyncAPI documents are generated from these (contracts/generated).
export * from './common';
export * from './http/catalog';
export * from './http/payments';
export * from './http/orders';
export * from './events/envelope';
export * from './events/payment-events';
export * from './events/order-events';
