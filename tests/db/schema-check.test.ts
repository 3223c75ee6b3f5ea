// npm run db:check: entities against migrations on real PostgreSQL. The services' entities agree
// with their migrations; a changed copy of an entity is reported, by MikroORM's schema diff and
// by PostgreSQL's catalog (which alone sees a partial index's condition); and the SQL the
// generator proposes closes the gap.
import { defineEntity, type EntitySchema } from '@mikro-orm/core';
import { DeadLetter, Migration, OutboxMessage, runtimeMigrations } from '@saga/runtime';
import { SERVICE_NAMES } from '../../deploy/scripts/migrate';
import { checkSchema, serviceSchemaModel } from '../../tools/db/schema-check';
import { type SchemaModel, schemaDrift } from '../../tools/db/schema-drift';
import { DEFAULT_SERVER_URL } from '../../tools/db/scratch-database';

const serverUrl = process.env.TEST_DATABASE_SERVER_URL ?? process.env.DATABASE_URL ?? DEFAULT_SERVER_URL;
jest.setTimeout(120_000);

/** The runtime's inbox entity as a test may have changed it (services/runtime/src/messaging/entities). */
function inbox(change: {
  extraColumn?: boolean;
  processedAtNullable?: boolean;
  processedAtIndexWhere?: string;
}): EntitySchema {
  return defineEntity({
    name: 'InboxRecord',
    tableName: 'inbox',
    properties: (p) => ({
      consumer: p.text().primary(),
      eventId: p.text().primary(),
      processedAt: p
        .datetime()
        .columnType('timestamptz')
        .defaultRaw('clock_timestamp()')
        .nullable(change.processedAtNullable ?? false),
      ...(change.extraColumn ? { note: p.text().nullable() } : {}),
    }),
    primaryKeys: ['consumer', 'eventId'],
    indexes: [
      {
        name: 'inbox_processed_at_idx',
        expression: (table, _, name) =>
          `create index ${name} on ${table} (processed_at)${change.processedAtIndexWhere ? ` where ${change.processedAtIndexWhere}` : ''}`,
      },
    ],
  }) as EntitySchema;
}

const messaging = (inboxEntity: EntitySchema): SchemaModel => ({
  schema: 'schema_check',
  migrations: runtimeMigrations,
  entities: [OutboxMessage, inboxEntity, DeadLetter] as EntitySchema[],
});

describe('npm run db:check', () => {
  it.each(SERVICE_NAMES)("finds the %s service's entities and migrated schema in agreement", async (name) => {
    const result = await checkSchema(name, await serviceSchemaModel(name), serverUrl);
    expect(result.lines).toEqual([`${name}: entities and migrations agree`]);
    expect(result.agrees).toBe(true);
  });

  it('finds the unchanged copy of the inbox entity in agreement (the copy below is faithful)', async () => {
    expect(await schemaDrift(messaging(inbox({})), serverUrl)).toEqual({ pendingSql: [], catalogDifferences: [] });
  });

  it('reports a column an entity has and no migration adds', async () => {
    const result = await checkSchema('runtime', messaging(inbox({ extraColumn: true })), serverUrl);
    expect(result.agrees).toBe(false);
    const report = result.lines.join('\n');
    expect(report).toContain('alter table "schema_check"."inbox" add column "note" text null');
    expect(report).toContain('inbox.note: only in the entities (text null)');
  });

  it('reports a nullability the entity changed', async () => {
    const result = await checkSchema('runtime', messaging(inbox({ processedAtNullable: true })), serverUrl);
    expect(result.agrees).toBe(false);
    const report = result.lines.join('\n');
    expect(report).toContain('alter column "processed_at" drop not null');
    expect(report).toMatch(
      /inbox\.processed_at: the migrations make timestamp with time zone not null .*; the entities define timestamp with time zone null/,
    );
  });

  it("reports a partial index's condition changed under the same name, which MikroORM compares by name only", async () => {
    const drift = await schemaDrift(messaging(inbox({ processedAtIndexWhere: 'processed_at is not null' })), serverUrl);
    expect(drift.pendingSql).toEqual([]);
    expect(drift.catalogDifferences).toEqual([
      expect.stringMatching(
        /^inbox index inbox_processed_at_idx: the migrations make .*\(processed_at\); the entities define .*WHERE \(processed_at IS NOT NULL\)$/,
      ),
    ]);
  });

  it('agrees again once the SQL the generator proposes is a migration', async () => {
    const changed = messaging(inbox({ extraColumn: true, processedAtNullable: true }));
    const { pendingSql } = await schemaDrift(changed, serverUrl);
    expect(pendingSql.length).toBeGreaterThan(0);
    class Generated extends Migration {
      async up(): Promise<void> {
        for (const sql of pendingSql) this.addSql(sql);
      }
    }
    const migrated = { ...changed, migrations: [...changed.migrations, { name: '9999-generated', class: Generated }] };
    expect(await schemaDrift(migrated, serverUrl)).toEqual({ pendingSql: [], catalogDifferences: [] });
  });
});
