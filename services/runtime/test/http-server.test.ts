import type http from 'node:http';
import express from 'express';
import { createHttpServer, jsonRequest } from '@saga/runtime';

describe('createHttpServer', () => {
  let server: http.Server;
  let url: string;
  const seenAtArrival: Array<{ request: boolean; response: boolean }> = [];
  const app = express();
  app.use(express.json());
  app.post('/echo', (req, res) => {
    res.status(201).json({ got: req.body, contentType: req.header('content-type'), ip: req.ip });
  });

  beforeAll(async () => {
    server = createHttpServer(app);
    // Runs before express's own listener: what node built, before express could touch it.
    server.prependListener('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      seenAtArrival.push({
        request: Object.getPrototypeOf(req) === app.request,
        response: Object.getPrototypeOf(res) === app.response,
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("creates requests and responses with the express app's prototypes, so express never has to swap them", async () => {
    await jsonRequest(`${url}/echo`, { method: 'POST', body: { a: 1 }, timeoutMs: 2000 });
    expect(seenAtArrival.at(-1)).toEqual({ request: true, response: true });
  });

  it('serves express as usual: body parsing, headers, status and JSON', async () => {
    const res = await jsonRequest(`${url}/echo`, { method: 'POST', body: { a: [1, 2] }, timeoutMs: 2000 });
    expect(res).toMatchObject({
      status: 201,
      body: { got: { a: [1, 2] }, contentType: 'application/json', ip: '127.0.0.1' },
    });
  });

  it('gives a plain listener a plain server', async () => {
    const plain = createHttpServer((_req: http.IncomingMessage, res: http.ServerResponse) => res.end('ok'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const res = await jsonRequest(`http://127.0.0.1:${(plain.address() as { port: number }).port}/`, {
      method: 'GET',
      timeoutMs: 2000,
    });
    await new Promise<void>((resolve) => plain.close(() => resolve()));
    expect(res).toMatchObject({ status: 200, body: 'ok' });
  });
});
