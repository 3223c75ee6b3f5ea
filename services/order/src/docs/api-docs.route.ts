// GET /api/docs: the HTTP APIs' OpenAPI 3.1 document (contracts/generated/openapi.json, generated
// from the zod contracts) as a plain page listing every operation, and the document itself at
// /api/docs/openapi.json for tools (Swagger UI, Postman, code generators). Public, like the
// document in the repository. Read once at boot: an image without it fails at start, not on a request.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Router } from 'express';

export const OPENAPI_PATH = path.join(
  path.dirname(require.resolve('@saga/contracts/package.json')),
  'generated',
  'openapi.json',
);

interface Operation {
  method: string;
  path: string;
  summary: string;
  server: string;
}

export function apiDocsRoutes(router: Router, documentPath = OPENAPI_PATH): void {
  const text = readFileSync(documentPath, 'utf8');
  const document = JSON.parse(text) as {
    info: { title: string; version: string; description?: string };
    paths: Record<string, Record<string, unknown>>;
  };
  const page = docsPage(document.info, operationsOf(document.paths));
  router.get('/api/docs', (_req, res) => {
    res.type('html').setHeader('Cache-Control', 'no-cache');
    res.send(page);
  });
  router.get('/api/docs/openapi.json', (_req, res) => {
    res.type('application/json').setHeader('Cache-Control', 'no-cache');
    res.send(text);
  });
}

function operationsOf(paths: Record<string, Record<string, unknown>>): Operation[] {
  return Object.entries(paths).flatMap(([route, item]) => {
    const server = ((item.servers as Array<{ url: string }> | undefined)?.[0]?.url ?? '').replace(
      /^https?:\/\/[^:]+/,
      '',
    );
    return Object.entries(item)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => ({
        method: method.toUpperCase(),
        path: route,
        summary: String((op as { summary?: string }).summary ?? ''),
        server,
      }));
  });
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function docsPage(info: { title: string; version: string; description?: string }, operations: Operation[]): string {
  const rows = operations
    .map(
      (o) =>
        `<tr><td><code>${o.method}</code></td><td><code>${escape(o.path)}</code></td><td>${escape(o.server)}</td><td>${escape(o.summary)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(info.title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d232a}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #dde3ea;padding:.35rem .6rem;text-align:left;vertical-align:top}
th{background:#f3f6f9}code{font-size:13px}</style></head>
<body><h1>${escape(info.title)} <small>${escape(info.version)}</small></h1>
<p>${escape(info.description ?? '')}</p>
<p>The OpenAPI 3.1 document: <a href="/api/docs/openapi.json">/api/docs/openapi.json</a> (open it in Swagger UI, Postman or a code generator).
Events and the WebSocket frames are in <code>contracts/generated/asyncapi.json</code>.</p>
<table><thead><tr><th>method</th><th>path</th><th>port</th><th>summary</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>
`;
}
