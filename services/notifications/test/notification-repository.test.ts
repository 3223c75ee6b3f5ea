// The repository against real PostgreSQL, for what the socket tests cannot reach on demand: which of
// the live frames held behind a replay are still unacknowledged, and an acknowledgement sent twice.
import { randomUUID } from 'node:crypto';
import { notificationsService } from '@saga/notifications';
import { startSingleService, type SingleService } from '../../../tests/support/single-service';
import { notificationRepository } from '../src/repositories/notification-repository';
import { newOrderData } from '../src/notifications/notification';
import { orderPlaced } from './support/orders';

describe('notifications: the notification repository', () => {
  let service: SingleService;
  beforeAll(async () => (service = await startSingleService(notificationsService)));
  afterAll(() => service.stop());

  const recordFor = async (vendorId: string) => {
    const event = orderPlaced(vendorId);
    const recorded = await notificationRepository.record(
      service.ctx.db,
      event.eventId,
      { audience: 'vendor', id: vendorId },
      'new_order',
      newOrderData(event.payload),
    );
    if (!recorded) throw new Error('not recorded');
    return { event, recorded };
  };

  it('records a source event once per audience, and finds it again by that event', async () => {
    const vendor = { audience: 'vendor' as const, id: `vendor-${randomUUID()}` };
    const { event, recorded } = await recordFor(vendor.id);
    expect(
      await notificationRepository.record(
        service.ctx.db,
        event.eventId,
        vendor,
        'new_order',
        newOrderData(event.payload),
      ),
    ).toBeUndefined();
    expect(await notificationRepository.findBySourceEvent(service.ctx.db, event.eventId, 'vendor')).toEqual(recorded);
    expect(recorded).toMatchObject({
      recipient: vendor,
      event: 'new_order',
      acked: false,
      data: { orderId: event.payload.orderId, amount: event.payload.amount },
    });
  });

  it('tells which of a list of notifications are still unacknowledged', async () => {
    const vendorId = `vendor-${randomUUID()}`;
    const [first, second, third] = [await recordFor(vendorId), await recordFor(vendorId), await recordFor(vendorId)];
    await notificationRepository.acknowledge(service.ctx.db, { audience: 'vendor', id: vendorId }, second.recorded.id);
    const unacked = await notificationRepository.stillUnacked(service.ctx.db, [
      first.recorded.id,
      second.recorded.id,
      third.recorded.id,
    ]);
    expect([...unacked].sort()).toEqual([first.recorded.id, third.recorded.id].sort());
  });

  it("acknowledges once, answers a repeated ack as already acknowledged, and knows no one else's notification", async () => {
    const vendor = { audience: 'vendor' as const, id: `vendor-${randomUUID()}` };
    const { recorded } = await recordFor(vendor.id);
    expect(
      await notificationRepository.acknowledge(service.ctx.db, { audience: 'vendor', id: 'someone-else' }, recorded.id),
    ).toBe('NOT_FOUND');
    expect(await notificationRepository.acknowledge(service.ctx.db, vendor, recorded.id)).toBe('ACKED');
    expect(await notificationRepository.acknowledge(service.ctx.db, vendor, recorded.id)).toBe('ALREADY_ACKED');
    expect(await notificationRepository.unackedPage(service.ctx.db, vendor, '0', 10)).toEqual([]);
  });

  it("pages a recipient's unacknowledged notifications oldest first, after a cursor", async () => {
    const vendor = { audience: 'vendor' as const, id: `vendor-${randomUUID()}` };
    const recorded = [
      (await recordFor(vendor.id)).recorded,
      (await recordFor(vendor.id)).recorded,
      (await recordFor(vendor.id)).recorded,
    ];
    const firstPage = await notificationRepository.unackedPage(service.ctx.db, vendor, '0', 2);
    expect(firstPage.map((n) => n.id)).toEqual(recorded.slice(0, 2).map((n) => n.id));
    const rest = await notificationRepository.unackedPage(service.ctx.db, vendor, firstPage[1]!.seq, 2);
    expect(rest.map((n) => n.id)).toEqual([recorded[2]!.id]);
  });
});
