import { type RunningService, startService } from '@saga/runtime';
import { vendorToken } from '../../../tests/support/tokens';
import { startTestSystem, type TestSystem } from '../../../tests/support/test-system';
import { notificationsService } from '../src';
import { ORDER_EVENTS, orderPlaced } from './support/orders';
import { VendorClient } from './support/vendor-client';

// Under Dapr each replica has its own queue, so each receives every OrderPlaced. The embedded hub
// does the same for two subscribers of one app: a second replica here shares the database and hub.
describe('two notifications replicas sharing one database', () => {
  let system: TestSystem;
  let replica2: RunningService;

  beforeAll(async () => {
    system = await startTestSystem();
    replica2 = await startService(notificationsService, {
      config: system.config,
      env: system.env,
      logger: system.logger,
      databaseUrl: system.database.url,
      hub: system.hub,
      port: 0,
    });
  });
  afterAll(async () => {
    await replica2.close();
    await system.close();
  });

  it('when an order is placed, then the sockets on each replica get it once, and it is recorded once', async () => {
    const token = await vendorToken('vendor-spread');
    const onReplica1 = await VendorClient.connect(system.urls.notifications, token);
    const onReplica2 = await VendorClient.connect(replica2.url, token);
    const event = orderPlaced('vendor-spread');

    await system.hub.publish(ORDER_EVENTS, event);
    await system.hub.publish(ORDER_EVENTS, event);
    await Promise.all([onReplica1.roundTrip(), onReplica2.roundTrip()]);

    expect(onReplica1.newOrders.map((f) => f.data?.orderId)).toEqual([event.payload.orderId]);
    expect(onReplica2.newOrders).toEqual(onReplica1.newOrders);
    const rows = await system.sql(
      "select count(*)::int as n from notifications.notifications where source_event_id = $1 and audience = 'vendor'",
      [event.eventId],
    );
    expect(rows).toEqual([{ n: 1 }]);

    // Acknowledged through one replica, it is not sent again by the other.
    await onReplica1.ack(onReplica1.newOrders[0]!.id!);
    const reconnected = await VendorClient.connect(replica2.url, token);
    await reconnected.roundTrip();
    expect(reconnected.newOrders).toEqual([]);
    await Promise.all([onReplica1.close(), onReplica2.close(), reconnected.close()]);
  });
});
