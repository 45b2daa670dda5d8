import { strict as assert } from 'node:assert';
import type { ContainerInput, ContainerRole, RuntimeFact } from '../../../server/src/engine/runtime';
import { asNumber, containerRole, modelUri, parseRuntime, shellWords } from '../../../server/src/engine/runtime';

/** Table-driven: a container → the runtime and the facts its command line states. */
const CASES: { name: string; container: ContainerInput; runtime?: string; role?: ContainerRole; facts?: Partial<Record<RuntimeFact, string | undefined>> }[] = [
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

  // Shell scripts: the command that starts the server, and only its flags.
  {
    name: 'bash -lc -- script: Ray start before vllm serve (AIBrix DeepSeek-R1 head), continuation lines',
    container: { image: 'aibrix/vllm-openai:v0.7.3.self.post1', command: ['/bin/bash', '-lc', '--'], args: ['ulimit -n 65536; echo head; $KUBERAY_GEN_RAY_START_CMD; vllm serve /models/deepseek-r1 \\\n  --trust-remote-code --served-model-name deepseek-r1-671b \\\n  --tensor-parallel-size 8 --pipeline-parallel-size 2 --distributed-executor-backend ray'] },
    runtime: 'vllm',
    facts: { model: '/models/deepseek-r1', tensorParallelSize: '8', pipelineParallelSize: '2', trustRemoteCode: 'true' },
  },
  {
    name: 'vllm serve \\ with the model on the next line (llm-d style sh -c)',
    container: { image: 'ghcr.io/llm-d/llm-d-cuda:v0.3.0', command: ['/bin/sh', '-c'], args: ['vllm serve \\\n  Qwen/Qwen3-0.6B \\\n  --port 8200 \\\n  --data-parallel-size=4 --data-parallel-size-local 2 \\\n  --enable-expert-parallel'] },
    runtime: 'vllm',
    facts: { model: 'Qwen/Qwen3-0.6B', port: '8200', dataParallelSize: '4', dataParallelSizeLocal: '2', expertParallel: 'true' },
  },
  {
    name: 'flags of the download command before the server do not leak into its facts',
    container: { image: 'vllm/vllm-openai:v0.9.1', command: ['sh', '-c'], args: ["pip install 'huggingface_hub[cli]' && huggingface-cli download meta-llama/Llama-3.1-8B --revision deadbeef --local-dir /data && exec vllm serve /data --port 8000"] },
    runtime: 'vllm',
    facts: { model: '/data', port: '8000', revision: undefined },
  },
  {
    name: 'set -ex; python3 -m vllm.entrypoints.openai.api_server with env-prefix assignment and short flags',
    container: { image: 'rocm/vllm:rocm6.3.1_vllm_0.8.5_20250513', command: ['bash', '-c', 'set -ex; VLLM_USE_V1=1 python3 -u -m vllm.entrypoints.openai.api_server --model amd/Llama-3.1-70B-Instruct-FP8-KV -tp 4 -pp=2 -dp 2 -dpl 2 -ep'] },
    runtime: 'vllm',
    facts: { model: 'amd/Llama-3.1-70B-Instruct-FP8-KV', tensorParallelSize: '4', pipelineParallelSize: '2', dataParallelSize: '2', dataParallelSizeLocal: '2', expertParallel: 'true' },
  },
  {
    name: '$(TP_SIZE) (kubelet), ${TP_SIZE} and $TP_SIZE (shell) resolve from literal env',
    container: { image: 'vllm/vllm-openai:v0.10.0', command: ['/bin/sh', '-c'], args: ['vllm serve $(MODEL_ID) --tensor-parallel-size ${TP_SIZE} --pipeline-parallel-size $PP --max-model-len=$LEN'], env: [{ name: 'MODEL_ID', value: 'google/gemma-2-9b-it' }, { name: 'TP_SIZE', value: '2' }, { name: 'PP', value: 1 }, { name: 'LEN', valueFrom: { configMapKeyRef: { name: 'c', key: 'len' } } }] },
    runtime: 'vllm',
    facts: { model: 'google/gemma-2-9b-it', tensorParallelSize: '2', pipelineParallelSize: '1', maxModelLen: '$LEN' },
  },
  {
    name: 'script assignments and ${VAR:-default} resolve; shell arithmetic does not',
    container: { image: 'vllm/vllm-openai:v0.10.0', command: ['bash', '-c'], args: ['export TP=4\nPP=${PP_SIZE:-2}\nvllm serve m/x --tensor-parallel-size $TP --pipeline-parallel-size "$PP" --data-parallel-size $((LWS_GROUP_SIZE * 2))'] },
    runtime: 'vllm',
    facts: { tensorParallelSize: '4', pipelineParallelSize: '2', dataParallelSize: '$((LWS_GROUP_SIZE * 2))' },
  },
  {
    name: 'an unquoted $EXTRA_ARGS expands into separate flags',
    container: { image: 'vllm/vllm-openai:v0.10.0', command: ['sh', '-c', 'vllm serve Qwen/Qwen3-8B $EXTRA_ARGS'], env: [{ name: 'EXTRA_ARGS', value: '--tensor-parallel-size 2 --port 9000' }] },
    runtime: 'vllm',
    facts: { model: 'Qwen/Qwen3-8B', tensorParallelSize: '2', port: '9000' },
  },
  {
    name: 'an env var set from a Secret is unknown, even with a script default',
    container: { image: 'vllm/vllm-openai:v0.10.0', command: ['sh', '-c', 'vllm serve m/x -tp ${TP:-1}'], env: [{ name: 'TP', valueFrom: { secretKeyRef: { name: 's', key: 'tp' } } }] },
    runtime: 'vllm',
    facts: { tensorParallelSize: '${TP:-1}' },
  },
  {
    name: 'a vLLM image running a wrapper script stays vLLM, with only env facts (LWS multi-node worker)',
    container: { image: 'vllm/vllm-openai:v0.8.5', command: ['sh', '-c', 'bash /vllm-workspace/examples/online_serving/multi-node-serving.sh worker --ray_address=$(LWS_LEADER_ADDRESS)'] },
    runtime: 'vllm',
    facts: {},
  },
  {
    name: 'placeholders like <model-path> are words, not redirections (AIBrix Neuron sample)',
    container: { image: '<your-vllm-neuron-image>', command: ['sh', '-c'], args: ['vllm serve \\\n  --port "8000" \\\n  --model <model-path> \\\n  --kv-transfer-config \'{"kv_connector":"NixlConnector","kv_role":"kv_both"}\' 2>&1 | tee /tmp/log'] },
    runtime: 'vllm',
    facts: { model: '<model-path>', port: '8000' },
  },
  {
    name: 'a here-document body is data, not commands (AIBrix TensorRT-LLM sample)',
    container: { image: 'aibrix/tensorrt-llm:1.1.0', command: ['/bin/bash', '-c'], args: ["cat <<'EOF' > /tmp/config.yaml\nbackend: pytorch\ntensor_parallel_size: 2\nEOF\ntrtllm-serve serve /models/Qwen3-8B \\\n  --host 0.0.0.0 --port 8000 --tp_size 2 --pp_size=1 --ep_size 2 --extra_llm_api_options /tmp/config.yaml"] },
    runtime: 'tensorrt-llm',
    facts: { model: '/models/Qwen3-8B', port: '8000', tensorParallelSize: '2', pipelineParallelSize: '1', expertParallel: 'true' },
  },

  // Images and commands of more runtimes.
  { name: 'vLLM UBI image on quay.io, flags only', container: { image: 'quay.io/vllm/vllm-openai-ubi9:v0.9.2', args: ['--model=ibm-granite/granite-3.3-8b-instruct', '--tensor_parallel_size=2'] }, runtime: 'vllm', facts: { model: 'ibm-granite/granite-3.3-8b-instruct', tensorParallelSize: '2' } },
  { name: 'vLLM on ECR Public, Volcano Engine and docker.io mirrors', container: { image: 'public.ecr.aws/q9t5s3a7/vllm-ci-postmerge-repo:latest' }, runtime: undefined },
  { name: 'Volcano Engine mirror of vllm/vllm-openai', container: { image: 'aibrix-cn-beijing.cr.volces.com/vllm/vllm-openai:v0.10.1' }, runtime: 'vllm', facts: {} },
  { name: 'Red Hat AI Inference Server image', container: { image: 'registry.redhat.io/rhaiis/vllm-cuda-rhel9:3.2.1', args: ['--model', 'RedHatAI/Llama-3.1-8B-Instruct-FP8', '--tensor-parallel-size', '4'] }, runtime: 'vllm', facts: { tensorParallelSize: '4' } },
  { name: 'vLLM TPU and Intel images', container: { image: 'vllm/vllm-tpu:nightly', command: ['vllm', 'serve', 'google/gemma-3-27b-it', '--tensor-parallel-size=8'] }, runtime: 'vllm', facts: { tensorParallelSize: '8' } },
  { name: 'Intel vLLM image', container: { image: 'intel/vllm:0.10.0-xpu' }, runtime: 'vllm' },
  {
    name: 'AWS Neuron vLLM DLC started from python -m (ai-on-eks style)',
    container: { image: 'public.ecr.aws/neuron/pytorch-inference-vllm-neuronx:0.9.1-neuronx-py310-sdk2.25.0-ubuntu22.04', command: ['sh', '-c'], args: ['python3 -m vllm.entrypoints.openai.api_server --model meta-llama/Llama-3.1-8B-Instruct --tensor-parallel-size 2 --max-num-seqs 8 --block-size 8 --device neuron'] },
    runtime: 'vllm',
    facts: { tensorParallelSize: '2' },
  },
  { name: 'the Neuron DLC running neuron-ls is a utility, not a server', container: { image: 'public.ecr.aws/neuron/pytorch-inference-vllm-neuronx:0.13.0-neuronx-py312-sdk2.27.1-ubuntu24.04', args: ['neuron-ls'] }, role: 'utility' },
  {
    name: 'KServe Hugging Face runtime: --model_id, --model_revision, --tensor_parallel_size, --model_name',
    container: { image: 'kserve/huggingfaceserver:v0.15.2-gpu', args: ['--model_name=llama3', '--model_id=meta-llama/meta-llama-3-8b-instruct', '--model_revision', 'main', '--tensor_parallel_size=2', '--backend=vllm'] },
    runtime: 'huggingfaceserver',
    facts: { servedModelName: 'llama3', model: 'meta-llama/meta-llama-3-8b-instruct', revision: 'main', tensorParallelSize: '2' },
  },
  { name: 'python -m huggingfaceserver at the end of a warm-up script (KServe Fluid sample)', container: { image: 'kserve/huggingfaceserver:latest', command: ['/bin/bash'], args: ['-c', 'set -e\nTARGET_DIR="${TARGET_DIR:-/mnt/models}"\nfor file in $(find "$TARGET_DIR" -type f); do\n  dd if="$file" of=/dev/null bs=4M &\ndone\nwait\npython3 -m huggingfaceserver "$@"', '--', '--model_name={{.Name}}'] }, runtime: 'huggingfaceserver' },
  { name: 'Ollama serve command', container: { image: 'ollama/ollama:0.9.0', command: ['ollama', 'serve'] }, runtime: 'ollama' },
  { name: 'DeepSparse server', container: { image: 'ghcr.io/neuralmagic/deepsparse:1.7', command: ['deepsparse.server', '--task', 'text-generation', '--model_path', 'zoo:mpt-7b-dolly_mpt_pretrain-pruned50_quantized', '--port', '5543'] }, runtime: 'deepsparse', facts: { model: 'zoo:mpt-7b-dolly_mpt_pretrain-pruned50_quantized', port: '5543' } },
  { name: 'LMDeploy api_server with --tp and a positional model', container: { image: 'openmmlab/lmdeploy:v0.9.2-cu12', command: ['lmdeploy', 'serve', 'api_server', 'internlm/internlm2_5-7b-chat', '--tp', '2', '--server-port', '23333', '--model-name', 'internlm2'] }, runtime: 'lmdeploy', facts: { model: 'internlm/internlm2_5-7b-chat', tensorParallelSize: '2', port: '23333', servedModelName: 'internlm2' } },
  {
    name: 'SGLang: --tp-size, --dp-size, --ep 8 maps to expert parallel on, --pp-size',
    container: { image: 'lmsysorg/sglang:v0.5.3-cu129', command: ['python3', '-m', 'sglang.launch_server'], args: ['--model-path', 'deepseek-ai/DeepSeek-V3', '--tp-size=8', '--dp-size', '2', '--ep', '8', '--pp-size', '1'] },
    runtime: 'sglang',
    facts: { tensorParallelSize: '8', dataParallelSize: '2', expertParallel: 'true', pipelineParallelSize: '1' },
  },
  {
    name: 'SGLang with DP attention: --dp shares the TP GPUs, so no data-parallel fact',
    container: { image: 'lmsysorg/sglang:v0.4.6.post1-cu124', command: ['python3', '-m', 'sglang.launch_server', '--model-path', 'deepseek-ai/DeepSeek-R1', '--tp', '8', '--dp', '8', '--enable-dp-attention', '--ep-size', '1'] },
    runtime: 'sglang',
    facts: { tensorParallelSize: '8', dataParallelSize: undefined, expertParallel: 'false' },
  },
  { name: 'SGLang image on a mirror (AIBrix)', container: { image: 'aibrix/sglang:v0.4.9.post3-cu126-nixl-v0.4.1', command: ['sh', '-c', 'python3 -m sglang.launch_server \\\n  --model-path /models/Qwen2.5-7B-Instruct \\\n  --tp 2'] }, runtime: 'sglang', facts: { tensorParallelSize: '2' } },
  { name: 'Triton TRT-LLM image serves', container: { image: 'nvcr.io/nvidia/tritonserver:25.01-trtllm-python-py3', command: ['tritonserver', '--model-repository=/models'] }, runtime: 'triton' },
  { name: 'NIM tensor parallelism from env', container: { image: 'nvcr.io/nim/meta/llama-3.1-70b-instruct:1.8.4', env: [{ name: 'NIM_TENSOR_PARALLEL_SIZE', value: '4' }, { name: 'NIM_PIPELINE_PARALLEL_SIZE', value: '2' }] }, runtime: 'nim', facts: { tensorParallelSize: '4', pipelineParallelSize: '2' } },
  { name: '--no-enable-expert-parallel says off', container: { image: 'vllm/vllm-openai:v0.11.0', args: ['--model', 'Qwen/Qwen3-30B-A3B', '--no-enable-expert-parallel'] }, runtime: 'vllm', facts: { expertParallel: 'false' } },

  // Not model servers, whatever the image says.
  { name: 'Triton SDK image is a client (genai-perf)', container: { image: 'nvcr.io/nvidia/tritonserver:24.12-py3-sdk', command: ['sleep', 'infinity'] }, role: 'idle' },
  { name: 'Triton SDK image running perf_analyzer is a benchmark', container: { image: 'nvcr.io/nvidia/tritonserver:24.12-py3-sdk', command: ['perf_analyzer', '-m', 'llama', '--concurrency-range', '1:4'] }, role: 'benchmark' },
  { name: 'genai-perf', container: { image: 'nvcr.io/nvidia/tritonserver:24.12-py3-sdk', command: ['genai-perf', 'profile', '-m', 'meta/llama3-8b-instruct', '--url', 'llama3:8000'] }, role: 'benchmark' },
  { name: 'vllm bench serve on the vLLM image is a benchmark', container: { image: 'vllm/vllm-openai:v0.10.1', command: ['vllm', 'bench', 'serve', '--model', 'x/y', '--tensor-parallel-size', '2'] }, role: 'benchmark' },
  { name: 'benchmark_serving.py on the vLLM image is a benchmark', container: { image: 'vllm/vllm-openai:v0.8.5', command: ['sh', '-c', 'cd /vllm-workspace && python3 benchmarks/benchmark_serving.py --backend vllm --model x/y --num-prompts 100'] }, role: 'benchmark' },
  { name: 'guidellm', container: { image: 'ghcr.io/vllm-project/guidellm:v0.3.0', args: ['benchmark', '--target', 'http://vllm:8000'] }, role: 'benchmark' },
  { name: 'inference-perf', container: { image: 'quay.io/inference-perf/inference-perf:v0.1.1', command: ['inference-perf', '--config_file', '/cfg/config.yml'] }, role: 'benchmark' },
  { name: 'a vLLM image that only sleeps is idle (AIBrix router.yaml)', container: { image: 'kvcache-container-image-hb2-cn-beijing.cr.volces.com/aibrix/vllm-openai:v0.10.0', command: ['sh', '-c'], args: ['sleep 6000\n'] }, role: 'idle' },
  { name: 'while true; do sleep; done is idle', container: { image: 'busybox:1.36', command: ['sh', '-c', 'while true; do sleep 3600; done'] }, role: 'idle' },
  { name: 'tail -f /dev/null is idle', container: { image: 'lmsysorg/sglang:latest', command: ['tail', '-f', '/dev/null'] }, role: 'idle' },
  { name: 'llm-d inference simulator', container: { image: 'ghcr.io/llm-d/llm-d-inference-sim:v0.10.0', args: ['--port=8000', '--model=qwen2-7b', '--data-parallel-size=1'] }, role: 'simulator' },
  { name: 'llm-d inference simulator with a command', container: { image: 'ghcr.io/llm-d/llm-d-inference-sim:latest', command: ['/app/llm-d-inference-sim', '--port', '8000', '--model', 'x'] }, role: 'simulator' },
  { name: 'EPP is a router', container: { image: 'registry.k8s.io/gateway-api-inference-extension/epp:v1.5.0', args: ['--pool-name', 'llama2-7b', '--grpc-port', '9002'] }, role: 'router' },
  { name: 'llm-d routing sidecar is a router', container: { image: 'ghcr.io/llm-d/llm-d-routing-sidecar:v0.3.1-rc.1', args: ['--port=8000', '--vllm-port=8200', '--connector=nixlv2'] }, role: 'router' },
  { name: 'SGLang router is a router', container: { image: 'lmsysorg/sglang:v0.5.3', command: ['sh', '-c', 'python3 -m sglang_router.launch_router \\\n  --pd-disaggregation --policy random'] }, role: 'router' },
  { name: 'huggingface-cli download job', container: { image: 'python:3.11-alpine', command: ['sh', '-c', "pip install 'huggingface_hub==0.24.6' && huggingface-cli download deepseek-ai/DeepSeek-R1 --local-dir=/data/DeepSeek-R1"] }, role: 'download' },
  { name: 'huggingface-cli download on a vLLM image is a download job', container: { image: 'vllm/vllm-openai:v0.9.0', command: ['huggingface-cli', 'download', 'Qwen/Qwen3-8B', '--revision', 'main'] }, role: 'download' },
  { name: 'aibrix_download init container', container: { image: 'aibrix/runtime:v0.3.0', command: ['aibrix_download', '--model-uri', 'tos://bucket/models/deepseek-r1/', '--local-dir', '/models/'] }, role: 'download' },
  { name: 'open-webui', container: { image: 'ghcr.io/open-webui/open-webui:main', env: [{ name: 'OPENAI_API_BASE_URL', value: 'http://vllm:8000/v1' }] }, role: 'ui' },
];

