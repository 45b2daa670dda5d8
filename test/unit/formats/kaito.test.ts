import { strict as assert } from 'node:assert';
import { analyzeFile, checkText } from '../../../server/src/engine/check';
import { complete } from '../../../server/src/engine/language/completion';
import { hover } from '../../../server/src/engine/language/hover';
import { analyze, textAt } from './helpers';

// kaito-project/kaito examples/inference/kaito_workspace_llama-3.3_70b_instruct.yaml (Workspace part).
const PRESET = `apiVersion: kaito.sh/v1beta1
kind: Workspace
metadata:
  name: workspace-llama-3-3-70b-instruct
resource:
  count: 2
  instanceType: "Standard_NC48ads_A100_v4"
  labelSelector:
    matchLabels:
      apps: llama-3-3-70b-instruct
inference:
  preset:
    name: meta-llama/Llama-3.3-70B-Instruct
    presetOptions:
      modelAccessSecret: hf-token
  config: "llama-inference-params"
`;

// kaito-project/kaito examples/inference/kaito_inferenceset_llama-3.1_8b_instruct.yaml
const SET = `apiVersion: kaito.sh/v1alpha1
kind: InferenceSet
metadata:
  name: llama-3-1-8b
spec:
  replicas: 2
  nodeCountLimit: 10
  labelSelector:
    matchLabels:
      apps: large-model
  template:
    resource:
      instanceType: "Standard_NC24ads_A100_v4"
    inference:
      preset:
        name: llama-3.1-8b-instruct
        presetOptions:
          modelAccessSecret: hf-token
  updateStrategy:
    type: RollingUpdate
`;

// A custom model: `inference.template` instead of a preset ("Custom Models" in the KAITO usage guide).
const TEMPLATE = `apiVersion: kaito.sh/v1beta1
kind: Workspace
metadata:
  name: workspace-custom-qwen
resource:
  count: 1
  instanceType: "Standard_NC24ads_A100_v4"
  labelSelector:
    matchLabels:
      apps: custom-qwen
inference:
  template:
    spec:
      containers:
      - name: vllm
        image: vllm/vllm-openai:latest
        command: ["vllm", "serve", "Qwen/Qwen2.5-7B-Instruct", "--tensor-parallel-size", "2"]
        env:
        - name: HF_TOKEN
          value: hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789
        resources:
          limits:
            nvidia.com/gpu: 1
`;

describe('KAITO adapter', () => {
  it('reads a preset Workspace: top-level resource and inference, Hub model, nodes per instance', () => {
    const { units, findings } = analyze(PRESET);
    assert.deepEqual(findings, []);
    const u = units[0];
    assert.deepEqual([u.format, u.kind, u.isModelServer, u.spec.model?.uri, u.spec.resources?.nodesPerReplica, u.pod], ['kaito', 'Workspace', true, 'hf://meta-llama/Llama-3.3-70B-Instruct', 2, undefined]);
    assert.equal(textAt(PRESET, u, 'model.uri'), 'meta-llama/Llama-3.3-70B-Instruct');
  });

  it('leaves the revision unknown when the vLLM settings are in a ConfigMap, and reports a Hub preset without one', () => {
    assert.deepEqual(checkText('file:///w/ws.yaml', PRESET).filter((f) => f.code === 'reliability/model-revision-pinned'), []);
    const found = checkText('file:///w/ws.yaml', PRESET.replace('  config: "llama-inference-params"\n', '')).filter((f) => f.code === 'reliability/model-revision-pinned');
    assert.equal(found.length, 1);
    assert.deepEqual(found[0].fixes?.filter((f) => !/uppress/i.test(f.title)), []);
  });

  it('does not judge the revision of a built-in preset (its version is the KAITO release)', () => {
    const { units } = analyze(SET);
    assert.equal(units[0].spec.model?.uri, 'llama-3.1-8b-instruct');
    assert.deepEqual(checkText('file:///w/set.yaml', SET).filter((f) => f.code === 'reliability/model-revision-pinned'), []);
  });

  it('reads an InferenceSet: replicas, and one replica is reported with a fix on spec.replicas', () => {
    const { units, findings } = analyze(SET);
    assert.deepEqual(findings, []);
    assert.equal(units[0].spec.scaling?.minReplicas, 2);
    const one = SET.replace('replicas: 2', 'replicas: 1');
    const ha = checkText('file:///w/set.yaml', one).filter((f) => f.code === 'reliability/replicas-ha');
    assert.equal(ha.length, 1);
    assert.match(one.split('\n')[ha[0].range.start.line], /replicas: 1/);
    assert.ok(ha[0].fixes?.some((f) => f.isPreferred && f.edits.some((e) => e.newText === '2')), JSON.stringify(ha[0].fixes));
  });

  it('judges the pod of a custom template: moving tag, unpinned model, literal token, parallelism beyond the GPUs', () => {
    const { units, findings } = analyze(TEMPLATE);
    assert.deepEqual(findings, []);
    assert.equal(units[0].spec.scaling?.minReplicas, 1);
    const codes = new Set(checkText('file:///w/custom.yaml', TEMPLATE).map((f) => f.code));
    for (const c of ['reliability/image-pinned', 'reliability/model-revision-pinned', 'security/inline-secret', 'scaling/parallelism-matches-gpus']) assert.ok(codes.has(c), c);
  });

  it('completes and hovers from the CRD: a Workspace has top-level resource and inference', () => {
    const text = 'apiVersion: kaito.sh/v1beta1\nkind: Workspace\nmetadata:\n  name: w\n\n';
    const labels = complete(analyzeFile('file:///w/ws.yaml', text), 4, 0).map((c) => c.label);
    assert.ok(labels.includes('inference') && labels.includes('resource') && !labels.includes('spec'), labels.join());
    assert.match(hover(analyzeFile('file:///w/ws.yaml', PRESET), 6, 4)?.markdown ?? '', /SKU/);
  });

  it('reports a misspelt field of the CRD', () => {
    const { findings } = analyze(PRESET.replace('instanceType', 'instancetype'));
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /instancetype/);
  });
});
