import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './metrics';
import { analyzeFile, buildWorkspace, checkFile } from '../../check';
import { DEFAULT_CONFIG } from '../../config/config';
import { makeResource } from '../../formats/workload';
import { deployment, inferenceService, K8S_EXAMPLE, SERVICE } from '../governance/workload-fixtures.test';

/** A GKE PodMonitoring of another server of the workspace: the workspace scrapes its servers itself. */
const EMBEDDINGS_MONITOR = 'apiVersion: monitoring.googleapis.com/v1\nkind: PodMonitoring\nmetadata:\n  name: embeddings\nspec:\n  selector:\n    matchLabels:\n      app: embeddings\n  endpoints:\n    - port: 8080\n      path: /metrics\n';

/** KServe's platform configuration as its repo ships it (config/configmap/inferenceservice.yaml). */
const KSERVE_CONFIG = `apiVersion: v1
kind: ConfigMap
metadata:
  name: inferenceservice-config
  namespace: kserve
data:
  metricsAggregator: |-
    {
      "enableMetricAggregation": "false",
      "enablePrometheusScraping": "false"
    }
`;

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: m }\nmodel: { uri: hf://org/model }\n';

ruleTester(rule, {
  valid: [
    { name: 'path, port and scrape: true (flow style)', yaml: `${HEAD}monitoring:\n  metrics: { path: /metrics, port: 8000, scrape: true }\n` },
    { name: 'path defaults to /metrics and port to serving.port: only scrape is needed', mutate: (m) => (m.monitoring.metrics = { scrape: true }) },
    // Kubernetes-family model servers: every one is judged (no opt-in).
    { name: 'Kubernetes: the production example (prometheus.io annotations on the pods)', yaml: K8S_EXAMPLE },
    { name: 'Kubernetes: a container port named `metrics`', yaml: deployment({ container: 'ports:\n  - name: metrics\n    containerPort: 8000\n' }) },
    { name: 'KServe: serving.kserve.io/enable-prometheus-scraping', yaml: inferenceService({ 'serving.kserve.io/enable-prometheus-scraping': 'true' }) },
    { name: 'Kubernetes: not a model server', yaml: deployment({ image: 'nginx:1.27', args: '[]' }) },
    { name: 'KServe: no annotation and no platform config in the workspace: the platform default decides (unknown)', yaml: inferenceService() },
    {
      name: 'KServe: the platform config turns scraping on for every InferenceService',
      yaml: inferenceService(),
      files: { 'file:///workspace/config/inferenceservice-config.yaml': KSERVE_CONFIG.replace('"enablePrometheusScraping": "false"', '"enablePrometheusScraping": "true"') },
    },
    {
      // AIBrix samples put the scrape annotations on the Service (prometheus-discovery), not on the pods.
      name: 'Kubernetes: a Service of the pods carries prometheus.io/scrape',
      yaml: deployment() + SERVICE.replace('  name: llm\n  namespace: genai\n', '  name: llm\n  namespace: genai\n  annotations:\n    prometheus.io/scrape: "true"\n    prometheus.io/port: "8000"\n'),
    },
    {
      name: 'Kubernetes: a Kustomize patch that only overrides the vLLM args (the pod metadata comes with the base)',
      partial: true,
      yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: vllm\nspec:\n  template:\n    spec:\n      containers:\n        - name: inference-server\n          args: ["--model=google/gemma-7b-AWQ", "--tensor-parallel-size=1"]\n---\napiVersion: monitoring.googleapis.com/v1\nkind: PodMonitoring\nmetadata:\n  name: other\nspec:\n  selector: { matchLabels: { app: other } }\n',
    },
  ],
  invalid: [
    {
      name: 'no metrics section: reported on the monitoring key; the fix adds a scraped endpoint on serving.port',
      mutate: (m) => delete m.monitoring.metrics,
      findings: [
        {
          message: /No metrics endpoint is declared/,
          text: 'monitoring',
          fixable: true,
          fixed: (out) => assert.match(out, /metrics:\n {4}path: \/metrics\n {4}port: 8000\n {4}scrape: true\n/),
        },
      ],
    },
    {
      name: 'Triton without metrics: the fix uses its metrics port 8002; no monitoring section at all',
      yaml: `${HEAD}serving: { runtime: triton, port: 8000 }\n`,
      findings: [{ message: /No metrics endpoint/, text: 'ModelDeployment', fixable: true, fixed: (out) => assert.match(out, /port: 8002/) }],
    },
    {
      name: 'scrape: false is reported on the value, without an automatic fix',
      mutate: (m) => (m.monitoring.metrics.scrape = false),
      findings: [{ message: /scrape` is false: the metrics are exposed but nothing collects them/, text: 'false', fixable: false }],
    },
    {
      name: 'an empty flow mapping: scrape not stated, reported on the metrics key; the fix writes into the braces',
      yaml: `${HEAD}monitoring:\n  metrics: {}\n`,
      findings: [{ message: /does not say whether the metrics are scraped/, text: 'metrics', fixable: true, fixed: (out) => assert.match(out, /metrics: \{ scrape: true \}/) }],
    },
    {
      name: 'Kubernetes: nothing scrapes a vLLM Deployment in a workspace that scrapes other servers: a warning on the pod template metadata, the fix adds prometheus.io annotations',
      yaml: deployment() + SERVICE,
      files: { 'file:///workspace/embeddings/monitor.yaml': EMBEDDINGS_MONITOR },
      findings: [
        {
          message: /^No scrape configuration in the workspace covers the metrics of `llm` \(vllm serves them on \/metrics, port 8000\): no `prometheus\.io\/scrape` annotation on its pods or a Service of them, no port named `metrics`, and no PodMonitor, PodMonitoring or ServiceMonitor selects them/,
          text: 'metadata',
          line: 12,
          severity: 'warning',
          fixable: true,
          fixed: (out) =>
            assert.match(out, /\n {6}labels:\n {8}app: llm\n {6}annotations:\n {8}prometheus\.io\/scrape: "true"\n {8}prometheus\.io\/port: "8000"\n {8}prometheus\.io\/path: \/metrics\n {4}spec:/),
        },
      ],
    },
    {
      name: 'Kubernetes: a workspace that scrapes nothing itself: a hint that names the cluster-wide alternative',
      yaml: deployment() + SERVICE,
      findings: [{ message: /covers the metrics of `llm`.*if the cluster scrapes them another way/, text: 'metadata', severity: 'info', fixable: true }],
    },
    {
      name: 'Kubernetes: Triton serves metrics on 8002; existing pod annotations are extended',
      yaml: deployment({ image: 'nvcr.io/nvidia/tritonserver:24.08-py3', args: '["tritonserver", "--model-repository=/models"]', podAnnotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' } }),
      findings: [{ message: /triton serves them on \/metrics, port 8002/, text: 'annotations', fixable: true, fixed: (out) => assert.match(out, /safe-to-evict: "false"\n {8}prometheus\.io\/scrape: "true"\n {8}prometheus\.io\/port: "8002"\n/) }],
    },
    {
      name: 'Kubernetes: prometheus.io/scrape "false" is reported on its value, without an automatic fix',
      yaml: deployment({ podAnnotations: { 'prometheus.io/scrape': 'false' } }),
      findings: [{ message: /^`prometheus\.io\/scrape` is not "true"/, text: '"false"', fixable: false }],
    },
    {
      name: 'KServe: the platform config in the workspace leaves scraping off: the fix turns on KServe\'s own scraping annotation',
      yaml: inferenceService(),
      files: { 'file:///workspace/config/inferenceservice-config.yaml': KSERVE_CONFIG },
      findings: [{ message: /covers the metrics of `chat`/, text: 'metadata', fixable: true, fixed: (out) => assert.match(out, /\n {2}annotations:\n {4}serving\.kserve\.io\/enable-prometheus-scraping: "true"\nspec:/) }],
    },
  ],
});

describe('monitoring/metrics monitors (PodMonitor, PodMonitoring, ServiceMonitor)', () => {
  // These kinds have no schema, so no adapter indexes them yet: the resources are added to the workspace by hand.
  const config = { ...DEFAULT_CONFIG, profile: 'production' as const };
  const findings = (text: string, monitor: string): string[] => {
    const file = analyzeFile('file:///w/llm.yaml', text, config);
    const ws = buildWorkspace([file]);
    const m = analyzeFile('file:///w/monitor.yaml', monitor, config);
    const value = m.yaml.documents[0].toJS() as { value: Record<string, unknown> };
    const resources = [...ws.resources, makeResource(m.uri, m.yaml.documents[0], String(value.value.apiVersion), String(value.value.kind), value.value)];
    return checkFile(file, { ...ws, resources }, config, {}, [rule]).filter((f) => f.code === rule.meta.id).map((f) => f.message);
  };
  it('a PodMonitoring (GKE) selecting the pods counts', () => {
    const monitor = 'apiVersion: monitoring.googleapis.com/v1\nkind: PodMonitoring\nmetadata:\n  name: vllm\nspec:\n  selector:\n    matchLabels:\n      app: llm\n  endpoints:\n    - port: 8000\n';
    assert.deepEqual(findings(deployment(), monitor), []);
    assert.equal(findings(deployment(), monitor.replace('app: llm', 'app: other')).length, 1);
  });
  it('a ServiceMonitor selecting a Service that selects the pods counts', () => {
    const monitor = 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: vllm\n  namespace: genai\nspec:\n  selector:\n    matchLabels:\n      tier: model\n  endpoints:\n    - port: http\n';
    const service = SERVICE.replace('  name: llm\n  namespace: genai\n', '  name: llm\n  namespace: genai\n  labels:\n    tier: model\n');
    assert.deepEqual(findings(deployment() + service, monitor), []);
    assert.equal(findings(deployment() + SERVICE, monitor).length, 1);
  });
});

describe('monitoring/metrics severity follows what the files around the server scrape', () => {
  const config = { ...DEFAULT_CONFIG, profile: 'production' as const };
  const check = (files: Record<string, string>, uri: string) => {
    const analyses = Object.entries(files).map(([u, text]) => analyzeFile(u, text, config));
    const ws = buildWorkspace(analyses);
    return checkFile(analyses.find((a) => a.uri === uri)!, ws, config, {}, [rule]).filter((f) => f.code === rule.meta.id).map((f) => f.severity);
  };
  const server = 'file:///repo/ai-ml/llm-serving-gemma/vllm/vllm-2-2b.yaml';
  it('a PodMonitoring of another tutorial of the repository does not make this one\'s scraping an omission: a hint', () => {
    assert.deepEqual(check({ [server]: deployment() + SERVICE, 'file:///repo/ai-ml/llm-multihost-gpus/vllm_pod_monitor.yaml': EMBEDDINGS_MONITOR }, server), ['info']);
  });
  it('a monitor beside it, for other pods, makes it one: a warning', () => {
    assert.deepEqual(check({ [server]: deployment() + SERVICE, 'file:///repo/ai-ml/llm-serving-gemma/monitoring/embeddings.yaml': EMBEDDINGS_MONITOR }, server), ['warning']);
  });
});
