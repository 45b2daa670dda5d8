import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, textAt } from './helpers';
import { CORPUS } from '../../support/corpus';

const ISVC = `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: llama
  annotations: { modelready.dev/owner: team-a }
spec:
  predictor:
    minReplicas: 2
    maxReplicas: 6
    scaleMetric: concurrency
    scaleTarget: 4
    canaryTrafficPercent: 10
    model:
      modelFormat: { name: huggingface }
      storageUri: hf://meta-llama/Llama-3.1-8B-Instruct
      args: ["--model_revision=0e9e39f"]
      resources:
        limits: { cpu: "6", memory: 24Gi, nvidia.com/gpu: "1" }
`;

describe('KServe adapter', () => {
  it('fills facts of an InferenceService (model, scaling, canary) with sources', () => {
    const { units, findings } = analyze(ISVC);
    assert.deepEqual(findings, []);
    const [u] = units;
    assert.equal(u.format, 'kserve');
    assert.equal(u.isModelServer, true);
    assert.deepEqual([u.spec.serving?.runtime, u.spec.model?.uri, u.spec.model?.revision], ['kserve', 'hf://meta-llama/Llama-3.1-8B-Instruct', '0e9e39f']);
    assert.deepEqual([u.spec.scaling?.minReplicas, u.spec.scaling?.maxReplicas, u.spec.scaling?.autoscaler], [2, 6, 'kserve']);
    assert.deepEqual(u.spec.reliability?.rollout, { strategy: 'canary', steps: [10] });
    assert.equal(u.spec.resources?.accelerator?.count, 1);
    assert.equal(u.spec.metadata?.owner, 'team-a');
    assert.equal(textAt(ISVC, u, 'model.uri'), 'hf://meta-llama/Llama-3.1-8B-Instruct');
    assert.equal(textAt(ISVC, u, 'resources.accelerator.count'), '"1"');
  });

  it('maps framework predictors to their runtime', () => {
    for (const [key, runtime] of [['pytorch', 'torchserve'], ['triton', 'triton'], ['sklearn', 'kserve']]) {
      const { units } = analyze(`apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: { name: x }
spec: { predictor: { ${key}: { storageUri: "gs://b/m" } } }
`);
      assert.equal(units[0].spec.serving?.runtime, runtime, key);
    }
  });

  it('reports an unknown field as a warning (the server prunes it)', () => {
    const { findings } = analyze(`apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: { name: x }
spec:
  nodeName: n1
  predictor: { model: { modelFormat: { name: sklearn }, storageUri: "gs://b/m" } }
`);
    assert.deepEqual(findings.map((f) => [f.severity, f.data?.kind]), [['warning', 'unknown-property']]);
  });

  it('fills facts of an LLMInferenceService: vLLM, model, parallelism, flags from VLLM_ADDITIONAL_ARGS', () => {
    const text = `apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceService
metadata: { name: qwen }
spec:
  model: { uri: "hf://Qwen/Qwen2.5-7B-Instruct", name: Qwen/Qwen2.5-7B-Instruct }
  replicas: 3
  parallelism: { tensor: 2 }
  router: { scheduler: {}, route: {}, gateway: {} }
  template:
    containers:
    - name: main
      env:
      - { name: VLLM_ADDITIONAL_ARGS, value: "--trust-remote-code" }
      resources: { limits: { nvidia.com/gpu: "2" } }
`;
    const { units, findings } = analyze(text);
    assert.deepEqual(findings, []);
    const s = units[0].spec;
    assert.deepEqual([s.serving?.runtime, s.model?.uri, s.resources?.tensorParallelSize, s.scaling?.minReplicas, s.serving?.trustRemoteCode], ['vllm', 'hf://Qwen/Qwen2.5-7B-Instruct', 2, 3, true]);
    assert.equal(textAt(text, units[0], 'resources.tensorParallelSize'), '2');
  });

  it('reports `inline` given as a string where the CRD wants an object', () => {
    const { findings } = analyze(`apiVersion: serving.kserve.io/v1alpha1
kind: LLMInferenceService
metadata: { name: x }
spec:
  model: { uri: "hf://a/b" }
  router: { scheduler: { config: { inline: "a: b" } } }
`);
    assert.deepEqual(findings.map((f) => f.message.slice(0, 32)), ['`inline` must be an object, not ']);
  });

  it('indexes a ClusterServingRuntime (cluster-scoped ServingRuntime) and validates it with the ServingRuntime schema', () => {
    const text = readFileSync(join(CORPUS, 'kserve', 'docs', 'samples', 'fluid', 'kserve-huggingfaceserver.yaml'), 'utf8');
    const { units, resources, findings } = analyze(text);
    assert.deepEqual(findings.map((f) => f.message), []);
    assert.deepEqual(resources.filter((r) => r.kind === 'ClusterServingRuntime').map((r) => r.name), ['custom-kserve-huggingfaceserver']);
    assert.ok(!units.some((u) => u.kind === 'ClusterServingRuntime'));
    const typo = analyze(text.replace('  protocolVersions:', '  protocolVersion:')).findings;
    assert.deepEqual(typo.map((f) => [f.severity, f.message.split(';')[0]]), [['warning', 'Property `protocolVersion` is not allowed in `spec`']]);
  });
});
