import { strict as assert } from 'node:assert';
import { analyze, textAt } from './helpers';

const LWS = `apiVersion: leaderworkerset.x-k8s.io/v1
kind: LeaderWorkerSet
metadata: { name: vllm }
spec:
  replicas: 1
  leaderWorkerTemplate:
    size: 2
    leaderTemplate:
      spec:
        containers:
        - name: vllm-leader
          image: vllm/vllm-openai:v0.8.5
          command: ["sh", "-c", "bash ray_init.sh leader; python3 -m vllm.entrypoints.openai.api_server --port 8080 --model deepseek-ai/DeepSeek-R1 --tensor-parallel-size 8 --pipeline-parallel-size 2 --trust-remote-code"]
          resources: { limits: { nvidia.com/gpu: "8" } }
    workerTemplate:
      spec:
        containers:
        - name: vllm-worker
          image: vllm/vllm-openai:v0.8.5
          resources: { limits: { nvidia.com/gpu: "8" } }
`;

describe('LeaderWorkerSet adapter', () => {
  it('reads the leader: model, parallelism from a shell string, nodes per replica', () => {
    const { units, findings } = analyze(LWS);
    assert.deepEqual(findings, []);
    const u = units[0];
    const s = u.spec;
    assert.deepEqual(
      [u.isModelServer, s.serving?.runtime, s.model?.uri, s.resources?.tensorParallelSize, s.resources?.pipelineParallelSize, s.serving?.trustRemoteCode, s.serving?.port, s.resources?.nodesPerReplica],
      [true, 'vllm', 'hf://deepseek-ai/DeepSeek-R1', 8, 2, true, 8080, 2],
    );
    assert.ok(textAt(LWS, u, 'resources.tensorParallelSize').includes('--tensor-parallel-size 8'));
  });

  it('applies CRD defaults before `required` (size and restartPolicy have defaults)', () => {
    const { findings } = analyze(`apiVersion: leaderworkerset.x-k8s.io/v1
kind: LeaderWorkerSet
metadata: { name: x }
spec:
  leaderWorkerTemplate:
    workerTemplate: { spec: { containers: [{ name: w, image: "vllm/vllm-openai:v0.8.5" }] } }
`);
    assert.deepEqual(findings, []);
  });
});
