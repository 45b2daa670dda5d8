import { strict as assert } from 'node:assert';
import { applyFixes } from '../../fix/apply';
import { mutateExample, run, ruleTester } from '../../../../../test/support/rule-tester';
import rule from './parallelism-matches-gpus';

const doc = (body: string): string => `apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: m\nmodel:\n  uri: hf://org/model\n${body}`;

ruleTester(rule, {
  valid: [
    { name: 'multi-node: TP 4 × PP 2 over 2 nodes of 4 GPUs', mutate: (m) => Object.assign(m.resources, { tensorParallelSize: 4, pipelineParallelSize: 2, nodesPerReplica: 2, accelerator: { type: 'nvidia-h100-80gb', count: 4 } }) },
    { name: 'one GPU, no parallelism stated', yaml: doc('resources: { accelerator: { type: nvidia-l4, count: 1 } }\n') },
    { name: 'CPU only: count 0 and no parallelism', yaml: doc('resources: { accelerator: { count: 0 } }\n') },
    { name: 'no GPU count and parallelism 1: nothing to compare', yaml: doc('resources: { tensorParallelSize: 1 }\n') },
  ],
  invalid: [
    {
      name: 'TP above the GPUs: fails to start; two fixes, none automatic',
      mutate: (m) => (m.resources.tensorParallelSize = 4),
      findings: [{ message: /`tensorParallelSize` \(4\) × `pipelineParallelSize` \(1\) = 4, but each replica has 2 accelerators per pod: vLLM needs one GPU per shard/, text: '4', fixable: false }],
    },
    {
      name: 'TP below the GPUs: idle GPUs',
      mutate: (m) => (m.resources.tensorParallelSize = 1),
      findings: [{ message: /= 1, but each replica has 2 accelerators per pod: 1 accelerator per replica sits idle/, text: '1', fixable: false }],
    },
    {
      name: 'several GPUs and no parallelism stated: fix sets TP to the GPU count',
      mutate: (m) => {
        delete m.resources.tensorParallelSize;
        delete m.resources.pipelineParallelSize;
        m.resources.accelerator.count = 4;
      },
      findings: [{ message: /Each replica has 4 accelerators per pod, but `resources.tensorParallelSize` is not stated, so it defaults to 1/, text: '4', fixable: true, fixed: (out) => assert.match(out, /\n {2}tensorParallelSize: 4\n/) }],
    },
    {
      name: 'TP stated without a GPU count: fix adds the count',
      mutate: (m) => delete m.resources.accelerator.count,
      findings: [{ message: /= 2 needs 2 accelerators per replica, but `resources.accelerator.count` is not stated/, text: '2', fixable: true, fixed: (out) => assert.match(out, /\n {4}count: 2\n/) }],
    },
    {
      name: 'pipeline parallelism only, in flow style: reported on pipelineParallelSize',
      yaml: doc('resources: { accelerator: { type: nvidia-l4, count: 4 }, pipelineParallelSize: 2 }\n'),
      findings: [{ message: /`tensorParallelSize` \(1\) × `pipelineParallelSize` \(2\) = 2, but each replica has 4 accelerators per pod/, text: '2', fixable: false }],
    },
  ],
});

describe('scaling/parallelism-matches-gpus quick fixes', () => {
  it('offers to change either side; each removes the finding', () => {
    const c = { name: 'tp 4', mutate: (m: Record<string, any>) => (m.resources.tensorParallelSize = 4) }; // eslint-disable-line @typescript-eslint/no-explicit-any
    const text = mutateExample(c.mutate);
    const [finding] = run(rule, c, text);
    const fixes = (finding.fixes ?? []).filter((f) => !f.title.startsWith('Suppress'));
    assert.deepEqual(fixes.map((f) => f.title), ['Set resources.accelerator.count to 4', 'Set resources.tensorParallelSize to 2']);
    for (const fix of fixes) assert.deepEqual(run(rule, c, applyFixes(text, [fix]).text), [], fix.title);
  });
});

// Kubernetes-family formats: the runtime's parallelism flags against the GPU limit of the serving container.
import { editExample, K8S_EXAMPLE, vllmDeployment } from './kube-fixtures.test';

