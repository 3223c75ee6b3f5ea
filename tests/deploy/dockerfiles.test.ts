// No container engine runs here, so the Dockerfiles are linted structurally (parsed with
// dockerfile-ast). The Node services: node:24-bookworm-slim stages, the lockfile copied before
// `npm ci`, the service compiled (npm run build:services) before production dependencies replace
// the full install, a final stage with only node_modules and the service's bundle (no TypeScript,
// no tools/, no tsx), NODE_ENV=production, a CMD that runs the bundle with plain node (whether that
// bundle boots is compiled-service.test.ts). order-audit (Python): a pinned python:3.11 slim base, the pinned
// requirements.txt (never the dev requirements) installed from wheels with --no-cache-dir before
// the code is copied, a CMD that runs its package. All: a numeric non-root USER, EXPOSE of the port
// the manifests use, no secrets, and COPY sources that exist and that the build's ignore file
// (the Dockerfile's own <Dockerfile>.dockerignore if it has one, else the root .dockerignore)
// lets through.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { REPO, filesUnder, objectsOf, podSpecOf, rel } from './support/manifests';

const SERVICES = ['order', 'catalog', 'payments', 'notifications'];

const patternsOf = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
const ignorePatterns = patternsOf(path.join(REPO, '.dockerignore'));

/** The ignore file BuildKit applies when building this Dockerfile from the repository root. */
function ignoreFileOf(dockerfile: string): string {
  const own = `${dockerfile}.dockerignore`;
  return existsSync(own) ? own : path.join(REPO, '.dockerignore');
}

/** The port the base manifests give a service's container. */
function containerPortOf(service: string): number {
  const workload = objectsOf(path.join(REPO, 'deploy/base', `${service}.yaml`)).find((x) =>
    ['Deployment', 'StatefulSet'].includes(x.object.kind),
  )!;
  return podSpecOf(workload.object)!.containers[0].ports[0].containerPort;
}

/** .dockerignore semantics: the last matching pattern wins; a pattern matching a folder covers what is inside. */
function ignored(file: string, patterns: string[] = ignorePatterns): boolean {
  const toRegex = (p: string) => {
    const body = p
      .replace(/^\/|\/$/g, '')
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .split('**/')
      .map((part) =>
        part
          .split('**')
          .map((p2) => p2.replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]'))
          .join('.*'),
      )
      .join('(.*/)?');
    return new RegExp(`^${body}(/.*)?$`);
  };
  let result = false;
  for (const raw of patterns) {
    const negate = raw.startsWith('!');
    if (toRegex(negate ? raw.slice(1) : raw).test(file)) result = !negate;
  }
  return result;
}

interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

function stagesOf(file: string): Stage[] {
  const dockerfile = DockerfileParser.parse(readFileSync(file, 'utf8'));
  const stages: Stage[] = [];
  for (const i of dockerfile.getInstructions()) {
    if (i.getKeyword() === 'FROM') {
      const args = i.getArguments().map((a) => a.getValue());
      stages.push({ from: args[0]!, name: args[2], instructions: [] });
    } else if (stages.length) stages.at(-1)!.instructions.push(i);
  }
  return stages;
}

const text = (i: Instruction) => i.getArgumentsContent() ?? '';
/** COPY --from=<stage>, read from the instruction's flags. */
const copyFrom = (i: Instruction) =>
  (i as unknown as { getFlags?: () => Array<{ getName(): string; getValue(): string | null }> })
    .getFlags?.()
    .find((f) => f.getName() === 'from')
    ?.getValue() ?? undefined;

