// `npm run bench` end to end, briefly: the system, the simulator and the load driver in their own
// processes, a short closed-loop run and its floor. Guards the tool (its figures are measured by
// hand, see BENCHMARKS.md), not the speed: no timing is asserted. The default ports (3001-3004,
// 3099) are held busy meanwhile, as `npm start` would hold them: the bench must not need them.
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const DEFAULT_PORTS = [3001, 3002, 3003, 3004, 3099];

/** Listens on the port, or leaves it to whoever already holds it (busy either way). */
function holdBusy(port: number): Promise<net.Server | undefined> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => socket.destroy());
    server.once('error', (err: NodeJS.ErrnoException) =>
      err.code === 'EADDRINUSE' ? resolve(undefined) : reject(err),
    );
    server.listen(port, () => resolve(server));
  });
}

describe('npm run bench', () => {
  it('drives whole sagas to the vendor frame and writes every figure it promises, with the default ports taken', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-smoke-')), 'bench.json');
    const held = await Promise.all(DEFAULT_PORTS.map(holdBusy));
    let run: SpawnSyncReturns<string>;
    try {
      run = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          'tests/bench/run.ts',
          '--customers',
          '2',
          '--warmup',
          '0.5',
          '--duration',
          '2',
          '--webhooks',
          'captured',
          '--repeat',
          '2',
          '--out',
          out,
        ],
        { cwd: ROOT, encoding: 'utf8', timeout: 90_000 },
      );
    } finally {
      await Promise.all(held.map((server) => server && new Promise((resolve) => server.close(resolve))));
    }
    expect({ status: run.status, stderr: run.status === 0 ? '' : run.stderr.slice(-2000) }).toEqual({
      status: 0,
      stderr: '',
    });
    const result = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(result.errors).toBe(0);
    expect(result.sagasCompleted).toBeGreaterThan(0);
    for (const step of ['checkout', 'availability', 'createIntent', 'webhookAck', 'webhookToVendor', 'saga']) {
      expect(result.steps[step].count).toBeGreaterThan(0);
      expect(result.steps[step].p95).toBeGreaterThan(0);
    }
    // One webhook per saga with the captured-only subscription.
    expect(result.steps.webhookAck.count).toBe(result.sagasCompleted);
    expect(result.webhooks).toEqual(['payment.captured']);
    expect(result.work.postgresCommitsPerSaga).toBeGreaterThan(5);
    expect(result.work.processCpuMsPerSaga).toBeGreaterThan(0);
    expect(result.baseline.sagasPerSecond).toBeGreaterThan(0);
    expect(result.cores).toBe(os.cpus().length);
    // Two measured runs, each followed by a floor run; the report is the median (the lower of two) run.
    expect(result.repeats.runs).toHaveLength(2);
    expect(result.repeats.floorSagasPerSecond).toHaveLength(2);
    expect(result.sagasPerSecond).toBe(
      Math.min(...result.repeats.runs.map((r: { sagasPerSecond: number }) => r.sagasPerSecond)),
    );
    // Each run has its own floor, run right after it; the reported cost ratio is the median (the higher of two) of those pairs.
    const paired = result.repeats.runs.map((r: { costRatio: number }) => r.costRatio);
    for (const ratio of paired) expect(ratio).toBeGreaterThan(0);
    expect(result.baseline.costRatio).toBe(Math.max(...paired));
    // Every saga of the run, audited in the databases once settled: none lost, doubled or oversold.
    expect(result.audit).toMatchObject({
      capturedNotPlaced: 0,
      placedNotNotifiedOnce: 0,
      duplicateNotifications: 0,
      reservedMismatch: 0,
      soldMismatch: 0,
      ok: true,
    });
    expect(result.audit.placed).toBe(result.audit.captured);
    expect(result.audit.placed).toBeGreaterThanOrEqual(result.sagasCompleted);
  }, 120_000);
});
