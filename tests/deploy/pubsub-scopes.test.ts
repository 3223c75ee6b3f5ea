// Topic ACLs, evaluated the way the Dapr sidecar evaluates them (dapr/pkg/runtime/pubsub:
// GetScopedTopics + IsOperationAllowed): only payments publishes payment-events, only order
// publishes order-events; order subscribes to payment-events, catalog and notifications to
// order-events; each consumer publishes and reads its own dead-letter topics, named as the runtime
// names them (deadLetterTopicFor: <topic>.<appId>.deadletter; that subscription has none of its own).
import path from 'node:path';
import { deadLetterTopicFor } from '@saga/runtime';
import { build } from './support/kustomize';
import { type K8sObject, REPO, filesUnder, objectsOf } from './support/manifests';

const APPS = ['order', 'catalog', 'payments', 'notifications', 'order-audit'];
const meta = (c: K8sObject, name: string) =>
  ((c.spec as any).metadata as Array<{ name: string; value?: string }>).find((m) => m.name === name)?.value;
const list = (v: string | undefined) => (v ? v.replace(/ /g, '').split(',') : []);

/** Dapr's GetScopedTopics: the topics listed for appID in "app1=t1,t2;app2=..." ("app=" lists the empty topic, denying all). */
function scopedTopics(value: string | undefined, appId: string): string[] {
  const topics: string[] = [];
  for (const entry of (value ?? '').replace(/ /g, '').split(';')) {
    const [key, rest] = entry.split('=');
    if (key !== appId || rest === undefined) continue;
    for (const t of rest.split(',')) if (!topics.includes(t)) topics.push(t);
  }
  return topics;
}

/** Dapr's IsOperationAllowed. */
function allowed(component: K8sObject, appId: string, topic: string, op: 'publish' | 'subscribe'): boolean {
  if (component.scopes && !(component.scopes as string[]).includes(appId)) return false;
  const allowedTopics = list(meta(component, 'allowedTopics'));
  if (allowedTopics.length && !allowedTopics.includes(topic)) return false;
  const isProtected = list(meta(component, 'protectedTopics')).includes(topic);
  const scoped = scopedTopics(meta(component, op === 'publish' ? 'publishingScopes' : 'subscriptionScopes'), appId);
  if (!isProtected && scoped.length === 0) return true;
  return scoped.includes(topic);
}

const PAY = 'payment-events';
const ORD = 'order-events';
/** Who consumes what: order <- payment-events; catalog, notifications, payments (settlement, refunds) <- order-events. */
const CONSUMERS: Record<string, string[]> = { [PAY]: ['order'], [ORD]: ['catalog', 'notifications', 'payments'] };
const publish: Record<string, string[]> = { [PAY]: ['payments'], [ORD]: ['order'] };
const subscribe: Record<string, string[]> = { ...CONSUMERS };
// order-audit (services/order-audit, Python) reads order-events too, with no dead-letter topic.
subscribe[ORD] = [...subscribe[ORD]!, 'order-audit'];
for (const [topic, apps] of Object.entries(CONSUMERS)) {
  for (const app of apps) {
    const dlt = deadLetterTopicFor(topic, app);
    publish[dlt] = [app];
    subscribe[dlt] = [app];
  }
}
const expected = { publish, subscribe };
const ALL_TOPICS = Object.keys(publish);

const pubsubs = [
  ...filesUnder(['components'], ['.yaml']).flatMap(objectsOf),
  ...objectsOf(path.join(REPO, 'deploy/overlays/local/pubsub-broadcast.yaml')),
].filter((x) => x.object.kind === 'Component' && String((x.object.spec as any).type).startsWith('pubsub.'));

describe('pub/sub topic scopes', () => {
  it('checks every pub/sub component', () => {
    expect(pubsubs.map((x) => `${x.file} ${x.object.metadata.name}`).sort()).toEqual([
      'components/aws/pubsub-broadcast.yaml pubsub-broadcast',
      'components/aws/pubsub.yaml pubsub',
      'components/local/pubsub.yaml pubsub',
      'deploy/overlays/local/pubsub-broadcast.yaml pubsub-broadcast',
    ]);
  });

  it('uses the dead-letter topic names the runtime declares in GET /dapr/subscribe', () => {
    expect(deadLetterTopicFor(PAY, 'order')).toBe('payment-events.order.deadletter');
    for (const { object } of pubsubs) {
      const topics = list(meta(object, 'allowedTopics'));
      for (const t of topics) expect(ALL_TOPICS).toContain(t);
      expect(list(meta(object, 'protectedTopics')).sort()).toEqual([...topics].sort());
    }
  });

  it.each(pubsubs.map((x) => [`${x.file}`, x.object]))(
    '%s: each app may publish and subscribe to exactly its topics',
    (_f, component) => {
      const scopes = (component.scopes as string[] | undefined) ?? APPS;
      for (const op of ['publish', 'subscribe'] as const) {
        for (const [topic, apps] of Object.entries(expected[op])) {
          for (const app of APPS) {
            const want = apps.includes(app) && scopes.includes(app);
            // A topic a component leaves out is fine only if none of the apps it serves needs it.
            if (want)
              expect({ topic, app, inAllowedTopics: list(meta(component, 'allowedTopics')).includes(topic) }).toEqual({
                topic,
                app,
                inAllowedTopics: true,
              });
            expect({ op, topic, app, allowed: allowed(component, app, topic, op) }).toEqual({
              op,
              topic,
              app,
              allowed: want,
            });
          }
        }
        // Any other topic is refused to everyone.
        for (const app of APPS) expect(allowed(component, app, 'something-else', op)).toBe(false);
      }
    },
  );

  it('gives the notifier every order event on its own per-pod component, and the others the shared one', () => {
    for (const dir of ['deploy/overlays/local', 'deploy/overlays/aws']) {
      const objects = build(path.join(REPO, dir));
      const c = (name: string) => objects.find((o) => o.kind === 'Component' && o.metadata.name === name)!;
      expect(allowed(c('pubsub-broadcast'), 'notifications', ORD, 'subscribe')).toBe(true);
      expect(allowed(c('pubsub'), 'catalog', ORD, 'subscribe')).toBe(true);
      expect(allowed(c('pubsub'), 'order', PAY, 'subscribe')).toBe(true);
      expect(allowed(c('pubsub'), 'payments', PAY, 'publish')).toBe(true);
      expect(allowed(c('pubsub'), 'order', ORD, 'publish')).toBe(true);
      expect(allowed(c('pubsub-broadcast'), 'notifications', ORD, 'publish')).toBe(false);
    }
  });

  it('would notice an unprotected topic or an app missing from the scopes', () => {
    const c = structuredClone(pubsubs.find((x) => x.file === 'components/aws/pubsub.yaml')!.object) as any;
    c.spec.metadata.find((m: any) => m.name === 'protectedTopics').value = 'order-events';
    c.spec.metadata.find((m: any) => m.name === 'publishingScopes').value =
      'payments=payment-events;order=order-events';
    expect(allowed(c, 'catalog', PAY, 'publish')).toBe(true);
    expect(allowed(c, 'catalog', ORD, 'publish')).toBe(false);
    expect(scopedTopics('a=;b=t', 'a')).toEqual(['']);
  });
});