describe('runtime detection and flag parsing', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const r = parseRuntime(c.container);
      assert.equal(r?.runtime, c.runtime);
      assert.equal(containerRole(c.container), c.role);
      // A role is what the container runs instead of a server: even an assumed runtime does not apply.
      if (c.role) assert.equal(parseRuntime(c.container, 'vllm'), undefined);
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

  it('gives no number for a value it cannot resolve (Secret, unknown variable, arithmetic)', () => {
    const r = parseRuntime({
      image: 'vllm/vllm-openai:v0.10.0',
      command: ['sh', '-c', 'vllm serve m/x -tp $(TP) -pp ${UNSET} -dp $((N*2)) --max-model-len $LEN'],
      env: [{ name: 'TP', valueFrom: { secretKeyRef: { name: 's', key: 'tp' } } }, { name: 'LEN', value: '8192' }],
    })!;
    assert.equal(asNumber(r.facts.tensorParallelSize), undefined);
    assert.equal(asNumber(r.facts.pipelineParallelSize), undefined);
    assert.equal(asNumber(r.facts.dataParallelSize), undefined);
    assert.equal(asNumber(r.facts.maxModelLen), 8192);
    assert.equal(r.facts.maxModelLen?.raw, '$LEN');
  });

  it('keeps the source of words split from a script and of flags from VLLM_ADDITIONAL_ARGS', () => {
    const r = parseRuntime({ image: 'ghcr.io/llm-d/llm-d-cuda:v0.9.0', command: ['/bin/sh', '-c'], args: ['vllm serve /mnt/models --port 8000 $VLLM_ADDITIONAL_ARGS'], env: [{ name: 'HF_HOME', value: '/cache' }, { name: 'VLLM_ADDITIONAL_ARGS', value: '--tensor-parallel-size=4 --enable-expert-parallel' }] })!;
    assert.deepEqual(r.facts.port?.source, { list: 'args', index: 0 });
    assert.deepEqual(r.facts.tensorParallelSize?.source, { list: 'env', index: 1 });
    assert.equal(r.facts.expertParallel?.value, 'true');
  });

  it('splits shell strings into words as the shell does', () => {
    assert.deepEqual(shellWords(`vllm serve "a b" --x='c d' e\\ f; echo`), ['vllm', 'serve', 'a b', '--x=c d', 'e f', 'echo']);
  });

  it('turns model references into URIs', () => {
    assert.equal(modelUri('google/gemma-2b'), 'hf://google/gemma-2b');
    assert.equal(modelUri('gs://bucket/model'), 'gs://bucket/model');
    assert.equal(modelUri('/models/x'), 'file:///models/x');
  });
});
