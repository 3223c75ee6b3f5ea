// Every YAML file under components/ and deploy/ parses (no duplicate keys, no anchors, which
// kustomize does not expand), and every document in it is a Kubernetes-shaped object.
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { filesUnder, isK8sObject, parseYamlFile, rel } from './support/manifests';

const yamlFiles = filesUnder(['components', 'deploy'], ['.yaml', '.yml']);

describe('deployment files parse', () => {
  it('finds the files it checks', () => {
    expect(yamlFiles.length).toBeGreaterThan(20);
  });

  it.each(yamlFiles.map((f) => [rel(f), f]))(
    '%s parses and holds only Kubernetes objects (or a Kustomization)',
    (_name, file) => {
      const docs = parseYamlFile(file);
      expect(docs.length).toBeGreaterThan(0);
      for (const doc of docs) {
        const kustomization =
          (doc as { kind?: string }).kind === 'Kustomization' &&
          (doc as { apiVersion?: string }).apiVersion === 'kustomize.config.k8s.io/v1beta1';
        expect(kustomization || isK8sObject(doc)).toBe(true);
      }
    },
  );

  it('refuses a duplicate key and an anchor (so the checks above can fail)', () => {
    const tmp = path.join(tmpdir(), `dup-${process.pid}.yaml`);
    writeFileSync(tmp, 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\ndata: { a: "1", a: "2" }\n');
    expect(() => parseYamlFile(tmp)).toThrow(/unique|duplicate/i);
    writeFileSync(tmp, 'apiVersion: v1\nkind: ConfigMap\nmetadata: &m { name: a }\nx: *m\n');
    expect(() => parseYamlFile(tmp)).toThrow();
  });

  it('the Grafana dashboard is JSON', () => {
    for (const f of filesUnder(['deploy'], ['.json'])) expect(() => JSON.parse(readFileSync(f, 'utf8'))).not.toThrow();
  });
});
