// Entities against migrations, on real PostgreSQL: a scratch database migrated with a service's
// migrations is what every deployed database is; MikroORM's schema generator then says what it
// would change to reach the entities (empty when they agree). A second scratch database built
// from the entities alone is compared with the first in PostgreSQL's own terms (schema-catalog.ts),
// which also sees into what MikroORM compares by name only.
import { Database, type MigrationDef, createLogger } from '@saga/runtime';
import type { EntitySchema } from '@mikro-orm/core';
import { catalogDifferences, readSchemaCatalog } from './schema-catalog';
import { createScratchDatabase } from './scratch-database';

export interface SchemaModel {
  schema: string;
  migrations: MigrationDef[];
  entities: EntitySchema[];
}

export interface SchemaDrift {
  /** What MikroORM would run on a migrated database to match the entities, statement by statement. */
  pendingSql: string[];
  /** Where a database built from the entities differs from a migrated one. */
  catalogDifferences: string[];
}

const silent = createLogger({ level: 'silent' });

async function withDatabase<T>(url: string, model: SchemaModel, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await Database.connect({ url, ...model, poolSize: 1, logger: silent });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function updateSql(db: Database, schema: string): Promise<string[]> {
  const sql = await db.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false, schema });
  // One statement per `;` at a line's end (an index's expression may span lines).
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((statement) => statement.trim())
    .filter((statement) => statement !== '' && !statement.startsWith('set names'));
}

export async function schemaDrift(model: SchemaModel, serverUrl: string): Promise<SchemaDrift> {
  const migrated = await createScratchDatabase(serverUrl, 'schema_migrated');
  const fromEntities = await createScratchDatabase(serverUrl, 'schema_entities');
  try {
    const pendingSql = await withDatabase(migrated.url, model, async (db) => {
      await db.migrate();
      return updateSql(db, model.schema);
    });
    await withDatabase(fromEntities.url, { ...model, migrations: [] }, async (db) => {
      await db.migrate(); // creates the schema
      await db.orm.getSchemaGenerator().createSchema({ schema: model.schema });
    });
    const differences = catalogDifferences(
      await readSchemaCatalog(migrated.url, model.schema),
      await readSchemaCatalog(fromEntities.url, model.schema),
    );
    return { pendingSql, catalogDifferences: differences };
  } finally {
    await migrated.drop();
    await fromEntities.drop();
  }
}
