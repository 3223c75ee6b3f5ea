// CPU time from /proc (Linux): the whole machine, the PostgreSQL server's processes, and named
// processes of the harness (the simulator, the load driver), so a run can say where a saga's CPU
// goes beyond the measured process.
import fs from 'node:fs';

export interface CpuSnapshot {
  /** Busy CPU time of all cores, ms (user + nice + system + irq + softirq + steal). */
  machineMs: number;
  /** CPU time of every process named `postgres` alive now, ms. */
  postgresMs: number;
  /** CPU time of every process named `redis-server` alive now, ms (Dapr mode's message broker). */
  redisMs: number;
  /** CPU time of each named process, ms. */
  processesMs: Record<string, number>;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of one process, ms; with its command name. */
function processCpu(pid: number | string): { name: string; ms: number } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    return { name: stat.slice(stat.indexOf('(') + 1, close), ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS };
  } catch {
    return undefined; // the process ended while we looked
  }
}

export function cpuSnapshot(processes: Record<string, number | undefined> = {}): CpuSnapshot | undefined {
  if (!fs.existsSync('/proc/stat')) return undefined;
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = cpu;
  let postgresMs = 0;
  let redisMs = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const p = processCpu(pid);
    if (p?.name === 'postgres') postgresMs += p.ms;
    else if (p?.name === 'redis-server') redisMs += p.ms;
  }
  const processesMs: Record<string, number> = {};
  for (const [name, pid] of Object.entries(processes)) if (pid) processesMs[name] = processCpu(pid)?.ms ?? 0;
  return { machineMs: (user + nice + system + irq + softirq + steal) * TICK_MS, postgresMs, redisMs, processesMs };
}

export function cpuSince(
  before: CpuSnapshot | undefined,
  processes: Record<string, number | undefined> = {},
): CpuSnapshot | undefined {
  const now = cpuSnapshot(processes);
  if (!before || !now) return undefined;
  const processesMs = Object.fromEntries(
    Object.entries(now.processesMs).map(([name, ms]) => [name, ms - (before.processesMs[name] ?? 0)]),
  );
  return {
    machineMs: now.machineMs - before.machineMs,
    postgresMs: now.postgresMs - before.postgresMs,
    redisMs: now.redisMs - before.redisMs,
    processesMs,
  };
}
