// A production image installs with `npm ci --omit=dev`: every package a workspace's source
// imports must be a dependency (its own or the root's), not a devDependency that only reaches
// production through some other package's peer dependency (pg did).
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

const root = path.join(__dirname, '../..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
const rootPackage = readJson('package.json');
const lock = readJson('package-lock.json');
const workspaceNames = new Set<string>(
  (rootPackage.workspaces as string[]).map((w) => readJson(`${w}/package.json`).name),
);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [full] : [];
  });
}

/** The packages a file imports at run time (type-only imports are erased). */
function importedPackages(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(
      /^\s*import\s+(?!type\s)[^'"]*?from\s+'([^'.][^']*)'|\bimport\('([^'.][^']*)'\)|\brequire\('([^'.][^']*)'\)/gm,
    ),
  ].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
  return specifiers.map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : (s.split('/')[0] ?? s)));
}

const serverWorkspaces = [
  'services/runtime',
  'services/catalog',
  'services/payments',
  'services/order',
  'services/notifications',
  'tools/razorpay-sim',
];

describe('production dependencies', () => {
  it.each(serverWorkspaces)('%s imports only what a production install has', (workspace) => {
    const own = readJson(`${workspace}/package.json`).dependencies ?? {};
    const provided = new Set([...Object.keys(own), ...Object.keys(rootPackage.dependencies), ...workspaceNames]);
    const missing = new Set<string>();
    for (const file of sourceFiles(path.join(root, workspace, 'src'))) {
      for (const pkg of importedPackages(file)) {
        if (pkg.startsWith('node:') || builtinModules.includes(pkg) || provided.has(pkg)) continue;
        missing.add(`${pkg} (${path.relative(root, file)})`);
      }
    }
    expect([...missing]).toEqual([]);
  });

  it("pins pg in the runtime at the lockfile's version", () => {
    expect(readJson('services/runtime/package.json').dependencies.pg).toBe(lock.packages['node_modules/pg'].version);
    expect(readJson('tools/razorpay-sim/package.json').dependencies.pg).toBe(lock.packages['node_modules/pg'].version);
  });
});
