import { strict as assert } from 'node:assert';
import { analyze } from './helpers';

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
