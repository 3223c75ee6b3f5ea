// Every object under components/ and deploy/, as written and as each overlay builds it, validates
// offline: Kubernetes kinds against the Kubernetes schemas (kubernetes-models: types and required
// fields, and through its TypeScript declarations, no unknown fields), Dapr kinds against the JSON
// Schemas in support/dapr-schema.ts.
import path from 'node:path';
import { DAPR_KINDS, validateDapr } from './support/dapr-schema';
import { typeCheckObjects, validateWithModel } from './support/k8s-schema';
import { build } from './support/kustomize';
import { type K8sObject, REPO, filesUnder, objectsOf, rel } from './support/manifests';

const written = filesUnder(['components', 'deploy'], ['.yaml', '.yml']).flatMap(objectsOf);
const overlays = ['deploy/overlays/local', 'deploy/overlays/aws'];
const built = overlays.flatMap((o) => build(path.join(REPO, o)).map((object) => ({ file: `${o} (built)`, object })));
const all = [...written, ...built];
const isDapr = (o: K8sObject) => o.apiVersion.startsWith('dapr.io/');
const label = (x: { file: string; object: K8sObject }) => `${x.file}: ${x.object.kind} ${x.object.metadata.name}`;

describe('Kubernetes objects validate against the Kubernetes schemas', () => {
  const k8s = all.filter((x) => !isDapr(x.object));

  it.each(k8s.map((x) => [label(x), x.object]))('%s', (_label, object) => {
    expect(validateWithModel(object)).toEqual([]);
  });

  it('have no field the schema does not know', () => {
    const problems = typeCheckObjects(k8s.map((x) => x.object));
    const readable = [...problems.entries()].map(([i, p]) => `${i >= 0 ? label(k8s[i]!) : 'program'}: ${p.join('; ')}`);
    expect(readable).toEqual([]);
  }, 60_000);

  it('would catch a misspelt field and a wrong type', () => {
    const deployment = structuredClone(k8s.find((x) => x.object.kind === 'Deployment')!.object) as any;
    deployment.spec.template.spec.containers[0].readinesProbe =
      deployment.spec.template.spec.containers[0].readinessProbe;
    expect([...typeCheckObjects([deployment]).values()].flat().join()).toMatch(/readinesProbe/);
    deployment.spec.template.spec.containers[0].ports[0].containerPort = 'http';
    expect(validateWithModel(deployment).join()).toMatch(/containerPort/);
  }, 60_000);
});

describe('Dapr resources validate against the Dapr schemas', () => {
  const dapr = all.filter((x) => isDapr(x.object));

  it('covers every Dapr kind shipped', () => {
    expect(new Set(dapr.map((x) => x.object.kind))).toEqual(new Set(DAPR_KINDS));
  });

  it.each(dapr.map((x) => [label(x), x.object]))('%s', (_label, object) => {
    expect(validateDapr(object)).toEqual([]);
  });

  it('would catch a misspelt metadata field, a bad value, a missing dead-letter pair and an unknown type', () => {
    const sns = structuredClone(dapr.find((x) => (x.object.spec as any).type === 'pubsub.aws.snssqs')!.object) as any;
    const broken = (mutate: (c: any) => void) => {
      const c = structuredClone(sns);
      mutate(c);
      return validateDapr(c);
    };
    expect(broken((c) => c.spec.metadata.push({ name: 'messageRetryLimt', value: '3' }))).not.toEqual([]);
    expect(
      broken((c) => (c.spec.metadata.find((m: any) => m.name === 'messageVisibilityTimeout').value = '3m')),
    ).not.toEqual([]);
    expect(
      broken((c) => (c.spec.metadata = c.spec.metadata.filter((m: any) => m.name !== 'sqsDeadLettersQueueName'))),
    ).not.toEqual([]);
    expect(broken((c) => (c.spec.type = 'pubsub.aws.snsqs'))).not.toEqual([]);
    expect(
      broken((c) => c.spec.metadata.push({ name: 'region', value: 'x', secretKeyRef: { name: 'a', key: 'b' } })),
    ).not.toEqual([]);
  });

  it('every Dapr resource is in a file under components/ or an overlay', () => {
    for (const x of written.filter((w) => isDapr(w.object)))
      expect(rel(path.join(REPO, x.file))).toMatch(/^(components|deploy\/overlays)\//);
  });
});
