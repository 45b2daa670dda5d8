import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './startup-probe';
import { PROBES, PRODUCTION_EXAMPLE, VLLM, vllm } from './kube-fixtures.test';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: demo }\nmodel: { uri: "hf://org/model" }\n';

ruleTester(rule, {
  valid: [
    { name: 'a budget alone (startupTimeoutSeconds)', mutate: (m) => delete m.reliability.probes.startup },
    { name: 'a path plus the budget', mutate: (m) => (m.reliability.probes.startup = '/health') },
    { name: 'a written-out probe alone: 40 + 180 × 10 s (NIM)', yaml: `${HEAD}serving: { runtime: nim }\nreliability:\n  probes:\n    startup: { path: /v1/health/ready, initialDelaySeconds: 40, periodSeconds: 10, failureThreshold: 180 }\n` },
    { name: 'a lower floor by option', mutate: (m) => (delete m.reliability.probes.startup, (m.reliability.probes.startupTimeoutSeconds = 120)), options: { minStartupSeconds: 60 } },
  ],
  invalid: [
    {
      name: 'neither a startup probe nor a budget: fix adds a 600 s probe',
      mutate: (m) => (delete m.reliability.probes.startup, delete m.reliability.probes.startupTimeoutSeconds),
      findings: [
        {
          message: /^No startup probe \(`reliability\.probes\.startup`\): the liveness probe restarts the server after 150 s/,
          text: 'probes',
          fixable: true,
          fixed: (out) => assert.match(out, /^ {4}startup: \{ path: \/health, failureThreshold: 60 \}$/m),
        },
      ],
    },
    {
      name: 'the probe allows less than the stated budget: raise failureThreshold',
      mutate: (m) => (m.reliability.probes.startup.failureThreshold = 30),
      findings: [
        {
          message: /allows 300 s \(0 \+ 30 × 10 s\), less than `startupTimeoutSeconds` \(900\)/,
          text: '30',
          fixable: true,
          fixed: (out) => assert.match(out, /failureThreshold: 90/),
        },
      ],
    },
    {
      name: 'a path alone gets the 30 s default (flow style): fix adds the budget',
      yaml: `${HEAD}reliability: { probes: { startup: /health } }\n`,
      findings: [{ message: /default applies \(3 failures × 10 s = 30 s\)/, text: '/health', fixable: true, fixed: (out) => assert.match(out, /startup: \/health, startupTimeoutSeconds: 600 \}/) }],
    },
    {
      name: 'a written-out probe with default timing and no failureThreshold: reported on the key',
      yaml: `${HEAD}reliability:\n  probes:\n    startup:\n      path: /health\n      periodSeconds: 5\n`,
      findings: [{ message: /allows only 15 s/, text: 'startup', fixable: true, fixed: (out) => assert.match(out, /periodSeconds: 5\n {6}failureThreshold: 60\n/) }],
    },
    {
      name: 'a budget below the floor',
      mutate: (m) => (delete m.reliability.probes.startup, (m.reliability.probes.startupTimeoutSeconds = 60)),
      findings: [{ message: /`startupTimeoutSeconds` is 60 s/, text: '60', fixable: true }],
    },
    {
      name: 'a startup probe on a path the runtime does not serve',
      mutate: (m) => (m.reliability.probes.startup.path = '/started'),
      findings: [{ message: /`\/started`, which is not a health endpoint of vLLM/, text: '/started', fixable: true }],
    },
  ],
});

// Kubernetes family: a startupProbe that covers the load, where a liveness probe would otherwise kill it.
ruleTester(rule, {
  valid: [
    { name: 'k8s: the production vLLM example (90 × 10 s)', yaml: PRODUCTION_EXAMPLE },
    { name: 'k8s: no liveness probe: nothing kills a loading server (liveness-probe reports it)', yaml: VLLM },
    { name: 'k8s: a liveness probe that itself waits 600 s', yaml: vllm(['          ports:\n', '          livenessProbe:\n            httpGet: { path: /health, port: http }\n            initialDelaySeconds: 600\n          ports:\n']) },
  ],
  invalid: [
    {
      name: 'k8s: liveness without a startup probe: fix adds a 600 s startupProbe on the same port',
      yaml: vllm(['          ports:\n', '          livenessProbe:\n            httpGet: { path: /health, port: http }\n            periodSeconds: 30\n            failureThreshold: 5\n          ports:\n']),
      findings: [
        {
          message: /^No startup probe \(`startupProbe` of container `vllm`\): the liveness probe restarts the server after 150 s/,
          text: 'vllm',
          fixable: true,
          fixed: (out) => assert.match(out, /startupProbe:\n {12}httpGet:\n {14}path: \/health\n {14}port: http\n {12}periodSeconds: 10\n {12}failureThreshold: 60\n/),
        },
      ],
    },
    {
      name: 'k8s: a startup probe allowing 30 s: fix raises failureThreshold',
      yaml: vllm(['          ports:\n', `${PROBES.replace('failureThreshold: 90', 'failureThreshold: 3')}          ports:\n`]),
      findings: [{ message: /allows only 30 s \(0 \+ 3 × 10 s\)/, text: '3', fixable: true, fixed: (out) => assert.match(out, /failureThreshold: 30\n {10}readinessProbe/) }],
    },
  ],
});
