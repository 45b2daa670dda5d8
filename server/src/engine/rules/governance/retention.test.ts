import { strict as assert } from 'node:assert';
import { ruleTester, run } from '../../../../../test/support/rule-tester';
import rule from './retention';
import { durationSeconds } from './support';
import { deployment, K8S_EXAMPLE } from './workload-fixtures.test';

ruleTester(rule, {
  valid: [
    { name: 'logs kept shorter than personal data', mutate: (m) => (m.monitoring.logging.retention = 'P7D') },
    { name: 'equal durations in different units (P1M vs P30D)', mutate: (m) => ((m.governance.personalData.retention = 'P1M'), (m.monitoring.logging.retention = 'P30D')) },
    { name: 'no personal data and no retention', mutate: (m) => (m.governance.personalData = { processed: false }) },
    { name: 'no log retention stated (monitoring/request-logging asks for it)', mutate: (m) => delete m.monitoring.logging.retention },
    // Kubernetes-family model servers: judged only when they opt in (a modelready.dev/* annotation, or `regulated`).
    { name: 'Kubernetes: the production example links its ModelDeployment (judged there)', yaml: K8S_EXAMPLE },
    { name: 'Kubernetes: the production example under regulated too', yaml: K8S_EXAMPLE, profile: 'regulated' },
    { name: 'Kubernetes: a plain upstream Deployment does not opt in', yaml: deployment() },
    { name: 'Kubernetes: modelready.dev/ignore and host-namespaces-reason do not opt in', yaml: deployment({ annotations: { 'modelready.dev/ignore': 'security/non-root', 'modelready.dev/host-namespaces-reason': 'RDMA' } }) },
    { name: 'Kubernetes: a workload that is not a model server, even under regulated', yaml: deployment({ image: 'nginx:1.27', args: '[]' }), profile: 'regulated' },
    { name: 'Kubernetes: personal data with a retention', yaml: deployment({ annotations: { 'modelready.dev/personal-data': 'yes', 'modelready.dev/retention': 'P30D' } }) },
  ],
  invalid: [
    {
      name: 'personal data without retention: reported on personalData, fix takes the log retention',
      mutate: (m) => ((m.monitoring.logging.retention = 'P14D'), delete m.governance.personalData.retention),
      findings: [{ message: /does not say how long prompts, outputs and logs are kept/, text: 'personalData', severity: 'warning', fixable: true, fixed: (out) => assert.match(out, /\n {4}retention: P14D\n/) }],
    },
    {
      name: 'logs outlive the personal-data retention: reported on the log retention, fix shortens it',
      mutate: (m) => (m.monitoring.logging.retention = 'P1Y'),
      findings: [{ message: /Request logs are kept for P1Y, longer than the P30D stated.*Shorten the log retention to P30D/, text: 'P1Y', fixable: true, fixed: (out) => assert.match(out, /outputs: true\n\s+retention: P30D\n\s+destination: cloud-logging/) }],
    },
    {
      name: 'hours vs days (PT2160H = 90 days > P30D)',
      mutate: (m) => (m.monitoring.logging.retention = 'PT2160H'),
      findings: [{ message: /kept for PT2160H, longer than the P30D/, text: 'PT2160H', fixable: true }],
    },
    {
      name: 'high-risk: the AI Act needs six months of logs, so no automatic shortening',
      mutate: (m) => ((m.governance.aiAct.riskCategory = 'high'), (m.monitoring.logging.retention = 'P6M')),
      findings: [{ message: /Art\. 26\(6\).*raise `governance\.personalData\.retention`/, text: 'P6M', fixable: false }],
    },
    {
      name: 'Kubernetes: personal data without a retention: fix adds the annotation',
      yaml: deployment({ annotations: { 'modelready.dev/personal-data': 'yes' } }),
      findings: [{ message: /^Personal data is processed but the annotation `modelready\.dev\/retention` does not say how long/, text: 'annotations', fixable: true, fixed: (out) => assert.match(out, /modelready\.dev\/retention: "P30D"\n/) }],
    },
  ],
});

describe('governance/retention details', () => {
  it('relates the log retention to the personal-data retention', () => {
    const [f] = run(rule, { name: 'x', mutate: (m) => (m.monitoring.logging.retention = 'P90D') });
    assert.equal(f.related?.[0].message, 'Personal data is kept for P30D.');
  });
  it('parses ISO 8601 durations', () => {
    assert.equal(durationSeconds('P1D'), 86400);
    assert.equal(durationSeconds('PT1H30M'), 5400);
    assert.equal(durationSeconds('P2W'), 14 * 86400);
    assert.equal(durationSeconds('P0.5D'), 43200);
    assert.equal(durationSeconds('P'), undefined);
    assert.equal(durationSeconds('P1DT'), undefined);
    assert.equal(durationSeconds('30 days'), undefined);
  });
});
