import { strict as assert } from 'node:assert';
import { analyzeFile, buildWorkspace } from '../check';
import { kustomizationFacts } from './kustomization';
import { deploymentEvidence, namespacesAgree, scalersOf } from './relations';

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
