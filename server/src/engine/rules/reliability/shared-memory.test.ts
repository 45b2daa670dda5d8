import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './shared-memory';
import { PRODUCTION_EXAMPLE, VLLM, vllm } from './kube-fixtures.test';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: demo }\nmodel: { uri: "hf://org/model" }\n';

ruleTester(rule, {
  valid: [
    { name: 'one GPU needs no shared memory', mutate: (m) => (Object.assign(m.resources, { tensorParallelSize: 1, pipelineParallelSize: 1 }), (m.resources.accelerator.count = 1), delete m.resources.sharedMemory) },
    { name: 'two GPUs but TP 1 stated: one GPU used per process', yaml: `${HEAD}resources: { accelerator: { count: 2 }, tensorParallelSize: 1 }\n` },
    { name: 'llama.cpp splits layers in one process', yaml: `${HEAD}serving: { runtime: llama-cpp }\nresources: { accelerator: { count: 2 } }\n` },
    { name: 'a decimal quantity large enough', mutate: (m) => (m.resources.sharedMemory = '2G') },
  ],
  invalid: [
    {
      name: 'tensor parallelism without /dev/shm: a warning, fix adds 2Gi',
      mutate: (m) => delete m.resources.sharedMemory,
      findings: [{ message: /With tensor parallelism \(2\), NCCL and the server's worker queues use \/dev\/shm.*bus error or NCCL "unhandled system error"/, text: 'resources', severity: 'warning', fixable: true, fixed: (out) => assert.match(out, /^ {2}sharedMemory: 2Gi$/m) }],
    },
    {
      name: 'the Docker default 64Mi is too small (flow style)',
      yaml: `${HEAD}resources: { accelerator: { count: 4 }, tensorParallelSize: 2, pipelineParallelSize: 2, sharedMemory: 64Mi }\n`,
      findings: [{ message: /\(64Mi\) is too small for tensor parallelism \(2\) and pipeline parallelism \(2\)/, text: '64Mi', fixable: true, fixed: (out) => assert.match(out, /sharedMemory: 2Gi \}/) }],
    },
    {
      name: 'several GPUs and no parallelism stated',
      yaml: `${HEAD}resources:\n  accelerator: { type: nvidia-h100-80gb, count: 8 }\n`,
      findings: [{ message: /With 8 GPUs per replica/, text: 'resources', fixable: true }],
    },
    {
      name: 'zero shared memory',
      mutate: (m) => (m.resources.sharedMemory = 0),
      findings: [{ message: /\(0\) is too small/, text: '0', fixable: true }],
    },
  ],
});

const TP2 = vllm(['            - --port=8000\n', '            - --port=8000\n            - --tensor-parallel-size=2\n'], ['nvidia.com/gpu: "1"', 'nvidia.com/gpu: "2"']);

// Kubernetes family: a memory-backed emptyDir mounted at /dev/shm in the serving container.
ruleTester(rule, {
  valid: [
    { name: 'k8s: the production vLLM example (8Gi)', yaml: PRODUCTION_EXAMPLE },
    { name: 'k8s: one GPU, no parallelism', yaml: VLLM },
    { name: 'k8s: vLLM with 2 GPUs but no parallelism flag uses one', yaml: vllm(['nvidia.com/gpu: "1"', 'nvidia.com/gpu: "2"']) },
    {
      name: 'k8s: a memory-backed /dev/shm without sizeLimit (bounded by the pod memory)',
      yaml: TP2 + '          volumeMounts:\n            - name: dshm\n              mountPath: /dev/shm\n      volumes:\n        - name: dshm\n          emptyDir:\n            medium: Memory\n',
    },
  ],
  invalid: [
    {
      name: 'k8s: tensor parallelism without /dev/shm: fix adds the volume and its mount',
      yaml: TP2,
      findings: [
        {
          message: /With tensor parallelism \(2\), NCCL and the server's worker queues use \/dev\/shm.*in container `vllm`/,
          text: 'vllm',
          severity: 'warning',
          fixable: true,
          fixed: (out) => {
            assert.match(out, /\n {10}volumeMounts:\n {12}- name: dshm\n {14}mountPath: \/dev\/shm\n/);
            assert.match(out, /\n {6}volumes:\n {8}- name: dshm\n {10}emptyDir:\n {12}medium: Memory\n {12}sizeLimit: 2Gi\n/);
          },
        },
      ],
    },
    {
      name: 'k8s: /dev/shm on a disk-backed emptyDir',
      yaml: TP2 + '          volumeMounts:\n            - name: dshm\n              mountPath: /dev/shm\n      volumes:\n        - name: dshm\n          emptyDir: {}\n',
      findings: [{ message: /is an `emptyDir` on the node's disk/, text: 'emptyDir', fixable: true, fixed: (out) => assert.match(out, /emptyDir: \{ medium: Memory \}/) }],
    },
    {
      name: 'k8s: a 64Mi /dev/shm',
      yaml: TP2 + '          volumeMounts:\n            - name: dshm\n              mountPath: /dev/shm\n      volumes:\n        - name: dshm\n          emptyDir:\n            medium: Memory\n            sizeLimit: 64Mi\n',
      findings: [{ message: /\(sizeLimit 64Mi\) is too small for tensor parallelism \(2\)/, text: '64Mi', fixable: true, fixed: (out) => assert.match(out, /sizeLimit: 2Gi/) }],
    },
  ],
});

// Only GPUs whose collectives use /dev/shm (NCCL, RCCL, oneCCL), and only what the manifest holds.
const POD = (opts: { image: string; args: string[]; limits: string; nodeSelector?: string }): string => `apiVersion: apps/v1
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
${opts.nodeSelector ? `      nodeSelector:\n${opts.nodeSelector}` : ''}      containers:
        - name: server
${opts.image ? `          image: ${opts.image}\n` : ''}          args:
${opts.args.map((a) => `            - ${a}\n`).join('')}          resources:
            limits:
${opts.limits}`;

ruleTester(rule, {
  valid: [
    {
      name: 'k8s: a TPU pod (tensor-parallel over 8 chips) gets no /dev/shm advice',
      yaml: POD({
        image: 'vllm/vllm-tpu:v0.11.1',
        args: ['vllm', 'serve', 'Qwen/Qwen2.5-32B-Instruct', '--tensor-parallel-size=8'],
        limits: '              google.com/tpu: "8"\n',
        nodeSelector: '        cloud.google.com/gke-tpu-accelerator: tpu-v6e-slice\n        cloud.google.com/gke-tpu-topology: 2x4\n',
      }),
    },
    {
      name: 'k8s: a Neuron pod (tensor-parallel over NeuronCores) gets no /dev/shm advice',
      yaml: POD({
        image: 'public.ecr.aws/neuron/pytorch-inference-vllm-neuronx:0.9.1-neuronx-py310-sdk2.24.1-ubuntu22.04',
        args: ['vllm', 'serve', 'meta-llama/Llama-3.1-8B-Instruct', '--tensor-parallel-size=8', '--device=neuron'],
        limits: '              aws.amazon.com/neuron: "4"\n',
        nodeSelector: '        node.kubernetes.io/instance-type: inf2.24xlarge\n',
      }),
    },
    {
      name: 'k8s: a Kustomize patch fragment (no image): its base may mount /dev/shm',
      yaml: POD({ image: '', args: ['vllm', 'serve', 'Qwen/Qwen3-32B', '--tensor-parallel-size=2'], limits: '              nvidia.com/gpu: "2"\n' }),
    },
    {
      name: 'k8s: a tensor-parallel size from a variable is not judged',
      yaml: POD({ image: 'vllm/vllm-openai:v0.10.2', args: ['vllm', 'serve', 'Qwen/Qwen3-32B', '--tensor-parallel-size=$(TP_SIZE)'], limits: '              nvidia.com/gpu: "2"\n' }),
    },
  ],
  invalid: [
    {
      name: 'k8s: AMD GPUs with tensor parallelism use RCCL through /dev/shm too',
      yaml: POD({ image: 'rocm/vllm:rocm6.4.1_vllm_0.9.1_20250702', args: ['vllm', 'serve', 'Qwen/Qwen3-32B', '--tensor-parallel-size=2'], limits: '              amd.com/gpu: "2"\n' }),
      findings: [{ message: /With tensor parallelism \(2\), NCCL and the server's worker queues use \/dev\/shm/, text: 'server', severity: 'warning', fixable: true }],
    },
  ],
});
