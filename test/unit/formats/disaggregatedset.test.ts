import { strict as assert } from 'node:assert';
import { analyzeFile } from '../../../server/src/engine/check';
import { factRange } from '../../../server/src/engine/facts/model';
import { complete } from '../../../server/src/engine/language/completion';
import { hover } from '../../../server/src/engine/language/hover';
import { analyze, textAt } from './helpers';
import { checkAll } from './checks';

// llm-d/llm-d guides/recipes/modelserver/base/single-host/pd-disaggregatedset/base/disaggregatedset.yaml with what
// its overlays patch into the roles (image, `vllm serve` command, GPUs, the HF token from a Secret). The base's
// `groupIdentity: Hash` is left out: the lws CRD we ship (kubernetes-sigs/lws 060ab4da) has no such field.
const SET = `apiVersion: disaggregatedset.x-k8s.io/v1
kind: DisaggregatedSet
metadata:
  name: pd-disagg
  labels:
    llm-d.ai/inference-serving: "true"
spec:
  slices: 1
  roles:
    - name: prefill
      spec:
        replicas: 1
        rolloutStrategy:
          rollingUpdateConfiguration:
            maxSurge: 0
            maxUnavailable: 1
        leaderWorkerTemplate:
          size: 1
          workerTemplate:
            metadata:
              labels:
                llm-d.ai/inference-serving: "true"
                llm-d.ai/role: prefill
            spec:
              serviceAccountName: pd-disagg
              containers:
                - name: modelserver
                  image: ghcr.io/llm-d/llm-d-cuda:v0.4.0
                  command: ["vllm", "serve", "Qwen/Qwen3-0.6B", "--revision", "c1899de289a04d12100db370d81485cdf75e47ca", "--port", "8000", "--tensor-parallel-size", "1"]
                  env:
                    - name: HF_TOKEN
                      valueFrom:
                        secretKeyRef:
                          name: llm-d-hf-token
                          key: HF_TOKEN
                  ports:
                    - name: modelserver
                      containerPort: 8000
                      protocol: TCP
                    - name: nixl
                      containerPort: 5600
                      protocol: TCP
                  resources:
                    limits:
                      nvidia.com/gpu: 1
                  livenessProbe:
                    httpGet:
                      path: /health
                      port: modelserver
                  readinessProbe:
                    httpGet:
                      path: /v1/models
                      port: modelserver
                  startupProbe:
                    httpGet:
                      path: /v1/models
                      port: modelserver
    - name: decode
      spec:
        replicas: 2
        rolloutStrategy:
          rollingUpdateConfiguration:
            maxSurge: 1
            maxUnavailable: 0
        leaderWorkerTemplate:
          size: 1
          workerTemplate:
            metadata:
              labels:
                llm-d.ai/inference-serving: "true"
                llm-d.ai/role: decode
            spec:
              serviceAccountName: pd-disagg
              containers:
                - name: modelserver
                  image: ghcr.io/llm-d/llm-d-cuda:v0.4.0
                  command: ["vllm", "serve", "Qwen/Qwen3-0.6B", "--revision", "c1899de289a04d12100db370d81485cdf75e47ca", "--port", "8200", "--tensor-parallel-size", "2"]
                  env:
                    - name: HF_TOKEN
                      valueFrom:
                        secretKeyRef:
                          name: llm-d-hf-token
                          key: HF_TOKEN
                  ports:
                    - name: modelserver
                      containerPort: 8200
                      protocol: TCP
                    - name: nixl
                      containerPort: 5600
                      protocol: TCP
                  resources:
                    limits:
                      nvidia.com/gpu: 2
                  livenessProbe:
                    httpGet:
                      path: /health
                      port: modelserver
                  readinessProbe:
                    httpGet:
                      path: /v1/models
                      port: modelserver
                  startupProbe:
                    httpGet:
                      path: /v1/models
                      port: modelserver
`;

const DECODE_CMD = '"--port", "8200", "--tensor-parallel-size", "2"]';

