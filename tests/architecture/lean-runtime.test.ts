// The shared runtime is lean: it names no service (each declares its own port, app id and settings
// in its config.ts), and nothing under services/ reaches what only local runs and tests use (the
// in-process hub, PGlite, development tokens: @saga/dev-harness), so production images hold none of it.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The code without its comments: a comment may name a service, the code may not. */
const code = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');

const relative = (file: string) => path.relative(ROOT, file);
const packageJson = (dir: string) => JSON.parse(fs.readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8'));

describe('the lean runtime', () => {
  it('names no service: no port, app id or setting of order, catalog, payments or notifications', () => {
    const naming =
      /'(order|catalog|payments|notifications)'|\b(ORDER|CATALOG|PAYMENTS|NOTIFICATIONS)_PORT\b|\bAPP_ID_|\bCHECKOUT_[A-Z_]+|\bRECONCILE_[A-Z_]+/;
    const offenders = sourceFiles(path.join(ROOT, 'services/runtime/src')).filter((f) => naming.test(code(f)));
    expect(offenders.map(relative)).toEqual([]);
  });

  it('holds no development-only part: no in-process hub, PGlite or development tokens', () => {
    const devOnly = /EmbeddedHub|MemoryStateStore|@electric-sql\/pglite|PGLITE_DIR|signDevToken/;
    const offenders = sourceFiles(path.join(ROOT, 'services/runtime/src')).filter((f) => devOnly.test(code(f)));
    expect(offenders.map(relative)).toEqual([]);
  });

  it('nothing under services/ imports the dev harness or PGlite', () => {
    const harnessImport =
      /from\s+'(@saga\/dev-harness|@electric-sql\/pglite[^']*|[^']*tools\/dev-harness[^']*)'|import\(\s*'(@saga\/dev-harness|@electric-sql\/pglite[^']*)'/;
    const offenders = sourceFiles(path.join(ROOT, 'services')).filter((f) => harnessImport.test(code(f)));
    expect(offenders.map(relative)).toEqual([]);
  });

  it('PGlite is a dependency of the dev harness only, and a development one (npm ci --omit=dev leaves it out)', () => {
    const root = packageJson('.');
    const harness = packageJson('tools/dev-harness');
    expect(Object.keys(root.dependencies ?? {}).filter((d) => d.startsWith('@electric-sql/'))).toEqual([]);
    expect(Object.keys(harness.devDependencies ?? {})).toEqual(
      expect.arrayContaining(['@electric-sql/pglite', '@electric-sql/pglite-socket']),
    );
    for (const dir of [
      'services/runtime',
      'services/order',
      'services/catalog',
      'services/payments',
      'services/notifications',
    ]) {
      expect(Object.keys({ ...packageJson(dir).dependencies, ...packageJson(dir).devDependencies })).not.toContain(
        '@saga/dev-harness',
      );
    }
  });
});
