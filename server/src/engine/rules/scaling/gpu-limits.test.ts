import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './gpu-limits';

const doc = (body: string): string => `apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: m\nmodel:\n  uri: hf://org/model\n${body}`;

ruleTester(rule, {
  valid: [
    { name: 'CPU on purpose: count 0 without a type', mutate: (m) => (m.resources.accelerator = { count: 0 }) },
    { name: 'a runtime that also runs on CPU (Triton) without accelerator', yaml: doc('serving: { runtime: triton }\n') },
    { name: 'AMD accelerator with its resource name', mutate: (m) => (m.resources.accelerator = { type: 'amd-mi300x', count: 2, resourceName: 'amd.com/gpu' }) },
    { name: 'NVIDIA MIG slice: any nvidia.com/ resource', mutate: (m) => (m.resources.accelerator = { type: 'nvidia-a100-80gb', count: 2, resourceName: 'nvidia.com/mig-3g.40gb' }) },
    { name: 'unknown vendor prefix: resource name not judged', mutate: (m) => (m.resources.accelerator = { type: 'acme-npu', count: 2, resourceName: 'acme.io/npu' }) },
  ],
  invalid: [
    {
      name: 'vLLM without accelerator: fix requests as many as tensor × pipeline parallelism',
      mutate: (m) => delete m.resources.accelerator,
      findings: [{ message: /No accelerator is requested \(`resources.accelerator`\): a vLLM server/, text: 'resources', fixable: true, fixed: (out) => assert.match(out, /accelerator:\n {4}type: nvidia-l4\n {4}count: 2\n/) }],
    },
    {
      name: 'accelerator without count: reported on the accelerator key',
      mutate: (m) => delete m.resources.accelerator.count,
      findings: [{ message: /does not say how many accelerators each pod gets: without `count` no `nvidia.com\/gpu` limit/, text: 'accelerator', fixable: true, fixed: (out) => assert.match(out, /resourceName: nvidia.com\/gpu\n {4}count: 2\n/) }],
    },
    {
      name: 'a type with count 0: the pod gets no GPU (no automatic fix)',
      mutate: (m) => (m.resources.accelerator.count = 0),
      findings: [{ message: /`resources.accelerator.type` is nvidia-l4 but `count` is 0/, text: '0', fixable: false }],
    },
    {
      name: 'AMD accelerator without resource name: the default nvidia.com/gpu would leave it Pending',
      mutate: (m) => (m.resources.accelerator = { type: 'amd-mi300x', count: 2 }),
      findings: [{ message: /no `resourceName` is stated, so the pod asks for the default `nvidia.com\/gpu`/, text: 'accelerator', fixable: true, fixed: (out) => assert.match(out, /resourceName: amd.com\/gpu/) }],
    },
    {
      name: 'resource name of another vendor',
      yaml: doc('resources:\n  accelerator: { type: nvidia-h100-80gb, count: 8, resourceName: amd.com/gpu }\n'),
      findings: [{ message: /resourceName` is amd.com\/gpu, but nvidia-h100-80gb accelerators are advertised .* as `nvidia.com\/gpu`/, text: 'amd.com/gpu', fixable: true, fixed: (out) => assert.match(out, /resourceName: nvidia.com\/gpu \}/) }],
    },
    {
      name: 'option gpuRuntimes adds Triton',
      yaml: doc('serving: { runtime: triton }\n'),
      options: { gpuRuntimes: ['triton'] },
      findings: [{ message: /a Triton server is then scheduled without a GPU/, text: 'ModelDeployment', fixable: true }],
    },
  ],
});

// Kubernetes-family formats: what the API server rejects, and GPU nodes without a GPU limit.
import { editExample, K8S_EXAMPLE, vllmDeployment } from './kube-fixtures.test';

ruleTester(rule, {
  valid: [
    { name: 'the production vLLM example (Kubernetes)', yaml: K8S_EXAMPLE },
    { name: 'a GPU limit without a request (the limit is the request)', yaml: vllmDeployment({ container: '          resources:\n            limits: { nvidia.com/gpu: 1 }\n' }) },
    { name: 'a vLLM CPU server (no GPU node selected) is not judged', yaml: vllmDeployment({ container: '          resources:\n            requests: { cpu: "8", memory: 16Gi }\n' }) },
  ],
  invalid: [
    {
      name: 'Kubernetes: a GPU request that differs from the limit: fix requests the limit',
      yaml: editExample(['              memory: 32Gi\n              nvidia.com/gpu: "2"\n            limits:', '              memory: 32Gi\n              nvidia.com/gpu: "4"\n            limits:']),
      findings: [{ message: /^Container vllm requests 4 `nvidia.com\/gpu` but its limit is 2: accelerators cannot be overcommitted/, text: '"4"', fixable: true, fixed: (out) => assert.match(out, /memory: 32Gi\n {14}nvidia.com\/gpu: "2"\n {12}limits:/) }],
    },
    {
      name: 'Kubernetes: a GPU request without a limit: on the request key, fix adds the limit',
      yaml: editExample(['            limits:\n              memory: 32Gi\n              nvidia.com/gpu: "2"\n', '            limits:\n              memory: 32Gi\n']),
      findings: [{ message: /^Container vllm requests `nvidia.com\/gpu` \(2\) without a limit/, text: 'nvidia.com/gpu', line: 73, fixable: true, fixed: (out) => assert.match(out, /limits:\n {14}memory: 32Gi\n {14}nvidia.com\/gpu: "2"\n/) }],
    },
    {
      name: 'Kubernetes: the pod selects L4 nodes but asks for no GPU: fix adds the limit (tensor-parallel size 2)',
      yaml: editExample(['              nvidia.com/gpu: "2"\n            limits:\n              memory: 32Gi\n              nvidia.com/gpu: "2"\n', '            limits:\n              memory: 32Gi\n']),
      findings: [
        {
          message: /^The pod selects nvidia-l4 nodes, but container vllm has no `nvidia.com\/gpu` limit: the device plugin gives it no accelerator/,
          text: 'resources',
          fixable: true,
          fixed: (out) => assert.match(out, /limits:\n {14}memory: 32Gi\n {14}nvidia.com\/gpu: "2"\n/),
        },
      ],
    },
    {
      name: 'Kubernetes: an AMD resource on NVIDIA nodes: fix renames it in limits and requests',
      yaml: K8S_EXAMPLE.replace(/nvidia\.com\/gpu: "2"/g, 'amd.com/gpu: "2"'),
      findings: [{ message: /^Container vllm asks for `amd.com\/gpu`, but the pod selects nvidia-l4 nodes/, text: 'amd.com/gpu', line: 76, fixable: true, fixed: (out) => assert.equal((out.match(/nvidia\.com\/gpu: "2"/g) ?? []).length, 2) }],
    },
    {
      name: 'LeaderWorkerSet: GPU request and limit differ on the worker template',
      yaml: `apiVersion: leaderworkerset.x-k8s.io/v1
kind: LeaderWorkerSet
metadata:
  name: vllm
spec:
  replicas: 1
  leaderWorkerTemplate:
    size: 2
    workerTemplate:
      spec:
        containers:
          - name: vllm-worker
            image: vllm/vllm-openai:v0.8.5
            command: ["vllm", "serve", "org/model", "--tensor-parallel-size=8", "--pipeline-parallel-size=2"]
            resources:
              requests: { nvidia.com/gpu: 4 }
              limits: { nvidia.com/gpu: 8 }
`,
      findings: [{ message: /^Container vllm-worker requests 4 `nvidia.com\/gpu` but its limit is 8/, text: '4', fixable: true, fixed: (out) => assert.match(out, /requests: \{ nvidia.com\/gpu: 8 \}/) }],
    },
  ],
});

// Per vendor: the node labels of TPU and Neuron nodes name their resource; a fragment or KServe may set it elsewhere.
const SERVER = (nodeSelector: string, limits: string, image = 'vllm/vllm-tpu:v0.11.1'): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: server
spec:
  replicas: 1
  selector:
    matchLabels: { app: server }
  template:
    metadata:
      labels: { app: server }
    spec:
      nodeSelector:
${nodeSelector}      containers:
        - name: server
${image ? `          image: ${image}\n` : ''}          command: ["vllm", "serve", "Qwen/Qwen2.5-7B-Instruct", "--tensor-parallel-size=4"]
          resources:
            limits:
${limits}`;
const V5E = '        cloud.google.com/gke-tpu-accelerator: tpu-v5-lite-podslice\n        cloud.google.com/gke-tpu-topology: 2x2\n';

ruleTester(rule, {
  valid: [
    { name: 'k8s: a TPU v5e pod with its google.com/tpu limit', yaml: SERVER(V5E, '              google.com/tpu: "4"\n') },
    { name: 'k8s: a Neuron pod on inf2 asking for NeuronCores', yaml: SERVER('        node.kubernetes.io/instance-type: inf2.48xlarge\n', '              aws.amazon.com/neuroncore: "4"\n', 'public.ecr.aws/neuron/pytorch-inference-vllm-neuronx:0.9.1-neuronx-py310-sdk2.24.1-ubuntu22.04') },
    { name: 'k8s: a patch fragment on TPU nodes (no image): the base holds the limit', yaml: SERVER(V5E, '              memory: 64Gi\n', '') },
    {
      name: 'KServe: an InferenceService on L4 nodes without a GPU limit (its ServingRuntime completes the container)',
      yaml: 'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: llama\nspec:\n  predictor:\n    nodeSelector:\n      cloud.google.com/gke-accelerator: nvidia-l4\n    model:\n      modelFormat: { name: huggingface }\n      runtime: kserve-vllm\n      storageUri: hf://meta-llama/Llama-3.1-8B-Instruct\n',
    },
  ],
  invalid: [
    {
      name: 'k8s: a pod on TPU nodes without a google.com/tpu limit',
      yaml: SERVER(V5E, '              memory: 64Gi\n'),
      findings: [{ message: /^The pod selects tpu-v5-lite-podslice nodes, but container server has no `google.com\/tpu` limit/, text: 'resources', fixable: true }],
    },
    {
      name: 'k8s: an NVIDIA resource on TPU nodes stays Pending',
      yaml: SERVER(V5E, '              nvidia.com/gpu: "4"\n'),
      findings: [{ message: /asks for `nvidia.com\/gpu`, but the pod selects tpu-v5-lite-podslice nodes, whose device plugin advertises `google.com\/tpu`/, text: 'nvidia.com/gpu', fixable: true }],
    },
  ],
});
