// Operator CLI for refunds Razorpay refused for good (FAILED: a person must look), beside `npm run dlq`:
//   npm run refunds -- list [FAILED|REQUESTED|PROCESSED|all]   list them (default: FAILED)
//   npm run refunds -- retry <paymentId>                        try a FAILED refund again now
// A refund is one per Razorpay payment, so it is named by its payment id (pay_...). A retry keeps
// the refund's idempotency key and first asks Razorpay whether it holds the refund: retrying twice
// refunds once. The payments service is reached at http://127.0.0.1:3003, or PAYMENTS_URL, or
// through a Dapr sidecar with --dapr [http://127.0.0.1:3500] (service invocation by app id).
// Credentials as for `npm run dlq`: the refund routes are internal, so a direct call carries the
// service credential (APP_API_TOKEN, the development value when unset, as `npm start` uses); through
// a sidecar the call carries DAPR_API_TOKEN (if the sidecar wants one) and the target's daprd adds
// the app token itself.
import { RefundList, RefundRetryResult } from '@saga/contracts';
import { callInternal, contractAnswer, takeDaprFlag } from './operator-http';

const PAYMENTS_PORT = 3003;
const STATUSES = ['FAILED', 'REQUESTED', 'PROCESSED', 'all'] as const;

function usage(message?: string): never {
  if (message) console.error(message);
  console.error(`usage: npm run refunds -- list [${STATUSES.join('|')}] | retry <paymentId>   [--dapr [sidecar url]]`);
  process.exit(2);
}

function baseUrl(dapr?: string): string {
  if (dapr) return `${dapr}/v1.0/invoke/${process.env.APP_ID_PAYMENTS ?? 'payments'}/method`;
  return process.env.PAYMENTS_URL ?? `http://127.0.0.1:${PAYMENTS_PORT}`;
}

const call = (method: string, url: string, dapr?: string) => callInternal<unknown>(method, url, dapr);

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const dapr = takeDaprFlag(argv);
  const [command, arg] = argv;
  if (command === 'list') {
    const status = arg ?? 'FAILED';
    if (!(STATUSES as readonly string[]).includes(status)) usage(`unknown status ${status}`);
    const res = await call('GET', `${baseUrl(dapr)}/api/v1/internal/refunds?status=${status}`, dapr);
    if (res.status === 401) {
      console.error(
        `payments refused the credential (401): set ${dapr ? "DAPR_API_TOKEN to the sidecar's" : "APP_API_TOKEN to the service's"} value`,
      );
      process.exit(1);
    }
    if (res.status !== 200) {
      console.error(`payments answered ${res.status}: ${JSON.stringify(res.body)}`);
      process.exit(1);
    }
    const { refunds } = contractAnswer(RefundList, 'payments', res);
    for (const r of refunds) {
      console.log(
        `${r.paymentId}\t${r.orderReference}\t${r.amount} ${r.currency}\t${r.status}\tattempts=${r.attempts}\t${r.requestedAt}\t${r.reason}${r.lastError ? `\tlast error: ${r.lastError}` : ''}`,
      );
    }
    console.log(`${refunds.length} ${status === 'all' ? '' : `${status} `}refund(s)`);
    return;
  }
  if (command === 'retry' && arg) {
    const res = await call('POST', `${baseUrl(dapr)}/api/v1/internal/refunds/${encodeURIComponent(arg)}/retry`, dapr);
    if (res.status !== 200) {
      console.log(JSON.stringify(res.body, null, 2));
      process.exit(1);
    }
    const retried = contractAnswer(RefundRetryResult, 'payments', res);
    console.log(JSON.stringify(res.body, null, 2)); // as answered: fields newer than this CLI included
    // Done when Razorpay holds the refund; anything else (refused again, still retrying) needs a look.
    if (retried.refund.status !== 'PROCESSED') process.exit(1);
    return;
  }
  usage();
}

main().catch((err) => {
  console.error(`refunds: ${(err as Error).message}`);
  process.exit(1);
});
