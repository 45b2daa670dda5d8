import { strict as assert } from 'node:assert';
import { analyzeFile, checkText } from '../../../server/src/engine/check';
import { complete } from '../../../server/src/engine/language/completion';
import { hover } from '../../../server/src/engine/language/hover';
import { analyze, textAt } from './helpers';

// The shape of vllm-project/production-stack tutorials/assets/values-02-basic-config.yaml and values-25-v100-multi-gpu-tp2.yaml.
const VALUES = `servingEngineSpec:
  runtimeClassName: ""
  serviceMonitor:
    enabled: true
  modelSpec:
  - name: "llama3"
    repository: "vllm/vllm-openai"
    tag: "v0.11.0"
    modelURL: "meta-llama/Llama-3.1-8B-Instruct"
    modelRevision: "0e9e39f249a16976918f6564b8830bc894c89659"
    replicaCount: 2
    requestCPU: 10
    requestMemory: "64Gi"
    requestGPU: 2
    pvcStorage: "50Gi"
    shmSize: "16Gi"
    vllmConfig:
      tensorParallelSize: 2
      maxModelLen: 8192
      extraArgs: ["--disable-log-requests", "--gpu-memory-utilization", "0.9"]
    hf_token:
      secretName: hf-token-secret
      secretKey: token
    nodeSelectorTerms:
    - matchExpressions:
      - key: nvidia.com/gpu.product
        operator: "In"
        values: ["NVIDIA-L4"]
    keda:
      enabled: true
      minReplicaCount: 2
      maxReplicaCount: 4
  - name: "disabled"
    enabled: false
    repository: "vllm/vllm-openai"
    tag: "latest"
    modelURL: "facebook/opt-125m"
`;

const RUNTIME = `apiVersion: production-stack.vllm.ai/v1alpha1
kind: VLLMRuntime
metadata:
  name: vllmruntime-sample
spec:
  model:
    modelURL: "meta-llama/Llama-3.1-8B-Instruct"
    maxModelLen: 4096
    dtype: "bfloat16"
  vllmConfig:
    tensorParallelSize: 2
    gpuMemoryUtilization: "0.8"
    extraArgs: ["--disable-log-requests"]
    port: 8000
  deploymentConfig:
    resources:
      cpu: "5"
      memory: "32Gi"
      gpu: "2"
      gpuType: "nvidia.com/gpu"
    image:
      registry: "docker.io"
      name: "lmcache/vllm-openai:2025-05-27-v1"
    replicas: 2
    shmSize: "20Gi"
`;

// The chart runs vLLM as root by default (containerSecurityContext.runAsNonRoot: false): non-root is judged elsewhere.
const codes = (text: string, uri = 'file:///w/values-prod.yaml') => checkText(uri, text).filter((f) => f.code !== 'security/non-root');