describe('.dockerignore', () => {
  it('keeps dependencies, VCS data and secrets out of the build context, and lets the images their files', () => {
    for (const f of [
      'node_modules/x/index.js',
      'services/order/node_modules/y',
      '.git/config',
      '.env',
      'services/order/.env.production',
      'key.pem',
      '.data/pglite/x',
      'tests/e2e/a.test.ts',
      'services/order/test/a.test.ts',
      'tools/razorpay-sim/src/main.ts',
      'tools/system/start-system.ts',
      'deploy/base/order.yaml',
      'components/aws/pubsub.yaml',
      'dist/order/main.js',
    ]) {
      expect({ f, ignored: ignored(f) }).toEqual({ f, ignored: true });
    }
    for (const f of [
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'contracts/src/index.ts',
      'services/runtime/src/index.ts',
      'services/order/src/main.ts',
      'tools/razorpay-sim/package.json',
      'deploy/scripts/migrate.ts',
      'deploy/scripts/build-services.ts',
    ]) {
      expect({ f, ignored: ignored(f) }).toEqual({ f, ignored: false });
    }
  });

  it('lets in the manifest of every npm workspace, which npm ci needs, and nothing else of apps/', () => {
    const workspaces: string[] = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).workspaces;
    for (const w of workspaces) expect({ w, ignored: ignored(`${w}/package.json`) }).toEqual({ w, ignored: false });
    expect(ignored('apps/web/src/main.tsx')).toBe(true);
  });

  it('is what the Node images are built with (they have no ignore file of their own)', () => {
    for (const service of SERVICES)
      expect(ignoreFileOf(path.join(REPO, 'services', service, 'Dockerfile'))).toBe(path.join(REPO, '.dockerignore'));
  });
});

