import { strict as assert } from 'node:assert';
import { checkText } from '../../server/src/engine/check';

/**
 * A Kustomize patch is a fragment: its base holds the selector, labels, probes, volumes, security context,
 * placement, rollout strategy and disruption budget. Only what the patch states is judged (modelled on llm-d's
 * `guides/*\/modelserver/**\/patch-vllm.yaml`).
 */

const PATCH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: decode
spec:
  replicas: 4
  template:
    spec:
      containers:
        - name: vllm
          args:
            - --model=Qwen/Qwen3-32B
            - --tensor-parallel-size=2
            - --port=8000
          resources:
            limits:
              nvidia.com/gpu: 2
`;

const codes = (text: string): string[] => checkText('file:///r/overlays/gpu/patch-vllm.yaml', text, undefined, { today: '2026-12-04' }, { partial: true }).map((f) => f.code).sort();

describe('Kustomize patches are judged for what they state', () => {
  it('reports nothing the base may hold (selector, probes, /dev/shm, securityContext, placement, rollout, budget, scrape)', () => {
    assert.deepEqual(codes(PATCH), ['reliability/model-revision-pinned']);
  });

  it('still reports what the patch itself sets: a moving image tag and remote code without a pinned revision', () => {
    const stated = PATCH.replace('        - name: vllm\n', '        - name: vllm\n          image: vllm/vllm-openai:latest\n').replace('            - --port=8000\n', '            - --port=8000\n            - --trust-remote-code\n');
    const found = codes(stated);
    for (const code of ['reliability/image-pinned', 'security/trust-remote-code', 'reliability/model-revision-pinned']) assert.ok(found.includes(code), `${code} in ${found.join(', ')}`);
  });

  it('still reports a parallelism that does not fit the accelerators the patch states', () => {
    assert.ok(codes(PATCH.replace('--tensor-parallel-size=2', '--tensor-parallel-size=4')).includes('scaling/parallelism-matches-gpus'));
  });
});
