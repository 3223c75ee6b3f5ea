// @seriousme/openapi-schema-validator checks a document against the official OpenAPI 3.1
// schema. It ships as an ES module only, which jest's CommonJS runtime cannot load on Node 20,
// so it runs in a plain node child process (which can) and reports back as JSON.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const SCRIPT = `
import('@seriousme/openapi-schema-validator').then(async ({ Validator }) => {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const result = await new Validator().validate(JSON.parse(input));
  process.stdout.write(JSON.stringify(result));
});
`;

export interface OpenApiValidation {
  valid: boolean;
  errors?: unknown;
}

export function validateOpenApi(document: unknown): OpenApiValidation {
  const out = execFileSync(process.execPath, ['-e', SCRIPT], {
    cwd: path.resolve(__dirname, '../../..'),
    input: JSON.stringify(document),
    encoding: 'utf8',
    timeout: 30_000,
  });
  return JSON.parse(out) as OpenApiValidation;
}
