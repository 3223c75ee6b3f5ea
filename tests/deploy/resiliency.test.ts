// The sidecar's retries must not stack badly with the services' and the brokers' own. These are
// the relations written in components/*/resiliency.yaml, computed from the files themselves.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO, objectsOf } from './support/manifests';

const load = (file: string) => objectsOf(path.join(REPO, file)).map((x) => x.object as any);
const [local] = load('components/local/resiliency.yaml');
const [aws] = load('components/aws/resiliency.yaml');
const config = load('deploy/base/config.yaml')[0].data as Record<string, string>;
const meta = (c: any, name: string) => c.spec.metadata.find((m: any) => m.name === name)?.value as string;

/** Go duration to seconds (the forms used here: 50ms, 2s, 30s, 1m30s). */
function seconds(d: string): number {
  let total = 0;
  for (const [, n, unit] of d.matchAll(/([0-9.]+)(ms|s|m|h)/g))
    total += Number(n) * { ms: 0.001, s: 1, m: 60, h: 3600 }[unit as 'ms' | 's' | 'm' | 'h'];
  return total;
}

/** Worst-case backoff of a Dapr retry policy: constant, or exponential from 0.5 s x1.5 with +-50% jitter, capped. */
function worstBackoff(retry: { policy: string; duration?: string; maxInterval?: string; maxRetries: number }): number {
  if (retry.maxRetries < 0) return Infinity;
  if (retry.policy === 'constant') return retry.maxRetries * seconds(retry.duration ?? '5s');
  const cap = seconds(retry.maxInterval ?? '60s');
  let total = 0;
  for (let n = 0; n < retry.maxRetries; n++) total += 1.5 * Math.min(cap, 0.5 * 1.5 ** n);
  return total;
}

const spec = aws.spec;
const attempts = (retryName?: string) => 1 + (retryName ? spec.policies.retries[retryName].maxRetries : 0);
const worstCase = (target: { timeout: string; retry?: string }) =>
  attempts(target.retry) * seconds(spec.policies.timeouts[target.timeout]) +
  (target.retry ? worstBackoff(spec.policies.retries[target.retry]) : 0);

describe('resiliency numbers', () => {
  it('is the same spec locally and on AWS', () => {
    expect(local.spec).toEqual(aws.spec);
    expect(local.scopes).toEqual(aws.scopes);
  });

  it('applies to every app that subscribes to a topic (order-audit too), so every delivery gets the same retries', () => {
    expect([...aws.scopes].sort()).toEqual(['catalog', 'notifications', 'order', 'order-audit', 'payments']);
  });

  it('never retries payments in the sidecar (payments retries Razorpay), and gives it more time than its own retries take', () => {
    const target = spec.targets.apps.payments;
    expect(target.retry).toBeUndefined();
    const razorpayWorst = (1 + Number(config.RAZORPAY_MAX_RETRIES)) * (Number(config.RAZORPAY_TIMEOUT_MS) / 1000) + 1; // + cockatiel's max backoff, 1 s
    expect(seconds(spec.policies.timeouts[target.timeout])).toBeGreaterThan(razorpayWorst);
  });

  it('retries invocations only on 502-504, and catalog at most once', () => {
    for (const [app, target] of Object.entries<any>(spec.targets.apps)) {
      if (!target.retry) continue;
      const retry = spec.policies.retries[target.retry];
      expect({ app, codes: retry.matching?.httpStatusCodes }).toEqual({ app, codes: '502-504' });
      expect(retry.maxRetries).toBeLessThanOrEqual(1);
    }
    expect(spec.targets.apps.catalog.retry).toBeDefined();
  });

  it('finishes the sidecar retries of one delivery before the broker redelivers it', () => {
    for (const component of ['pubsub', 'pubsub-broadcast']) {
      const inbound = spec.targets.components[component].inbound;
      const worst = worstCase(inbound);
      expect(worst).toBeGreaterThan(60); // rides out a pod restart or a database failover
      for (const file of ['components/aws/pubsub.yaml', 'components/aws/pubsub-broadcast.yaml']) {
        const [c] = load(file);
        expect({ file, visibility: Number(meta(c, 'messageVisibilityTimeout')) > worst }).toEqual({
          file,
          visibility: true,
        });
        // SQS's redrive (messageReceiveLimit) decides; the component's own limit must be larger.
        expect(Number(meta(c, 'messageRetryLimit'))).toBeGreaterThan(Number(meta(c, 'messageReceiveLimit')));
        expect(Number(meta(c, 'messageReceiveLimit'))).toBeGreaterThanOrEqual(2);
        expect(meta(c, 'sqsDeadLettersQueueName')).toBeTruthy();
      }
      for (const file of ['components/local/pubsub.yaml', 'deploy/overlays/local/pubsub-broadcast.yaml']) {
        const [c] = load(file);
        expect({ file, processingTimeout: seconds(meta(c, 'processingTimeout')) > worst }).toEqual({
          file,
          processingTimeout: true,
        });
      }
    }
  });

  it('publishes (sidecar retries included) within the outbox lease, so no other replica republishes meanwhile', () => {
    const leaseSeconds = Number(
      /leaseSeconds:\s*(\d+)/.exec(
        readFileSync(path.join(REPO, 'services/runtime/src/messaging/outbox-relay.ts'), 'utf8'),
      )![1],
    );
    for (const component of ['pubsub', 'pubsub-broadcast'])
      expect(worstCase(spec.targets.components[component].outbound)).toBeLessThan(leaseSeconds);
  });

  it('has no circuit breaker where daprd would count answers or share it between delivery and publish', () => {
    // App targets: daprd counts every status outside 200-399 (a 409 sold out) as a failure.
    // Components: one breaker per component name, inbound and outbound, so an open one also
    // refuses the dead-letter publish. tests/dapr/breakers.real-daprd.test.ts shows both on daprd.
    expect(spec.policies.circuitBreakers).toBeUndefined();
    for (const target of Object.values<any>(spec.targets.apps)) expect(target.circuitBreaker).toBeUndefined();
    for (const component of Object.values<any>(spec.targets.components)) {
      expect(component.inbound.circuitBreaker).toBeUndefined();
      expect(component.outbound.circuitBreaker).toBeUndefined();
    }
  });

  it('computes what the comments say (~140 s at worst for a delivery, 23 s for a publish)', () => {
    expect(Math.round(worstCase(spec.targets.components.pubsub.inbound))).toBeGreaterThanOrEqual(135);
    expect(Math.round(worstCase(spec.targets.components.pubsub.inbound))).toBeLessThanOrEqual(145);
    expect(worstCase(spec.targets.components.pubsub.outbound)).toBe(23);
  });
});
