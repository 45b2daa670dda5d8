import { strict as assert } from 'node:assert';
import { ruleTester, run } from '../../../../../test/support/rule-tester';
import rule from './human-oversight';
import { deployment, K8S_EXAMPLE } from './workload-fixtures.test';

ruleTester(rule, {
  valid: [
    { name: 'high risk with oversight stated', mutate: (m) => (m.governance.aiAct.riskCategory = 'high') },
    { name: 'limited risk needs no oversight statement', mutate: (m) => delete m.governance.aiAct.humanOversight },
    // Kubernetes-family model servers: judged only when they opt in (a modelready.dev/* annotation, or `regulated`).
    { name: 'Kubernetes: the production example links its ModelDeployment (judged there)', yaml: K8S_EXAMPLE },
    { name: 'Kubernetes: the production example under regulated too', yaml: K8S_EXAMPLE, profile: 'regulated' },
    { name: 'Kubernetes: a plain upstream Deployment does not opt in', yaml: deployment() },
    { name: 'Kubernetes: modelready.dev/ignore and host-namespaces-reason do not opt in', yaml: deployment({ annotations: { 'modelready.dev/ignore': 'security/non-root', 'modelready.dev/host-namespaces-reason': 'RDMA' } }) },
    { name: 'Kubernetes: a workload that is not a model server, even under regulated', yaml: deployment({ image: 'nginx:1.27', args: '[]' }), profile: 'regulated' },
    { name: 'Kubernetes: high risk with the oversight annotation', yaml: deployment({ annotations: { 'modelready.dev/risk-category': 'high', 'modelready.dev/human-oversight': 'human-in-the-loop' } }) },
  ],
  invalid: [
    {
      name: 'high risk without oversight: reported on aiAct',
      mutate: (m) => ((m.governance.aiAct.riskCategory = 'high'), delete m.governance.aiAct.humanOversight),
      findings: [{ message: /classified `high` but states no human oversight.*Art\. 14/, text: 'aiAct', severity: 'warning', fixable: false }],
    },
    {
      name: 'oversight without mechanism, and overseers that cannot override',
      mutate: (m) => ((m.governance.aiAct.riskCategory = 'high'), (m.governance.aiAct.humanOversight = { reviewer: 'loan officers', canOverride: false })),
      findings: [
        { message: /does not say how people oversee the system/, text: 'humanOversight' },
        { message: /cannot override the system.*Art\. 14\(4\)\(d\)/, text: 'false' },
      ],
    },
    {
      name: 'categories option extends it to limited risk',
      options: { categories: ['high', 'limited'] },
      mutate: (m) => (m.governance.aiAct.humanOversight = {}),
      findings: [{ message: /does not say how people oversee/, text: 'humanOversight' }],
    },
    {
      name: 'Kubernetes: high risk without oversight: names the annotation',
      yaml: deployment({ annotations: { 'modelready.dev/risk-category': 'high' } }),
      findings: [{ message: /^The system is classified `high` but states no human oversight\. Add the annotation `modelready\.dev\/human-oversight`/, text: 'annotations', fixable: false }],
    },
  ],
});

describe('governance/human-oversight fix', () => {
  it('offers an oversight skeleton (not preferred)', () => {
    const [f] = run(rule, { name: 'x', mutate: (m) => ((m.governance.aiAct.riskCategory = 'high'), delete m.governance.aiAct.humanOversight) });
    assert.equal(f.fixes![0].isPreferred, undefined);
    assert.match(f.fixes![0].edits[0].newText, /humanOversight:\n\s+mechanism: \$\{1:human-in-the-loop\}/);
  });
});
