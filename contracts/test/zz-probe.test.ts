test('probe', async () => {
  const { Parser } = require('@asyncapi/parser');
  const p = new Parser();
  const out = await p.parse({ asyncapi: '3.0.0', info: { title: 'x', version: '1' }, channels: {} });
  console.log('asyncapi', out.diagnostics.map((d: any) => d.message), !!out.document);
});
