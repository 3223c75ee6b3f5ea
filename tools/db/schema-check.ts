// npm run db:check [-- <service>...]: for each service, migrates a scratch database with its
// migrations and fails, naming the differences, when its entities describe another schema. Run in
// CI next to contracts:check. TEST_DATABASE_SERVER_URL names the PostgreSQL server to use.
import { schemaModelOf } from '@saga/runtime';
import { SERVICE_NAMES, type ServiceName, isServiceName, loadServiceDefinition } from '../../deploy/scripts/migrate';
import { type SchemaModel, schemaDrift } from './schema-drift';
import { DEFAULT_SERVER_URL } from './scratch-database';

export const SAME_NAME_HINT =
  'MikroORM matches an expression index (partial, descending, on an expression) by its name only: give a changed one a new name, and the generator drops the old and creates the new.';

/** The report's lines on one schema; `agrees` false when anything differs. */
export async function checkSchema(
  label: string,
  model: SchemaModel,
  serverUrl: string,
): Promise<{ agrees: boolean; lines: string[] }> {
  const drift = await schemaDrift(model, serverUrl);
  if (drift.pendingSql.length === 0 && drift.catalogDifferences.length === 0) {
    return { agrees: true, lines: [`${label}: entities and migrations agree`] };
  }
  const lines = [`${label}: the entities and the migrated schema "${model.schema}" disagree`];
  if (drift.pendingSql.length)
    lines.push('  MikroORM would change the migrated schema with:', ...drift.pendingSql.map((s) => `    ${s}`));
  if (drift.catalogDifferences.length)
    lines.push('  PostgreSQL sees:', ...drift.catalogDifferences.map((d) => `    ${d}`));
  lines.push(
    drift.pendingSql.length
      ? `  Generate the missing migration: npm run db:migration:create -- --service ${label}`
      : `  ${SAME_NAME_HINT}`,
  );
  return { agrees: false, lines };
}

export async function serviceSchemaModel(name: ServiceName): Promise<SchemaModel> {
  const def = await loadServiceDefinition(name);
  return { schema: def.schema, ...schemaModelOf(def) };
}

export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const unknown = argv.filter((a) => !isServiceName(a));
  if (unknown.length) {
    console.error(`unknown service: ${unknown.join(', ')} (known: ${SERVICE_NAMES.join(', ')})`);
    return 2;
  }
  const serverUrl = env.TEST_DATABASE_SERVER_URL ?? DEFAULT_SERVER_URL;
  let failed = false;
  for (const name of argv.length ? (argv as ServiceName[]) : SERVICE_NAMES) {
    const { agrees, lines } = await checkSchema(name, await serviceSchemaModel(name), serverUrl);
    console.log(lines.join('\n'));
    failed ||= !agrees;
  }
  return failed ? 1 : 0;
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
