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
