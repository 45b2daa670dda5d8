import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './liveness-probe';
import { PROBES, PRODUCTION_EXAMPLE, VLLM, vllm } from './kube-fixtures.test';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: demo }\nmodel: { uri: "hf://org/model" }\n';

ruleTester(rule, {
  valid: [
    { name: 'liveness differs only in its timeout', mutate: (m) => (m.reliability.probes.liveness = { path: '/health', timeoutSeconds: 5 }) },
    { name: 'readiness written out, liveness as a bare path with different defaults', mutate: (m) => (m.reliability.probes.readiness = { path: '/health', periodSeconds: 5 }, (m.reliability.probes.liveness = '/health')) },
    { name: 'Triton liveness on its live endpoint', yaml: `${HEAD}serving: { runtime: triton }\nreliability: { probes: { readiness: /v2/health/ready, liveness: { path: /v2/health/live, periodSeconds: 30 } } }\n` },
  ],
  invalid: [
    {
      name: 'no liveness probe: fix adds one that checks less often than readiness',
      mutate: (m) => delete m.reliability.probes.liveness,
      findings: [{ message: /No liveness probe/, text: 'probes', fixable: true, fixed: (out) => assert.match(out, /liveness: \{ path: \/health, periodSeconds: 30, failureThreshold: 5 \}/) }],
    },
    {
      name: 'both bare paths: identical default timing, reported on the liveness path',
      mutate: (m) => (m.reliability.probes.liveness = '/health'),
      findings: [
        {
          message: /same timing as readiness \(every 10 s, 3 failures\)/,
          text: '/health',
          fixable: true,
          fixed: (out) => assert.match(out, /liveness: \{ path: \/health, periodSeconds: 30, failureThreshold: 5 \}/),
        },
      ],
    },
    {
      name: 'objects with the same stated timing: fix raises the liveness failureThreshold',
      yaml: `${HEAD}reliability:\n  probes:\n    readiness: { path: /health, periodSeconds: 15, failureThreshold: 4 }\n    liveness: { path: /health, periodSeconds: 15, failureThreshold: 4 }\n`,
      findings: [{ message: /every 15 s, 4 failures/, text: '4', line: 8, fixable: true, fixed: (out) => assert.match(out, /liveness: \{ path: \/health, periodSeconds: 15, failureThreshold: 6 \}/) }],
    },
    {
      name: 'block objects, liveness without failureThreshold: reported on the liveness key, fix adds the threshold',
      yaml: `${HEAD}reliability:\n  probes:\n    readiness: /health\n    liveness:\n      path: /health\n      periodSeconds: 10\n`,
      findings: [{ message: /same timing/, text: 'liveness', fixable: true, fixed: (out) => assert.match(out, /periodSeconds: 10\n {6}failureThreshold: 5\n/) }],
    },
    {
      name: 'liveness on the metrics path',
      mutate: (m) => (m.reliability.probes.liveness.path = '/metrics'),
      findings: [{ message: /`\/metrics`, which is not a health endpoint of vLLM/, text: '/metrics', fixable: true }],
    },
  ],
});

// Kubernetes family: the serving container's livenessProbe.
ruleTester(rule, {
  valid: [
    { name: 'k8s: the production vLLM example', yaml: PRODUCTION_EXAMPLE },
    { name: 'k8s: startup, readiness and liveness with different timing', yaml: vllm(['          ports:\n', `${PROBES}          ports:\n`]) },
  ],
  invalid: [
    {
      name: 'k8s: no probes at all: the liveness fix is only offered (no startup probe yet)',
      yaml: VLLM,
      findings: [{ message: /^No liveness probe \(`livenessProbe` of container `vllm`\).*together with a startup probe/, text: 'vllm', fixable: false }],
    },
    {
      name: 'k8s: startup and readiness but no liveness: fix adds one checking less often',
      yaml: vllm(['          ports:\n', `${PROBES.replace(/ {10}livenessProbe:[\s\S]*$/, '')}          ports:\n`]),
      findings: [
        {
          message: /^No liveness probe \(`livenessProbe` of container `vllm`\)/,
          text: 'vllm',
          fixable: true,
          fixed: (out) => assert.match(out, /livenessProbe:\n {12}httpGet:\n {14}path: \/health\n {14}port: http\n {12}periodSeconds: 30\n {12}failureThreshold: 5\n/),
        },
      ],
    },
    {
      name: 'k8s: liveness with the timing of readiness: fix raises its failureThreshold',
      yaml: vllm(['          ports:\n', `${PROBES.replace('            periodSeconds: 30\n            failureThreshold: 5\n', '')}          ports:\n`]),
      findings: [{ message: /same timing as readiness \(every 10 s, 3 failures\)/, text: 'livenessProbe', fixable: true, fixed: (out) => assert.match(out, /livenessProbe:\n.*\n {12}failureThreshold: 5\n/) }],
    },
  ],
});
