import { strict as assert } from 'node:assert';
import { analyze, textAt } from './helpers';
import { checkAll, findingOf, fixed } from './checks';

/**
 * A vLLM server as an Argo Rollout: the pod template of GKE's vllm-gemma Deployment
 * (GoogleCloudPlatform/kubernetes-engine-samples ai-ml/llm-serving-gemma/vllm), a canary in weighted steps with
 * an analysis, as argo-rollouts' examples write it. Every fact is sound.
 */
const ROLLOUT = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: vllm-gemma
spec:
  replicas: 2
  revisionHistoryLimit: 2
  selector:
    matchLabels:
      app: gemma-server
  template:
    metadata:
      labels:
        app: gemma-server
    spec:
      containers:
      - name: inference-server
        image: vllm/vllm-openai:v0.10.0@sha256:0b51ec38fb965b8f2a4c6b0d2a4a0b8f5c36b0b5c6f2b43cc8bd1a1c3c5e0c1f
        args:
        - --model=google/gemma-2-2b-it
        - --revision=299a8560bedf22ed1c72a8a7b6dce5c4e1c2f9e3
        - --tensor-parallel-size=1
        env:
        - name: HUGGING_FACE_HUB_TOKEN
          valueFrom:
            secretKeyRef:
              name: hf-secret
              key: hf_api_token
        ports:
        - containerPort: 8000
        resources:
          requests:
            cpu: "2"
            memory: 10Gi
            nvidia.com/gpu: "1"
          limits:
            cpu: "2"
            memory: 10Gi
            nvidia.com/gpu: "1"
        readinessProbe:
          httpGet:
            path: /health
            port: 8000
        livenessProbe:
          httpGet:
            path: /health
            port: 8000
        startupProbe:
          httpGet:
            path: /health
            port: 8000
          failureThreshold: 60
          periodSeconds: 10
      nodeSelector:
        cloud.google.com/gke-accelerator: nvidia-l4
  strategy:
    canary:
      steps:
      - setWeight: 20
      - pause: { duration: 10m }
      - setWeight: 50
      - pause: { duration: 10m }
      analysis:
        templates:
        - templateName: error-rate
`;

describe('Argo Rollouts adapter', () => {
  it('reads the pod template like a Deployment\'s, and the canary steps and analysis', () => {
    const { units, findings } = analyze(ROLLOUT);
    assert.deepEqual(findings, []);
    const u = units[0];
    const s = u.spec;
    assert.deepEqual(
      [u.format, u.kind, u.isModelServer, s.serving?.runtime, s.model?.uri, s.resources?.accelerator?.count, s.scaling?.minReplicas, s.reliability?.rollout?.strategy, s.reliability?.rollout?.steps, s.reliability?.rollout?.rollbackOn],
      ['kubernetes', 'Rollout', true, 'vllm', 'hf://google/gemma-2-2b-it', 1, 2, 'canary', [20, 50], ['error-rate']],
    );
    assert.equal(textAt(ROLLOUT, u, 'reliability.rollout.strategy'), 'steps:');
  });

  it('counts canary and blue-green as a safe rollout', () => {
    assert.ok(!checkAll(ROLLOUT).some((f) => f.code === 'reliability/safe-rollout'));
    const blueGreen = ROLLOUT.replace(/ {2}strategy:\n[\s\S]*$/, '  strategy:\n    blueGreen:\n      activeService: vllm-active\n      previewService: vllm-preview\n');
    const { units, findings } = analyze(blueGreen);
    assert.deepEqual(findings, []);
    assert.equal(units[0].spec.reliability?.rollout?.strategy, 'blue-green');
    assert.ok(!checkAll(blueGreen).some((f) => f.code === 'reliability/safe-rollout'));
  });

  it('judges nothing of the pods of a Rollout that takes them from a Deployment (`workloadRef`)', () => {
    const text = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: { name: ref }\nspec:\n  replicas: 2\n  workloadRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: vllm\n  strategy:\n    canary:\n      steps:\n      - setWeight: 20\n';
    const { units, findings } = analyze(text);
    assert.deepEqual(findings, []);
    assert.equal(units[0].isModelServer, false);
    assert.deepEqual(checkAll(text).filter((f) => f.severity !== 'info').map((f) => f.code), []);
  });

  it('reports an unknown field of the pod template as the API server would prune it', () => {
    const { findings } = analyze(ROLLOUT.replace('      nodeSelector:', '      nodeName: gpu-1\n      nodeSelector:').replace('        ports:', '        portz:\n        - containerPort: 9000\n        ports:'));
    assert.deepEqual(findings.map((f) => [f.severity, f.message.split('.')[0]]), [['warning', 'Property `portz` is not allowed in `containers`']]);
  });

  describe('planted defects', () => {
    it('reports a moving tag and pins the image by digest', () => {
      const text = ROLLOUT.replace(/vllm\/vllm-openai:v0.10.0@sha256:\w+/, 'vllm/vllm-openai:latest');
      const f = findingOf(checkAll(text), 'reliability/image-pinned');
      assert.match(fixed(text, f), /image: vllm\/vllm-openai@sha256:digest\n/);
    });

    it('reports an unpinned model and adds --revision', () => {
      const text = ROLLOUT.replace('        - --revision=299a8560bedf22ed1c72a8a7b6dce5c4e1c2f9e3\n', '');
      const f = findingOf(checkAll(text), 'reliability/model-revision-pinned');
      assert.match(fixed(text, f), /--revision/);
    });

    it('reports a literal token', () => {
      const text = ROLLOUT.replace('          valueFrom:\n            secretKeyRef:\n              name: hf-secret\n              key: hf_api_token\n', '          value: hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ012345678\n');
      assert.equal(findingOf(checkAll(text), 'security/inline-secret').severity, 'error');
    });

    it('reports tensor parallelism beyond the GPUs of the pod', () => {
      const text = ROLLOUT.replace('--tensor-parallel-size=1', '--tensor-parallel-size=2');
      assert.match(findingOf(checkAll(text), 'scaling/parallelism-matches-gpus').message, /2/);
    });

    it('reports missing probes and adds them to the container', () => {
      const none = ROLLOUT.replace(/ {8}readinessProbe:[\s\S]*? {10}periodSeconds: 10\n/, '');
      assert.match(fixed(none, findingOf(checkAll(none), 'reliability/readiness-probe')), /readinessProbe:\n {10}httpGet:\n {12}path: \/health/);
      // Liveness without a startup probe restarts the server while it loads.
      const noStartup = ROLLOUT.replace(/ {8}startupProbe:[\s\S]*? {10}periodSeconds: 10\n/, '');
      assert.match(findingOf(checkAll(noStartup), 'reliability/startup-probe').message, /No startup probe \(`startupProbe` of container `inference-server`\): the liveness probe restarts the server/);
    });

    it('reports one replica and raises `replicas`', () => {
      const text = ROLLOUT.replace('replicas: 2', 'replicas: 1');
      assert.match(fixed(text, findingOf(checkAll(text), 'reliability/replicas-ha')), /\n {2}replicas: 2\n/);
    });
  });
});
