import { strict as assert } from 'node:assert';
import { analyzeFile } from '../check';
import { immutableRevision, modelPin, modelSource, uriPinned } from './model-pin';

const SHA = '0e9e39f249a16976918f6564b8830bc894c89659';

/** The unit of a vLLM Deployment with these args (shape of the GKE vLLM samples). */
function unitOf(args: string[]) {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: vllm
spec:
  selector:
    matchLabels: { app: vllm }
  template:
    metadata:
      labels: { app: vllm }
    spec:
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.11.0
          args: ${JSON.stringify(args)}
`;
  return analyzeFile('file:///w/vllm.yaml', text).documents[0].units[0];
}

describe('facts/model-pin', () => {
  it('knows a pin when it sees one: a full commit or a content digest, never a branch or a short hash', () => {
    assert.ok(immutableRevision(SHA));
    assert.ok(immutableRevision(`sha256:${'a'.repeat(64)}`));
    for (const r of ['main', 'v1.0', '0e9e39f', undefined]) assert.ok(!immutableRevision(r), String(r));
    assert.ok(uriPinned(`hf://meta-llama/Llama-3.1-8B-Instruct:${SHA}`));
    assert.ok(uriPinned(`hf://meta-llama/Llama-3.1-8B-Instruct@${SHA}`));
    assert.ok(uriPinned(`oci://registry.internal/models/llama@sha256:${'c'.repeat(64)}`));
    assert.ok(!uriPinned('oci://registry.internal/models/llama:v1'));
  });
  it('tells the sources that have a pin (Hub, OCI) from those that do not (paths, volumes, object stores) and placeholders', () => {
    assert.equal(modelSource('hf://Qwen/Qwen3-8B'), 'hub');
    assert.equal(modelSource('oci://registry.internal/models/llama:v1'), 'oci');
    for (const u of ['/models/Qwen3-8B/', 'file:///mnt/models', 'pvc://model-cache/llama']) assert.equal(modelSource(u), 'local', u);
    for (const u of ['s3://bucket/llama', 'gs://bucket/gemma', 'tos://aibrix/deepseek']) assert.equal(modelSource(u), 'object-store', u);
    for (const u of ['$MODEL_ID', '${MODEL:-org/model}', 'hf://<org>/<model>']) assert.equal(modelSource(u), 'placeholder', u);
  });
  it('reads --revision for the weights and --code-revision for the code that --trust-remote-code runs', () => {
    assert.deepEqual(
      (({ source, weights, code, judged }) => ({ source, weights, code, judged }))(modelPin(unitOf(['--model', 'deepseek-ai/DeepSeek-R1', '--trust-remote-code']))),
      { source: 'hub', weights: false, code: false, judged: true },
    );
    const codeOnly = modelPin(unitOf(['--model', 'deepseek-ai/DeepSeek-R1', '--trust-remote-code', `--code-revision=${SHA}`]));
    assert.deepEqual([codeOnly.weights, codeOnly.code], [false, true]);
    const both = modelPin(unitOf(['--model', 'deepseek-ai/DeepSeek-R1', '--revision', SHA]));
    assert.deepEqual([both.weights, both.code], [true, true]);
  });
  it('judges nothing for a local model or a placeholder code revision', () => {
    assert.equal(modelPin(unitOf(['--model', '/models/DeepSeek-R1'])).judged, false);
    const p = modelPin(unitOf(['--model', 'org/model', '--trust-remote-code', '--code-revision', '$CODE_REVISION']));
    assert.deepEqual([p.judged, p.codeJudged], [true, false]);
  });
});
