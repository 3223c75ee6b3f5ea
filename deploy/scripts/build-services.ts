// Compiles each Node service for its image: `npm run build:services [service...]` (all four by
// default) writes dist/<service>/main.js (the service) and dist/<service>/migrate.js (what the
// migration Job runs), each with its source map, so the images run plain `node` instead of tsx.
//
// esbuild bundles the service's own code with @saga/runtime and @saga/contracts into one file: the
// workspaces' package.json `main` points at TypeScript sources, which plain node cannot load, and a
// bundle needs no rewrite of those. Every other package stays an external `require` served by the
// image's node_modules (production dependencies only), so drivers and MikroORM load as they do
// under tsx. No minifying and names kept: stack traces and the debugger, through the source map
// (`node --enable-source-maps`), show the TypeScript files and lines.
import path from 'node:path';
import { type Metafile, type Plugin, build } from 'esbuild';

export const SERVICES = ['catalog', 'payments', 'order', 'notifications'] as const;
export type BuildableService = (typeof SERVICES)[number];

export const REPO_ROOT = path.resolve(__dirname, '../..');
/** The oldest Node the images' code must run on: the images use 24, development and CI 20 as well. */
const TARGET = 'node20';

export interface BuiltService {
  service: BuildableService;
  /** dist/<service>/main.js: `node --enable-source-maps <this>` starts the service. */
  main: string;
  /** dist/<service>/migrate.js: `node <this> <service>` applies its migrations (deploy/scripts/migrate.ts). */
  migrate: string;
  /** The packages each bundle requires at run time (from node_modules), builtins left out. */
  externals: { main: string[]; migrate: string[] };
}

const isSagaWorkspace = (spec: string) => spec.startsWith('@saga/');
const packageOf = (spec: string) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * Bundles only the workspaces this image holds: the service, @saga/runtime and @saga/contracts.
 * Another service's package (migrate.ts imports each lazily, by name) stays an import the image
 * cannot satisfy, so asking the catalog image to migrate order fails loudly instead of carrying
 * order's code. Any other bare import is a node_modules package, left external.
 */
function workspacesOnly(service: BuildableService): Plugin {
  const bundled = new Set(['@saga/runtime', '@saga/contracts', `@saga/${service}`]);
  return {
    name: 'workspaces-only',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        // require.resolve is answered at run time, from the image's node_modules (order finds the
        // OpenAPI document next to @saga/contracts' package.json).
        if (args.kind === 'require-resolve') return { path: args.path, external: true };
        if (isSagaWorkspace(args.path) && bundled.has(packageOf(args.path))) return undefined;
        return { path: args.path, external: true };
      });
    },
  };
}

function externalsOf(metafile: Metafile, output: string): string[] {
  const names = new Set<string>();
  for (const i of metafile.outputs[output]!.imports)
    if (i.external && !i.path.startsWith('node:')) names.add(packageOf(i.path));
  return [...names].sort();
}

/** Builds one service into outDir (dist/<service> by default). */
export async function buildService(
  service: BuildableService,
  outDir = path.join(REPO_ROOT, 'dist', service),
): Promise<BuiltService> {
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: { main: `services/${service}/src/main.ts`, migrate: 'deploy/scripts/migrate.ts' },
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: TARGET,
    sourcemap: true,
    keepNames: true,
    metafile: true,
    logLevel: 'warning',
    plugins: [workspacesOnly(service)],
  });
  const main = path.join(outDir, 'main.js');
  const migrate = path.join(outDir, 'migrate.js');
  const output = (file: string) => path.relative(REPO_ROOT, file).split(path.sep).join('/');
  return {
    service,
    main,
    migrate,
    externals: {
      main: externalsOf(result.metafile, output(main)),
      migrate: externalsOf(result.metafile, output(migrate)),
    },
  };
}

export const isBuildableService = (name: string): name is BuildableService =>
  (SERVICES as readonly string[]).includes(name);

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((a) => !isBuildableService(a));
  if (unknown.length) {
    console.error(`unknown service: ${unknown.join(', ')} (known: ${SERVICES.join(', ')})`);
    return 2;
  }
  for (const service of argv.length ? (argv as BuildableService[]) : SERVICES) {
    const built = await buildService(service);
    console.log(`${service}: ${path.relative(REPO_ROOT, built.main)}, ${path.relative(REPO_ROOT, built.migrate)}`);
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: Error) => {
      console.error(err.message);
      process.exitCode = 1;
    },
  );
}
