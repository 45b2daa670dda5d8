import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from './helpers';
import { checkAll, findingOf } from './checks';
import { CORPUS } from '../../support/corpus';

describe('KubeRay adapter', () => {
  it('reads the model and Serve autoscaling from serveConfigV2 and the GPU worker group', () => {
    const { units, findings } = analyze(`apiVersion: ray.io/v1
kind: RayService
metadata: { name: llm }
spec:
  serveConfigV2: |
    applications:
    - name: llms
      import_path: ray.serve.llm:build_openai_app
      args:
        llm_configs:
        - model_loading_config: { model_id: qwen, model_source: Qwen/Qwen2.5-7B-Instruct }
          engine_kwargs: { tensor_parallel_size: 4, max_model_len: 1024 }
          deployment_config: { autoscaling_config: { min_replicas: 1, max_replicas: 4 } }
  rayClusterConfig:
    headGroupSpec:
      rayStartParams: {}
      template: { spec: { containers: [{ name: head, image: "rayproject/ray-llm:2.52.0" }] } }
    workerGroupSpecs:
    - groupName: gpu
      replicas: 1
      rayStartParams: {}
      template:
        spec:
          containers:
          - name: worker
            image: rayproject/ray-llm:2.52.0
            resources: { limits: { nvidia.com/gpu: "4", cpu: "32", memory: 32Gi } }
`);
    assert.deepEqual(findings, []);
    const u = units[0];
    assert.equal(u.isModelServer, true);
    const s = u.spec;
    assert.deepEqual(
      [s.serving?.runtime, s.model?.uri, s.resources?.tensorParallelSize, s.resources?.accelerator?.count, s.scaling?.minReplicas, s.scaling?.maxReplicas, s.scaling?.autoscaler],
      ['ray-serve', 'hf://Qwen/Qwen2.5-7B-Instruct', 4, 4, 1, 4, 'ray-serve'],
    );
    assert.equal(u.pod?.containers[0].name, 'worker');
  });

  it('accepts a null where the CRD says nullable, and v1alpha1', () => {
    const { findings } = analyze(`apiVersion: ray.io/v1alpha1
kind: RayService
metadata: { name: x }
spec:
  rayClusterConfig:
    headGroupSpec: { rayStartParams: {}, template: { spec: { containers: [{ name: h, image: "rayproject/ray:2.9.0" }] } } }
`);
    assert.deepEqual(findings, []);
  });
});

/**
 * vLLM on a RayCluster, as multi-node vLLM guides run it (vLLM "Distributed inference and serving" with
 * `--distributed-executor-backend ray`; ray-project/kuberay samples for the cluster shape): the head starts Ray
 * and `vllm serve`, a GPU worker group joins. Every fact is sound.
 */
const VLLM_CLUSTER = `apiVersion: ray.io/v1
kind: RayCluster
metadata:
  name: vllm-llama
spec:
  rayVersion: "2.46.0"
  headGroupSpec:
    rayStartParams:
      dashboard-host: 0.0.0.0
    template:
      spec:
        securityContext:
          runAsNonRoot: true
          runAsUser: 1000
        containers:
        - name: ray-head
          image: vllm/vllm-openai:v0.10.0
          command: ["/bin/bash", "-c"]
          args:
          - ray start --head --port=6379 --block & sleep 30; vllm serve meta-llama/Llama-3.1-70B-Instruct --revision 1605565b47bb9346c5515c34102e054115b4f98b --tensor-parallel-size 8 --pipeline-parallel-size 2 --distributed-executor-backend ray --port 8000
          env:
          - name: HF_TOKEN
            valueFrom:
              secretKeyRef: { name: hf-secret, key: token }
          ports:
          - containerPort: 8000
            name: http
          resources:
            limits: { cpu: "16", memory: 128Gi, nvidia.com/gpu: "8" }
            requests: { cpu: "16", memory: 128Gi, nvidia.com/gpu: "8" }
  workerGroupSpecs:
  - groupName: gpu-group
    replicas: 1
    minReplicas: 1
    maxReplicas: 1
    rayStartParams: {}
    template:
      spec:
        containers:
        - name: ray-worker
          image: vllm/vllm-openai:v0.10.0
          resources:
            limits: { cpu: "16", memory: 128Gi, nvidia.com/gpu: "8" }
            requests: { cpu: "16", memory: 128Gi, nvidia.com/gpu: "8" }
`;