describe.each(SERVICES)('services/%s/Dockerfile', (service) => {
  const file = path.join(REPO, 'services', service, 'Dockerfile');
  const stages = stagesOf(file);
  const final = stages.at(-1)!;
  const all = stages.flatMap((s) => s.instructions);

  it('is multi-stage on node:24-bookworm-slim', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const s of stages) expect(s.from).toMatch(/^node:24(\.\d+)*(\.\d+)?-bookworm-slim(@sha256:[0-9a-f]{64})?$/);
  });

  it('copies package.json and package-lock.json before the first npm ci, and installs with npm ci only', () => {
    const build = stages.find((s) =>
      s.instructions.some((i) => i.getKeyword() === 'RUN' && /\bnpm ci\b/.test(text(i))),
    )!;
    expect(build).toBeDefined();
    const firstCi = build.instructions.findIndex((i) => i.getKeyword() === 'RUN' && /\bnpm ci\b/.test(text(i)));
    const lockCopy = build.instructions.findIndex(
      (i) => i.getKeyword() === 'COPY' && /\bpackage-lock\.json\b/.test(text(i)) && /\bpackage\.json\b/.test(text(i)),
    );
    expect(lockCopy).toBeGreaterThanOrEqual(0);
    expect(lockCopy).toBeLessThan(firstCi);
    // Nothing but the manifests is copied before the install (the layer stays cached).
    for (const i of build.instructions.slice(0, firstCi))
      if (i.getKeyword() === 'COPY')
        expect(text(i)).toMatch(
          /^(\S*package(-lock)?\.json|tsconfig\.json)(\s+\S*(package(-lock)?\.json|tsconfig\.json))*\s+\S+$/,
        );
    for (const i of all) if (i.getKeyword() === 'RUN') expect(text(i)).not.toMatch(/\bnpm (install|i)\b/);
  });

  it('copies the manifest of every npm workspace before the install (npm ci wants each workspace of the lockfile)', () => {
    const workspaces: string[] = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).workspaces;
    const copied = all
      .filter((i) => i.getKeyword() === 'COPY')
      .map(text)
      .join('\n');
    for (const w of workspaces)
      expect({ w, copied: copied.includes(`${w}/package.json`) }).toEqual({ w, copied: true });
  });

  it('gives the final stage production dependencies only', () => {
    const omitDev = all.filter((i) => i.getKeyword() === 'RUN' && /\bnpm ci\b[^&]*--omit=dev/.test(text(i)));
    expect(omitDev.length).toBe(1);
    const runsNpmCiFull = final.instructions.some(
      (i) => i.getKeyword() === 'RUN' && /\bnpm ci\b/.test(text(i)) && !/--omit=dev/.test(text(i)),
    );
    expect(runsNpmCiFull).toBe(false);
    // The last npm ci of the stage the final stage copies from is the production one.
    const source = final.instructions
      .filter((i) => i.getKeyword() === 'COPY')
      .map(copyFrom)
      .find(Boolean);
    const sourceStage = stages.find((s) => s.name === source)!;
    const lastCi = sourceStage.instructions
      .filter((i) => i.getKeyword() === 'RUN' && /\bnpm ci\b/.test(text(i)))
      .at(-1)!;
    expect(text(lastCi)).toMatch(/npm ci --omit=dev/);
    expect(text(lastCi).lastIndexOf('npm ci')).toBe(text(lastCi).indexOf('npm ci --omit=dev'));
  });

  it('exposes the port its container has in the manifests', () => {
    const exposed = all.filter((i) => i.getKeyword() === 'EXPOSE').map(text);
    expect(exposed).toEqual([String(containerPortOf(service))]);
  });

  it('runs as a numeric non-root user with NODE_ENV=production', () => {
    const users = final.instructions.filter((i) => i.getKeyword() === 'USER').map(text);
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)!;
    expect(user).toMatch(/^[1-9][0-9]*(:[1-9][0-9]*)?$/);
    expect(final.instructions.some((i) => i.getKeyword() === 'ENV' && /NODE_ENV=production/.test(text(i)))).toBe(true);
  });

  it('starts its own compiled service with plain node (no tsx, no npm wrapper), with source maps', () => {
    const cmd = final.instructions.filter((i) => i.getKeyword() === 'CMD').at(-1)!;
    const argv = JSON.parse(text(cmd)) as string[];
    expect(argv).toEqual(['node', '--enable-source-maps', `dist/${service}/main.js`]);
    expect(all.some((i) => i.getKeyword() === 'COPY' && text(i).includes(`services/${service}/src`))).toBe(true);
    expect(
      all.some(
        (i) =>
          i.getKeyword() === 'COPY' &&
          /\bdeploy\/scripts\/migrate\.ts\b/.test(text(i)) &&
          /\bdeploy\/scripts\/build-services\.ts\b/.test(text(i)),
      ),
    ).toBe(true);
  });

  it('compiles the service (npm run build:services) after the full install and before production dependencies replace it', () => {
    const run = all
      .filter((i) => i.getKeyword() === 'RUN')
      .map(text)
      .join('\n');
    const full = run.search(/\bnpm ci --no-audit/);
    const build = run.indexOf(`npm run -s build:services -- ${service}`);
    const production = run.indexOf('npm ci --omit=dev');
    expect(full).toBeGreaterThanOrEqual(0);
    expect(build).toBeGreaterThan(full);
    expect(production).toBeGreaterThan(build);
    // The script the build calls exists and builds what the CMD and the migration Job run.
    const scripts = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).scripts as Record<string, string>;
    expect(scripts['build:services']).toBe('tsx deploy/scripts/build-services.ts');
  });

  it('gives the final stage only node_modules, its bundle (and, for order, the OpenAPI document): no sources, no tools, no tsx', () => {
    const copies = final.instructions.filter((i) => i.getKeyword() === 'COPY');
    for (const i of copies) expect(copyFrom(i)).toBe(stages[0]!.name);
    const sources = copies.map(
      (i) =>
        i
          .getArguments()
          .map((a) => a.getValue())
          .filter((a) => !a.startsWith('--'))[0],
    );
    const expected = ['/app/package.json', '/app/node_modules', `/app/dist/${service}`];
    if (service === 'order') expected.push('/app/contracts/package.json', '/app/contracts/generated/openapi.json');
    expect(sources).toEqual(expected);
    expect(
      final.instructions
        .filter((i) => i.getKeyword() === 'RUN')
        .map(text)
        .join('\n'),
    ).not.toMatch(/\bnpm\b|\btsx\b/);
    expect(final.instructions.map(text).join('\n')).not.toMatch(/\btsx\b|\btools\//);
    // tsx and esbuild are development dependencies, so npm ci --omit=dev leaves them out.
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    for (const tool of ['tsx', 'esbuild'])
      expect({ tool, production: tool in pkg.dependencies, dev: tool in pkg.devDependencies }).toEqual({
        tool,
        production: false,
        dev: true,
      });
  });

  it('copies only files that exist and that .dockerignore lets through, and no secret', () => {
    for (const i of all.filter((x) => x.getKeyword() === 'COPY' && !copyFrom(x))) {
      const args = i
        .getArguments()
        .map((a) => a.getValue())
        .filter((a) => !a.startsWith('--'));
      for (const src of args.slice(0, -1)) {
        expect({ src, exists: existsSync(path.join(REPO, src)) }).toEqual({ src, exists: true });
        expect({ src, ignored: ignored(src) }).toEqual({ src, ignored: false });
      }
    }
    for (const i of all) {
      if (['ENV', 'ARG', 'LABEL'].includes(i.getKeyword()))
        expect(text(i)).not.toMatch(/SECRET|TOKEN|PASSWORD|KEY|DATABASE_URL/i);
      if (i.getKeyword() === 'ADD') throw new Error('ADD is not used: COPY only');
    }
    expect(readFileSync(file, 'utf8')).not.toMatch(/--mount=type=secret|\.npmrc|_authToken/);
  });
});

