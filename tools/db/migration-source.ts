// Writes a generated migration into a service's migrations.ts the way the hand-written ones are:
// a class whose up() adds the SQL, named in the service's list after the last one.

export interface GeneratedMigration {
  /** The list's next number, four digits, and a slug: `0005-add-order-notes`. */
  name: string;
  className: string;
  statements: string[];
}

/** The next name after the service's own migrations (`0004-…` → `0005-<slug>`). */
export function nextMigration(existingNames: string[], slug: string, statements: string[]): GeneratedMigration {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug))
    throw new Error(`--name: lower-case words joined by dashes, not "${slug}"`);
  const last = Math.max(0, ...existingNames.map((n) => Number(/^(\d+)-/.exec(n)?.[1] ?? 0)));
  const name = `${String(last + 1).padStart(4, '0')}-${slug}`;
  const className = slug.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
  return { name, className: /^\d/.test(className) ? `Migration${className}` : className, statements };
}

/** A statement as the body of a template literal (backticks and `${` kept literal). */
const templateBody = (sql: string) => sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');

/**
 * The service's migrations.ts with the migration added: its class before the exported list
 * `export const <listName>: MigrationDef[] = [ … ];`, its entry at the list's end.
 */
export function withMigration(source: string, listName: string, migration: GeneratedMigration): string {
  const list = new RegExp(`(export const ${listName}: MigrationDef\\[\\] = \\[[\\s\\S]*?)(\\n\\];)`);
  const match = list.exec(source);
  if (!match) throw new Error(`no "export const ${listName}: MigrationDef[] = [ … ];" in the migrations file`);
  const body = migration.statements.map((sql) => `    this.addSql(\`${templateBody(sql)}\`);`).join('\n');
  const klass = [
    `/** Generated from the entities (npm run db:migration:create); say here why the schema changed. */`,
    `class ${migration.className} extends Migration {`,
    `  async up(): Promise<void> {`,
    body,
    `  }`,
    `}`,
    ``,
    ``,
  ].join('\n');
  const entry = `\n  { name: '${migration.name}', class: ${migration.className} },`;
  const withEntry =
    source.slice(0, match.index) + match[1] + entry + match[2] + source.slice(match.index + match[0].length);
  return withEntry.slice(0, match.index) + klass + withEntry.slice(match.index);
}