describe('KubeRay RayCluster and RayJob', () => {
  it('reads every sample RayCluster without a schema error, head and every worker group as pods, and no model server', () => {
    const dir = join(CORPUS, 'kuberay', 'ray-operator', 'config', 'samples');
    const files = readdirSync(dir).filter((f) => f.startsWith('ray-cluster.'));
    assert.equal(files.length, 12);
    for (const f of files) {
      const { units, findings } = analyze(readFileSync(join(dir, f), 'utf8'));
      assert.deepEqual(findings.map((x) => x.message), [], f);
      const clusters = units.filter((u) => u.kind === 'RayCluster');
      assert.equal(clusters.length, 1, f);
      // A plain Ray cluster is a compute cluster: generic hygiene is judged only with `scope: all-workloads`.
      assert.equal(clusters[0].isModelServer, false, f);
    }
    const complete = analyze(readFileSync(join(dir, 'ray-cluster.complete.yaml'), 'utf8')).units[0];
    assert.deepEqual(complete.pods?.map((p) => p.group), ['head group', 'worker group `small-group`']);
  });

  it('knows a RayCluster whose head runs vLLM as a model server, with its flags', () => {
    const { units, findings } = analyze(VLLM_CLUSTER);
    assert.deepEqual(findings, []);
    const u = units[0];
    const s = u.spec;
    assert.deepEqual(
      [u.format, u.isModelServer, s.serving?.runtime, s.model?.uri, s.model?.revision, s.resources?.tensorParallelSize, s.resources?.pipelineParallelSize, s.resources?.accelerator?.count, u.pod?.group, u.pods?.length],
      ['kuberay', true, 'vllm', 'hf://meta-llama/Llama-3.1-70B-Instruct', '1605565b47bb9346c5515c34102e054115b4f98b', 8, 2, 8, 'head group', 2],
    );
  });

  it('reads the cluster of a RayJob (`rayClusterSpec`); a batch job is no model server', () => {
    // The shape of ray-project/kuberay ray-operator/config/samples/ray-job.sample.yaml.
    const job = `apiVersion: ray.io/v1
kind: RayJob
metadata:
  name: rayjob-sample
spec:
  entrypoint: python /home/ray/samples/sample_code.py
  shutdownAfterJobFinishes: true
  ttlSecondsAfterFinished: 600
  rayClusterSpec:
    rayVersion: "2.46.0"
    headGroupSpec:
      rayStartParams: {}
      template:
        spec:
          containers:
          - name: ray-head
            image: rayproject/ray:2.46.0
            resources: { limits: { cpu: "1", memory: 2Gi } }
    workerGroupSpecs:
    - groupName: small-group
      replicas: 1
      rayStartParams: {}
      template:
        spec:
          containers:
          - name: ray-worker
            image: rayproject/ray:2.46.0
            resources: { limits: { cpu: "1", memory: 1Gi } }
`;
    const { units, findings } = analyze(job);
    assert.deepEqual(findings.map((f) => f.message), []);
    assert.deepEqual([units[0].kind, units[0].isModelServer, units[0].pods?.map((p) => p.path.slice(0, 3))], ['RayJob', false, [['spec', 'rayClusterSpec', 'headGroupSpec'], ['spec', 'rayClusterSpec', 'workerGroupSpecs']]]);
    const unknown = analyze(job.replace('  ttlSecondsAfterFinished: 600', '  ttlSecondsAfterFinish: 600')).findings;
    assert.deepEqual(unknown.map((f) => [f.severity, f.message]), [['warning', 'Property `ttlSecondsAfterFinish` is not allowed in `spec`; did you mean `ttlSecondsAfterFinished`?']]);
  });

  describe('planted defects in a vLLM RayCluster', () => {
    it('reports moving tags in the head and every worker group', () => {
      const text = VLLM_CLUSTER.replaceAll('vllm/vllm-openai:v0.10.0', 'vllm/vllm-openai:latest');
      const pinned = checkAll(text).filter((f) => f.code === 'reliability/image-pinned');
      assert.deepEqual(pinned.map((f) => f.range.start.line + 1), [17, 41]);
    });

    it('reports an unpinned model with the vLLM flag, not Ray Serve\'s engine_kwargs', () => {
      const text = VLLM_CLUSTER.replace(' --revision 1605565b47bb9346c5515c34102e054115b4f98b', '');
      const f = findingOf(checkAll(text), 'reliability/model-revision-pinned');
      assert.match(f.message, /`--revision <commit>`/);
      assert.ok(!f.message.includes('serveConfigV2'));
    });

    it('reports a literal token', () => {
      const text = VLLM_CLUSTER.replace('            valueFrom:\n              secretKeyRef: { name: hf-secret, key: token }\n', '            value: hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ012345678\n');
      assert.equal(findingOf(checkAll(text), 'security/inline-secret').severity, 'error');
    });

    it('leaves the replica count alone: one cluster runs one server', () => {
      assert.ok(!checkAll(VLLM_CLUSTER).some((f) => f.code === 'reliability/replicas-ha'));
    });
  });
});