describe('services/order-audit/Dockerfile (Python)', () => {
  const dir = path.join(REPO, 'services/order-audit');
  const file = path.join(dir, 'Dockerfile');
  const stages = stagesOf(file);
  const final = stages.at(-1)!;
  const all = stages.flatMap((s) => s.instructions);
  const of = (instructions: Instruction[], keyword: string) => instructions.filter((i) => i.getKeyword() === keyword);
  const ignoreFile = ignoreFileOf(file);
  const patterns = patternsOf(ignoreFile);
  const requirements = readFileSync(path.join(dir, 'requirements.txt'), 'utf8');
  const pipInstalls = all.filter((i) => i.getKeyword() === 'RUN' && /\bpip3? install\b/.test(text(i)));
  const workdirOf = (s: Stage) => of(s.instructions, 'WORKDIR').map(text).at(-1);

  it('has its own ignore file, which lets in only the requirements, its package and the JSON Schemas', () => {
    expect(path.relative(REPO, ignoreFile)).toBe(path.join('services', 'order-audit', 'Dockerfile.dockerignore'));
    for (const f of [
      'services/order-audit/.venv/bin/python',
      'services/order-audit/tests/test_events.py',
      'services/order-audit/requirements-dev.txt',
      'services/order-audit/.env',
      'services/order-audit/run.sh',
      'services/order-audit/order_audit/__pycache__/store.cpython-311.pyc',
      'services/order-audit/order_audit/x.pyc',
      'node_modules/x/index.js',
      '.git/config',
      '.env',
      'key.pem',
      'services/order/src/main.ts',
      'contracts/src/index.ts',
      'contracts/generated/openapi.json',
      'deploy/base/order.yaml',
    ]) {
      expect({ f, ignored: ignored(f, patterns) }).toEqual({ f, ignored: true });
    }
    const needed = [
      'services/order-audit/requirements.txt',
      ...filesUnder(['services/order-audit/order_audit'], ['.py']).map(rel),
      ...filesUnder(['contracts/generated/json-schema'], ['.json']).map(rel),
    ];
    expect(needed).toEqual(
      expect.arrayContaining([
        'services/order-audit/order_audit/__main__.py',
        'contracts/generated/json-schema/AnyEvent.json',
        'contracts/generated/json-schema/OrderPlaced.json',
      ]),
    );
    for (const f of needed) expect({ f, ignored: ignored(f, patterns) }).toEqual({ f, ignored: false });
  });

  it('builds on one pinned python:3.11 slim image, in two stages', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    // A patch release (and optionally a digest), never a moving tag such as python:3.11-slim or latest.
    for (const s of stages)
      expect(s.from).toMatch(/^python:3\.11\.\d+-slim(-bookworm|-trixie)?(@sha256:[0-9a-f]{64})?$/);
    // The virtualenv copied into the final stage points at the interpreter of the build stage.
    expect(new Set(stages.map((s) => s.from)).size).toBe(1);
  });

  it('pins every runtime requirement exactly, and nothing in it is a test or dev tool', () => {
    const lines = requirements
      .split('\n')
      .map((l) => l.replace(/#.*/, '').trim())
      .filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines)
      expect(l).toMatch(
        /^[A-Za-z0-9][A-Za-z0-9._-]*(\[[a-z0-9,_-]+\])?==[A-Za-z0-9.+!-]+(\s+--hash=sha256:[0-9a-f]{64})*$/,
      );
    expect(requirements).not.toMatch(/^\s*(-r|-e|--index-url|--extra-index-url)|\b(pytest|iniconfig|pluggy)\b/m);
  });

  it('installs requirements.txt alone, from wheels, without a cache, copied before the install (and hashes enforced when it has them)', () => {
    expect(pipInstalls).toHaveLength(1);
    const install = text(pipInstalls[0]!);
    const build = stages.find((s) => s.instructions.includes(pipInstalls[0]!))!;
    expect(build).not.toBe(final);
    const pip = install.slice(install.search(/\bpip3? install\b/)).split(/\s*&&\s*/)[0]!;
    expect(pip).toMatch(/\s-r\s+services\/order-audit\/requirements\.txt(\s|$)/);
    expect(pip).toMatch(/\s--no-cache-dir(\s|$)/);
    expect(pip).toMatch(/\s--only-binary[= ]:all:(\s|$)/);
    // Nothing but requirements.txt: no package named on the command line, no dev requirements.
    expect(
      pip
        .split(/\s+/)
        .slice(2)
        .filter((a, k, args) => !a.startsWith('-') && args[k - 1] !== '-r'),
    ).toEqual([]);
    expect(install).not.toMatch(/requirements-dev/);
    expect(/\s--require-hashes(\s|$)/.test(pip)).toBe(/--hash=/.test(requirements));
    const at = build.instructions.indexOf(pipInstalls[0]!);
    const copiesBefore = of(build.instructions.slice(0, at), 'COPY').map(text);
    expect(copiesBefore).toEqual(['services/order-audit/requirements.txt services/order-audit/requirements.txt']);
    for (const i of all) if (i.getKeyword() === 'RUN') expect(text(i)).not.toMatch(/requirements-dev\.txt|\bpytest\b/);
  });

  it('gives the final stage the installed virtualenv and the code, and installs nothing there', () => {
    expect(of(final.instructions, 'RUN').filter((i) => /\bpip3?\b|apt-get|apk add/.test(text(i)))).toEqual([]);
    const fromBuild = of(final.instructions, 'COPY').filter((i) => copyFrom(i));
    expect(fromBuild.length).toBeGreaterThan(0);
    for (const i of fromBuild) expect(stages.map((s) => s.name)).toContain(copyFrom(i));
    const venv = /\bpython3? -m venv (\S+)/.exec(all.map(text).join('\n'))?.[1];
    expect(venv).toBeDefined();
    expect(fromBuild.some((i) => text(i) === `${venv} ${venv}`)).toBe(true);
    expect(of(final.instructions, 'ENV').map(text).join('\n')).toMatch(
      new RegExp(`PATH=${venv!.replace(/[/.]/g, '\\$&')}/bin:`),
    );
  });

  it('runs as a numeric non-root user, on a read-only root filesystem (bytecode compiled at build, none written at run time)', () => {
    const users = of(final.instructions, 'USER').map(text);
    expect(users.at(-1)).toMatch(/^[1-9][0-9]*(:[1-9][0-9]*)?$/);
    const env = of(final.instructions, 'ENV').map(text).join('\n');
    expect(env).toMatch(/PYTHONDONTWRITEBYTECODE=1/);
    expect(env).toMatch(/PYTHONUNBUFFERED=1/);
    expect(
      all.some((i) => i.getKeyword() === 'RUN' && /-m compileall\b.*services\/order-audit\/order_audit/.test(text(i))),
    ).toBe(true);
  });

  it('starts its package with python (PID 1, no shell or run.sh), laid out as in the repository so it finds the contracts', () => {
    const cmd = of(final.instructions, 'CMD').at(-1)!;
    expect(JSON.parse(text(cmd))).toEqual(['python', '-m', 'order_audit']);
    expect(existsSync(path.join(dir, 'order_audit/__main__.py'))).toBe(true);
    // The build stage copies each source to the same path under its WORKDIR, the final stage takes that
    // tree as it is, and runs from the service's folder in it: /app mirrors the repository.
    const build = stages.find(
      (s) => s.name === copyFrom(of(final.instructions, 'COPY').find((i) => copyFrom(i) && !/venv/.test(text(i)))!),
    )!;
    const root = workdirOf(build)!;
    for (const i of of(build.instructions, 'COPY')) {
      const [src, dest] = text(i).split(/\s+/);
      expect(dest).toBe(src);
    }
    const copied = of(build.instructions, 'COPY').map((i) => text(i).split(/\s+/)[0]);
    expect(copied).toEqual(
      expect.arrayContaining(['services/order-audit/order_audit', 'contracts/generated/json-schema']),
    );
    expect(
      of(final.instructions, 'COPY').some((i) => copyFrom(i) === build.name && text(i) === `${root} ${root}`),
    ).toBe(true);
    expect(workdirOf(final)).toBe(`${root}/services/order-audit`);
    // config.py looks for the contracts three folders above its own package, unless CONTRACTS_DIR says otherwise.
    expect(of(all, 'ENV').map(text).join('\n')).not.toMatch(/CONTRACTS_DIR/);
    expect(readFileSync(path.join(dir, 'order_audit/config.py'), 'utf8')).toMatch(
      /parents\[3\] \/ "contracts" \/ "generated" \/ "json-schema"/,
    );
  });

  it('exposes the port its container has in the manifests', () => {
    expect(of(all, 'EXPOSE').map(text)).toEqual([String(containerPortOf('order-audit'))]);
  });

  it('copies only files that exist and that its ignore file lets through, and no secret', () => {
    for (const i of all.filter((x) => x.getKeyword() === 'COPY' && !copyFrom(x))) {
      const args = i
        .getArguments()
        .map((a) => a.getValue())
        .filter((a) => !a.startsWith('--'));
      for (const src of args.slice(0, -1)) {
        expect({ src, exists: existsSync(path.join(REPO, src)) }).toEqual({ src, exists: true });
        expect({ src, ignored: ignored(src, patterns) }).toEqual({ src, ignored: false });
      }
    }
    for (const i of all) {
      if (['ENV', 'ARG', 'LABEL'].includes(i.getKeyword()))
        expect(text(i)).not.toMatch(/SECRET|TOKEN|PASSWORD|KEY|DATABASE_URL/i);
      if (i.getKeyword() === 'ADD') throw new Error('ADD is not used: COPY only');
    }
    expect(readFileSync(file, 'utf8')).not.toMatch(/--mount=type=secret|pip\.conf|\.netrc|--index-url|--trusted-host/);
  });
});
