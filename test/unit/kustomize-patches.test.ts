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

describe('Kustomize patches leave counts to their base', () => {
  it('accepts a DisaggregatedSet patch that lists only the role it changes (the CRD asks for two roles)', () => {
    const patch = `apiVersion: disaggregatedset.x-k8s.io/v1
kind: DisaggregatedSet
metadata:
  name: pd-disagg-sglang
spec:
  roles:
    - name: decode
      spec:
        leaderWorkerTemplate:
          workerTemplate:
            spec:
              containers:
                - name: modelserver
                  env:
                    - name: NCCL_TUNER_PLUGIN
                      value: "none"
`;
    const schema = (partial: boolean) => checkText('file:///r/gke/patch-decode.yaml', patch, undefined, {}, { partial }).filter((f) => f.code === 'schema/invalid');
    assert.deepEqual(schema(true).map((f) => f.message), []);
    assert.ok(schema(false).some((f) => /fewer than 2 items/.test(f.message)), 'as a whole object the same text is incomplete');
  });
});