describe('DisaggregatedSet adapter', () => {
  it('reads a prefill/decode set: every role a pod, the decode role serves, replicas are slices × role replicas', () => {
    const { units, findings } = analyze(SET);
    assert.deepEqual(findings, []);
    const u = units[0];
    assert.deepEqual(u.pods?.map((p) => p.group), ['role `prefill`', 'role `decode`']);
    assert.equal(u.pod, u.pods?.[1]);
    assert.deepEqual(
      [u.format, u.isModelServer, u.spec.model?.uri, u.spec.resources?.tensorParallelSize, u.spec.resources?.accelerator?.count, u.spec.resources?.nodesPerReplica, u.spec.scaling?.minReplicas],
      ['disaggregatedset', true, 'hf://Qwen/Qwen3-0.6B', 2, 2, 1, 2],
    );
    assert.deepEqual([u.spec.reliability?.rollout?.maxSurge, u.spec.reliability?.rollout?.maxUnavailable], [1, 0]);
    assert.equal(textAt(SET, u, 'scaling.minReplicas'), '2');
    assert.equal(SET.split('\n')[factRange(u, 'reliability.rollout.maxSurge').start.line].trim(), 'maxSurge: 1');
  });

  it('judges the leader and the worker of a role with a leader template', () => {
    const withLeader = SET.replace(
      '          size: 1\n          workerTemplate:\n            metadata:\n              labels:\n                llm-d.ai/inference-serving: "true"\n                llm-d.ai/role: decode',
      '          size: 2\n          leaderTemplate:\n            spec:\n              containers:\n                - name: modelserver\n                  image: ghcr.io/llm-d/llm-d-cuda:latest\n          workerTemplate:\n            metadata:\n              labels:\n                llm-d.ai/inference-serving: "true"\n                llm-d.ai/role: decode',
    );
    const u = analyze(withLeader).units[0];
    assert.deepEqual(u.pods?.map((p) => p.group), ['role `prefill`', 'role `decode` leader', 'role `decode` worker']);
    // The leader runs the API server; its two nodes make one replica.
    assert.equal(u.pod, u.pods?.[1]);
    assert.equal(u.spec.resources?.nodesPerReplica, 2);
    const image = checkAll(withLeader).find((f) => f.code === 'reliability/image-pinned');
    assert.match(withLeader.split('\n')[image!.range.start.line], /llm-d-cuda:latest/);
  });

  it('reports no error on the realistic set', () => {
    const codes = checkAll(SET).filter((f) => f.severity === 'error').map((f) => `${f.code}: ${f.message}`);
    assert.deepEqual(codes, []);
  });

  it('accepts `groupIdentity: Hash` on a role, as llm-d sets it (a field newer than the CRD commit we ship)', () => {
    const withHash = SET.replace(/( +)replicas: 2\n/, (m, indent: string) => `${m}${indent}groupIdentity: Hash\n`);
    assert.notEqual(withHash, SET);
    assert.deepEqual(checkAll(withHash).filter((f) => f.code.startsWith('schema/')).map((f) => f.message), []);
  });

  it('leaves replicas and autoscaling to the role scaler of a role with `scaling.mode: External`', () => {
    const external = SET.replace(/( +)- name: decode\n/, (m, indent: string) => `${m}${indent}  scaling:\n${indent}    mode: External\n`);
    assert.notEqual(external, SET);
    const codes = checkAll(external.replace('replicas: 2', 'replicas: 1')).map((f) => f.code);
    assert.ok(!codes.includes('reliability/replicas-ha') && !codes.includes('scaling/autoscaling'), codes.join(', '));
  });

  it('reports a moving image tag in the prefill role', () => {
    const bad = SET.replace('image: ghcr.io/llm-d/llm-d-cuda:v0.4.0', 'image: ghcr.io/llm-d/llm-d-cuda:latest');
    const f = checkAll(bad).filter((x) => x.code === 'reliability/image-pinned');
    assert.equal(f.length, 1);
    assert.match(bad.split('\n')[f[0].range.start.line], /llm-d-cuda:latest/);
  });

  it('reports an unpinned model', () => {
    const bad = SET.replace(/"--revision", "[0-9a-f]+", /g, '');
    assert.ok(checkAll(bad).some((f) => f.code === 'reliability/model-revision-pinned'));
  });

  it('reports a literal Hugging Face token in a role', () => {
    const bad = SET.replace(
      '                      valueFrom:\n                        secretKeyRef:\n                          name: llm-d-hf-token\n                          key: HF_TOKEN\n',
      '                      value: hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ012345678\n',
    );
    const f = checkAll(bad).find((x) => x.code === 'security/inline-secret');
    assert.ok(f);
    assert.match(bad.split('\n')[f.range.start.line], /hf_aBcDe/);
  });

  it('reports a tensor-parallel size of the decode role that does not fit its GPUs, on the flag', () => {
    const bad = SET.replace(DECODE_CMD, '"--port", "8200", "--tensor-parallel-size", "4"]');
    const u = analyze(bad).units[0];
    assert.deepEqual([u.spec.resources?.tensorParallelSize, u.spec.resources?.accelerator?.count], [4, 2]);
    assert.match(bad.split('\n')[factRange(u, 'resources.tensorParallelSize').start.line], /"--tensor-parallel-size", "4"/);
    const f = checkAll(bad).find((x) => x.code === 'scaling/parallelism-matches-gpus');
    assert.ok(f, 'parallelism-matches-gpus judges the new format with no rule file touched');
    assert.equal(f.severity, 'error');
  });

  it('reports a single serving replica', () => {
    const bad = SET.replace('replicas: 2', 'replicas: 1');
    const f = checkAll(bad).find((x) => x.code === 'reliability/replicas-ha');
    assert.ok(f);
    assert.match(bad.split('\n')[f.range.start.line], /replicas: 1/);
  });

  it('completes role fields from the schema and shows their descriptions', () => {
    const text = 'apiVersion: disaggregatedset.x-k8s.io/v1\nkind: DisaggregatedSet\nmetadata:\n  name: pd\nspec:\n  slices: 1\n  roles:\n    - name: decode\n      spec:\n        replicas: 1\n        ';
    const lines = text.split('\n');
    const file = analyzeFile('file:///w/dset.yaml', text);
    const labels = complete(file, lines.length - 1, lines[lines.length - 1].length).map((i) => i.label);
    for (const o of ['leaderWorkerTemplate', 'rolloutStrategy', 'startupPolicy']) assert.ok(labels.includes(o), `${o} in ${labels.join(', ')}`);
    const h = hover(file, 5, '  slices'.length - 1);
    assert.match(h?.markdown ?? '', /independent copies of the whole role topology/);
  });
});
