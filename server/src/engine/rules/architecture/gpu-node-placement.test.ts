import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './gpu-node-placement';
import { KSERVE_HF, PRODUCTION_EXAMPLE, VLLM, vllm } from '../reliability/kube-fixtures.test';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: demo }\nmodel: { uri: "hf://org/model" }\n';

ruleTester(rule, {
  valid: [
    { name: 'CPU-only server (count 0)', mutate: (m) => (m.resources.accelerator.count = 0, delete m.resources.nodeSelector, delete m.resources.tolerations) },
    { name: 'no accelerator at all', mutate: (m) => (delete m.resources.accelerator, delete m.resources.nodeSelector, delete m.resources.tolerations) },
    {
      name: 'a toleration of every taint (operator Exists, no key) and a Karpenter label',
      yaml: `${HEAD}resources:\n  accelerator: { type: nvidia-h100-80gb, count: 8 }\n  nodeSelector: { karpenter.k8s.aws/instance-gpu-name: h100 }\n  tolerations: [{ operator: Exists }]\n`,
    },
    {
      name: 'AMD accelerator tolerates amd.com/gpu; a custom label key is allowed by option',
      yaml: `${HEAD}resources:\n  accelerator: { type: amd-mi300x, count: 1 }\n  nodeSelector: { example.com/pool: mi300 }\n  tolerations: [{ key: amd.com/gpu, operator: Exists, effect: NoSchedule }]\n`,
      options: { nodeSelectorKeys: ['example.com/pool'] },
    },
  ],
  invalid: [
    {
      name: 'no toleration (block style): fix appends one to the list',
      mutate: (m) => (m.resources.tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'ml', effect: 'NoSchedule' }]),
      findings: [
        {
          message: /No toleration for the `nvidia.com\/gpu` taint/,
          text: 'tolerations',
          fixable: true,
          fixed: (out) => assert.match(out, / {4}- key: dedicated\n(.*\n){3} {4}- key: nvidia.com\/gpu\n {6}operator: Exists\n {6}effect: NoSchedule\n/),
        },
      ],
    },
    {
      name: 'no tolerations key at all: fix adds the list',
      mutate: (m) => delete m.resources.tolerations,
      findings: [{ message: /No toleration/, text: 'resources', fixable: true, fixed: (out) => assert.match(out, /tolerations:\n {4}- key: nvidia.com\/gpu/) }],
    },
    {
      name: 'on GCP without a node selector: fix selects the GKE accelerator label',
      mutate: (m) => delete m.resources.nodeSelector,
      findings: [
        { message: /does not pin accelerator nodes/, text: 'resources', fixable: true, fixed: (out) => assert.match(out, /nodeSelector:\n {4}cloud.google.com\/gke-accelerator: nvidia-l4/) },
      ],
    },
    {
      name: 'off GCP, flow style, empty tolerations: selector is a snippet, toleration fix fills the flow list',
      yaml: `${HEAD}architecture: { provider: aws }\nresources:\n  accelerator: { type: nvidia-a10g, count: 1 }\n  tolerations: []\n`,
      findings: [
        { message: /requests 1 accelerator \(nvidia-a10g\)/, text: 'resources', fixable: false },
        { message: /No toleration/, text: 'tolerations', fixable: true, fixed: (out) => assert.match(out, /tolerations: \[\{ key: nvidia.com\/gpu, operator: Exists, effect: NoSchedule \}\]/) },
      ],
    },
    {
      name: 'a node selector that does not select GPU nodes',
      mutate: (m) => (m.resources.nodeSelector = { 'kubernetes.io/os': 'linux' }),
      findings: [{ message: /\(kubernetes.io\/os\) does not select accelerator nodes/, text: 'nodeSelector', fixable: false }],
    },
  ],
});

// Kubernetes family: a node selector (or affinity) that pins the GPU type of an LLM server.
ruleTester(rule, {
  valid: [
    { name: 'k8s: the production vLLM example', yaml: PRODUCTION_EXAMPLE },
    { name: 'k8s: GKE accelerator label; the toleration comes from ExtendedResourceToleration', yaml: VLLM },
    { name: 'k8s: a CPU-only server', yaml: vllm(['          resources:\n            limits:\n              nvidia.com/gpu: "1"\n', '']) },
    { name: 'kserve: a small predictor on one GPU is not judged', yaml: KSERVE_HF },
  ],
  invalid: [
    {
      name: 'k8s: no nodeSelector: on the pod spec key, snippet only (the cluster decides the label)',
      yaml: vllm(['      nodeSelector:\n        cloud.google.com/gke-accelerator: nvidia-l4\n', '']),
      findings: [{ message: /requests 1 accelerator but its pod has no `nodeSelector`/, text: 'spec', line: 14, fixable: false }],
    },
    {
      name: 'k8s: a nodeSelector that does not select GPU nodes',
      yaml: vllm(['cloud.google.com/gke-accelerator: nvidia-l4', 'kubernetes.io/os: linux']),
      findings: [{ message: /`nodeSelector` \(kubernetes.io\/os\) does not select accelerator nodes/, text: 'nodeSelector', fixable: false }],
    },
  ],
});

