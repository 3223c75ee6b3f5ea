// The simulator's state in PostgreSQL, in a schema of its own (`razorpay_sim`), one row per entity
// (its JSON). The Maps stay the working copy, so reads cost no query. Writes are grouped: an answer
// that changed something waits until the change is stored (commit), and every commit that arrives
// while a write is under way shares the next one, on one connection. So the write cost is one
// statement per batch, not per entity, however many customers pay at once.
import pg from 'pg';
import type { Logger } from 'pino';
import type { EntityKind, PersistedEntity, StateSink } from './state-sink';

const SCHEMA = 'razorpay_sim';
/** Marks nobody commits (webhook delivery attempts) are written within this long. */
const BACKGROUND_FLUSH_MS = 100;

const DDL = [
  `create schema if not exists ${SCHEMA}`,
  // seq: the order entities were first stored in, which the Maps' order (list endpoints, newest
  // first) is rebuilt from.
  `create table if not exists ${SCHEMA}.entities (
     kind text not null,
     id text not null,
     seq bigint generated always as identity,
     data jsonb not null,
     primary key (kind, id)
   )`,
];

export class PostgresState implements StateSink {
  private readonly dirty = new Map<string, PersistedEntity>();
  private writing?: Promise<void>;
  private next?: Promise<void>;
  private timer?: NodeJS.Timeout;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly logger: Logger,
  ) {}

  /** Connects (one connection: writes are grouped, never concurrent) and creates the schema if needed. */
  static async open(databaseUrl: string, logger: Logger): Promise<PostgresState> {
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      max: 1,
      idleTimeoutMillis: 0,
      application_name: 'razorpay-sim',
    });
    // A connection the server ends (restart, failover) is replaced by the pool; without a listener
    // its 'error' would end the process.
    pool.on('error', (err) =>
      logger.warn({ err: err.message }, 'razorpay-sim: database connection lost; reconnecting'),
    );
    for (const statement of DDL) await pool.query(statement);
    return new PostgresState(pool, logger);
  }

  /** Everything stored, in the order it was first stored. */
  async load(): Promise<PersistedEntity[]> {
    const { rows } = await this.pool.query<PersistedEntity>(
      `select kind, id, data from ${SCHEMA}.entities order by seq`,
    );
    return rows;
  }

  mark(kind: EntityKind, id: string, data: unknown): void {
    this.dirty.set(`${kind}:${id}`, { kind, id, data });
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.commit().catch((err: Error) =>
        this.logger.error({ err: err.message }, 'razorpay-sim: storing state failed; retried with the next change'),
      );
    }, BACKGROUND_FLUSH_MS).unref();
  }

  commit(): Promise<void> {
    if (this.next) return this.next;
    if (!this.writing) return this.write();
    // A write is under way and does not hold what was marked since: the next one will, for everyone waiting now.
    this.next = this.writing
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        return this.write();
      });
    return this.next;
  }

  async clear(): Promise<void> {
    this.dirty.clear();
    await this.commit();
    await this.pool.query(`truncate ${SCHEMA}.entities`);
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.commit();
    await this.pool.end();
  }

  private write(): Promise<void> {
    if (!this.dirty.size) return Promise.resolve();
    const batch = [...this.dirty.values()];
    this.dirty.clear();
    this.writing = this.pool
      .query({
        // Named: parsed and planned once per connection.
        name: 'razorpay-sim-store',
        text: `insert into ${SCHEMA}.entities (kind, id, data)
               select kind, id, data from jsonb_to_recordset($1::jsonb) as r(kind text, id text, data jsonb)
               on conflict (kind, id) do update set data = excluded.data`,
        values: [JSON.stringify(batch)],
      })
      .then(
        () => undefined,
        (err: Error) => {
          // Not stored: marked again (unless marked anew since) for the next write; this commit fails.
          for (const entity of batch) {
            const key = `${entity.kind}:${entity.id}`;
            if (!this.dirty.has(key)) this.dirty.set(key, entity);
          }
          throw err;
        },
      )
      .finally(() => (this.writing = undefined));
    return this.writing;
  }
}
