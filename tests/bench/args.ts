// `npm run bench -- --duration 20 --out bench-results/bench.json [--customers 32 | --rate 300] [--warmup 3] [--scaling] [--no-baseline]`
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
}

export function parseArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = { duration: 20, warmup: 3, customers: 32, out: 'bench-results/bench.json', scaling: false, scalingDuration: 8, baseline: true };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const num = () => {
      const n = Number(value());
      if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a non-negative number`);
      return n;
    };
    switch (flag) {
      case '--duration': args.duration = num(); break;
      case '--warmup': args.warmup = num(); break;
      case '--customers': args.customers = Math.max(1, Math.floor(num())); break;
      case '--rate': args.rate = num(); break;
      case '--out': args.out = value(); break;
      case '--scaling': args.scaling = true; break;
      case '--scaling-duration': args.scalingDuration = num(); break;
      case '--no-baseline': args.baseline = false; break;
      default: throw new Error(`unknown flag ${flag}`);
    }
  }
  return args;
}
