// The simulator's state: plain Maps, the working copy every read uses. Every change goes through a
// method here that also hands the entity to the state sink: nowhere in memory only, or a database
// that the next start reads back (persistence/). Never shared between two running simulators.
import { badRequest, idDoesNotExist } from './errors';
import { type EntityKind, IN_MEMORY, type PersistedEntity, type StateSink } from './persistence/state-sink';
import type { OrderEntity, PaymentEntity, RefundEntity, WebhookEventName } from './types';

export interface DeliveryAttempt {
  at: number;
  status: number | null;
  error?: string;
  durationMs: number;
}

export interface StoredEvent {
  id: string;
  event: WebhookEventName;
  /** The exact bytes sent (and re-sent): the signature covers this string. */
  body: string;
  paymentId: string | null;
  orderId: string | null;
  refundId: string | null;
  createdAt: number;
  deliveries: DeliveryAttempt[];
}

export interface RefundKeyRecord {
  fingerprint: string;
  refundId: string;
}

export class Store {
  readonly orders = new Map<string, OrderEntity>();
  readonly payments = new Map<string, PaymentEntity>();
  readonly refunds = new Map<string, RefundEntity>();
  readonly refundKeys = new Map<string, RefundKeyRecord>();
  readonly events = new Map<string, StoredEvent>();
  private readonly orderPayments = new Map<string, string[]>();
  private readonly paymentRefunds = new Map<string, string[]>();

  constructor(private sink: StateSink = IN_MEMORY) {}

  /** From now on changes also go to `sink` (a database opened after the simulator was created). */
  persistTo(sink: StateSink): void {
    this.sink = sink;
  }

  /** Resolves once every change so far is stored: answered before, lost by a crash after. */
  commit(): Promise<void> {
    return this.sink.commit();
  }

  /** The state a previous run stored, in the order it was stored (nothing is marked again). */
  restore(entities: PersistedEntity[]): void {
    const sink = this.sink;
    this.sink = IN_MEMORY;
    try {
      // Delivery attempts last: they belong to events restored before them.
      for (const { kind, id, data } of entities) if (kind !== 'deliveries') RESTORE[kind](this, id, data);
      for (const { kind, id, data } of entities) if (kind === 'deliveries') RESTORE[kind](this, id, data);
    } finally {
      this.sink = sink;
    }
  }

  getOrder(id: string): OrderEntity {
    const order = this.orders.get(id);
    if (!order) throw idDoesNotExist();
    return order;
  }

  getPayment(id: string): PaymentEntity {
    const payment = this.payments.get(id);
    if (!payment) throw idDoesNotExist();
    return payment;
  }

  getRefund(id: string): RefundEntity {
    const refund = this.refunds.get(id);
    if (!refund) throw idDoesNotExist();
    return refund;
  }

  /** For the /_sim routes, where an unknown id is the caller's mistake, not Razorpay's 400. */
  getOrderForSim(id: string): OrderEntity {
    const order = this.orders.get(id);
    if (!order) throw badRequest(`No order ${id} in this simulator`, 'order_id', 404);
    return order;
  }

  addOrder(order: OrderEntity): void {
    this.orders.set(order.id, order);
    this.changed('order', order.id, order);
  }

  addPayment(payment: PaymentEntity): void {
    this.payments.set(payment.id, payment);
    const list = this.orderPayments.get(payment.order_id) ?? [];
    list.push(payment.id);
    this.orderPayments.set(payment.order_id, list);
    this.changed('payment', payment.id, payment);
  }

  addRefund(refund: RefundEntity): void {
    this.refunds.set(refund.id, refund);
    const list = this.paymentRefunds.get(refund.payment_id) ?? [];
    list.push(refund.id);
    this.paymentRefunds.set(refund.payment_id, list);
    this.changed('refund', refund.id, refund);
  }

  addRefundKey(key: string, record: RefundKeyRecord): void {
    this.refundKeys.set(key, record);
    this.changed('refund_key', key, record);
  }

  addEvent(event: StoredEvent): void {
    this.events.set(event.id, event);
    this.changed('event', event.id, event);
  }

  /** An attempt to deliver the event was made. */
  saveDeliveries(event: StoredEvent): void {
    this.changed('deliveries', event.id, event.deliveries);
  }

  /** An order or payment changed in place (status, amounts): stored with the next write. */
  saveOrder(order: OrderEntity): void {
    this.changed('order', order.id, order);
  }

  savePayment(payment: PaymentEntity): void {
    this.changed('payment', payment.id, payment);
  }

  private changed(kind: EntityKind, id: string, data: unknown): void {
    this.sink.mark(kind, id, data);
  }

  paymentsOf(orderId: string): PaymentEntity[] {
    return (this.orderPayments.get(orderId) ?? []).map((id) => this.getPayment(id));
  }

  refundsOf(paymentId: string): RefundEntity[] {
    return (this.paymentRefunds.get(paymentId) ?? []).map((id) => this.getRefund(id));
  }

  clear(): void {
    this.orders.clear();
    this.payments.clear();
    this.refunds.clear();
    this.refundKeys.clear();
    this.events.clear();
    this.orderPayments.clear();
    this.paymentRefunds.clear();
  }
}

const RESTORE: Record<EntityKind, (store: Store, id: string, data: unknown) => void> = {
  order: (store, _id, data) => store.addOrder(data as OrderEntity),
  payment: (store, _id, data) => store.addPayment(data as PaymentEntity),
  refund: (store, _id, data) => store.addRefund(data as RefundEntity),
  refund_key: (store, id, data) => store.addRefundKey(id, data as RefundKeyRecord),
  event: (store, _id, data) => store.addEvent(data as StoredEvent),
  deliveries: (store, id, data) => {
    const event = store.events.get(id);
    if (event) event.deliveries = data as DeliveryAttempt[];
  },
};
