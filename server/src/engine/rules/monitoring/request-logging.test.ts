import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule, { durationDays } from './request-logging';
import { deployment, K8S_EXAMPLE } from '../governance/workload-fixtures.test';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: m }\nmodel: { uri: hf://org/model }\n';

describe('durationDays', () => {
  it('reads ISO 8601 durations in days', () => {
    assert.equal(durationDays('P30D'), 30);
    assert.equal(durationDays('P6M'), 180);
    assert.equal(durationDays('P1Y2W'), 379);
    assert.equal(durationDays('PT36H'), 1.5);
    assert.equal(durationDays('P'), undefined);
    assert.equal(durationDays('30 days'), undefined);
  });
});

ruleTester(rule, {
  valid: [
    { name: 'all requests with a retention (flow style)', yaml: `${HEAD}monitoring:\n  logging: { requests: all, retention: P14D }\n` },
    {
      name: 'a high-risk system keeping logs for six months (as weeks)',
      mutate: (m) => {
        m.governance.aiAct.riskCategory = 'high';
        m.monitoring.logging.retention = 'P26W';
      },
    },
    // Kubernetes-family model servers: judged only when they opt in (a modelready.dev/* annotation, or `regulated`).
    { name: 'Kubernetes: the production example links its ModelDeployment (judged there)', yaml: K8S_EXAMPLE },
    { name: 'Kubernetes: the production example under regulated too', yaml: K8S_EXAMPLE, profile: 'regulated' },
    { name: 'Kubernetes: a plain upstream Deployment does not opt in', yaml: deployment() },
    { name: 'Kubernetes: a workload that is not a model server', yaml: deployment({ image: 'nginx:1.27', args: '[]' }), profile: 'regulated' },
  ],
  invalid: [
    {
      name: 'no logging: reported on the monitoring key; the fix takes the retention from governance',
      mutate: (m) => {
        delete m.monitoring.logging;
        m.governance.personalData.retention = 'P14D';
      },
      findings: [
        {
          message: /^Request logging is not stated for `support-assistant`\. Add `monitoring\.logging` with `requests`/,
          text: 'monitoring',
          fixable: true,
          fixed: (out) => assert.match(out, /logging:\n {4}requests: sampled\n {4}sampleRate: 0\.1\n {4}retention: P14D\n/),
        },
      ],
    },
    {
      name: 'a section present but empty: requests and retention reported on the logging key',
      yaml: `${HEAD}monitoring:\n  logging: {}\n`,
      findings: [
        { message: /does not say which requests are logged/, text: 'logging', fixable: true, fixed: (out) => assert.match(out, /logging: \{ requests: sampled, sampleRate: 0\.1 \}/) },
        { message: /does not say how long request logs are kept/, text: 'logging', fixable: true },
      ],
    },
    {
      name: 'sampled without a rate: reported on `sampled`',
      mutate: (m) => delete m.monitoring.logging.sampleRate,
      findings: [{ message: /no `sampleRate` says how many/, text: 'sampled', fixable: true, fixed: (out) => assert.match(out, /destination: cloud-logging\n {4}sampleRate: 0\.1\n/) }],
    },
    {
      name: 'requests: none is reported; the fix to log a sample is offered but not automatic',
      yaml: `${HEAD}monitoring:\n  logging:\n    requests: none\n`,
      findings: [{ message: /No requests are logged/, text: 'none', fixable: false }],
    },
    {
      name: 'a high-risk system keeping logs for 30 days',
      mutate: (m) => (m.governance.aiAct.riskCategory = 'high'),
      findings: [{ message: /kept for P30D, less than P6M/, text: 'P30D', fixable: false }],
    },
    {
      name: 'Kubernetes: opted in (owner annotation): no annotation states it, so the message points at a linked ModelDeployment',
      yaml: deployment({ annotations: { 'modelready.dev/owner': 'team@example.com' } }),
      findings: [{ message: /^Request logging is not stated for `llm`.*`monitoring\.logging` in a ModelDeployment manifest linked with the annotation `modelready\.dev\/manifest`/, text: 'annotations', line: 6, fixable: false }],
    },
    {
      name: 'Kubernetes: under regulated every model server is judged',
      profile: 'regulated',
      yaml: deployment(),
      findings: [{ message: /monitoring\.logging/, text: 'metadata', severity: 'error' }],
    },
  ],
});
