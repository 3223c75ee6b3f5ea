// Generates the language-neutral contracts from the zod ones (contracts/src) into
// contracts/generated: json-schema/<Name>.json, openapi.json, asyncapi.json.
//   npm run contracts:generate     writes them (and removes generated files no contract produces)
//   npm run contracts:check        generates in memory and fails if the files on disk differ
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GENERATED_DIR, generateDocuments } from './build/documents';

function filesOnDisk(dir: string, prefix = ''): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? filesOnDisk(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

const read = (file: string) => {
  try {
    return readFileSync(path.join(GENERATED_DIR, file), 'utf8');
  } catch {
    return undefined;
  }
};

/** Files that differ from what the contracts generate: changed, missing, or no longer generated. */
export function staleFiles(expected: Map<string, string>): string[] {
  const stale = [...expected].filter(([file, content]) => read(file) !== content).map(([file]) => file);
  const orphans = filesOnDisk(GENERATED_DIR).filter((file) => !expected.has(file));
  return [...stale, ...orphans].sort();
}

function main(): void {
  const expected = generateDocuments();
  const relative = (file: string) => path.relative(process.cwd(), path.join(GENERATED_DIR, file));

  if (process.argv.includes('--check')) {
    const stale = staleFiles(expected);
    if (stale.length) {
      console.error(`contracts/generated is out of date with contracts/src (${stale.length} file(s)):`);
      for (const file of stale) console.error(`  ${relative(file)}`);
      console.error('Run `npm run contracts:generate` and commit the result.');
      process.exitCode = 1;
      return;
    }
    console.log(`contracts/generated is up to date (${expected.size} files).`);
    return;
  }

  let written = 0;
  for (const [file, content] of expected) {
    if (read(file) === content) continue;
    mkdirSync(path.dirname(path.join(GENERATED_DIR, file)), { recursive: true });
    writeFileSync(path.join(GENERATED_DIR, file), content);
    written += 1;
  }
  const orphans = filesOnDisk(GENERATED_DIR).filter((file) => !expected.has(file));
  for (const file of orphans) rmSync(path.join(GENERATED_DIR, file));
  console.log(`contracts/generated: ${expected.size} files, ${written} written, ${orphans.length} removed.`);
}

if (require.main === module) main();
