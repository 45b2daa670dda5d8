import { strict as assert } from 'node:assert';
import { analyze, textAt } from './helpers';

const VLLM = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: llm
  annotations:
    modelready.dev/owner: ml-platform@example.com
    modelready.dev/personal-data: "none"
    modelready.dev/risk-category: limited
spec:
  replicas: 2
  progressDeadlineSeconds: 1800
  strategy:
    type: RollingUpdate
    rollingUpdate: { maxUnavailable: 0, maxSurge: "50%" }
  selector:
    matchLabels: { app: llm }
  template:
    metadata:
      labels: { app: llm }
      annotations: { prometheus.io/scrape: "true", prometheus.io/port: "8000" }
    spec:
      terminationGracePeriodSeconds: 120
      nodeSelector:
        cloud.google.com/gke-accelerator: nvidia-l4
      tolerations:
      - { key: nvidia.com/gpu, operator: Exists, effect: NoSchedule }
      containers:
      - name: vllm
        image: vllm/vllm-openai:v0.10.0
        args: ["--model", "meta-llama/Llama-3.1-8B-Instruct", "--revision", "0e9e39f", "--tensor-parallel-size", "2", "--port", "8000"]
        ports: [{ containerPort: 8000, name: http }]
        env:
        - name: HF_TOKEN
          valueFrom: { secretKeyRef: { name: hf, key: token } }
        resources:
          requests: { cpu: 8, memory: 32Gi, nvidia.com/gpu: 2 }
          limits: { memory: 32Gi, nvidia.com/gpu: "2" }
        readinessProbe: { httpGet: { path: /health, port: http }, periodSeconds: 5 }
        startupProbe: { httpGet: { path: /health, port: 8000 }, failureThreshold: 60, periodSeconds: 10 }
        volumeMounts: [{ name: dshm, mountPath: /dev/shm }]
      volumes:
      - name: dshm
        emptyDir: { medium: Memory, sizeLimit: 8Gi }
`;

describe('Kubernetes adapter', () => {
  it('fills the native facts of a vLLM Deployment, each with its source', () => {
    const { units, findings } = analyze(VLLM);
    assert.deepEqual(findings, []);
    const [u] = units;
    assert.equal(u.isModelServer, true);
    const s = u.spec;
    assert.equal(s.metadata?.owner, 'ml-platform@example.com');
    assert.equal(s.governance?.personalData?.processed, false);
    assert.equal(s.governance?.aiAct?.riskCategory, 'limited');
    assert.equal(s.model?.uri, 'hf://meta-llama/Llama-3.1-8B-Instruct');
    assert.equal(s.model?.revision, '0e9e39f');
    assert.deepEqual([s.serving?.runtime, s.serving?.image, s.serving?.port, s.serving?.protocol], ['vllm', 'vllm/vllm-openai:v0.10.0', 8000, 'openai']);
    assert.deepEqual(s.resources?.accelerator, { count: 2, resourceName: 'nvidia.com/gpu', vendor: 'nvidia', type: 'nvidia-l4' });
    assert.deepEqual([s.resources?.cpu, s.resources?.memory, s.resources?.tensorParallelSize, s.resources?.sharedMemory], [8, '32Gi', 2, '8Gi']);
    assert.equal(s.resources?.tolerations?.[0].key, 'nvidia.com/gpu');
    assert.deepEqual([s.scaling?.minReplicas, s.scaling?.maxReplicas], [2, 2]);
    assert.deepEqual(s.reliability?.probes?.readiness, { path: '/health', port: 8000, periodSeconds: 5 });
    assert.equal(s.reliability?.probes?.liveness, undefined);
    assert.equal(s.reliability?.probes?.startupTimeoutSeconds, 600);
    assert.deepEqual(s.reliability?.rollout, { strategy: 'rolling', maxUnavailable: 0, maxSurge: '50%' });
    assert.deepEqual([s.reliability?.terminationGracePeriodSeconds, s.reliability?.progressDeadlineSeconds], [120, 1800]);
    assert.deepEqual(s.monitoring?.metrics, { scrape: true, port: 8000 });
    assert.equal(s.serving?.env?.[0].secretRef?.name, 'hf');
    assert.equal(u.pod?.containers[0].env[0].fromSecret, true);
    assert.equal(u.pod?.containers[0].probes?.readiness?.portNumber, 8000);
    assert.deepEqual(u.pod?.labels, { app: 'llm' });
  });

  it('reports each fact on its own source range, and missing facts where they would go', () => {
    const { units } = analyze(VLLM);
    const u = units[0];
    assert.equal(textAt(VLLM, u, 'serving.image'), 'vllm/vllm-openai:v0.10.0');
    assert.equal(textAt(VLLM, u, 'model.revision'), '"0e9e39f"');
    assert.equal(textAt(VLLM, u, 'resources.tensorParallelSize'), '"2"');
    assert.equal(textAt(VLLM, u, 'resources.accelerator.count'), '"2"');
    assert.equal(textAt(VLLM, u, 'resources.accelerator.type'), 'nvidia-l4');
    assert.equal(textAt(VLLM, u, 'metadata.owner'), 'ml-platform@example.com');
    assert.equal(textAt(VLLM, u, 'scaling.minReplicas'), '2');
    assert.ok(textAt(VLLM, u, 'reliability.probes.liveness').startsWith('name: vllm') || textAt(VLLM, u, 'reliability.probes.liveness') === 'vllm');
  });

  it('makes Services, PDBs, HPAs and NetworkPolicies KubeResources with selector / target', () => {
    const { resources, findings } = analyze(`apiVersion: v1
