import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './graceful-shutdown';
import { KSERVE_HF, PRODUCTION_EXAMPLE, VLLM } from './kube-fixtures.test';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: demo }\nmodel: { uri: "hf://org/model" }\n';

ruleTester(rule, {
  valid: [
    { name: 'exactly the timeout plus the margin', mutate: (m) => (m.reliability.terminationGracePeriodSeconds = 130) },
    { name: 'short requests fit the default 30 s', mutate: (m) => (delete m.reliability.terminationGracePeriodSeconds, (m.serving.limits.requestTimeoutSeconds = 15)) },
    { name: 'a grace period without a timeout', yaml: `${HEAD}reliability: { terminationGracePeriodSeconds: 60 }\n` },
    { name: 'margin 0 by option', mutate: (m) => (m.reliability.terminationGracePeriodSeconds = 120), options: { marginSeconds: 0 } },
  ],
  invalid: [
    {
      name: 'no grace period with 120 s requests: fix adds 150',
      mutate: (m) => delete m.reliability.terminationGracePeriodSeconds,
      findings: [{ message: /default 30 s is shorter than the 120 s a request may run/, text: 'reliability', fixable: true, fixed: (out) => assert.match(out, /^ {2}terminationGracePeriodSeconds: 150$/m) }],
    },
    {
      name: 'a grace period shorter than the timeout (flow style)',
      yaml: `${HEAD}serving: { limits: { requestTimeoutSeconds: 300 } }\nreliability: { terminationGracePeriodSeconds: 60 }\n`,
      findings: [{ message: /\(60\) does not cover the 300 s/, text: '60', fixable: true, fixed: (out) => assert.match(out, /terminationGracePeriodSeconds: 330/) }],
    },
    {
      name: 'grace 0 without a timeout: killed at once (snippet only)',
      yaml: `${HEAD}reliability:\n  terminationGracePeriodSeconds: 0\n`,
      findings: [{ message: /^`reliability\.terminationGracePeriodSeconds` is 0: a stopping replica is killed at once/, text: '0', fixable: false }],
    },
    {
      name: 'neither a grace period nor a timeout',
      yaml: HEAD,
      findings: [{ message: /^No `reliability\.terminationGracePeriodSeconds`: a stopping replica is killed after Kubernetes' default 30 s/, text: 'ModelDeployment', fixable: false }],
    },
  ],
});

// Kubernetes family: the pod's terminationGracePeriodSeconds.
ruleTester(rule, {
  valid: [
    { name: 'k8s: the production vLLM example (150 s)', yaml: PRODUCTION_EXAMPLE },
    { name: 'kserve: a pod the platform completes is judged only on what it states', yaml: KSERVE_HF },
  ],
  invalid: [
    {
      name: 'k8s: a vLLM server on the 30 s default: on the pod spec key (snippet)',
      yaml: VLLM,
      findings: [{ message: /^No `spec\.template\.spec\.terminationGracePeriodSeconds`: a stopping replica is killed after Kubernetes' default 30 s/, text: 'spec', line: 14, fixable: false }],
    },
    {
      name: 'kserve: a grace period shorter than the predictor timeout',
      yaml: KSERVE_HF.replace('  predictor:\n', '  predictor:\n    timeout: 300\n    terminationGracePeriodSeconds: 60\n'),
      findings: [{ message: /\(60\) does not cover the 300 s/, text: '60', fixable: true, fixed: (out) => assert.match(out, /terminationGracePeriodSeconds: 330/) }],
    },
  ],
});