// Per vendor: what the platform handles (GKE's ExtendedResourceToleration), and vendor-correct messages.
ruleTester(rule, {
  valid: [
    {
      name: 'GKE only: the platform adds the nvidia.com/gpu toleration itself',
      yaml: `${HEAD}architecture: { provider: gcp }\nresources:\n  accelerator: { type: nvidia-l4, count: 1 }\n  nodeSelector: { cloud.google.com/gke-accelerator: nvidia-l4 }\n`,
    },
    {
      name: 'a TPU (GKE only) needs no toleration in the manifest',
      yaml: `${HEAD}resources:\n  accelerator: { type: google-tpu-v5e, count: 4, resourceName: google.com/tpu }\n  nodeSelector: { cloud.google.com/gke-tpu-accelerator: tpu-v5-lite-podslice }\n`,
    },
    {
      name: 'kserve: an LLMInferenceService whose LLMInferenceServiceConfig may place the pods',
      yaml: `apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceService
metadata:
  name: qwen2-7b-instruct-amd
spec:
  model:
    uri: hf://Qwen/Qwen2.5-7B-Instruct
    name: Qwen/Qwen2.5-7B-Instruct
  replicas: 2
  template:
    containers:
      - name: main
        image: ghcr.io/llm-d/llm-d-rocm:v0.9.0
        resources:
          limits:
            cpu: '4'
            memory: 32Gi
            amd.com/gpu: "1"
`,
    },
    {
      name: 'k8s: a TPU pod pinned by the GKE TPU labels',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: vllm-tpu }
spec:
  selector: { matchLabels: { app: vllm-tpu } }
  template:
    metadata: { labels: { app: vllm-tpu } }
    spec:
      nodeSelector:
        cloud.google.com/gke-tpu-accelerator: tpu-v6e-slice
        cloud.google.com/gke-tpu-topology: 2x4
      containers:
        - name: vllm-tpu
          image: vllm/vllm-tpu:v0.11.1
          command: ["vllm", "serve", "Qwen/Qwen2.5-32B-Instruct", "--tensor-parallel-size=8"]
          resources:
            limits: { google.com/tpu: "8" }
`,
    },
  ],
  invalid: [
    {
      name: 'AMD off GKE: the amd.com/gpu taint needs a toleration',
      yaml: `${HEAD}architecture: { provider: azure }\nresources:\n  accelerator: { type: amd-mi300x, count: 8, resourceName: amd.com/gpu }\n  nodeSelector: { amd.com/gpu.product-name: AMD_Instinct_MI300X_OAM }\n`,
      findings: [{ message: /No toleration for the `amd.com\/gpu` taint/, text: 'resources', fixable: true }],
    },
    {
      name: 'k8s: a TPU pod without node selector risks another TPU generation or topology',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: vllm-tpu }
spec:
  selector: { matchLabels: { app: vllm-tpu } }
  template:
    metadata: { labels: { app: vllm-tpu } }
    spec:
      containers:
        - name: vllm-tpu
          image: vllm/vllm-tpu:v0.11.1
          command: ["vllm", "serve", "Qwen/Qwen2.5-32B-Instruct", "--tensor-parallel-size=8"]
          resources:
            limits: { google.com/tpu: "8" }
`,
      findings: [{ message: /requests 8 accelerators but its pod has no `nodeSelector`.*a TPU slice of another generation or topology/, text: 'spec', fixable: false }],
    },
  ],
});

ruleTester(rule, {
  valid: [
    {
      name: "k8s: a required node affinity on the cluster's own GPU-model label (AIBrix heterogeneous sample)",
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: deepseek-coder-7b-v100
spec:
  replicas: 1
  selector:
    matchLabels: { app: deepseek-coder-7b-v100 }
  template:
    metadata:
      labels: { app: deepseek-coder-7b-v100 }
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - key: machine.cluster.vke.volcengine.com/gpu-name
                operator: In
                values:
                - Tesla-V100
      containers:
      - name: vllm-openai
        image: vllm/vllm-openai:v0.7.1
        command: ["vllm", "serve", "deepseek-ai/deepseek-coder-6.7b-instruct", "--port", "8000"]
        resources:
          limits:
            nvidia.com/gpu: "1"
`,
    },
  ],
  invalid: [],
});
