// `npm run bench -- --runtime dapr` end to end, briefly: the four services each next to its own real
// daprd, a short closed-loop run. Guards the tool and the figures it promises (the sidecars' CPU
// among them), not the speed: no timing is asserted.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { daprdInstalled } from '../support/real-daprd';

const ROOT = path.resolve(__dirname, '../..');

describe('npm run bench -- --runtime dapr', () => {
  it('drives whole sagas through real sidecars and reports the CPU of every app and sidecar', () => {
    if (!daprdInstalled()) throw new Error('daprd is missing: run npm run dapr:install');
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-dapr-smoke-')), 'bench.json');
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'tests/bench/run.ts',
        '--runtime',
        'dapr',
        '--customers',
        '2',
        '--warmup',
        '1',
        '--duration',
        '3',
        '--webhooks',
        'captured',
        '--out',
        out,
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 150_000 },
    );
    expect({ status: run.status, stderr: run.status === 0 ? '' : run.stderr.slice(-2000) }).toEqual({
      status: 0,
      stderr: '',
    });
    const result = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(result.runtime).toBe('dapr');
    expect(result.errors).toBe(0);
    expect(result.sagasCompleted).toBeGreaterThan(0);
    for (const step of ['checkout', 'webhookAck', 'webhookToVendor', 'saga'])
      expect(result.steps[step].count).toBeGreaterThan(0);
    // The server-side steps are timed only inside the embedded process.
    expect(result.steps.availability).toBeUndefined();
    // The services' own request counts: checkout, two invocations, the webhook and the deliveries.
    expect(result.work.httpHopsPerSaga).toBeGreaterThan(7);
    const byProcess = result.work.byProcessCpuMsPerSaga;
    expect(Object.keys(byProcess).sort()).toEqual(
      ['catalog', 'notifications', 'order', 'payments'].flatMap((s) => [`app:${s}`, `daprd:${s}`]).sort(),
    );
    for (const ms of Object.values(byProcess)) expect(ms).toBeGreaterThan(0);
    expect(result.work.sidecarsCpuMsPerSaga).toBeGreaterThan(0);
    expect(result.work.systemCpuMsPerSaga).toBeGreaterThan(
      result.work.processCpuMsPerSaga + result.work.sidecarsCpuMsPerSaga,
    );
    // No floor run in dapr mode: the floor is the embedded system's.
    expect(result.baseline).toBeUndefined();
    expect(result.audit).toMatchObject({
      capturedNotPlaced: 0,
      placedNotNotifiedOnce: 0,
      duplicateNotifications: 0,
      ok: true,
    });
  }, 180_000);
});