const LWS = (tp: number, pp: number, gpus: number): string => `apiVersion: leaderworkerset.x-k8s.io/v1
kind: LeaderWorkerSet
metadata:
  name: vllm
spec:
  replicas: 1
  leaderWorkerTemplate:
    size: 2
    leaderTemplate:
      metadata:
        labels: { role: leader }
      spec:
        containers:
          - name: vllm-leader
            image: vllm/vllm-openai:v0.8.5
            args: ["vllm serve org/model --tensor-parallel-size ${tp} --pipeline-parallel-size ${pp}"]
            command: ["sh", "-c"]
            resources:
              limits: { nvidia.com/gpu: "${gpus}" }
    workerTemplate:
      spec:
        containers:
          - name: vllm-worker
            image: vllm/vllm-openai:v0.8.5
            command: ["sh", "-c", "ray start --block"]
            resources:
              limits: { nvidia.com/gpu: "${gpus}" }
`;

ruleTester(rule, {
  valid: [
    { name: 'the production vLLM example (Kubernetes)', yaml: K8S_EXAMPLE },
    { name: 'LeaderWorkerSet: tensor 8 × pipeline 2 over 2 pods of 8 GPUs', yaml: LWS(8, 2, 8) },
    { name: 'TGI shards over all visible GPUs when --num-shard is not set', yaml: vllmDeployment({ container: '          resources:\n            limits: { nvidia.com/gpu: 2 }\n' }).replace('image: vllm/vllm-openai:v0.8.5\n          command: ["vllm", "serve"]', 'image: ghcr.io/huggingface/text-generation-inference:3.0.1\n          command: ["text-generation-launcher"]') },
    { name: 'no GPU limit: not judged here (CPU build, DRA)', yaml: vllmDeployment({ args: ['org/model', '--tensor-parallel-size=2'] }) },
  ],
  invalid: [
    {
      name: 'Kubernetes: --tensor-parallel-size 4 on 2 GPUs (fixes offered, not automatic)',
      yaml: editExample(['--tensor-parallel-size=2', '--tensor-parallel-size=4']),
      findings: [{ message: /^Tensor-parallel size 4 × pipeline-parallel size 1 = 4 GPUs per replica, but container vllm has 2 `nvidia.com\/gpu` per pod: vLLM needs one GPU per rank/, text: '--tensor-parallel-size=4', fixable: false }],
    },
    {
      name: 'Kubernetes: 2 GPUs and no tensor-parallel size: fix adds the flag to args',
      yaml: editExample(['            - --tensor-parallel-size=2\n', '']),
      findings: [{ message: /^Container vllm has 2 `nvidia.com\/gpu` per pod, but no tensor-parallel size is set \(`--tensor-parallel-size`\), so it defaults to 1/, text: '"2"', line: 75, fixable: true, fixed: (out) => assert.match(out, /- --port=8000\n {12}- --tensor-parallel-size=2\n/) }],
    },
    {
      name: 'LeaderWorkerSet: tensor 8 × pipeline 2 over 2 pods of 4 GPUs (a flag in a shell script)',
      yaml: LWS(8, 2, 4),
      findings: [{ message: /^Tensor-parallel size 8 × pipeline-parallel size 2 = 16 GPUs per replica, but the replica has 4 `nvidia.com\/gpu` per pod × 2 pods per replica = 8/, text: '--tensor-parallel-size 8', fixable: false }],
    },
  ],
});

describe('scaling/parallelism-matches-gpus fixes on Kubernetes', () => {
  it('offers the GPU count and the tensor-parallel size, edited in place', () => {
    const text = LWS(8, 2, 4);
    const [f] = run(rule, { name: 'lws', yaml: text });
    const titles = f.fixes!.map((x) => x.title);
    assert.deepEqual(titles.slice(0, 2), ['Set nvidia.com/gpu to 8 per pod', 'Set the tensor-parallel size to 4']);
    assert.match(applyFixes(text, [f.fixes![0]]).text, /vllm-leader[\s\S]*limits: \{ nvidia.com\/gpu: "8" \}/);
    assert.match(applyFixes(text, [f.fixes![1]]).text, /--tensor-parallel-size 4 --pipeline-parallel-size 2/);
  });
});

