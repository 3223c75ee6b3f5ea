import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
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
    // Operator routes: the service credential, as the dlq CLI sends it.
    const headers = { 'dapr-api-token': system.config.APP_API_TOKEN! };
    const fetch = (url: string, init: RequestInit = {}) => globalThis.fetch(url, { ...init, headers });
    const list = (await (await fetch(`${base}/api/v1/internal/dead-letters`)).json()) as any;
    expect(list.deadLetters).toEqual([
      expect.objectContaining({
        topic: 'audit-events',
        eventId: event.eventId,
        eventType: 'AuditRecorded',
        replayCount: 0,
      }),
    ]);
    const id = list.deadLetters[0].id;
    const shown = (await (await fetch(`${base}/api/v1/internal/dead-letters/${id}`)).json()) as any;
    expect(shown.event).toEqual(event);
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(
      /runtime_dead_letters_total\{topic="audit-events",service="notifications"\} 1/,
    );

    const stillBroken = await fetch(`${base}/api/v1/internal/dead-letters/${id}/replay`, { method: 'POST' });
    expect(stillBroken.status).toBe(502);
    expect(stillBroken.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await stillBroken.json()).toMatchObject({
      status: 502,
      code: 'UPSTREAM_FAILED',
      id,
      outcome: expect.stringMatching(/^FAILED: /),
    });
    broken = false;
    const replayed = await fetch(`${base}/api/v1/internal/dead-letters/${id}/replay`, { method: 'POST' });
    expect(replayed.status).toBe(200);
    expect(handled).toEqual([event.eventId]);
    const after = (await (await fetch(`${base}/api/v1/internal/dead-letters/${id}`)).json()) as any;
    expect(after).toMatchObject({ replayCount: 2, lastReplayError: null });
  });

  it('is listed and replayed by the operator CLI (npm run dlq) with the credential from APP_API_TOKEN', async () => {
    const handled: string[] = [];
    let broken = true;
    system.services.notifications.ctx.runtime.subscribe({
      topic: 'cli-events',
      handler: async (event) => {
        if (broken) throw new Error('downstream unavailable');
        handled.push(event.data.eventId);
      },
    });
    const event = newEvent('AuditRecorded', { note: 'for the CLI' });
    await system.hub.publish('cli-events', event);
    await system.hub.idle();
    const dlq = (...args: string[]) =>
      promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', path.resolve(__dirname, '../../tools/dlq.ts'), ...args],
        {
          env: {
            ...process.env,
            NOTIFICATIONS_URL: system.urls.notifications,
            APP_API_TOKEN: system.config.APP_API_TOKEN!,
          },
        },
      );

    const listed = await dlq('list', 'notifications');
    const line = listed.stdout.split('\n').find((l) => l.includes(event.eventId));
    expect(line).toMatch(/^notifications\t#\d+\t.*\tcli-events\tAuditRecorded\t/);
    const id = /#(\d+)/.exec(line!)![1]!;
    broken = false;
    const replayed = await dlq('replay', 'notifications', id);
    expect(JSON.parse(replayed.stdout)).toEqual({ id: Number(id), outcome: 'SUCCESS' });
    expect(handled).toEqual([event.eventId]);
  }, 60_000);
});
