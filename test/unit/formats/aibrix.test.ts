import { strict as assert } from 'node:assert';
import { applyFixes } from '../../../server/src/engine/fix/apply';
import { checkText } from '../../../server/src/engine/check';
import { analyze } from './helpers';

// The shape of vllm-project/aibrix samples/quickstart/pd-model.yaml (a 1P1D StormService), with probes.
const STORM = `apiVersion: orchestration.aibrix.ai/v1alpha1
kind: StormService
metadata:
  name: vllm-1p1d
spec:
  replicas: 2
  updateStrategy:
    type: InPlaceUpdate
  stateful: true
  selector:
    matchLabels:
      app: vllm-1p1d
  template:
    metadata:
      labels:
        app: vllm-1p1d
    spec:
      roles:
        - name: prefill
          replicas: 1
          stateful: true
          template:
            metadata:
              labels:
                model.aibrix.ai/name: deepseek-r1-distill-llama-8b
                model.aibrix.ai/port: "8000"
            spec:
              containers:
                - name: prefill
                  image: aibrix/vllm-openai:v0.9.2-cu128-nixl-v0.4.1
                  command: ["vllm", "serve", "deepseek-ai/DeepSeek-R1-Distill-Llama-8B", "--revision", "6a6f4aa4197940add57724a7707d069478df56b1", "--port", "8000"]
                  readinessProbe: { httpGet: { path: /health, port: 8000 } }
                  resources:
                    limits:
                      nvidia.com/gpu: 1
        - name: decode
          replicas: 1
          stateful: true
          template:
            metadata:
              labels:
                model.aibrix.ai/name: deepseek-r1-distill-llama-8b
                model.aibrix.ai/port: "8000"
            spec:
              containers:
                - name: decode
                  image: aibrix/vllm-openai:v0.9.2-cu128-nixl-v0.4.1
                  command: ["vllm", "serve", "deepseek-ai/DeepSeek-R1-Distill-Llama-8B", "--revision", "6a6f4aa4197940add57724a7707d069478df56b1", "--port", "8000", "--tensor-parallel-size", "2"]
                  readinessProbe: { httpGet: { path: /health, port: 8000 } }
                  resources:
                    limits:
                      nvidia.com/gpu: 2
`;

// vllm-project/aibrix samples/adapter/adapter.yaml
const ADAPTER = `apiVersion: model.aibrix.ai/v1alpha1
kind: ModelAdapter
metadata:
  name: qwen-code-lora
  namespace: default
spec:
  baseModel: qwen-coder-1-5b-instruct
  podSelector:
    matchLabels:
      model.aibrix.ai/name: qwen-coder-1-5b-instruct
      adapter.model.aibrix.ai/enabled: "true"
  artifactURL: huggingface://ai-blond/Qwen-Qwen2.5-Coder-1.5B-Instruct-lora
  schedulerName: default
`;

const uri = 'file:///w/storm.yaml';

describe('AIBrix adapter', () => {
  it('reads a StormService: every role a pod, the decode role serves, replicas are RoleSets × role replicas', () => {
    const { units, findings } = analyze(STORM);
    assert.deepEqual(findings, []);
    const u = units[0];
    assert.deepEqual(u.pods?.map((p) => p.group), ['role `prefill`', 'role `decode`']);
    assert.equal(u.pod, u.pods?.[1]);
    assert.deepEqual([u.format, u.isModelServer, u.spec.model?.uri, u.spec.resources?.tensorParallelSize, u.spec.resources?.accelerator?.count, u.spec.scaling?.minReplicas], ['aibrix', true, 'hf://deepseek-ai/DeepSeek-R1-Distill-Llama-8B', 2, 2, 2]);
  });

  it('reports planted defects in any role: moving tag, parallelism beyond the GPUs, a missing probe with a fix in the role', () => {
    const bad = STORM.replace('aibrix/vllm-openai:v0.9.2-cu128-nixl-v0.4.1', 'aibrix/vllm-openai:latest').replace('nvidia.com/gpu: 2', 'nvidia.com/gpu: 1');
    // The serving (decode) role loses its readiness probe.
    const cut = bad.lastIndexOf('                  readinessProbe');
    const withoutProbe = bad.slice(0, cut) + bad.slice(bad.indexOf('\n', cut) + 1);
    const found = checkText(uri, withoutProbe);
    const image = found.find((f) => f.code === 'reliability/image-pinned');
    assert.match(withoutProbe.split('\n')[image!.range.start.line], /:latest/);
    assert.ok(found.some((f) => f.code === 'scaling/parallelism-matches-gpus'));
    const probe = found.find((f) => f.code === 'reliability/readiness-probe');
    assert.ok(probe, found.map((f) => f.code).join());
    const fixed = applyFixes(withoutProbe, probe!.fixes!.filter((f) => f.isPreferred)).text;
    assert.deepEqual(analyze(fixed).findings, [], 'the probe fix leaves a valid StormService');
    assert.equal(checkText(uri, fixed).filter((f) => f.code === 'reliability/readiness-probe').length, 0);
  });

  it('reports an unpinned model and a single replica', () => {
    const bad = STORM.replace(/, "--revision", "[0-9a-f]+"/g, '').replace('replicas: 2\n  updateStrategy', 'replicas: 1\n  updateStrategy');
    const codes = checkText(uri, bad).map((f) => f.code);
    assert.ok(codes.includes('reliability/model-revision-pinned'));
    assert.ok(codes.includes('reliability/replicas-ha'));
  });

  it('indexes a ModelAdapter as a resource selecting its base model pods', () => {
    const { units, resources, findings } = analyze(ADAPTER);
    assert.deepEqual(findings, []);
    assert.deepEqual(units, []);
    assert.deepEqual(resources[0].selector, { 'model.aibrix.ai/name': 'qwen-coder-1-5b-instruct', 'adapter.model.aibrix.ai/enabled': 'true' });
  });
});
