import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './graceful-shutdown';

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
      findings: [{ message: /kills a stopping replica at once/, text: '0', fixable: false }],
    },
    {
      name: 'neither a grace period nor a timeout',
      yaml: HEAD,
      findings: [{ message: /no request timeout/, text: 'ModelDeployment', fixable: false }],
    },
  ],
});
