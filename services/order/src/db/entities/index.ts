import { IdempotencyKey } from './idempotency-key';
import { Order } from './order';
import { OrderTimelineEntry } from './order-timeline-entry';

export { IdempotencyKey, Order, OrderTimelineEntry };

/** The order schema's own tables (the runtime adds its messaging tables). */
export const orderEntities = [Order, IdempotencyKey, OrderTimelineEntry];
