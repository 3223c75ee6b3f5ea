// Operator CLI for dead letters (messages a consumer failed to process after every retry):
//   npm run dlq -- list [service|all]          list them (default: all services)
//   npm run dlq -- show <service> <id>         the stored event, in full
//   npm run dlq -- replay <service> <id>       run the service's handler on it again (idempotent)
// Services are reached at http://127.0.0.1:<default port>, or <SERVICE>_URL (e.g. ORDER_URL), or
// through a Dapr sidecar with --dapr [http://127.0.0.1:3500] (service invocation by app id).
// Credentials: the dead-letter routes are internal, so a direct call carries the service
// credential (APP_API_TOKEN, the development value when unset, as `npm start` uses); through a
// sidecar the call carries DAPR_API_TOKEN (if the sidecar wants one) and the target's daprd adds
// the app token itself.
import { DeadLetter, DeadLetterList, DeadLetterReplayResult } from '@saga/contracts';
import { callInternal, contractAnswer, takeDaprFlag } from './operator-http';

const SERVICES = { order: 3001, catalog: 3002, payments: 3003, notifications: 3004 } as const;
type Service = keyof typeof SERVICES;

function usage(message?: string): never {
  if (message) console.error(message);
  console.error(
    'usage: npm run dlq -- list [service|all] | show <service> <id> | replay <service> <id>   [--dapr [sidecar url]]',
  );
  process.exit(2);
}

function baseUrl(service: Service, dapr?: string): string {
  if (dapr) return `${dapr}/v1.0/invoke/${service}/method`;
  return process.env[`${service.toUpperCase()}_URL`] ?? `http://127.0.0.1:${SERVICES[service]}`;
}

const call = (method: string, url: string, dapr?: string) => callInternal<unknown>(method, url, dapr);

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const dapr = takeDaprFlag(argv);
  const [command, target = 'all', id] = argv;
  const isService = (s: string): s is Service => s in SERVICES;
  if (command === 'list') {
    const services =
      target === 'all'
        ? (Object.keys(SERVICES) as Service[])
        : isService(target)
          ? [target]
          : usage(`unknown service ${target}`);
    let total = 0;
    for (const service of services) {
      const res = await call('GET', `${baseUrl(service, dapr)}/api/v1/internal/dead-letters`, dapr).catch(
        (err: Error) => ({ status: 0, body: err.message }),
      );
      if (res.status === 401) {
        console.log(
          `${service}: refused the credential (401): set ${dapr ? "DAPR_API_TOKEN to the sidecar's" : "APP_API_TOKEN to the service's"} value`,
        );
        continue;
      }
      if (res.status !== 200) {
        console.log(`${service}: unreachable (${res.status || res.body})`);
        continue;
      }
      let deadLetters;
      try {
        ({ deadLetters } = contractAnswer(DeadLetterList, service, res));
      } catch (err) {
        console.log(`${service}: unreadable answer (${(err as Error).message})`);
        continue;
      }
      for (const d of deadLetters) {
        total++;
        console.log(
          `${service}\t#${d.id}\t${d.receivedAt}\t${d.topic}\t${d.eventType}\t${d.eventId}\treplays=${d.replayCount}${d.lastReplayError ? `\tlast error: ${d.lastReplayError}` : ''}`,
        );
      }
    }
    console.log(`${total} dead letter(s)`);
    return;
  }
  if ((command === 'show' || command === 'replay') && isService(target) && id) {
    const res = await call(
      command === 'show' ? 'GET' : 'POST',
      `${baseUrl(target, dapr)}/api/v1/internal/dead-letters/${encodeURIComponent(id)}${command === 'replay' ? '/replay' : ''}`,
      dapr,
    );
    if (res.status === 200) contractAnswer(command === 'show' ? DeadLetter : DeadLetterReplayResult, target, res);
    console.log(JSON.stringify(res.body, null, 2)); // as answered: fields newer than this CLI included
    if (res.status !== 200) process.exit(1);
    return;
  }
  usage();
}

main().catch((err) => {
  console.error(`dlq: ${(err as Error).message}`);
  process.exit(1);
});
