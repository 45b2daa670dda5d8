import { strict as assert } from 'node:assert';
import type { ContainerInput, RuntimeFact } from '../../../server/src/engine/runtime';
import { expandVars, modelUri, parseRuntime, shellWords } from '../../../server/src/engine/runtime';

/** Table-driven: a container → the runtime and the facts its command line states. */
const CASES: { name: string; container: ContainerInput; runtime?: string; facts?: Partial<Record<RuntimeFact, string>> }[] = [
  {
    name: 'vLLM image, python -m entrypoint, --flag=value and $(ENV)',
    container: {
      image: 'docker.io/vllm/vllm-openai:v0.10.0',
      command: ['python3', '-m', 'vllm.entrypoints.openai.api_server'],
      args: ['--model=$(MODEL_ID)', '--tensor-parallel-size=2', '--revision', 'abc123', '--max-model-len', '8192', '--trust-remote-code', '--port', '8000'],
      env: [{ name: 'MODEL_ID', value: 'google/gemma-2b' }],
    },
    runtime: 'vllm',
    facts: { model: 'google/gemma-2b', tensorParallelSize: '2', revision: 'abc123', maxModelLen: '8192', trustRemoteCode: 'true', port: '8000' },
  },
  { name: 'vllm serve <model> positional', container: { image: 'my/img', command: ['vllm', 'serve', 'meta-llama/Llama-3.1-8B'], args: ['-tp', '4', '--pipeline-parallel-size=2'] }, runtime: 'vllm', facts: { model: 'meta-llama/Llama-3.1-8B', tensorParallelSize: '4', pipelineParallelSize: '2' } },
  {
    name: 'vLLM in sh -c with an api key from env',
    container: { image: 'busybox', command: ['/bin/sh', '-c'], args: ['set -e; vllm serve "Qwen/Qwen2.5-7B" --api-key $(API_KEY) --port=8080'] },
    runtime: 'vllm',
    facts: { model: 'Qwen/Qwen2.5-7B', apiKey: '$(API_KEY)', port: '8080' },
  },
  { name: 'vLLM api key from VLLM_API_KEY secret', container: { image: 'vllm/vllm-openai:v0.9.1', env: [{ name: 'VLLM_API_KEY', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }, runtime: 'vllm', facts: { apiKey: '$(VLLM_API_KEY)' } },
  { name: 'vLLM flags in VLLM_ADDITIONAL_ARGS (KServe)', container: { image: 'ghcr.io/llm-d/llm-d-cuda:v0.9.0', env: [{ name: 'VLLM_ADDITIONAL_ARGS', value: '--trust-remote-code --tensor-parallel-size=8' }] }, runtime: 'vllm', facts: { trustRemoteCode: 'true', tensorParallelSize: '8' } },
  {
    name: 'TGI from env (GKE DLC image)',
    container: { image: 'us-docker.pkg.dev/deeplearning-platform-release/gcr.io/huggingface-text-generation-inference-cu121.2-1.ubuntu2204.py310', env: [{ name: 'MODEL_ID', value: 'tiiuae/falcon-40b' }, { name: 'NUM_SHARD', value: '2' }, { name: 'PORT', value: '8080' }] },
    runtime: 'tgi',
    facts: { model: 'tiiuae/falcon-40b', tensorParallelSize: '2', port: '8080' },
  },
  { name: 'TGI flags win over env', container: { image: 'ghcr.io/huggingface/text-generation-inference:2.4', args: ['--model-id', 'bigscience/bloom', '--num-shard', '4', '--revision=main'], env: [{ name: 'NUM_SHARD', value: '2' }] }, runtime: 'tgi', facts: { model: 'bigscience/bloom', tensorParallelSize: '4', revision: 'main' } },
  { name: 'Triton', container: { image: 'nvcr.io/nvidia/tritonserver:24.08-py3', command: ['tritonserver', '--model-repository=/models', '--http-port', '8000'] }, runtime: 'triton', facts: { modelRepository: '/models', port: '8000' } },
  { name: 'NIM', container: { image: 'nvcr.io/nim/meta/llama-3.1-8b-instruct:1.3.3', env: [{ name: 'NIM_TENSOR_PARALLEL_SIZE', value: '2' }] }, runtime: 'nim', facts: { tensorParallelSize: '2' } },
  { name: 'SGLang', container: { image: 'lmsysorg/sglang:v0.4.6', command: ['python3', '-m', 'sglang.launch_server', '--model-path', 'deepseek-ai/DeepSeek-V3', '--tp', '8', '--trust-remote-code'] }, runtime: 'sglang', facts: { model: 'deepseek-ai/DeepSeek-V3', tensorParallelSize: '8', trustRemoteCode: 'true' } },
  { name: 'llama.cpp server', container: { image: 'ghcr.io/ggerganov/llama.cpp:server', args: ['-m', '/models/llama.gguf', '-c', '4096', '--port', '8080'] }, runtime: 'llama-cpp', facts: { model: '/models/llama.gguf', maxModelLen: '4096', port: '8080' } },
  { name: 'llama-server command', container: { image: 'local/llama', command: ['llama-server', '--hf-repo', 'ggml-org/gemma-3-1b-it-GGUF'] }, runtime: 'llama-cpp', facts: { model: 'ggml-org/gemma-3-1b-it-GGUF' } },
  { name: 'Ollama', container: { image: 'ollama/ollama:0.6.2' }, runtime: 'ollama', facts: {} },
  { name: 'TorchServe', container: { image: 'pytorch/torchserve:0.12.0-gpu', command: ['torchserve', '--start', '--model-store', '/mnt/models'] }, runtime: 'torchserve', facts: { modelRepository: '/mnt/models' } },
  { name: 'Ray Serve', container: { image: 'rayproject/ray:2.40.0', command: ['serve', 'run', 'app:deployment'] }, runtime: 'ray-serve', facts: {} },
  { name: 'nginx is not a model server', container: { image: 'nginx:1.27', args: ['--port', '80'] } },
  { name: 'gradio UI is not a model server', container: { image: 'us-docker.pkg.dev/google-samples/containers/gke/gradio-app:v1.0.4', env: [{ name: 'MODEL_ID', value: 'x/y' }] } },
  { name: 'a python app mentioning vllm in an argument value is not vLLM', container: { image: 'python:3.12', command: ['python', 'client.py', '--target', 'vllm-service'] } },
];

describe('runtime detection and flag parsing', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const r = parseRuntime(c.container);
      assert.equal(r?.runtime, c.runtime);
      for (const [fact, value] of Object.entries(c.facts ?? {})) assert.equal(r?.facts[fact as RuntimeFact]?.value, value, fact);
    });
  }

  it('records where each fact came from', () => {
    const r = parseRuntime({ image: 'vllm/vllm-openai:v0.10.0', args: ['--model', 'a/b', '--revision=r1'], env: [{ name: 'VLLM_API_KEY', value: 'literal' }] })!;
    assert.deepEqual(r.facts.model?.source, { list: 'args', index: 1 });
    assert.deepEqual(r.facts.revision?.source, { list: 'args', index: 2 });
    assert.deepEqual(r.facts.apiKey?.source, { list: 'env', index: 0 });
    assert.equal(r.facts.apiKey?.raw, 'literal');
  });

  it('splits shell strings and expands variables', () => {
    assert.deepEqual(shellWords(`vllm serve "a b" --x='c d' e\\ f; echo`), ['vllm', 'serve', 'a b', '--x=c d', 'e f', 'echo']);
    assert.equal(expandVars('--model=$(M) ${N} $(UNKNOWN)', new Map([['M', 'a/b'], ['N', 'n']])), '--model=a/b n $(UNKNOWN)');
  });

  it('turns model references into URIs', () => {
    assert.equal(modelUri('google/gemma-2b'), 'hf://google/gemma-2b');
    assert.equal(modelUri('gs://bucket/model'), 'gs://bucket/model');
    assert.equal(modelUri('/models/x'), 'file:///models/x');
  });
});
