// One story about Node versions: every image builds on Node 24 LTS (node:24-bookworm-slim), CI runs
// the suite on the machine's Node 20 and on Node 24 (.ci/node24.sh), and package.json `engines`
// allows exactly those majors, so this file passes under each of them.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { REPO } from './support/manifests';

const IMAGE_MAJOR = 24;

/** Every Dockerfile in the repository (dependencies, build output and VCS data left out). */
function dockerfiles(dir = REPO): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (['node_modules', '.git', 'dist', '.data', '.venv'].includes(entry)) return [];
    if (statSync(full).isDirectory()) return dockerfiles(full);
    return /^Dockerfile(\.[\w-]+)?$/.test(entry) && !entry.endsWith('.dockerignore') ? [full] : [];
  });
}

const fromsOf = (file: string) =>
  DockerfileParser.parse(readFileSync(file, 'utf8'))
    .getInstructions()
    .filter((i) => i.getKeyword() === 'FROM')
    .map((i) => i.getArguments()[0]!.getValue());

/** package.json engines.node as [major, minimum minor, minimum patch] per `^x.y.z` alternative. */
function engineRanges(): Array<[number, number, number]> {
  const range: string = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).engines.node;
  return range.split('||').map((alt) => {
    const m = /^\s*\^(\d+)\.(\d+)\.(\d+)\s*$/.exec(alt);
    if (!m) throw new Error(`engines.node: expected ^x.y.z alternatives, got "${alt.trim()}"`);
    return [Number(m[1]), Number(m[2]), Number(m[3])];
  });
}

const satisfies = (version: string, ranges: Array<[number, number, number]>) => {
  const [major, minor, patch] = version.replace(/^v/, '').split('.').map(Number) as [number, number, number];
  return ranges.some(([M, m, p]) => major === M && (minor > m || (minor === m && patch >= p)));
};

describe('Node versions', () => {
  it('every Dockerfile that builds on Node uses node:24 (bookworm-slim)', () => {
    const files = dockerfiles();
    const onNode = files.filter((f) => fromsOf(f).some((from) => from.startsWith('node:')));
    expect(onNode.map((f) => path.relative(REPO, f)).sort()).toEqual(
      expect.arrayContaining([
        'apps/web/Dockerfile',
        'services/catalog/Dockerfile',
        'services/notifications/Dockerfile',
        'services/order/Dockerfile',
        'services/payments/Dockerfile',
      ]),
    );
    for (const f of onNode) {
      for (const from of fromsOf(f).filter((x) => x.startsWith('node:'))) {
        expect({ file: path.relative(REPO, f), from }).toEqual({
          file: path.relative(REPO, f),
          from: expect.stringMatching(
            new RegExp(`^node:${IMAGE_MAJOR}(\\.\\d+)*-bookworm-slim(@sha256:[0-9a-f]{64})?$`),
          ),
        });
      }
    }
  });

  it("package.json engines allows the Node running this test, the images' major and the one CI installs, and no other major", () => {
    const ranges = engineRanges();
    expect(satisfies(process.version, ranges)).toBe(true);
    expect(ranges.map(([major]) => major)).toContain(IMAGE_MAJOR);
    const ciVersion = /version="\$\{NODE24_VERSION:-(\d+\.\d+\.\d+)\}"/.exec(
      readFileSync(path.join(REPO, '.ci/node24.sh'), 'utf8'),
    )?.[1];
    expect(ciVersion).toMatch(new RegExp(`^${IMAGE_MAJOR}\\.`));
    expect(satisfies(ciVersion!, ranges)).toBe(true);
    // The README names the versions CI tests, which are the ones engines allows.
    const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const majors = ranges.map(([major]) => major).sort((a, b) => a - b);
    expect(readme).toMatch(new RegExp(`Node\\.js versions tested: ${majors.join(' and ')}\\b`));
  });
});
