// One transaction on one pooled connection. With `pipelined` (pg's pipeline mode, real PostgreSQL
// only) no statement waits for the answer to one it does not need:
//   - BEGIN goes out in the same write as the first statement, so it costs no round trip;
//   - `send` (a write whose result nobody reads: a timeline row, an outbox row) goes out with the
//     next statement or with COMMIT, in order, with no wait for its answer;
//   - statements issued together (`Promise.all([tx.query(a), tx.query(b)])`) leave in one write
//     and are answered in one round trip.
// PostgreSQL runs them in order as always; what changes is only when we look at the answers. A
// failed `send` fails the transaction: the next query or the COMMIT throws that first error (and
// the statements behind it were refused by PostgreSQL, the transaction being aborted).
// Round trips are what a saga pays most for: each one wakes the PostgreSQL backend and waits for
// it (see BENCHMARKS.md).
import type pg from 'pg';

export type Run = <T>(client: pg.PoolClient, sql: string, params: unknown[]) => Promise<T[]>;

export class TransactionSession {
  private readonly pending: Array<Promise<unknown>> = [];
  private failure?: Error;
  private corked = false;
  private flushScheduled = false;
  /** Not pipelined: statements issued together still run one after the other. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly client: pg.PoolClient,
    private readonly run: Run,
    private readonly pipelined: boolean,
  ) {}

  async begin(): Promise<void> {
    if (!this.pipelined) {
      await this.client.query('begin');
      return;
    }
    this.cork();
    this.track(this.client.query('begin'));
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    if (!this.pipelined) {
      const result = this.tail.then(() => this.run<T>(this.client, sql, params));
      this.tail = result.catch(() => undefined);
      return result;
    }
    this.cork();
    const result = this.run<T>(this.client, sql, params);
    this.flushSoon();
    // After an earlier failure PostgreSQL refuses everything behind it: report the cause.
    const rows = await result.catch((err: Error) => Promise.reject(this.failure ?? err));
    if (this.failure) throw this.failure;
    return rows;
  }

  async send(sql: string, params: unknown[] = []): Promise<void> {
    if (!this.pipelined) {
      await this.query(sql, params);
      return;
    }
    this.cork();
    this.track(this.run(this.client, sql, params));
  }

  async commit(): Promise<void> {
    await this.tail;
    // Handlers attached at once: the answer may come while we wait for the statements before it.
    const committed = this.client.query('commit').then(
      (result) => ({ result, err: undefined }),
      (err: Error) => ({ result: undefined, err }),
    );
    this.flush();
    await Promise.allSettled(this.pending);
    const { result, err } = await committed;
    if (this.failure ?? err) throw this.failure ?? err;
    // COMMIT of a transaction PostgreSQL has aborted answers ROLLBACK, not an error.
    if (result?.command !== 'COMMIT') throw new Error(`the transaction was rolled back (${result.command})`);
  }

  /** Rolls back; resolves false when the connection is not fit to go back to the pool. */
  async rollback(): Promise<boolean> {
    await this.tail;
    const rolledBack = this.client.query('rollback').then(
      () => true,
      () => false,
    );
    this.flush();
    await Promise.allSettled(this.pending);
    return rolledBack;
  }

  private track(work: Promise<unknown>): void {
    work.catch((err: Error) => (this.failure ??= err));
    this.pending.push(work);
  }

  /** Holds our writes in the socket's buffer, so they leave together with the next one. */
  private cork(): void {
    if (this.corked) return;
    this.corked = true;
    this.client.connection.stream.cork();
  }

  /** After the statements issued in this same tick have joined the write. */
  private flushSoon(): void {
    if (!this.corked || this.flushScheduled) return;
    this.flushScheduled = true;
    process.nextTick(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (!this.corked) return;
    this.corked = false;
    this.client.connection.stream.uncork();
  }
}
