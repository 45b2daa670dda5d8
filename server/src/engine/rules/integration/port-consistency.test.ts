import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './port-consistency';

const doc = (body: string): string => `apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: m\nmodel:\n  uri: hf://org/model\n${body}`;

ruleTester(rule, {
  valid: [
    { name: 'a probe that states the serving port', mutate: (m) => (m.reliability.probes.liveness.port = 8000) },
    {
      name: 'Triton serves metrics on its own port (8002)',
      mutate: (m) => {
        m.serving.runtime = 'triton';
        m.monitoring.metrics.port = 8002;
      },
    },
    { name: 'no serving port: nothing to compare', yaml: doc('reliability: { probes: { readiness: { path: /health, port: 8080 } } }\nmonitoring: { metrics: { port: 9090 } }\n') },
    { name: 'a gRPC server is probed over its HTTP port', yaml: doc('serving: { runtime: triton, protocol: grpc, port: 8001 }\nreliability: { probes: { readiness: { path: /v2/health/ready, port: 8000 } } }\n') },
  ],
  invalid: [
    {
      name: 'vLLM metrics scraped on another port: fix scrapes the serving port',
      mutate: (m) => (m.monitoring.metrics.port = 9090),
      findings: [{ message: /`monitoring.metrics.port` is 9090 but vLLM serves `\/metrics` on its API port \(8000\)/, text: '9090', fixable: true, fixed: (out) => assert.match(out, /metrics:\n {4}path: \/metrics\n {4}port: 8000\n/) }],
    },
    {
      name: 'liveness probe on the wrong port',
      mutate: (m) => (m.reliability.probes.liveness.port = 8080),
      findings: [{ message: /`reliability.probes.liveness.port` is 8080 but the server listens on `serving.port` 8000: .*restarts the container over and over/, text: '8080', fixable: true, fixed: (out) => assert.match(out, /port: 8000/) }],
    },
    {
      name: 'readiness and startup probes on the wrong port, flow style: two findings',
      yaml: doc('serving: { runtime: sglang, port: 30000 }\nreliability: { probes: { readiness: { path: /health, port: 8000 }, startup: { path: /health, port: 8000, failureThreshold: 60 } } }\n'),
      findings: [
        { message: /readiness.port` is 8000 .* never receives traffic/, text: '8000', line: 8, fixable: true },
        { message: /startup.port` is 8000 .* startup budget runs out/, text: '8000', line: 8, fixable: true },
      ],
    },
  ],
});

// Kubernetes: probe ports, Service target ports and the scrape port against the ports the server listens on.
import { editExample, K8S_EXAMPLE } from '../scaling/kube-fixtures.test';

ruleTester(rule, {
  valid: [
    { name: 'the production vLLM example (named ports)', yaml: K8S_EXAMPLE },
    { name: 'numeric probe and target ports on the listen port', yaml: K8S_EXAMPLE.replace(/port: http \}/g, 'port: 8000 }').replace('targetPort: http', 'targetPort: 8000') },
  ],
  invalid: [
    {
      name: 'Kubernetes: the Service targets a port name no container declares: on the container ports, fix names the http port',
      yaml: editExample(['      targetPort: http', '      targetPort: api']),
      findings: [{ message: /^Service llama-chat names the port `api`, which no container of the pods declares: it has no ready endpoints/, text: 'ports', line: 66, fixable: true, fixed: (out) => assert.match(out, /port: 80\n {6}targetPort: http\n/) }],
    },
    {
      name: 'Kubernetes: a numeric Service targetPort where nothing listens',
      yaml: editExample(['      targetPort: http', '      targetPort: 8080']),
      findings: [{ message: /^Service llama-chat sends traffic to port 8080, where nothing listens \(the pods listen on 8000\)/, severity: 'error', text: 'ports', fixable: true, fixed: (out) => assert.match(out, /targetPort: http\n/) }],
    },
    {
      name: 'Kubernetes: a readiness probe on another port than --port',
      yaml: editExample(['          readinessProbe:\n            httpGet: { path: /health, port: http }', '          readinessProbe:\n            httpGet: { path: /health, port: 8080 }']),
      findings: [{ message: /^The readiness probe of container vllm checks port 8080, but the server listens on 8000/, text: '8080', fixable: true, fixed: (out) => assert.match(out, /readinessProbe:\n {12}httpGet: \{ path: \/health, port: http \}/) }],
    },
    {
      name: 'Kubernetes: a liveness probe names an undeclared port',
      yaml: editExample(['          livenessProbe:\n            httpGet: { path: /health, port: http }', '          livenessProbe:\n            httpGet: { path: /health, port: health }']),
      findings: [{ message: /^The liveness probe of container vllm uses the port name health, but the container declares no port of that name \(http\)/, text: 'health', fixable: true }],
    },
    {
      name: 'Kubernetes: prometheus.io/port is not the vLLM API port: fix scrapes 8000',
      yaml: editExample(['prometheus.io/port: "8000"', 'prometheus.io/port: "9090"']),
      findings: [{ message: /^`prometheus.io\/port` is 9090 but vLLM serves `\/metrics` on its API port \(8000\)/, text: '"9090"', fixable: true, fixed: (out) => assert.match(out, /prometheus.io\/port: "8000"/) }],
    },
  ],
});

// Several files checked as one workspace (the CLI on a repository): Services relate to workloads only with evidence.
import { analyzeFile, buildWorkspace, checkFile } from '../../check';
import { DEFAULT_CONFIG } from '../../config/config';
import type { Finding } from '../../types';

