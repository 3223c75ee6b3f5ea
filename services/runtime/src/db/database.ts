// Each service owns one PostgreSQL schema. MikroORM owns the schema (migrations, run at boot or by
// the migration Job); business code writes SQL through `query` / `transaction` on a plain pg pool:
// the saga's guarantees rest on conditional updates, unique constraints and ON CONFLICT, which read
// plainest as SQL, and this is the hot path of every step (a query builder per statement cost a
// measurable share of each saga's CPU, see BENCHMARKS.md). The ORM knows the service's entities
// (the schema's single source: tools/db) and offers an EntityManager for the paths that are not hot.
import type { EntitySchema } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Migration } from '@mikro-orm/migrations';
import pg from 'pg';
import type { Logger } from 'pino';
import { DatabaseUnavailableError, connectOrUnavailable, reportable, watchConnection } from './connection-loss';
import { TransactionSession } from './transaction-session';

export { Migration };

export interface Queryable {
  /** PostgreSQL's own SQL (`$n` placeholders; a list as `= any($1)` with an array); returns the rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * A write whose result is not needed. In a transaction it may go out with the next statement or
   * the COMMIT instead of waiting for its own answer (pipelining); an error then fails the
   * transaction at its next query or commit. Outside a transaction it runs at once, like `query`.
   */
  send(sql: string, params?: unknown[]): Promise<void>;
}

export interface MigrationDef {
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- MikroORM's own Constructor type
  class: new (...args: any[]) => Migration;
}

export interface DatabaseOptions {
  url: string;
  schema: string;
  migrations: MigrationDef[];
  /** The schema's entities (the runtime's messaging entities included): what `em()` maps. */
  entities?: EntitySchema[];
  poolSize: number;
  logger: Logger;
  /**
   * Real PostgreSQL (not PGlite, whose single session outlives a pool's connections and which is
   * not known to take pipelined messages): each distinct statement is prepared once per connection
   * (PostgreSQL then skips parsing and, after a few runs, planning), and transactions pipeline
   * (see transaction-session.ts).
   */
  serverFeatures?: boolean;
  /** The server takes one session at a time (PGlite): no second pool can be opened on it. */
  singleSession?: boolean;
}

/** Statement names by text; bounded, as the texts are (the code's statements, list lengths). */
const statementNames = new Map<string, string>();
function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < 2000) statementNames.set(text, (name = `s${statementNames.size}`));
  return name;
}

/**
 * `select *` / `returning *`: the result's shape follows the table's. A prepared plan of it fails
 * ("cached plan must not change result type") once a migration adds a column under a running
 * service (a rolling deploy), so such statements are never prepared.
 */
const SHAPE_FOLLOWS_TABLE = /\b(select|returning)\s+(\w+\.)?\*/i;

/** SQL is PostgreSQL's own: `$n` placeholders, `= any($1)` for a list, jsonb's `?` operators as they are. */
function run<T>(client: pg.PoolClient, text: string, values: unknown[], prepared: boolean): Promise<T[]> {
  const name = prepared && values.length > 0 && !SHAPE_FOLLOWS_TABLE.test(text) ? statementName(text) : undefined;
  return client.query(name ? { name, text, values } : { text, values }).then((result) => result.rows as T[]);
}

/**
 * The ORM's own connections. MikroORM 6 runs on knex, whose pool cannot borrow pg.Pool's
 * connections, so it keeps a pool of its own; it runs the migrations and the EntityManager's units
 * of work (never the hot path), so two connections, opened on demand and closed when idle.
 */
export const ORM_POOL_SIZE = 2;

/** Every session resolves unqualified names in the service's own schema first. */
const searchPathOf = (schema: string) => `set search_path to "${schema}", public`;

function createPool(options: DatabaseOptions, max: number): pg.Pool {
  const searchPath = searchPathOf(options.schema);
  const pool = new pg.Pool({
    connectionString: options.url,
    max,
    // pg's own pipeline mode (node-postgres.com/features/pipelining): statements queued on a
    // connection go out without waiting for the answers before them (transaction-session.ts).
    pipeline: options.serverFeatures ?? false,
    // Awaited before the new connection is handed out. (A statement queued from the pool's
    // 'connect' event raced the caller's first one: pg's deprecated "query while executing".)
    // pg-pool awaits this promise (pg-pool/index.js), though @types/pg declares a void return.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    onConnect: (client) => client.query(searchPath),
  });
  // An idle client's connection error (database restart) must not crash the process.
  pool.on('error', (err) => options.logger.warn({ err: err.message }, 'idle database connection lost'));
  return pool;
}

export class Database implements Queryable {
  private constructor(
    readonly orm: MikroORM,
    readonly schema: string,
    private readonly pool: pg.Pool,
    private readonly options: DatabaseOptions,
    /** False for a pool opened by withOwnPool: the ORM (migrations) belongs to the first. */
    private readonly ownsOrm: boolean,
  ) {}

