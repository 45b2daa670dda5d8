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
      findings: [{ message: /`monitoring.metrics.port` is 9090 but vLLM serves `\/metrics` on its API port \(`serving.port` 8000\)/, text: '9090', fixable: true, fixed: (out) => assert.match(out, /metrics:\n {4}path: \/metrics\n {4}port: 8000\n/) }],
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
      findings: [{ message: /^Service llama-chat names the port api, which no container of the pods declares/, text: 'ports', line: 66, fixable: true, fixed: (out) => assert.match(out, /port: 80\n {6}targetPort: http\n/) }],
    },
    {
      name: 'Kubernetes: a numeric Service targetPort where nothing listens',
      yaml: editExample(['      targetPort: http', '      targetPort: 8080']),
      findings: [{ message: /^Service llama-chat sends traffic to port 8080, where nothing listens \(the container listens on 8000\)/, text: 'ports', fixable: true, fixed: (out) => assert.match(out, /targetPort: http\n/) }],
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