kind: Service
metadata: { name: llm }
spec: { selector: { app: llm }, ports: [{ port: 80, targetPort: http }] }
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: llm }
spec: { minAvailable: 1, selector: { matchLabels: { app: llm } } }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: llm }
spec: { scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: llm }, minReplicas: 2, maxReplicas: 4 }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: llm }
spec: { podSelector: { matchLabels: { app: llm } } }
`);
    assert.deepEqual(findings, []);
    assert.deepEqual(resources.map((r) => [r.kind, r.selector, r.targetRef]), [
      ['Service', { app: 'llm' }, undefined],
      ['PodDisruptionBudget', { app: 'llm' }, undefined],
      ['HorizontalPodAutoscaler', undefined, { kind: 'Deployment', name: 'llm' }],
      ['NetworkPolicy', { app: 'llm' }, undefined],
    ]);
  });

  it('accepts what the API server accepts: nulls, numbers as Quantities, strings as IntOrString, YAML 1.1 booleans', () => {
    const { findings } = analyze(`apiVersion: apps/v1
kind: Deployment
metadata: { name: x, annotations: , creationTimestamp: null }
spec:
  selector: { matchLabels: { app: x } }
  strategy: { rollingUpdate: { maxUnavailable: "0", maxSurge: 1 } }
  template:
    metadata: { labels: { app: x } }
    spec:
      enableServiceLinks: no
      containers:
      - name: x
        image: nginx:1.27
        imagePullPolicy: null
        resources: { limits: { cpu: 4, memory: 1.5Gi, nvidia.com/gpu: 1 } }
`);
    assert.deepEqual(findings, []);
  });

  it('reports wrong types, bad Quantities and unknown fields (as warnings)', () => {
    const { findings } = analyze(`apiVersion: apps/v1
kind: Deployment
metadata: { name: x }
spec:
  replicas: two
  selector: { matchLabels: { app: x } }
  template:
    spec:
      containers:
      - name: x
        image: nginx
        resources: { limits: { memory: 2 GB } }
        imagePullPolcy: Always
`);
    assert.deepEqual(
      findings.map((f) => [f.range.start.line, f.severity, f.message.split(/[.;]/)[0]]),
      [
        [4, 'error', '`replicas` must be an integer, not the string "two"'],
        [11, 'error', '`memory` `2 GB` is not valid'],
        [12, 'warning', 'Property `imagePullPolcy` is not allowed in `containers`'],
      ],
    );
  });

  it('flags envsubst placeholders as placeholders, once each', () => {
    const { findings } = analyze(`apiVersion: v1
kind: Service
metadata: { name: x }
spec:
  type: \${SERVICE_TYPE:-ClusterIP}
  ports:
  - port: \${PORT}
`);
    assert.deepEqual(findings.map((f) => [f.severity, f.data?.kind]), [['warning', 'placeholder'], ['warning', 'placeholder']]);
  });

  it('skips the required check of a partial (Kustomize patch) and still checks types', () => {
    const patch = `apiVersion: apps/v1
kind: Deployment
metadata: { name: x }
spec:
  replicas: "3"
  template: { spec: { containers: [{ name: x, args: ["--tensor-parallel-size=2"] }] } }
`;
    assert.deepEqual(analyze(patch).findings.map((f) => f.data?.kind ?? 'type'), ['missing-property', 'type']);
    const partial = analyze(patch, { partial: true }).findings;
    assert.deepEqual(partial.map((f) => f.data?.kind ?? 'type'), ['type']);
  });

  it('skips a Helm template with one info finding, but not controller templates inside strings', () => {
    const helm = analyze(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "x.fullname" . }}
spec:
  replicas: {{ .Values.replicas }}
`);
    assert.deepEqual(helm.findings.map((f) => [f.code, f.severity, f.range.start.line]), [['meta/template', 'info', 3]]);
    const kserve = analyze(`apiVersion: v1
kind: ConfigMap
metadata: { name: x }
data:
  args: "--model_name={{.Name}} {{ .Spec.Model.Name }}"
`);
    assert.deepEqual(kserve.findings, []);
  });

  it('does not treat nginx as a model server, but honours modelready.dev/model', () => {
    const plain = analyze(`apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  selector: { matchLabels: { app: web } }
  template: { metadata: { labels: { app: web } }, spec: { containers: [{ name: web, image: nginx:1.27 }] } }
`);
    assert.equal(plain.units[0].isModelServer, false);
    const annotated = analyze(`apiVersion: apps/v1
kind: Deployment
metadata: { name: web, annotations: { modelready.dev/model: "hf://org/model" } }
spec:
  selector: { matchLabels: { app: web } }
  template: { metadata: { labels: { app: web } }, spec: { containers: [{ name: web, image: my/server:1 }] } }
`);
    assert.equal(annotated.units[0].isModelServer, true);
    assert.equal(annotated.units[0].spec.model?.uri, 'hf://org/model');
  });
});