// Accelerators as each runtime counts them: TPU chips or TensorCores, data-parallel ranks per pod, KServe's
// LLMInferenceService parallelism, values the manifest does not hold.
const TPU = (opts: { accelerator: string; topology: string; chips: number; tp: number }): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: vllm-tpu
spec:
  replicas: 1
  selector:
    matchLabels: { app: vllm-tpu }
  template:
    metadata:
      labels: { app: vllm-tpu }
    spec:
      nodeSelector:
        cloud.google.com/gke-tpu-accelerator: ${opts.accelerator}
        cloud.google.com/gke-tpu-topology: ${opts.topology}
      containers:
        - name: vllm-tpu
          image: vllm/vllm-tpu:v0.11.1
          command: ["python3", "-m", "vllm.entrypoints.openai.api_server"]
          args:
            - --model=Qwen/Qwen2.5-32B-Instruct
            - --tensor-parallel-size=${opts.tp}
            - --max-model-len=8192
            - --port=8000
          resources:
            requests:
              google.com/tpu: "${opts.chips}"
            limits:
              google.com/tpu: "${opts.chips}"
          ports:
            - containerPort: 8000
`;

const LLMISVC_DP = (gpus: number, extra = ''): string => `apiVersion: serving.kserve.io/v1alpha1
kind: LLMInferenceService
metadata:
  name: deepseek-v2-ep
  namespace: wide-ep
spec:
  model:
    name: deepseek-ai/DeepSeek-V2
    uri: "pvc://model-cache-rwx/hub/deepseek-ai/DeepSeek-V2"
  replicas: 1
  parallelism:
    tensor: 1
    data: 16
    dataLocal: 8
    expert: true
${extra}  template:
    containers:
      - name: main
        env:
          - name: VLLM_ALL2ALL_BACKEND
            value: naive
        resources:
          limits:
            nvidia.com/gpu: "${gpus}"
            memory: 512Gi
  worker:
    containers:
      - name: main
        resources:
          limits:
            nvidia.com/gpu: "${gpus}"
  router:
    route: {}
    gateway: {}
    scheduler: {}
`;

const VLLM_GPU = (args: string[], gpus: string, resource = 'nvidia.com/gpu', image = 'vllm/vllm-openai:v0.10.2'): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: decode
spec:
  replicas: 1
  selector:
    matchLabels: { app: decode }
  template:
    metadata:
      labels: { app: decode }
    spec:
      containers:
        - name: vllm
          image: ${image}
          command: ["vllm", "serve"]
          args:
${args.map((a) => `            - ${a}\n`).join('')}          resources:
            limits:
              ${resource}: ${gpus}
`;

