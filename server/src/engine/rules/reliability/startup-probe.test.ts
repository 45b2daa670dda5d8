import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './startup-probe';

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
          message: /No startup probe or `startupTimeoutSeconds`/,
          text: 'probes',
          fixable: true,
          fixed: (out) => assert.match(out, /^ {4}startup: \{ path: \/health, periodSeconds: 10, failureThreshold: 60 \}$/m),
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
