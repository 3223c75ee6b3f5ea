// The operator CLIs (npm run refunds, npm run dlq) read the services' answers through the
// contracts: an answer that does not match is reported and fails the command, as an unreachable
// service does, instead of being printed as if it meant something. The service is a stand-in here.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { listen } from '@saga/runtime';
import express from 'express';

const run = promisify(execFile);
const cli = (name: string, args: string[], env: Record<string, string>) =>
  run(process.execPath, ['--import', 'tsx', path.resolve(__dirname, `../../tools/${name}.ts`), ...args], {
    env: { ...process.env, ...env },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe('operator CLIs against answers that break the contract', () => {
  let url: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const app = express();
    app.get(
      '/api/v1/internal/refunds',
      (_req, res) => void res.json({ status: 'FAILED', refunds: [{ paymentId: 'pay_1' }] }),
    );
    app.post(
      '/api/v1/internal/refunds/:paymentId/retry',
      (_req, res) => void res.json({ refund: { status: 'PROCESSED' } }),
    );
    app.get(
      '/api/v1/internal/dead-letters',
      (_req, res) => void res.json({ appId: 'order', deadLetters: [{ id: 'one' }] }),
    );
    app.get('/api/v1/internal/dead-letters/:id', (_req, res) => void res.json({ id: 1 }));
    const server = await listen(app, 0, '127.0.0.1');
    url = server.url;
    close = () => server.close();
  });
  afterAll(() => close());

  it('refunds list and retry fail, naming where the answer differs', async () => {
    const list = await cli('refunds', ['list'], { PAYMENTS_URL: url });
    expect(list).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        'payments answered 200 with a body its contract does not allow (at refunds.0.orderReference',
      ),
    });
    const retry = await cli('refunds', ['retry', 'pay_1'], { PAYMENTS_URL: url });
    expect(retry).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('its contract does not allow (at retried'),
    });
  });

  it('dlq list reports the service as unreadable, and show fails', async () => {
    const list = await cli('dlq', ['list', 'order'], { ORDER_URL: url });
    expect(list.stdout).toContain(
      'order: unreadable answer (order answered 200 with a body its contract does not allow (at deadLetters.0.id',
    );
    expect(list.stdout).toContain('0 dead letter(s)');
    const show = await cli('dlq', ['show', 'order', '1'], { ORDER_URL: url });
    expect(show).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('order answered 200 with a body its contract does not allow'),
    });
  });
});
