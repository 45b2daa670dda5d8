import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './fairness-evaluation';
import { deployment, K8S_EXAMPLE } from './workload-fixtures.test';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: demo }\nmodel: { uri: hf://org/model }\n';

ruleTester(rule, {
  valid: [
    { name: 'does not affect people, not high-risk: no fairness evaluation needed', mutate: (m) => ((m.governance.affectsPeople = false), delete m.testing.fairness) },
    { name: 'threshold 0 is a threshold', mutate: (m) => (m.testing.fairness.threshold = 0) },
    { name: 'affectsPeople not stated and limited risk', mutate: (m) => (delete m.governance.affectsPeople, delete m.testing.fairness) },
    // Kubernetes-family model servers: judged only when they opt in (a modelready.dev/* annotation, or `regulated`).
    { name: 'Kubernetes: the production example links its ModelDeployment (judged there)', yaml: K8S_EXAMPLE },
    { name: 'Kubernetes: the production example under regulated too', yaml: K8S_EXAMPLE, profile: 'regulated' },
    { name: 'Kubernetes: a plain upstream Deployment does not opt in', yaml: deployment() },
    { name: 'Kubernetes: modelready.dev/ignore and host-namespaces-reason do not opt in', yaml: deployment({ annotations: { 'modelready.dev/ignore': 'security/non-root', 'modelready.dev/host-namespaces-reason': 'RDMA' } }) },
    { name: 'Kubernetes: a workload that is not a model server, even under regulated', yaml: deployment({ image: 'nginx:1.27', args: '[]' }), profile: 'regulated' },
    { name: 'Kubernetes: outputs do not affect people', yaml: deployment({ annotations: { 'modelready.dev/affects-people': 'false' } }) },
  ],
  invalid: [
    {
      name: 'affects people, no fairness evaluation: reported on testing, fix adds a skeleton',
      mutate: (m) => delete m.testing.fairness,
      findings: [
        {
          message: /No fairness evaluation is stated, although its outputs affect people/,
          text: 'testing',
          severity: 'warning',
          fixable: true,
          fixed: (out) => assert.match(out, /\n {2}fairness:\n {4}dataset: \.\/eval\/fairness\.jsonl\n {4}protectedAttributes: \[gender, age\]\n {4}metric: demographic-parity-difference\n {4}threshold: 0\.1\n/),
        },
      ],
    },
    {
      name: 'high-risk with an evaluation that has no threshold: reported on fairness, fix adds the threshold',
      mutate: (m) => ((m.governance.affectsPeople = false), (m.governance.aiAct.riskCategory = 'high'), delete m.testing.fairness.threshold),
      findings: [{ message: /`testing\.fairness` lacks `threshold`.*It is a high-risk AI system/, text: 'fairness', fixable: true, fixed: (out) => assert.match(out, /threshold: 0\.1/) }],
    },
    {
      name: 'an empty flow section lists everything that is missing',
      yaml: `${HEAD}governance: { affectsPeople: true }\ntesting:\n  fairness: {}\n`,
      findings: [{ message: /lacks `dataset`, `protectedAttributes`, `metric` and `threshold`/, text: 'fairness', fixable: true, fixed: (out) => assert.match(out, /fairness: \{ dataset: \.\/eval\/fairness\.jsonl, protectedAttributes: \[gender, age\], metric: demographic-parity-difference, threshold: 0\.1 \}/) }],
    },
    {
      name: 'Kubernetes: affects people: no annotation states an evaluation, so the message points at a linked manifest; reported on the annotation',
      yaml: deployment({ annotations: { 'modelready.dev/affects-people': 'true' } }),
      findings: [{ message: /^No fairness evaluation is stated, although its outputs affect people \(the annotation `modelready\.dev\/affects-people`\)\. State `testing\.fairness` in a ModelDeployment manifest linked with the annotation `modelready\.dev\/manifest`/, text: '"true"', fixable: false }],
    },
  ],
});
