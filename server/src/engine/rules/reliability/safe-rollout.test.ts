import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './safe-rollout';
import { PRODUCTION_EXAMPLE, VLLM, vllm } from './kube-fixtures.test';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: demo }\nmodel: { uri: "hf://org/model" }\n';

ruleTester(rule, {
  valid: [
    { name: 'rolling with maxUnavailable 0 and a surge', mutate: (m) => (m.reliability.rollout = { strategy: 'rolling', maxUnavailable: 0, maxSurge: 1 }) },
    { name: 'rolling with "0%" (strategy defaulted)', yaml: `${HEAD}reliability: { rollout: { maxUnavailable: "0%" } }\n` },
    { name: 'blue-green with rollback conditions', mutate: (m) => (m.reliability.rollout = { strategy: 'blue-green', rollbackOn: ['error-rate'] }) },
    { name: 'canary without explicit steps', mutate: (m) => delete m.reliability.rollout.steps },
  ],
  invalid: [
    {
      name: 'no rollout: fix adds a rolling update without lost capacity',
      mutate: (m) => delete m.reliability.rollout,
      findings: [
        { message: /No rollout strategy/, text: 'reliability', fixable: true, fixed: (out) => assert.match(out, /rollout:\n {4}strategy: rolling\n {4}maxUnavailable: 0\n {4}maxSurge: 1\n/) },
      ],
    },
    {
      name: 'rolling without maxUnavailable (flow style) defaults to 25%',
      yaml: `${HEAD}reliability: { rollout: { strategy: rolling } }\n`,
      findings: [{ message: /defaults to 25%/, text: 'rollout', fixable: true, fixed: (out) => assert.match(out, /\{ strategy: rolling, maxUnavailable: 0 \}/) }],
    },
    {
      name: 'rolling with maxUnavailable 25% and maxSurge 0: one fix sets both',
      mutate: (m) => (m.reliability.rollout = { strategy: 'rolling', maxUnavailable: '25%', maxSurge: 0 }),
      findings: [{ message: /`maxUnavailable: 25%` removes replicas/, text: '25%', fixable: true, fixed: (out) => assert.match(out, /maxUnavailable: 0\n {4}maxSurge: 1\n/) }],
    },
    {
      name: 'maxUnavailable 0 with maxSurge 0 cannot progress',
      mutate: (m) => (m.reliability.rollout = { strategy: 'rolling', maxUnavailable: 0, maxSurge: '0%' }),
      findings: [{ message: /`maxSurge: 0` leaves the rollout no way to make progress/, text: '0%', fixable: true }],
    },
    {
      name: 'recreate is an outage per release (fix offered, not automatic)',
      mutate: (m) => (m.reliability.rollout = { strategy: 'recreate' }),
      findings: [{ message: /`recreate` stops every replica/, text: 'recreate', fixable: false }],
    },
    {
      name: 'canary without rollbackOn (block style): fix adds the conditions',
      mutate: (m) => delete m.reliability.rollout.rollbackOn,
      findings: [{ message: /A canary release without `rollbackOn`/, text: 'rollout', fixable: true, fixed: (out) => assert.match(out, /^ {4}rollbackOn: \[error-rate, p95-latency\]$/m) }],
    },
    {
      name: 'canary without rollbackOn, steps that stop at 50 (flow)',
      yaml: `${HEAD}reliability:\n  rollout: { strategy: canary, steps: [10, 50] }\n`,
      findings: [
        { message: /without `rollbackOn`/, text: 'rollout', fixable: true, fixed: (out) => assert.match(out, /steps: \[10, 50\], rollbackOn: \[error-rate, p95-latency\] \}/) },
        { message: /Canary steps end at 50%/, text: '[10, 50]', fixable: true, fixed: (out) => assert.match(out, /steps: \[10, 50, 100\]/) },
      ],
    },
    {
      name: 'canary steps that go down',
      mutate: (m) => (m.reliability.rollout.steps = [50, 10, 100]),
      findings: [{ message: /Canary steps must increase \(50, 10, 100\)/, fixable: false }],
    },
  ],
});

// Kubernetes: Deployment strategy and LeaderWorkerSet rolloutStrategy, resolved against the replicas.
ruleTester(rule, {
  valid: [
    { name: 'k8s: the production vLLM example', yaml: PRODUCTION_EXAMPLE },
    { name: 'k8s: the default 25% of one replica rounds down to 0', yaml: VLLM },
    { name: 'k8s: the default 25% of three replicas rounds down to 0', yaml: vllm(['replicas: 1', 'replicas: 3']) },
  ],
  invalid: [
    {
      name: 'k8s: four replicas on the default strategy: fix adds maxUnavailable 0',
      yaml: vllm(['replicas: 1', 'replicas: 4']),
      findings: [{ message: /The default rollout \(`maxUnavailable: 25%`\) takes 1 of 4 replicas down/, text: 'spec', line: 5, fixable: true, fixed: (out) => assert.match(out, /strategy:\n {4}rollingUpdate:\n {6}maxUnavailable: 0\n {6}maxSurge: 1\n/) }],
    },
    {
      name: 'k8s: maxUnavailable 1 of 2',
      yaml: vllm(['replicas: 1\n', 'replicas: 2\n  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: 1\n']),
      findings: [{ message: /`maxUnavailable: 1` takes 1 of 2 replicas down/, text: '1', line: 10, fixable: true, fixed: (out) => assert.match(out, /maxUnavailable: 0\n/) }],
    },
    {
      name: 'k8s: Recreate (fix offered, not automatic)',
      yaml: vllm(['replicas: 1\n', 'replicas: 1\n  strategy:\n    type: Recreate\n']),
      findings: [{ message: /`Recreate` stops every replica/, text: 'Recreate', fixable: false }],
    },
  ],
});
