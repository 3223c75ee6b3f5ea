import { newEvent } from '@saga/runtime';
import { startTestSystem, type TestSystem } from '../support/test-system';

describe('a consumer that keeps failing', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ deliveryPolicy: { maxAttempts: 4, initialBackoffMs: 20, maxBackoffMs: 100 } });
  });
  afterAll(() => system.close());

  it('is retried with backoff, then dead-lettered durably, counted, listed, and replayable once fixed', async () => {
    let broken = true;
    const attempts: number[] = [];
    const handled: string[] = [];
    system.services.notifications.ctx.runtime.subscribe({
      topic: 'audit-events',
      handler: async (event) => {
        attempts.push(Date.now());
        if (broken) throw new Error('downstream unavailable');
        handled.push(event.data.eventId);
      },
    });
    const event = newEvent('AuditRecorded', { note: 'for the dead-letter test' });
    await system.hub.publish('audit-events', event);
    await system.hub.idle();

    expect(attempts).toHaveLength(4);
    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!);
    expect(gaps.every((g) => g >= 9)).toBe(true); // backoff, not a tight loop

    const base = system.urls.notifications;
    const list = (await (await fetch(`${base}/api/v1/internal/dead-letters`)).json()) as any;
    expect(list.deadLetters).toEqual([expect.objectContaining({ topic: 'audit-events', eventId: event.eventId, eventType: 'AuditRecorded', replayCount: 0 })]);
    const id = list.deadLetters[0].id;
    const shown = (await (await fetch(`${base}/api/v1/internal/dead-letters/${id}`)).json()) as any;
    expect(shown.event).toEqual(event);
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/runtime_dead_letters_total\{topic="audit-events",service="notifications"\} 1/);

    const stillBroken = await fetch(`${base}/api/v1/internal/dead-letters/${id}/replay`, { method: 'POST' });
    expect(stillBroken.status).toBe(502);
    broken = false;
    const replayed = await fetch(`${base}/api/v1/internal/dead-letters/${id}/replay`, { method: 'POST' });
    expect(replayed.status).toBe(200);
    expect(handled).toEqual([event.eventId]);
    const after = (await (await fetch(`${base}/api/v1/internal/dead-letters/${id}`)).json()) as any;
    expect(after).toMatchObject({ replayCount: 2, lastReplayError: null });
  });
});
