// npm run db:migration:create -- --service <name> [--name <what-changed>]: migrates a scratch
// database with the service's migrations, asks MikroORM what would take it to the entities, and
// appends that as the service's next migration in services/<name>/src/db/migrations.ts. Review
// the SQL (a rename reads as a drop and an add; a new NOT NULL column on a filled table needs a
// default or a backfill), then npm run db:check.
import fs from 'node:fs';
import path from 'node:path';
import { SERVICE_NAMES, type ServiceName, isServiceName, loadServiceDefinition } from '../../deploy/scripts/migrate';
import { nextMigration, withMigration } from './migration-source';
import { SAME_NAME_HINT, serviceSchemaModel } from './schema-check';
import { schemaDrift } from './schema-drift';
import { DEFAULT_SERVER_URL } from './scratch-database';

function option(argv: string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** The file the service's migration list is in, and the list's name there. */
export const migrationsFileOf = (service: ServiceName) => ({
  file: path.resolve(__dirname, `../../services/${service}/src/db/migrations.ts`),
  listName: `${service}Migrations`,
});

export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const service = option(argv, '--service');
  if (!service || !isServiceName(service)) {
    console.error(`--service: one of ${SERVICE_NAMES.join(', ')}`);
    return 2;
  }
  const def = await loadServiceDefinition(service);
  const drift = await schemaDrift(
    await serviceSchemaModel(service),
    env.TEST_DATABASE_SERVER_URL ?? DEFAULT_SERVER_URL,
  );
  const statements = drift.pendingSql;
  if (statements.length === 0 && drift.catalogDifferences.length === 0) {
    console.log(`${service}: the migrations already make what the entities define; nothing to write`);
    return 0;
  }
  if (statements.length === 0) {
    console.error(
      `${service}: MikroORM sees no change, yet PostgreSQL does:`,
      ...drift.catalogDifferences.map((d) => `\n  ${d}`),
    );
    console.error(SAME_NAME_HINT);
    return 1;
  }
  // The service's own schema is the migrations' search path: its name in the SQL is noise.
  const unqualified = statements.map((sql) => sql.split(`"${def.schema}".`).join(''));
  const migration = nextMigration(
    def.migrations.map((m) => m.name),
    option(argv, '--name') ?? 'schema-change',
    unqualified,
  );
  const { file, listName } = migrationsFileOf(service);
  fs.writeFileSync(file, withMigration(fs.readFileSync(file, 'utf8'), listName, migration));
  console.log(
    `${service}: wrote migration ${migration.name} (${migration.className}) to ${path.relative(process.cwd(), file)}:`,
  );
  for (const sql of unqualified) console.log(`  ${sql}`);
  console.log('Review it, then: npm run db:check');
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
