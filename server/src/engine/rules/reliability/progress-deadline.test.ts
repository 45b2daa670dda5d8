import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './progress-deadline';
import { PROBES, PRODUCTION_EXAMPLE, VLLM, vllm } from './kube-fixtures.test';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: demo }\nmodel: { uri: "hf://org/model" }\n';

ruleTester(rule, {
  valid: [
    { name: 'a short load fits the Kubernetes default (600 s)', mutate: (m) => (delete m.reliability.progressDeadlineSeconds, delete m.reliability.probes.startup, (m.reliability.probes.startupTimeoutSeconds = 300)) },
    { name: 'no load budget stated: nothing to compare (startup-probe reports it)', yaml: `${HEAD}reliability: { probes: { readiness: /health } }\n` },
    { name: 'deadline above a written-out startup probe', yaml: `${HEAD}reliability:\n  probes: { startup: { path: /health, periodSeconds: 10, failureThreshold: 100 } }\n  progressDeadlineSeconds: 1001\n` },
  ],
  invalid: [
    {
      name: 'no deadline with a 900 s load: reported on the reliability key, fix adds 1200',
      mutate: (m) => delete m.reliability.progressDeadlineSeconds,
      findings: [{ message: /default \(600 s\) is not longer than the 900 s/, text: 'reliability', fixable: true, fixed: (out) => assert.match(out, /^ {2}progressDeadlineSeconds: 1200$/m) }],
    },
    {
      name: 'a deadline equal to the load time',
      mutate: (m) => (m.reliability.progressDeadlineSeconds = 900),
      findings: [{ message: /\(900\) is not longer than the 900 s/, text: '900', line: undefined, fixable: true, fixed: (out) => assert.match(out, /progressDeadlineSeconds: 1200/) }],
    },
    {
      name: 'the startup probe budget (flow style) is longer than the deadline',
      yaml: `${HEAD}reliability: { probes: { startup: { path: /health, periodSeconds: 20, failureThreshold: 60 } }, progressDeadlineSeconds: 600 }\n`,
      findings: [{ message: /the 1200 s the model may take/, text: '600', fixable: true, fixed: (out) => assert.match(out, /progressDeadlineSeconds: 1500/) }],
    },
  ],
});

// Kubernetes: a Deployment's progressDeadlineSeconds against its startup probe.
ruleTester(rule, {
  valid: [
    { name: 'k8s: the production vLLM example (1200 s over a 900 s startup)', yaml: PRODUCTION_EXAMPLE },
    { name: 'k8s: no startup probe: nothing to compare', yaml: VLLM },
    { name: 'k8s: a StatefulSet has no progress deadline', yaml: vllm(['kind: Deployment', 'kind: StatefulSet'], ['          ports:\n', `${PROBES}          ports:\n`]) },
    {
      // The probe's 60 × 10 s is its longest allowance, not the load time (gateway-api-inference-extension's sglang sample).
      name: 'k8s: a startup probe budget equal to the default deadline (600 s) is not judged',
      yaml: vllm(['          ports:\n', `${PROBES.replace('failureThreshold: 90', 'failureThreshold: 60')}          ports:\n`]),
    },
  ],
  invalid: [
    {
      name: 'k8s: a 900 s startup probe with the default deadline: on spec, fix adds 1200',
      yaml: vllm(['          ports:\n', `${PROBES}          ports:\n`]),
      findings: [{ message: /default \(600 s\) is not longer than the 900 s/, text: 'spec', line: 5, fixable: true, fixed: (out) => assert.match(out, /^ {2}progressDeadlineSeconds: 1200$/m) }],
    },
  ],
});
