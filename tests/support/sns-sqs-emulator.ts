// moto's server as a local SNS/SQS (tools/aws-emulator/install.sh puts it in a virtualenv), for
// the production pub/sub component on real daprd. Only loopback; stops with the test.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './multiprocess-imports';

export const MOTO_SERVER =
  process.env.MOTO_SERVER ?? path.join(os.homedir(), '.cache/checkout-saga/moto-venv/bin/moto_server');

export function motoInstalled(): boolean {
  return fs.existsSync(MOTO_SERVER);
}

export interface SnsSqsEmulator {
  url: string;
  /** An SQS or SNS API call (query protocol), answering the XML text. */
  call(service: 'sqs' | 'sns', params: Record<string, string>): Promise<string>;
  stop(): Promise<void>;
}

export async function startSnsSqs(): Promise<SnsSqsEmulator> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(MOTO_SERVER, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited: ${output.slice(-2000)}`);
    if (
      await fetch(`${url}/moto-api/`).then(
        () => true,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) throw new Error(`moto_server not up in 20 s: ${output.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async call(service, params) {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          // moto routes by the signed service and region (components/aws uses ap-south-1); any credentials do.
          authorization: `AWS4-HMAC-SHA256 Credential=test/20260101/ap-south-1/${service}/aws4_request, SignedHeaders=host, Signature=0`,
        },
        body: new URLSearchParams({ Version: service === 'sqs' ? '2012-11-05' : '2010-03-31', ...params }).toString(),
      });
      return res.text();
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
