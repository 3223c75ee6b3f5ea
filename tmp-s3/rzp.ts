import http from 'node:http';
import Razorpay from 'razorpay';
import { jsonRequest } from '@saga/runtime';
(async () => {
  const server = http.createServer((req, res) => { req.resume(); req.on('end', () => { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify({ id: 'order_X', entity: 'order', amount: 100, currency: 'INR', status: 'created' })); }); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as any).port}`;
  const client = new Razorpay({ key_id: 'rzp_test_x', key_secret: 'secret' });
  (client as any).api.rq.defaults.baseURL = url;
  const N = 10000;
  const variants: Record<string, () => Promise<unknown>> = {
    sdk: () => client.orders.create({ amount: 100, currency: 'INR', receipt: 'r', notes: {} }),
    jsonRequest: () => jsonRequest(`${url}/v1/orders`, { method: 'POST', body: { amount: 100, currency: 'INR', receipt: 'r', notes: {} }, headers: { authorization: 'Basic ' + Buffer.from('rzp_test_x:secret').toString('base64') }, timeoutMs: 5000 }),
  };
  const v = variants[process.argv[2]!]!;
  const run = async (n: number) => { for (let i = 0; i < n; i++) await v(); };
  await Promise.all(Array.from({ length: 8 }, () => run(300)));
  const c0 = process.cpuUsage(); await Promise.all(Array.from({ length: 8 }, () => run(N / 8))); const c = process.cpuUsage(c0);
  console.log(process.argv[2], ((c.user + c.system) / N).toFixed(1), 'us/call (client+bare server)');
  server.close();
})();