ruleTester(rule, {
  valid: [
    { name: 'TPU v5p: 4 chips (2x2x1) with tensor-parallel 8 counts TensorCores, two per chip', yaml: TPU({ accelerator: 'tpu-v5p-slice', topology: '2x2x1', chips: 4, tp: 8 }) },
    { name: 'TPU v5p: 4 chips with tensor-parallel 4 counts chips', yaml: TPU({ accelerator: 'tpu-v5p-slice', topology: '2x2x1', chips: 4, tp: 4 }) },
    { name: 'TPU v6e 2x4: 8 chips with tensor-parallel 8', yaml: TPU({ accelerator: 'tpu-v6e-slice', topology: '2x4', chips: 8, tp: 8 }) },
    { name: 'LLMInferenceService: data 16, dataLocal 8, tensor 1, expert on: 8 GPUs per pod over 2 pods', yaml: LLMISVC_DP(8) },
    { name: 'expert parallelism on 8 GPUs with tensor-parallel 8: experts do not multiply the GPUs', yaml: VLLM_GPU(['deepseek-ai/DeepSeek-V2-Lite', '--tensor-parallel-size=8', '--enable-expert-parallel', '--trust-remote-code'], '"8"') },
    { name: 'AMD: tensor-parallel 2 on 2 amd.com/gpu', yaml: VLLM_GPU(['Qwen/Qwen3-32B', '--tensor-parallel-size=2'], '2', 'amd.com/gpu', 'rocm/vllm:latest') },
    { name: 'a tensor-parallel size from a variable ($(TP) from a ConfigMap) is not judged', yaml: VLLM_GPU(['Qwen/Qwen3-32B', '--tensor-parallel-size=$(TP_SIZE)'], '"8"') },
    { name: 'Neuron devices of an unknown instance family: any core count is plausible', yaml: VLLM_GPU(['meta-llama/Llama-3.1-8B-Instruct', '--tensor-parallel-size=8', '--device=neuron'], '"2"', 'aws.amazon.com/neuron', 'public.ecr.aws/neuron/pytorch-inference-vllm-neuronx:0.9.1-neuronx-py310-sdk2.24.1-ubuntu22.04') },
    { name: 'vLLM-Omni places its stages on the GPUs itself', yaml: VLLM_GPU(['Qwen/Qwen2.5-Omni-7B', '--omni'], '"2"', 'nvidia.com/gpu', 'vllm/vllm-omni:v0.20.0') },
  ],
  invalid: [
    {
      name: 'a real mismatch is still reported: tensor-parallel 4 on 1 nvidia.com/gpu',
      yaml: VLLM_GPU(['deepseek-ai/deepseek-coder-33b-instruct', '--tensor-parallel-size=4'], '"1"'),
      findings: [{ message: /^Tensor-parallel size 4 × pipeline-parallel size 1 = 4 GPUs per replica, but container vllm has 1 `nvidia.com\/gpu` per pod: vLLM needs one GPU per rank and fails to start/, text: '--tensor-parallel-size=4', severity: 'error' }],
    },
    {
      name: 'TPU v6e has one TensorCore per chip: tensor-parallel 8 on 4 chips does not fit',
      yaml: TPU({ accelerator: 'tpu-v6e-slice', topology: '2x2', chips: 4, tp: 8 }),
      findings: [{ message: /= 8 TPU chips per replica, but container vllm-tpu has 4 `google.com\/tpu` per pod: vLLM needs one TPU chip per rank/, text: '--tensor-parallel-size=8', fixable: false }],
    },
    {
      name: 'LLMInferenceService: data 16, dataLocal 8 on 4 GPUs per pod',
      yaml: LLMISVC_DP(4),
      findings: [{ message: /^Parallelism tensor 1 × data-local 8 = 8 GPUs per pod, but container main has 4 `nvidia.com\/gpu` per pod: vLLM needs one GPU per rank/, text: '8' }],
    },
  ],
});

// llm-d wide-EP decode (guides/wide-ep-lws/manifests/modelserver/base/decode.yaml): data-parallel ranks from
// variables in a script use all 8 GPUs; no tensor-parallel flag is needed.
const WIDE_EP = `apiVersion: leaderworkerset.x-k8s.io/v1
kind: LeaderWorkerSet
metadata:
  name: wide-ep-llm-d-decode
spec:
  replicas: 1
  leaderWorkerTemplate:
    size: 1
    workerTemplate:
      spec:
        containers:
        - name: vllm-worker
          image: ghcr.io/llm-d/llm-d-cuda:v0.3.0
          command:
            - /bin/bash
            - -c
          args:
            - |-
              START_RANK=$(( \${LWS_WORKER_INDEX:-0} * DP_SIZE_LOCAL ))
              exec vllm serve \\
                deepseek-ai/DeepSeek-R1-0528 \\
                --port 8200 \\
                --enable-expert-parallel \\
                --data-parallel-hybrid-lb \\
                --data-parallel-size $((LWS_GROUP_SIZE * DP_SIZE_LOCAL)) \\
                --data-parallel-size-local $DP_SIZE_LOCAL \\
                --data-parallel-address \${LWS_LEADER_ADDRESS} \\
                --data-parallel-rpc-port 5555 \\
                --data-parallel-start-rank $START_RANK \\
                --trust-remote-code
          env:
          - name: DP_SIZE_LOCAL
            value: "8"
          resources:
            limits:
              memory: 512Gi
              nvidia.com/gpu: "8"
`;

ruleTester(rule, {
  valid: [{ name: 'llm-d wide-EP: data-parallel ranks set from shell variables use the 8 GPUs', yaml: WIDE_EP }],
  invalid: [],
});

ruleTester(rule, {
  valid: [
    {
      name: 'llm-d AMD wide-EP: tensor-parallel 1 with data-parallel ranks the parser does not read is not judged',
      yaml: WIDE_EP.replace('--enable-expert-parallel \\\\', '--enable-expert-parallel \\\\\n                --tensor-parallel-size 1 \\\\').replace('nvidia.com/gpu', 'amd.com/gpu'),
    },
  ],
  invalid: [],
});
