// CPU time of the whole machine and of the PostgreSQL server's processes, from /proc (Linux), so
// a run can say where a saga's CPU goes beyond the measured process: the database and the rest.
import fs from 'node:fs';

export interface CpuSnapshot {
  /** Busy CPU time of all cores, ms (user + nice + system + irq + softirq + steal). */
  machineMs: number;
  /** CPU time of every process named `postgres` alive now, ms. */
  postgresMs: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

export function cpuSnapshot(): CpuSnapshot | undefined {
  if (!fs.existsSync('/proc/stat')) return undefined;
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = cpu;
  let postgres = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      postgres += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
    } catch {
      // the process ended while we looked
    }
  }
  return { machineMs: (user + nice + system + irq + softirq + steal) * TICK_MS, postgresMs: postgres * TICK_MS };
}

export function cpuSince(before: CpuSnapshot | undefined): CpuSnapshot | undefined {
  const now = cpuSnapshot();
  if (!before || !now) return undefined;
  return { machineMs: now.machineMs - before.machineMs, postgresMs: now.postgresMs - before.postgresMs };
}
