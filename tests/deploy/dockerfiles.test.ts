// No container engine runs here, so the Dockerfiles are linted structurally (parsed with
// dockerfile-ast): node:20-bookworm-slim stages, the lockfile copied before `npm ci`, production
// dependencies only in the final stage, a numeric non-root USER, NODE_ENV=production, no secrets,
// a CMD that starts the service's own main.ts, and COPY sources that exist and that .dockerignore
// lets through.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { REPO } from './support/manifests';

const SERVICES = ['order', 'catalog', 'payments', 'notifications'];
const ignorePatterns = readFileSync(path.join(REPO, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

/** .dockerignore semantics: the last matching pattern wins; a pattern matching a folder covers what is inside. */
function ignored(file: string): boolean {
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
  for (const raw of ignorePatterns) {
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
const copyFrom = (i: Instruction) => (i as unknown as { getFlags?: () => Array<{ getName(): string; getValue(): string | null }> }).getFlags?.().find((f) => f.getName() === 'from')?.getValue() ?? undefined;

describe('.dockerignore', () => {
  it('keeps dependencies, VCS data and secrets out of the build context, and lets the images their files', () => {
    for (const f of ['node_modules/x/index.js', 'services/order/node_modules/y', '.git/config', '.env', 'services/order/.env.production', 'key.pem', '.data/pglite/x', 'tests/e2e/a.test.ts', 'services/order/test/a.test.ts', 'tools/razorpay-sim/src/main.ts', 'deploy/base/order.yaml', 'components/aws/pubsub.yaml']) {
      expect({ f, ignored: ignored(f) }).toEqual({ f, ignored: true });
    }
    for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'contracts/src/index.ts', 'services/runtime/src/index.ts', 'services/order/src/main.ts', 'tools/razorpay-sim/package.json', 'deploy/scripts/migrate.ts']) {
      expect({ f, ignored: ignored(f) }).toEqual({ f, ignored: false });
    }
  });
});

describe.each(SERVICES)('services/%s/Dockerfile', (service) => {
  const file = path.join(REPO, 'services', service, 'Dockerfile');
  const stages = stagesOf(file);
  const final = stages.at(-1)!;
  const all = stages.flatMap((s) => s.instructions);

  it('is multi-stage on node:20-bookworm-slim', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const s of stages) expect(s.from).toMatch(/^node:20(\.\d+)*(\.\d+)?-bookworm-slim(@sha256:[0-9a-f]{64})?$/);
  });

  it('copies package.json and package-lock.json before the first npm ci, and installs with npm ci only', () => {
    const build = stages.find((s) => s.instructions.some((i) => i.getKeyword() === 'RUN' && /\bnpm ci\b/.test(text(i))))!;
    expect(build).toBeDefined();
    const firstCi = build.instructions.findIndex((i) => i.getKeyword() === 'RUN' && /\bnpm ci\b/.test(text(i)));
    const lockCopy = build.instructions.findIndex((i) => i.getKeyword() === 'COPY' && /\bpackage-lock\.json\b/.test(text(i)) && /\bpackage\.json\b/.test(text(i)));
    expect(lockCopy).toBeGreaterThanOrEqual(0);
    expect(lockCopy).toBeLessThan(firstCi);
    // Nothing but the manifests is copied before the install (the layer stays cached).
    for (const i of build.instructions.slice(0, firstCi)) if (i.getKeyword() === 'COPY') expect(text(i)).toMatch(/^(\S*package(-lock)?\.json|tsconfig\.json)(\s+\S*(package(-lock)?\.json|tsconfig\.json))*\s+\S+$/);
    for (const i of all) if (i.getKeyword() === 'RUN') expect(text(i)).not.toMatch(/\bnpm (install|i)\b/);
  });

  it('gives the final stage production dependencies only', () => {
    const omitDev = all.filter((i) => i.getKeyword() === 'RUN' && /\bnpm ci\b[^&]*--omit=dev/.test(text(i)));
    expect(omitDev.length).toBe(1);
    const runsNpmCiFull = final.instructions.some((i) => i.getKeyword() === 'RUN' && /\bnpm ci\b/.test(text(i)) && !/--omit=dev/.test(text(i)));
    expect(runsNpmCiFull).toBe(false);
    // The last npm ci of the stage the final stage copies from is the production one.
    const source = final.instructions.filter((i) => i.getKeyword() === 'COPY').map(copyFrom).find(Boolean);
    const sourceStage = stages.find((s) => s.name === source)!;
    const lastCi = sourceStage.instructions.filter((i) => i.getKeyword() === 'RUN' && /\bnpm ci\b/.test(text(i))).at(-1)!;
    expect(text(lastCi)).toMatch(/npm ci --omit=dev/);
    expect(text(lastCi).lastIndexOf('npm ci')).toBe(text(lastCi).indexOf('npm ci --omit=dev'));
  });

  it('runs as a numeric non-root user with NODE_ENV=production', () => {
    const users = final.instructions.filter((i) => i.getKeyword() === 'USER').map(text);
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)!;
    expect(user).toMatch(/^[1-9][0-9]*(:[1-9][0-9]*)?$/);
    expect(final.instructions.some((i) => i.getKeyword() === 'ENV' && /NODE_ENV=production/.test(text(i)))).toBe(true);
  });

  it('starts its own service with node (no npm wrapper), from a file the image has', () => {
    const cmd = final.instructions.filter((i) => i.getKeyword() === 'CMD').at(-1)!;
    const argv = JSON.parse(text(cmd)) as string[];
    expect(argv).toEqual(['node', '--import', 'tsx', `services/${service}/src/main.ts`]);
    expect(existsSync(path.join(REPO, argv[3]!))).toBe(true);
    expect(all.some((i) => i.getKeyword() === 'COPY' && text(i).includes(`services/${service}/src`))).toBe(true);
    expect(all.some((i) => i.getKeyword() === 'COPY' && text(i).includes('deploy/scripts/migrate.ts'))).toBe(true);
  });

  it('copies only files that exist and that .dockerignore lets through, and no secret', () => {
    for (const i of all.filter((x) => x.getKeyword() === 'COPY' && !copyFrom(x))) {
      const args = i.getArguments().map((a) => a.getValue()).filter((a) => !a.startsWith('--'));
      for (const src of args.slice(0, -1)) {
        expect({ src, exists: existsSync(path.join(REPO, src)) }).toEqual({ src, exists: true });
        expect({ src, ignored: ignored(src) }).toEqual({ src, ignored: false });
      }
    }
    for (const i of all) {
      if (['ENV', 'ARG', 'LABEL'].includes(i.getKeyword())) expect(text(i)).not.toMatch(/SECRET|TOKEN|PASSWORD|KEY|DATABASE_URL/i);
      if (i.getKeyword() === 'ADD') throw new Error('ADD is not used: COPY only');
    }
    expect(readFileSync(file, 'utf8')).not.toMatch(/--mount=type=secret|\.npmrc|_authToken/);
  });
});
