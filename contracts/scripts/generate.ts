// Generates the language-neutral contracts from the zod ones (contracts/src) into
// contracts/generated: json-schema/<Name>.json, openapi.json, asyncapi.json.
//   npm run contracts:generate     writes them (and removes generated files no contract produces)
//   npm run contracts:check        generates in memory and fails if the files on disk differ
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GENERATED_DIR, generateDocuments } from './build/documents';

function filesUnder(dir: string, prefix = ''): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Files in dir that differ from what the contracts generate: changed, missing, or no longer generated. */
export function staleFiles(expected: Map<string, string>, dir = GENERATED_DIR): string[] {
  const differing = [...expected]
    .filter(([file, content]) => readOrUndefined(path.join(dir, file)) !== content)
    .map(([file]) => file);
  const orphans = filesUnder(dir).filter((file) => !expected.has(file));
  return [...differing, ...orphans].sort();
}

/** Writes what changed and removes what is no longer generated. */
export function writeDocuments(
  expected: Map<string, string>,
  dir = GENERATED_DIR,
): { written: number; removed: number } {
  let written = 0;
  for (const [file, content] of expected) {
    const target = path.join(dir, file);
    if (readOrUndefined(target) === content) continue;
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
    written += 1;
  }
  const orphans = filesUnder(dir).filter((file) => !expected.has(file));
  for (const file of orphans) rmSync(path.join(dir, file));
  return { written, removed: orphans.length };
}

function main(): void {
  const expected = generateDocuments();
  const shown = (file: string) => path.relative(process.cwd(), path.join(GENERATED_DIR, file));

  if (process.argv.includes('--check')) {
    const stale = staleFiles(expected);
    if (stale.length) {
      console.error(
        `contracts/generated is out of date with contracts/src (${stale.length} file(s) differ, are missing or are no longer generated):`,
      );
      for (const file of stale) console.error(`  ${shown(file)}`);
      console.error('Run `npm run contracts:generate` and commit the result.');
      process.exitCode = 1;
      return;
    }
    console.log(`contracts/generated is up to date (${expected.size} files).`);
    return;
  }

  const { written, removed } = writeDocuments(expected);
  console.log(`contracts/generated: ${expected.size} files, ${written} written, ${removed} removed.`);
}

if (require.main === module) main();