describe('vLLM production-stack adapter', () => {
  it('recognises a vllm-stack values file by its shape: one unit per deployed modelSpec entry, no schema error', () => {
    const { units, findings } = analyze(VALUES);
    assert.deepEqual(findings, []);
    assert.deepEqual(units.map((u) => [u.format, u.kind, u.name]), [['vllm-stack', 'modelSpec', 'llama3']]);
    const s = units[0].spec;
    assert.deepEqual(
      [s.serving?.runtime, s.serving?.image, s.model?.uri, s.model?.revision, s.resources?.tensorParallelSize, s.resources?.accelerator?.count, s.model?.contextLength, s.scaling?.minReplicas, s.scaling?.caching?.modelWeights],
      ['vllm', 'vllm/vllm-openai:v0.11.0', 'hf://meta-llama/Llama-3.1-8B-Instruct', '0e9e39f249a16976918f6564b8830bc894c89659', 2, 2, 8192, 2, 'pvc'],
    );
    // Facts point at the values that produced them.
    assert.equal(textAt(VALUES, units[0], 'serving.image'), '"v0.11.0"');
    assert.equal(textAt(VALUES, units[0], 'resources.tensorParallelSize'), '2');
    assert.equal(textAt(VALUES, units[0], 'resources.accelerator.count'), '2');
  });

  it('mounts /dev/shm only when tensorParallelSize is set, as the chart does', () => {
    assert.equal(analyze(VALUES).units[0].spec.resources?.sharedMemory, '16Gi');
    const noTp = VALUES.replace('      tensorParallelSize: 2\n', '');
    assert.equal(analyze(noTp).units[0].spec.resources?.sharedMemory, undefined);
  });

  it('gets no finding on a pinned, replicated, autoscaled configuration on selected GPU nodes', () => {
    assert.deepEqual(codes(VALUES).map((f) => f.code), []);
  });

  it('reports planted defects on the values that cause them, without Kubernetes-shaped fixes', () => {
    const bad = VALUES.replace('"v0.11.0"', '"latest"')
      .replace('    modelRevision: "0e9e39f249a16976918f6564b8830bc894c89659"\n', '')
      .replace('replicaCount: 2', 'replicaCount: 1')
      .replace('      enabled: true\n', '      enabled: false\n')
      .replace('requestGPU: 2', 'requestGPU: 4')
      .replace('    hf_token:\n      secretName: hf-token-secret\n      secretKey: token\n', '    hf_token: hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789\n');
    const found = codes(bad);
    const at = (code: string) => found.find((f) => f.code === code);
    const line = (code: string) => bad.split('\n')[at(code)!.range.start.line];
    assert.match(line('reliability/image-pinned'), /tag: "latest"/);
    assert.match(line('reliability/model-revision-pinned'), /modelURL/);
    assert.match(at('reliability/model-revision-pinned')!.message, /modelRevision/);
    assert.match(line('security/inline-secret'), /hf_token/);
    assert.match(line('scaling/parallelism-matches-gpus'), /tensorParallelSize: 2/);
    assert.match(line('reliability/replicas-ha'), /replicaCount: 1/);
    for (const f of found) assert.deepEqual(f.fixes?.map((x) => x.title).filter((t) => !/^Suppress|^Ignore/i.test(t)), [], `${f.code} offers a fix in Kubernetes' shape`);
  });

  it('validates values with the chart schema, as Helm does on an override file (null removes a default)', () => {
    const { findings } = analyze(VALUES.replace('replicaCount: 2', 'replicaCount: "two"').replace('requestCPU: 10', 'requestCPU: null'));
    assert.deepEqual(findings.map((f) => [f.code, f.message]), [['schema/invalid', '`replicaCount` must be an integer, not the string "two".']]);
  });

  it('reads a VLLMRuntime: model, image, parallelism, GPUs, replicas, /dev/shm', () => {
    const { units, findings } = analyze(RUNTIME);
    assert.deepEqual(findings, []);
    const s = units[0].spec;
    assert.deepEqual(
      [units[0].kind, s.serving?.image, s.model?.uri, s.resources?.tensorParallelSize, s.resources?.accelerator?.count, s.scaling?.minReplicas, s.resources?.sharedMemory, s.model?.contextLength],
      ['VLLMRuntime', 'docker.io/lmcache/vllm-openai:2025-05-27-v1', 'hf://meta-llama/Llama-3.1-8B-Instruct', 2, 2, 2, '20Gi', 4096],
    );
    assert.equal(textAt(RUNTIME, units[0], 'serving.image'), '"lmcache/vllm-openai:2025-05-27-v1"');
  });

  it('reports a VLLMRuntime whose parallelism does not match its GPUs', () => {
    const found = checkText('file:///w/rt.yaml', RUNTIME.replace('gpu: "2"', 'gpu: "1"')).filter((f) => f.code === 'scaling/parallelism-matches-gpus');
    assert.equal(found.length, 1);
  });

  it('completes and hovers a values file from the chart schema', () => {
    const text = 'servingEngineSpec:\n  modelSpec:\n  - name: x\n    \n';
    const labels = complete(analyzeFile('file:///w/values.yaml', text), 3, 4).map((c) => c.label);
    for (const k of ['modelURL', 'modelRevision', 'requestGPU', 'vllmConfig']) assert.ok(labels.includes(k), k);
    const h = hover(analyzeFile('file:///w/values.yaml', VALUES), 17, 8);
    assert.match(h?.markdown ?? '', /tensor parallelism/i);
  });
});
