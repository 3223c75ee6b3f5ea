/**
 * At most `max` tasks at a time, the rest wait in arrival order. Webhook processing holds a
 * database connection (and may wait on a payment's row lock): it runs on a pool of its own of
 * `max` connections, so acknowledgements (a single INSERT on the service's pool) never wait for
 * it, and it never waits in line behind them.
 */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly max: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.max) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve)); // the slot is handed over, see below
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
