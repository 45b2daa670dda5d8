import { strict as assert } from 'node:assert';
import type { DeploymentUnit, KubeResource } from '../../facts/model';
import { parseYaml } from '../../parse/yaml';
import type { Report } from '../define';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './load-balancing';
import { linkManifests } from '../../facts/links';

// The native manifest states no routing of its own: the rule is silent on it.
ruleTester(rule, {
  valid: [
    { name: 'a multi-replica ModelDeployment (nothing to judge natively)', mutate: (m) => (m.scaling.minReplicas = 4) },
    { name: 'a public ModelDeployment without scaling', mutate: (m) => delete m.scaling },
  ],
  invalid: [],
});

// The Kubernetes side (the adapter fills `unit.pod` and the workspace resources), checked on facts directly.
const URI = 'file:///workspace/k8s/llm.yaml';
const doc = parseYaml('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: llm\n').documents[0];

function unit(labels: Record<string, string>, namespace?: string): DeploymentUnit {
  return {
    uri: URI,
    format: 'kubernetes',
    kind: 'Deployment',
    name: 'llm',
    namespace,
    doc,
    spec: { scaling: { minReplicas: 2 } },
    isModelServer: true,
    annotations: {},
    pod: { path: ['spec', 'template', 'spec'], labels, containers: [] },
    sourcePath: () => undefined,
  };
}

function resource(kind: string, name: string, selector: Record<string, string> | undefined, namespace?: string): KubeResource {
  return { uri: 'file:///workspace/k8s/svc.yaml', doc, apiVersion: 'v1', kind, name, namespace, selector, value: {} };
}

function check(u: DeploymentUnit, resources: KubeResource[]): Report[] {
  const out: Report[] = [];
  rule.check({ unit: u, workspace: { units: [u], resources, links: linkManifests([u]), fileExists: () => undefined }, options: {}, profile: 'production', report: (r) => out.push(r) });
  return out;
}

describe('scaling/load-balancing on Kubernetes facts', () => {
  it('valid: a Service selects the pods (a subset of their labels)', () => {
    assert.deepEqual(check(unit({ app: 'llm', tier: 'serving' }), [resource('Service', 'llm', { app: 'llm' })]), []);
  });
  it('valid: an InferencePool selects the pods', () => {
    assert.deepEqual(check(unit({ app: 'llm' }, 'genai'), [resource('InferencePool', 'pool', { app: 'llm' }, 'genai')]), []);
  });
  it('valid: nothing else is known in the workspace (one file open)', () => {
    assert.deepEqual(check(unit({ app: 'llm' }), []), []);
  });
  it('invalid: a Service whose selector value differs, with the Service as related', () => {
    const out = check(unit({ app: 'llm' }), [resource('Service', 'llm-svc', { app: 'vllm' })]);
    assert.equal(out.length, 1);
    assert.match(out[0].message, /Service llm-svc does not select the pods of llm: its selector app=vllm \(pods: app=llm\)/);
    assert.equal(out[0].related?.[0].message, 'Service llm-svc');
  });
  it('invalid: the only Service selects in another namespace', () => {
    const out = check(unit({ app: 'llm' }, 'genai'), [resource('Service', 'llm', { app: 'llm' }, 'default'), resource('ConfigMap', 'cfg', undefined, 'genai')]);
    assert.equal(out.length, 1);
    assert.match(out[0].message, /No Service or InferencePool in the workspace selects the pods of llm \(labels app=llm\)/);
  });
  it('invalid: an empty selector selects nothing', () => {
    const out = check(unit({ app: 'llm' }), [resource('Service', 'headless', {})]);
    assert.equal(out.length, 1);
    assert.match(out[0].message, /No Service or InferencePool/);
  });
});
