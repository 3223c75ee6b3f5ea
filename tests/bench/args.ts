// `npm run bench -- --duration 20 --out bench-results/bench.json [--customers 32 | --rate 300] [--warmup 10] [--scaling] [--no-baseline] [--webhooks all|captured] [--repeat N] [--runtime embedded|dapr]`
export interface BenchArgs {
  duration: number;
  warmup: number;
  customers: number;
  /** Open loop: sagas started per second, whatever the latency; closed loop when absent. */
  rate?: number;
  out: string;
  scaling: boolean;
  scalingDuration: number;
  baseline: boolean;
  /**
   * The Razorpay webhook subscription: `all` (payment.authorized, payment.captured and order.paid
   * for each payment) or `captured` (payment.captured and payment.failed, what the spec's saga
   * and an auto-capture deployment need).
   */
  webhooks: 'all' | 'captured';
  /** Measured runs (and floor runs): the report is the median one, with every run listed. For noisy machines. */
  repeat: number;
  /**
   * `embedded`: the four services in this process. `dapr`: each in a process of its own next to its
   * own real daprd (Redis Streams); no floor run then (the floor is the embedded system's).
   */
  runtime: 'embedded' | 'dapr';
}

/**
 * Walks `--flag value` pairs: `apply(flag, read)` handles one flag, reading its value as text or
 * as a non-negative number, and returns false for a flag it does not know.
 */
export function readFlags(
  argv: string[],
  apply: (flag: string, read: { text(): string; num(): number }) => boolean,
): void {
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const text = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const num = () => {
      const n = Number(text());
      if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a non-negative number`);
      return n;
    };
    if (!apply(flag, { text, num })) throw new Error(`unknown flag ${flag}`);
  }
}

export function parseArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = {
    duration: 20,
    warmup: 10,
    customers: 32,
    out: 'bench-results/bench.json',
    scaling: false,
    scalingDuration: 8,
    baseline: true,
    webhooks: 'all',
    repeat: 1,
    runtime: 'embedded',
  };
  readFlags(argv, (flag, { text, num }) => {
    switch (flag) {
      case '--duration':
        args.duration = num();
        return true;
      case '--warmup':
        args.warmup = num();
        return true;
      case '--customers':
        args.customers = Math.max(1, Math.floor(num()));
        return true;
      case '--rate':
        args.rate = num();
        return true;
      case '--out':
        args.out = text();
        return true;
      case '--scaling':
        args.scaling = true;
        return true;
      case '--scaling-duration':
        args.scalingDuration = num();
        return true;
      case '--no-baseline':
        args.baseline = false;
        return true;
      case '--repeat':
        args.repeat = Math.max(1, Math.floor(num()));
        return true;
      case '--webhooks': {
        const value = text();
        if (value !== 'all' && value !== 'captured') throw new Error('--webhooks is all or captured');
        args.webhooks = value;
        return true;
      }
      case '--runtime': {
        const value = text();
        if (value !== 'embedded' && value !== 'dapr') throw new Error('--runtime is embedded or dapr');
        args.runtime = value;
        if (value === 'dapr') args.baseline = false;
        return true;
      }
      default:
        return false;
    }
  });
  return args;
}
