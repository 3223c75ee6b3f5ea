// Every generated file, in memory: path (relative to contracts/generated) -> exact content.
// generate.ts writes or checks them; the tests compare them with the checked-in files.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildAsyncApi } from './asyncapi/document';
import { canonicalJson } from './canonical-json';
import { standaloneJsonSchema } from './json-schema';
import { NAMED_SCHEMAS } from './named-schemas';
import { buildOpenApi } from './openapi/document';

export const CONTRACTS_DIR = path.resolve(__dirname, '../..');
export const GENERATED_DIR = path.join(CONTRACTS_DIR, 'generated');

/** The documents' version is the contracts package's version. */
export function contractsVersion(): string {
  return (JSON.parse(readFileSync(path.join(CONTRACTS_DIR, 'package.json'), 'utf8')) as { version: string }).version;
}

export function generateDocuments(): Map<string, string> {
  const version = contractsVersion();
  const files = new Map<string, string>();
  for (const named of [...NAMED_SCHEMAS].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    files.set(`json-schema/${named.name}.json`, canonicalJson(standaloneJsonSchema(named)));
  }
  files.set('openapi.json', canonicalJson(buildOpenApi(version)));
  files.set('asyncapi.json', canonicalJson(buildAsyncApi(version)));
  return files;
}