/** An AIBrix sample's shape (samples/volcano-engine/deepseek-8b-naive.yaml): vLLM on 8000, a Service with a metrics port 8080. */
const aibrixDeployment = (name: string, extra = ''): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: default
  labels:
    model.aibrix.ai/name: ${name}
spec:
  replicas: 1
  selector:
    matchLabels:
      model.aibrix.ai/name: ${name}
  template:
    metadata:
      labels:
        model.aibrix.ai/name: ${name}
        model.aibrix.ai/port: "8000"
    spec:
      containers:
        - name: vllm-openai
          image: vllm/vllm-openai:v0.11.0
          command: ["vllm", "serve", "deepseek-ai/DeepSeek-R1-Distill-Llama-8B", "--port", "8000"]
          ports:
            - containerPort: 8000
              name: serve
${extra}`;

const aibrixService = (name: string, ports: string): string => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: default
spec:
  selector:
    model.aibrix.ai/name: ${name}
  ports:
${ports}`;

const SERVE_AND_METRICS = '    - name: serve\n      port: 8000\n      targetPort: 8000\n    - name: http\n      port: 8080\n      targetPort: 8080\n';

function check(files: Record<string, string>): Finding[] {
  const analyses = Object.entries(files).map(([uri, text]) => analyzeFile(uri, text, { ...DEFAULT_CONFIG, profile: 'production' }));
  const ws = buildWorkspace(analyses);
  return analyses.flatMap((a) => checkFile(a, ws, { ...DEFAULT_CONFIG, profile: 'production' }, {}, [rule]).filter((f) => f.code === rule.meta.id));
}

describe('integration/port-consistency across files', () => {
  const name = 'deepseek-r1-distill-llama-8b';
  it('reports a secondary Service port without a listener once per sample, as a warning, though six sample directories reuse the labels', () => {
    const files: Record<string, string> = {};
    for (const dir of ['quickstart', 'volcano-engine', 'kvcache/infinistore']) files[`file:///aibrix/samples/${dir}/model.yaml`] = `${aibrixDeployment(name)}---\n${aibrixService(name, SERVE_AND_METRICS)}`;
    files['file:///aibrix/samples/plain/model.yaml'] = aibrixDeployment(name);
    const out = check(files);
    assert.deepEqual(out.map((f) => [f.uri.replace('file:///aibrix/samples/', ''), f.severity]), [
      ['quickstart/model.yaml', 'warning'],
      ['volcano-engine/model.yaml', 'warning'],
      ['kvcache/infinistore/model.yaml', 'warning'],
    ]);
    assert.match(out[0].message, /^Service deepseek-r1-distill-llama-8b sends traffic to port 8080, where nothing listens .*its other ports reach the server/);
    assert.equal(out[0].related?.[0].uri, 'file:///aibrix/samples/quickstart/model.yaml');
    assert.match(out[0].related?.[0].message ?? '', /\(in the same file\)$/);
  });
  it('relates a Service in its own file of the Deployment\'s directory, and names that evidence', () => {
    const out = check({
      'file:///repo/deploy/deployment.yaml': aibrixDeployment(name),
      'file:///repo/deploy/service.yaml': aibrixService(name, '    - name: http\n      port: 80\n      targetPort: 9000\n'),
    });
    assert.equal(out.length, 1);
    assert.equal(out[0].severity, 'error');
    assert.match(out[0].related?.[0].message ?? '', /\(in the same directory\)$/);
  });
  it('relates files that one kustomization brings in from different directories', () => {
    const out = check({
      'file:///repo/base/deployment.yaml': aibrixDeployment(name),
      'file:///repo/networking/service.yaml': aibrixService(name, '    - name: http\n      port: 80\n      targetPort: 9000\n'),
      'file:///repo/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - base/deployment.yaml\n  - networking\n',
    });
    assert.equal(out.length, 1);
    assert.match(out[0].related?.[0].message ?? '', /\(both in repo\/kustomization\.yaml\)$/);
  });
  it('does not relate a Service of another directory, nor one of another namespace', () => {
    assert.deepEqual(check({ 'file:///repo/a/deployment.yaml': aibrixDeployment(name), 'file:///repo/b/service.yaml': aibrixService(name, '    - port: 80\n      targetPort: 9000\n') }), []);
    assert.deepEqual(check({ 'file:///repo/a/model.yaml': `${aibrixDeployment(name)}---\n${aibrixService(name, '    - port: 80\n      targetPort: 9000\n').replace('namespace: default', 'namespace: serving')}` }), []);
  });
  it('counts a port opened from --port without a ports entry, and a native sidecar\'s declared port', () => {
    const flagOnly = aibrixDeployment(name).replace('          ports:\n            - containerPort: 8000\n              name: serve\n', '');
    const sidecar = aibrixDeployment(name, '      initContainers:\n        - name: aibrix-runtime\n          image: aibrix/runtime:v0.4.0\n          restartPolicy: Always\n          ports:\n            - containerPort: 8080\n              name: metrics\n');
    assert.deepEqual(check({ 'file:///repo/a/model.yaml': `${flagOnly}---\n${aibrixService(name, '    - name: serve\n      port: 8000\n      targetPort: 8000\n')}` }), []);
    assert.deepEqual(check({ 'file:///repo/a/model.yaml': `${sidecar}---\n${aibrixService(name, SERVE_AND_METRICS)}` }), []);
  });
});
