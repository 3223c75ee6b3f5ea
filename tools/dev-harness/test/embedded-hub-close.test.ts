// Closing the embedded hub: it must stop delivering before the services behind it close, without
// turning a shutdown into dead letters, and its publishes must fail so the outbox keeps the events.
import { createLogger, newEvent } from '@saga/runtime';
import { EmbeddedHub, HubClosedError } from '../src/embedded/embedded-hub';

const logger = createLogger({ level: 'silent' });
// A backoff far longer than the test's timeout: only close() can end the wait.
const slowRetries = { maxAttempts: 5, initialBackoffMs: 60_000, maxBackoffMs: 60_000 };

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('closing the embedded hub', () => {
  it('abandons a retry waiting for its backoff: the publish rejects and nothing is dead-lettered', async () => {
    const hub = new EmbeddedHub(logger, slowRetries);
    hub.seal();
    const attempts: string[] = [];
    const deadLetters: string[] = [];
    const firstAttempt = deferred();
    hub.addSubscriber('notifications', {
      topic: 'orders',
      handler: async (e) => {
        attempts.push(e.id);
        firstAttempt.resolve();
        throw new Error('the pool is busy');
      },
    });
    hub.addSubscriber('notifications', {
      topic: 'orders.deadletter',
      handler: async (e) => void deadLetters.push(e.id),
    });

    const event = newEvent('OrderPlaced', { orderId: 'o-1' });
    const published = hub.publish('orders', event);
    const outcome = published.then(
      () => 'published',
      (err: Error) => err,
    );
    await firstAttempt.promise;
    await hub.close();

    expect(await outcome).toBeInstanceOf(HubClosedError);
    expect(attempts).toEqual([event.eventId]);
    expect(deadLetters).toEqual([]);
  });

  it('lets an attempt under way finish before it resolves', async () => {
    const hub = new EmbeddedHub(logger, slowRetries);
    hub.seal();
    const release = deferred();
    const started = deferred();
    const handled: string[] = [];
    hub.addSubscriber('order', {
      topic: 'payments',
      handler: async (e) => {
        started.resolve();
        await release.promise;
        handled.push(e.id);
      },
    });
    const event = newEvent('PaymentSucceeded', { paymentId: 'p-1' });
    const published = hub.publish('payments', event);
    await started.promise;

    let closed = false;
    const closing = hub.close().then(() => (closed = true));
    await new Promise((r) => setImmediate(r));
    expect(closed).toBe(false); // still waiting for the handler

    release.resolve();
    await closing;
    await expect(published).resolves.toBeUndefined();
    expect(handled).toEqual([event.eventId]);
  });

  it('refuses to publish once closed, and delivers nothing', async () => {
    const hub = new EmbeddedHub(logger, slowRetries);
    hub.seal();
    const handled: string[] = [];
    hub.addSubscriber('order', { topic: 'payments', handler: async (e) => void handled.push(e.id) });
    await hub.close();

    await expect(hub.publish('payments', newEvent('PaymentSucceeded', { paymentId: 'p-2' }))).rejects.toBeInstanceOf(
      HubClosedError,
    );
    expect(handled).toEqual([]);
  });
});
