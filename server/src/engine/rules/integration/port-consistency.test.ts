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
