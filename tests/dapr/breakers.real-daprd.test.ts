// The shipped resiliency on real daprd must not turn business answers or one poisoned event into
// outages or loss:
// - daprd makes any app status outside 200-399 an error, and an app target's circuit breaker
//   counts every error (its retry's `matching` filter is applied after the breaker), so a run of
//   sold-out carts (409 from catalog) must never open a breaker between order and catalog;
// - daprd keys a component's breakers by component name, inbound and outbound alike, so a breaker
//   on the pub/sub component opened by failing deliveries also refuses the dead-letter publish:
//   every poisoned event must still reach the dead_letters table.
import { faultyOrderPlaced, installConsumerFaults, publishThrough } from '../support/consumer-faults';
import { type RealDaprSystem, startRealDaprSystem } from '../support/real-dapr-system';
import { shortRetryWaits } from '../support/real-daprd';
import { until } from '../support/until';

describe('the shipped resiliency on real daprd', () => {
  let system: RealDaprSystem;
  beforeAll(async () => {
    system = await startRealDaprSystem({ resources: { resiliency: shortRetryWaits } });
    await installConsumerFaults(system.sql);
    await system.addProduct({ productId: 'br-few', vendorId: 'vendor-br', price: 5000, stock: 1 });
    await system.addProduct({ productId: 'br-many', vendorId: 'vendor-br', price: 5000, stock: 100 });
  }, 120_000);
  afterAll(() => system?.close(), 30_000);

  it('answers checkouts after a run of sold-out carts: a 409 is an answer, not a failure', async () => {
    for (let i = 0; i < 25; i++) {
      const { status } = await system.checkout([{ productId: 'br-few', quantity: 5 }]);
      expect(status).toBe(409);
    }
    const { status, body } = await system.checkout([{ productId: 'br-many', quantity: 1 }]);
    expect({ status, code: body?.code }).toEqual({ status: 200, code: undefined });
  }, 60_000);

  it('stores every poisoned event in dead_letters, however many failures came before', async () => {
    // 3 events x 11 attempts: more consecutive failures than any breaker on the component allowed.
    const events = [];
    for (let i = 0; i < 3; i++) events.push(await faultyOrderPlaced(system.sql, Infinity));
    for (const event of events) await publishThrough(system.sidecars.order.url, 'order-events', event);
    const ids = events.map((e) => e.eventId).sort();
    const stored = await until(
      async () =>
        (
          await system.sql<{ event_id: string }>(
            `select event_id from notifications.dead_letters where topic = 'order-events' order by event_id`,
          )
        ).map((r) => r.event_id),
      (got) => ids.every((id) => got.includes(id)),
      45_000,
    );
    expect(stored).toEqual(expect.arrayContaining(ids));
  }, 60_000);
});
