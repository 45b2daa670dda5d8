import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './drift';
import { deployment, K8S_EXAMPLE } from '../governance/workload-fixtures.test';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: m }\nmodel: { uri: hf://org/model }\n';

ruleTester(rule, {
  valid: [
    { name: 'baseline, metric and threshold (flow style)', yaml: `${HEAD}monitoring:\n  drift: { baseline: s3://bucket/baseline.parquet, metric: psi, threshold: 0.25 }\n` },
    { name: 'a small positive threshold is fine', mutate: (m) => (m.monitoring.drift.threshold = 0.01) },
    // Kubernetes-family model servers: judged only when they opt in (a modelready.dev/* annotation, or `regulated`).
    { name: 'Kubernetes: the production example links its ModelDeployment (judged there)', yaml: K8S_EXAMPLE },
    { name: 'Kubernetes: the production example under regulated too', yaml: K8S_EXAMPLE, profile: 'regulated' },
    { name: 'Kubernetes: a plain upstream Deployment does not opt in', yaml: deployment() },
    { name: 'Kubernetes: a workload that is not a model server', yaml: deployment({ image: 'nginx:1.27', args: '[]' }), profile: 'regulated' },
  ],
  invalid: [
    {
      name: 'no drift section: reported on the monitoring key, fix adds all three fields',
      mutate: (m) => delete m.monitoring.drift,
      findings: [
        {
          message: /^No drift detection is stated for `support-assistant`\. Add `monitoring\.drift` with a `baseline`/,
          text: 'monitoring',
          fixable: true,
          fixed: (out) => assert.match(out, /drift:\n {4}baseline: \.\/eval\/baseline\.jsonl\n {4}metric: psi\n {4}threshold: 0\.2\n/),
        },
      ],
    },
    {
      name: 'a section with only a window: one finding listing all three, one fix',
      yaml: `${HEAD}monitoring:\n  drift:\n    window: P7D\n  runbook: https://rb.example.com\n`,
      findings: [
        {
          message: /lacks the reference data \(`baseline`\), the drift measure \(`metric`\), the value that counts as drift \(`threshold`\)/,
          text: 'drift',
          fixable: true,
          fixed: (out) => assert.match(out, /drift:\n {4}window: P7D\n {4}baseline: .*\n {4}metric: psi\n {4}threshold: 0\.2\n {2}runbook:/),
        },
      ],
    },
    {
      name: 'only the threshold is missing (flow style): the fix writes it into the braces',
      yaml: `${HEAD}monitoring:\n  drift: { baseline: ./b.jsonl, metric: psi }\n`,
      findings: [{ message: /lacks the value that counts as drift \(`threshold`\); without it/, text: 'drift', fixable: true, fixed: (out) => assert.match(out, /\{ baseline: \.\/b\.jsonl, metric: psi, threshold: 0\.2 \}/) }],
    },
    {
      name: 'threshold 0 (not missing) alerts on every window: reported on the value',
      mutate: (m) => (m.monitoring.drift.threshold = 0),
      findings: [{ message: /A drift threshold of 0 flags every window/, text: '0', fixable: false }],
    },
    {
      name: 'Kubernetes: opted in (owner annotation): no annotation states it, so the message points at a linked ModelDeployment',
      yaml: deployment({ annotations: { 'modelready.dev/owner': 'team@example.com' } }),
      findings: [{ message: /^No drift detection is stated for `llm`.*`monitoring\.drift` in a ModelDeployment manifest linked with the annotation `modelready\.dev\/manifest`/, text: 'annotations', line: 6, fixable: false }],
    },
    {
      name: 'Kubernetes: under regulated every model server is judged',
      profile: 'regulated',
      yaml: deployment(),
      findings: [{ message: /monitoring\.drift/, text: 'metadata', severity: 'error' }],
    },
  ],
});
