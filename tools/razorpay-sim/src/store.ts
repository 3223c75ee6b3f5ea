// In-memory storage: plain Maps, lost on restart and never shared between processes. That is
// enough for a dev tool and for tests, which create a fresh simulator (or call reset()) anyway.
import { badRequest, idDoesNotExist } from './errors';
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
  }

  addPayment(payment: PaymentEntity): void {
    this.payments.set(payment.id, payment);
    const list = this.orderPayments.get(payment.order_id) ?? [];
    list.push(payment.id);
    this.orderPayments.set(payment.order_id, list);
  }

  addRefund(refund: RefundEntity): void {
    this.refunds.set(refund.id, refund);
    const list = this.paymentRefunds.get(refund.payment_id) ?? [];
    list.push(refund.id);
    this.paymentRefunds.set(refund.payment_id, list);
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
