// The order events a customer hears about, as the order service publishes them.
import { randomUUID } from 'node:crypto';
import { OrderAccepted, OrderRefunded, OrderRejected } from '@saga/contracts';
import { newEvent } from '@saga/runtime';

const now = () => new Date().toISOString();

export const orderAccepted = (orderId: string, customerId: string, vendorId = 'vendor-1') =>
  OrderAccepted.parse(newEvent('OrderAccepted', { orderId, customerId, vendorId, acceptedAt: now() }));

export const orderRejected = (orderId: string, customerId: string, reason: string, vendorId = 'vendor-1') =>
  OrderRejected.parse(
    newEvent('OrderRejected', {
      orderId,
      customerId,
      vendorId,
      reason,
      rejectedBy: 'vendor' as const,
      paymentId: `pay_${randomUUID().slice(0, 14)}`,
      amount: 50000,
      currency: 'INR' as const,
      rejectedAt: now(),
    }),
  );

export const orderRefunded = (orderId: string, customerId: string, vendorId = 'vendor-1') =>
  OrderRefunded.parse(
    newEvent('OrderRefunded', {
      orderId,
      customerId,
      vendorId,
      status: 'REJECTED' as const,
      paymentId: `pay_${randomUUID().slice(0, 14)}`,
      refundId: `rfnd_${randomUUID().slice(0, 14)}`,
      amount: 50000,
      currency: 'INR' as const,
      refundedAt: now(),
    }),
  );
