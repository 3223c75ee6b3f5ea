// Each service's SQL lives in one place, its src/repositories/ folder (migrations aside, in src/db/):
// nothing else in a service issues a statement, so a newcomer finds every query of a service there,
// and a change of schema touches the repository and the entities only.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const SERVICES = ['order', 'catalog', 'payments', 'notifications'];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The code without its comments (a comment may quote SQL). */
const code = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');

/**
 * A statement issued (`x.query(`) or written (SQL text: a Queryable's `send(` shares its name with
 * express's, so the text is what gives it away).
 */
const ISSUES_SQL =
  /\.query\s*(<[^>]*>)?\s*\(|\b(select\s[\s\S]{0,300}?\sfrom\s|insert\s+into\s|update\s+[\w.]+\s+set\s|delete\s+from\s)/i;

describe('SQL lives in the repositories', () => {
  it.each(SERVICES)('%s: only src/repositories/ (and the migrations in src/db/) issue statements', (service) => {
    const src = path.join(ROOT, 'services', service, 'src');
    const allowed = [path.join(src, 'repositories') + path.sep, path.join(src, 'db') + path.sep];
    const offenders = sourceFiles(src)
      .filter((f) => !allowed.some((dir) => f.startsWith(dir)))
      .filter((f) => ISSUES_SQL.test(code(f)))
      .map((f) => path.relative(ROOT, f));
    expect(offenders).toEqual([]);
  });

  it.each(SERVICES)('%s: has a repositories folder with at least one repository', (service) => {
    const dir = path.join(ROOT, 'services', service, 'src', 'repositories');
    expect(fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f.endsWith('-repository.ts'))).toBe(true);
  });
});
