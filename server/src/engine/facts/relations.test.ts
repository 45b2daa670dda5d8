import { strict as assert } from 'node:assert';
import { analyzeFile, buildWorkspace } from '../check';
import { kustomizationFacts } from './kustomization';
import { deploymentEvidence, hasDeploymentContext, namespacesAgree, nearMissSelecting, resourcesMaySelect, scalersOf } from './relations';

const deployment = (name: string, namespace?: string): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}spec:\n  selector:\n    matchLabels: { app: ${name} }\n  template:\n    metadata:\n      labels: { app: ${name} }\n    spec:\n      containers:\n        - name: vllm\n          image: vllm/vllm-openai:v0.11.0\n          args: ["--model", "Qwen/Qwen3-8B"]\n`;
const hpa = (target: string, namespace?: string): string =>
  `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ${target}\n${namespace ? `  namespace: ${namespace}\n` : ''}spec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: ${target} }\n  minReplicas: 2\n  maxReplicas: 4\n`;

function workspace(files: Record<string, string>) {
  const ws = buildWorkspace(Object.entries(files).map(([uri, text]) => analyzeFile(uri, text)));
  return { ws, unit: (uri: string) => ws.units.find((u) => u.uri === uri)!, resource: (uri: string) => ws.resources.find((r) => r.uri === uri)! };
}

describe('facts/relations: evidence that a resource is deployed with a workload', () => {
  it('namespaces agree when equal, both unset, or unset and default; not unset and another', () => {
    assert.equal(namespacesAgree({}, {}), true);
    assert.equal(namespacesAgree({}, { namespace: 'default' }), true);
    assert.equal(namespacesAgree({ namespace: 'llm' }, { namespace: 'llm' }), true);
    assert.equal(namespacesAgree({}, { namespace: 'llm' }), false);
  });
  it('relates an HPA in a file of its own beside the Deployment, not one of another sample directory with its own workload', () => {
    const { ws, unit, resource } = workspace({
      'file:///r/a/deployment.yaml': deployment('vllm'),
      'file:///r/a/hpa.yaml': hpa('vllm'),
      'file:///r/b/model.yaml': `${deployment('vllm')}---\n${hpa('vllm')}`,
    });
    assert.equal(deploymentEvidence(resource('file:///r/a/hpa.yaml'), unit('file:///r/a/deployment.yaml'), ws), 'in the same directory');
    assert.deepEqual(scalersOf(unit('file:///r/a/deployment.yaml'), ws).map((r) => r.uri), ['file:///r/a/hpa.yaml']);
    assert.deepEqual(scalersOf(unit('file:///r/b/model.yaml'), ws).map((r) => r.uri), ['file:///r/b/model.yaml']);
  });
  it('a resource in a file with workloads of its own relates only to those, even in the same directory', () => {
    const { ws, unit } = workspace({ 'file:///r/a/one.yaml': deployment('vllm'), 'file:///r/a/two.yaml': `${deployment('other')}---\n${hpa('vllm')}` });
    assert.deepEqual(scalersOf(unit('file:///r/a/one.yaml'), ws), []);
  });
  it('follows a kustomization through a nested one, and its namespace makes unset and explicit agree', () => {
    const { ws, unit, resource } = workspace({
      'file:///r/overlays/prod/kustomization.yaml': 'namespace: serving\nresources:\n  - ../../base\n  - hpa.yaml\n',
      'file:///r/overlays/prod/hpa.yaml': hpa('vllm', 'serving'),
      'file:///r/base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
      'file:///r/base/deployment.yaml': deployment('vllm'),
    });
    assert.equal(deploymentEvidence(resource('file:///r/overlays/prod/hpa.yaml'), unit('file:///r/base/deployment.yaml'), ws), 'both in prod/kustomization.yaml');
  });
  it('reads a kustomization\'s local entries, patches included, and leaves remote ones out', () => {
    const k = kustomizationFacts('file:///r/k/kustomization.yaml', {
      resources: ['deployment.yaml', '../base', 'https://github.com/llm-d/llm-d//guides/base?ref=v0.3', 'github.com/org/repo/config'],
      patches: [{ path: 'patch.yaml', target: { kind: 'Deployment' } }, { patch: '- op: replace' }],
      patchesStrategicMerge: ['smp.yaml'],
      namespace: 'llm-d',
    });
    assert.deepEqual({ ...k, items: undefined }, {
      items: undefined, uri: 'file:///r/k/kustomization.yaml', entries: ['file:///r/k/deployment.yaml', 'file:///r/base', 'file:///r/k/patch.yaml', 'file:///r/k/smp.yaml'],
      patches: ['file:///r/k/patch.yaml', 'file:///r/k/smp.yaml'],
      namespace: 'llm-d',
    });
  });
});

const service = (name: string, app: string, tier?: string): string =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector: { app: ${app}${tier ? `, tier: ${tier}` : ''} }\n  ports: [{ port: 80, targetPort: 8000 }]\n`;

describe('facts/relations: lookups through the workspace index', () => {
  it('lists the resources that may select a unit in workspace order, whichever label finds them', () => {
    const { ws, unit } = workspace({
      'file:///r/a/svc-b.yaml': service('b', 'vllm'),
      'file:///r/a/deployment.yaml': deployment('vllm'),
      'file:///r/a/svc-a.yaml': service('a', 'vllm'),
      'file:///r/a/svc-c.yaml': service('c', 'vllm', 'gpu'),
    });
    assert.deepEqual(resourcesMaySelect(unit('file:///r/a/deployment.yaml'), ws, ['Service']).map((r) => r.name), ['b', 'a']);
  });
  it('takes a near miss from names that contain the workload\'s or are contained in it, or from its own file', () => {
    const named = (svc: string) => workspace({ 'file:///r/a/deployment.yaml': deployment('vllm-qwen'), 'file:///r/a/svc.yaml': service(svc, 'other') });
    for (const name of ['vllm-qwen-svc', 'qwen', 'vllm-qwen']) {
      const { ws, unit } = named(name);
      assert.equal(nearMissSelecting(unit('file:///r/a/deployment.yaml'), ws, ['Service'])?.name, name);
    }
    const { ws, unit } = named('frontend');
    assert.equal(nearMissSelecting(unit('file:///r/a/deployment.yaml'), ws, ['Service']), undefined);
    const same = workspace({ 'file:///r/a/model.yaml': `${deployment('vllm-qwen')}---\n${service('frontend', 'other')}` });
    assert.equal(nearMissSelecting(same.unit('file:///r/a/model.yaml'), same.ws, ['Service'])?.name, 'frontend');
  });
  it('finds deployment context among the resources of the unit\'s folder, of the kinds asked', () => {
    const { ws, unit } = workspace({ 'file:///r/a/deployment.yaml': deployment('vllm'), 'file:///r/b/svc.yaml': service('vllm', 'vllm') });
    assert.equal(hasDeploymentContext(unit('file:///r/a/deployment.yaml'), ws), false);
    const near = workspace({ 'file:///r/a/deployment.yaml': deployment('vllm'), 'file:///r/a/svc.yaml': service('vllm', 'vllm') });
    assert.equal(hasDeploymentContext(near.unit('file:///r/a/deployment.yaml'), near.ws, ['Service']), true);
    assert.equal(hasDeploymentContext(near.unit('file:///r/a/deployment.yaml'), near.ws, ['Ingress']), false);
  });
});