  private get serverFeatures(): boolean {
    return this.options.serverFeatures ?? false;
  }

  static async connect(options: DatabaseOptions): Promise<Database> {
    if (!/^[a-z_][a-z0-9_]*$/.test(options.schema)) throw new Error(`invalid schema name ${options.schema}`);
    const searchPath = searchPathOf(options.schema);
    const orm = await MikroORM.init({
      clientUrl: options.url,
      schema: options.schema,
      entities: options.entities ?? [],
      discovery: { warnWhenNoEntities: false },
      // The search path is set by a statement on each new connection, not a startup option: PGlite's
      // wire server ignores startup options.
      pool: {
        min: 0,
        max: Math.min(options.poolSize, ORM_POOL_SIZE),
        // knex waits 60 s for a connection by default: a request would hang that long while the
        // database is down, instead of a quick 503 (problem-handler.ts, unavailableFromOrm).
        acquireTimeoutMillis: 5000,
        createTimeoutMillis: 5000,
        afterCreate: (
          conn: { query(sql: string, cb: (err?: Error) => void): void },
          done: (err: Error | undefined, conn: unknown) => void,
        ) => conn.query(searchPath, (err) => done(err, conn)),
      },
      schemaGenerator: { managementDbName: 'postgres' },
      migrations: {
        tableName: `${options.schema}.mikro_orm_migrations`,
        migrationsList: options.migrations,
        transactional: true,
        allOrNothing: true,
        silent: true,
      },
      debug: false,
    });
    return new Database(orm, options.schema, createPool(options, options.poolSize), options, true);
  }

  /**
   * The same database and schema on connections of its own, for work that must not wait in line
   * for a connection behind request traffic: a few workers sharing a pool with a flood of requests
   * get a connection only as often as every request does, and fall behind without bound under
   * overload (the payments' webhook processing did; BENCHMARKS.md). On a single-session server
   * (PGlite) there is nothing to split: this same Database.
   */
  withOwnPool(poolSize: number): Database {
    if (this.options.singleSession) return this;
    return new Database(
      this.orm,
      this.schema,
      createPool(this.options, poolSize),
      { ...this.options, poolSize },
      false,
    );
  }

  /**
   * Applies pending migrations (each in a transaction). Two replicas booting at once may race; the
   * loser's transaction fails on the winner's tables and a second pass then finds nothing to do.
   * (No advisory lock: on PGlite an open transaction would block the migrator's own connection.)
   */
  async migrate(): Promise<void> {
    await this.orm.em.fork().execute(`create schema if not exists "${this.schema}"`);
    try {
      await this.orm.getMigrator().up();
    } catch (err) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await this.orm
        .getMigrator()
        .up()
        .catch(() => Promise.reject(err));
    }
  }

  /**
   * A fresh EntityManager for one unit of work (its own identity map; flush or `transactional` to
   * write). On the ORM's small pool: for reconciliation, refunds, admin routes and read views, not
   * for the saga's hot statements, which stay SQL through `query` / `transaction`.
   */
  em(): EntityManager {
    return this.orm.em.fork();
  }

  /** One statement on a connection of its own (watched: see connection-loss.ts). */
  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = await connectOrUnavailable(this.pool, this.options.logger);
    const connection = watchConnection(client, this.options.logger);
    let unavailable: DatabaseUnavailableError | undefined;
    try {
      return await run<T>(client, sql, params, this.serverFeatures);
    } catch (err) {
      const reported = reportable(err, connection.lost);
      if (reported instanceof DatabaseUnavailableError) unavailable = reported;
      throw reported;
    } finally {
      connection.stop();
      // Lost: closed, not pooled (the server's 57P01 can come before pg notices the socket closed).
      client.release(unavailable);
    }
  }

  async send(sql: string, params: unknown[] = []): Promise<void> {
    await this.query(sql, params);
  }

  /** Runs fn in one transaction; never hold it open while calling another service. */
  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await connectOrUnavailable(this.pool, this.options.logger);
    const connection = watchConnection(client, this.options.logger);
    const session = new TransactionSession(
      client,
      (c, sql, params) => run(c, sql, params, this.serverFeatures),
      this.serverFeatures,
    );
    let reusable = true;
    try {
      await session.begin();
      const result = await fn({
        query: (sql, params) => session.query(sql, params),
        send: (sql, params) => session.send(sql, params),
      });
      await session.commit();
      return result;
    } catch (err) {
      const reported = reportable(err, connection.lost);
      reusable = !(reported instanceof DatabaseUnavailableError) && (await session.rollback());
      throw reported;
    } finally {
      connection.stop();
      // Lost, or its rollback failed (an unknown state): closed, not pooled.
      client.release(!reusable);
    }
  }

  async ping(): Promise<void> {
    await this.query('select 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
    if (this.ownsOrm) await this.orm.close(true);
  }
}
