import { strict as assert } from 'node:assert';
import { analyzeFile, buildWorkspace } from '../check';
import { replicaCeiling, unitScaling } from './autoscaling';

function workspace(files: Record<string, string>) {
  const ws = buildWorkspace(Object.entries(files).map(([uri, text]) => analyzeFile(uri, text)));
  return { ws, unit: (uri: string) => ws.units.find((u) => u.uri === uri)! };
}

const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: vllm\nspec:\n  replicas: 2\n  selector:\n    matchLabels: { app: vllm }\n  template:\n    metadata:\n      labels: { app: vllm }\n    spec:\n      containers:\n        - name: vllm\n          image: vllm/vllm-openai:v0.11.0\n          args: ["--model", "Qwen/Qwen3-8B"]\n';
const SCALED_OBJECT = 'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: vllm\nspec:\n  scaleTargetRef: { name: vllm }\n  maxReplicaCount: 6\n  triggers:\n    - type: prometheus\n      metadata: { query: "sum(vllm:num_requests_waiting)", threshold: "10" }\n';

describe('facts/autoscaling: one autoscaler view of every format', () => {
  it('a native manifest: its `scaling` is its autoscaler, or it has none', () => {
    const { ws, unit } = workspace({
      'file:///r/a.yaml': 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: m\nscaling:\n  minReplicas: 2\n  maxReplicas: 8\n  autoscaler: keda\n  metric: { type: queue-depth, target: 10 }\n',
      'file:///r/b.yaml': 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: n\n',
    });
    const a = unitScaling(unit('file:///r/a.yaml'), ws);
    assert.equal(a.by, 'manifest');
    assert.deepEqual(a.autoscalers.map((x) => [x.engine, x.min, x.max, x.signals[0]?.name, x.scalesToZero]), [['keda', 2, 8, 'queue-depth', true]]);
    assert.deepEqual(unitScaling(unit('file:///r/b.yaml'), ws).autoscalers, []);
    assert.equal(replicaCeiling(unit('file:///r/a.yaml'), ws).count, 8);
  });
  it('a Deployment: the KEDA ScaledObject beside it, with KEDA\'s default minimum, and its maximum as the ceiling', () => {
    const { ws, unit } = workspace({ 'file:///r/deployment.yaml': DEPLOYMENT, 'file:///r/keda.yaml': SCALED_OBJECT });
    const s = unitScaling(unit('file:///r/deployment.yaml'), ws);
    assert.equal(s.by, 'resources');
    assert.equal(s.targetApiVersion, 'apps/v1');
    assert.deepEqual(s.autoscalers.map((x) => [x.label, x.engine, x.min, x.defaultMin, x.max, x.signals.map((g) => g.name)]), [['ScaledObject vllm', 'keda', undefined, 0, 6, ['prometheus']]]);
    const ceiling = replicaCeiling(unit('file:///r/deployment.yaml'), ws);
    assert.equal(ceiling.count, 6);
    assert.equal(ceiling.by?.label, 'ScaledObject vllm');
  });
  it('a Deployment without an autoscaler: none, and its replicas as the ceiling', () => {
    const { ws, unit } = workspace({ 'file:///r/deployment.yaml': DEPLOYMENT });
    assert.deepEqual(unitScaling(unit('file:///r/deployment.yaml'), ws).autoscalers, []);
    assert.deepEqual(replicaCeiling(unit('file:///r/deployment.yaml'), ws), { count: 2 });
  });
  it('KServe: the predictor\'s own bounds and scaleMetric, which KServe follows without one', () => {
    const { ws, unit } = workspace({
      'file:///r/isvc.yaml': 'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: llama\nspec:\n  predictor:\n    minReplicas: 1\n    maxReplicas: 3\n    scaleMetric: concurrency\n    model:\n      modelFormat: { name: huggingface }\n      storageUri: hf://meta-llama/Llama-3.1-8B-Instruct\n',
    });
    const s = unitScaling(unit('file:///r/isvc.yaml'), ws);
    assert.equal(s.by, 'platform');
    assert.deepEqual(s.autoscalers.map((x) => [x.engine, x.min, x.max, x.signals[0]?.name, x.implicitSignal, x.servingSignal]), [['kserve', 1, 3, 'running-requests', true, 'concurrency']]);
  });
  it('a RayService: autoscaling is its own field; without it no autoscaler, with it bounds that a fix cannot edit', () => {
    const ray = (deployment: string): string =>
      `apiVersion: ray.io/v1\nkind: RayService\nmetadata:\n  name: rs\nspec:\n  serveConfigV2: |\n    applications:\n      - name: app\n        import_path: app:deployment\n        deployments:\n          - name: Model\n${deployment}  rayClusterConfig:\n    headGroupSpec:\n      rayStartParams: {}\n      template:\n        spec:\n          containers:\n            - name: ray-head\n              image: rayproject/ray:2.40.0\n`;
    const { ws, unit } = workspace({
      'file:///r/fixed.yaml': ray('            num_replicas: 2\n'),
      'file:///r/auto.yaml': ray('            autoscaling_config:\n              min_replicas: 1\n              max_replicas: 4\n'),
    });
    const fixed = unitScaling(unit('file:///r/fixed.yaml'), ws);
    assert.equal(fixed.by, 'own');
    assert.deepEqual(fixed.autoscalers, []);
    assert.match(fixed.enable?.field ?? '', /autoscaling_config/);
    assert.deepEqual(unitScaling(unit('file:///r/auto.yaml'), ws).autoscalers.map((x) => [x.engine, x.min, x.max, x.editable]), [['ray-serve', 1, 4, false]]);
  });
});
