// Each service owns one PostgreSQL schema, reached through MikroORM (connection pool, transactions,
// migrations). Business code writes SQL through `query` / `transaction`: the saga's guarantees rest
// on conditional updates, unique constraints and ON CONFLICT, which read plainest as SQL.
import { MikroORM } from '@mikro-orm/postgresql';
import { Migration } from '@mikro-orm/migrations';
import type { Logger } from 'pino';

export { Migration };

export interface Queryable {
  /** `?` placeholders (knex style); returns the rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
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
  poolSize: number;
  logger: Logger;
}

export class Database implements Queryable {
  private constructor(
    readonly orm: MikroORM,
    readonly schema: string,
  ) {}

  static async connect(options: DatabaseOptions): Promise<Database> {
    const orm = await MikroORM.init({
      clientUrl: options.url,
      schema: options.schema,
      entities: [],
      discovery: { warnWhenNoEntities: false },
      pool: { min: 0, max: options.poolSize },
      schemaGenerator: { managementDbName: 'postgres' },
      // Every session resolves unqualified names in the service's own schema first.
      driverOptions: { connection: { options: `-c search_path=${options.schema},public` } },
      migrations: {
        tableName: `${options.schema}.mikro_orm_migrations`,
        migrationsList: options.migrations,
        transactional: true,
        allOrNothing: true,
        silent: true,
      },
      debug: false,
    });
    return new Database(orm, options.schema);
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

  // Straight to the connection: no entity manager (and its identity map) per statement, since
  // no entities are loaded through it. This is the hot path of every step of the saga.
  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.orm.em.getConnection().execute(sql, params, 'all') as Promise<T[]>;
  }

  /** Runs fn in one transaction; never hold it open while calling another service. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const connection = this.orm.em.getConnection();
    return connection.transactional((trx) =>
      fn({ query: <R>(sql: string, params: unknown[] = []) => connection.execute(sql, params, 'all', trx) as Promise<R[]> }),
    );
  }

  async ping(): Promise<void> {
    await this.query('select 1');
  }

  async close(): Promise<void> {
    await this.orm.close(true);
  }
}
