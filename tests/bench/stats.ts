/** Exact percentiles over recorded samples (nearest rank): a run has at most a few hundred thousand. */
export interface Summary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  count: number;
}

export class Samples {
  private readonly values: number[] = [];

  /** Rebuilt from `raw()` (samples sent from the load driver's process). */
  static of(values: number[]): Samples {
    const samples = new Samples();
    values.forEach((v) => samples.add(v));
    return samples;
  }

  raw(): number[] {
    return [...this.values];
  }

  add(ms: number): void {
    if (Number.isFinite(ms)) this.values.push(ms);
  }

  get count(): number {
    return this.values.length;
  }

  summary(): Summary {
    const sorted = [...this.values].sort((a, b) => a - b);
    const at = (q: number) =>
      sorted.length ? (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number) : NaN;
    const round = (n: number) => Math.round(n * 100) / 100;
    const mean = sorted.length ? sorted.reduce((s, v) => s + v, 0) / sorted.length : NaN;
    return {
      p50: round(at(0.5)),
      p95: round(at(0.95)),
      p99: round(at(0.99)),
      max: round(at(1)),
      mean: round(mean),
      count: sorted.length,
    };
  }
}
