import { strict as assert } from 'node:assert';
import { ruleTester, run } from '../../../../../test/support/rule-tester';
import rule from './dpia';
import { deployment, K8S_EXAMPLE } from './workload-fixtures.test';

ruleTester(rule, {
  valid: [
    { name: 'limited risk, no special categories: no DPIA required by this rule', mutate: (m) => delete m.governance.personalData.dpia },
    { name: 'high risk with the DPIA referenced', mutate: (m) => (m.governance.aiAct.riskCategory = 'high') },
    { name: 'high risk without personal data', mutate: (m) => ((m.governance.aiAct.riskCategory = 'high'), (m.governance.personalData = { processed: false })) },
    // Kubernetes-family model servers: judged only when they opt in (a modelready.dev/* annotation, or `regulated`).
    { name: 'Kubernetes: the production example links its ModelDeployment (judged there)', yaml: K8S_EXAMPLE },
    { name: 'Kubernetes: the production example under regulated too', yaml: K8S_EXAMPLE, profile: 'regulated' },
    { name: 'Kubernetes: a plain upstream Deployment does not opt in', yaml: deployment() },
    { name: 'Kubernetes: modelready.dev/ignore and host-namespaces-reason do not opt in', yaml: deployment({ annotations: { 'modelready.dev/ignore': 'security/non-root', 'modelready.dev/host-namespaces-reason': 'RDMA' } }) },
    { name: 'Kubernetes: a workload that is not a model server, even under regulated', yaml: deployment({ image: 'nginx:1.27', args: '[]' }), profile: 'regulated' },
    { name: 'Kubernetes: high risk with a DPIA', yaml: deployment({ annotations: { 'modelready.dev/risk-category': 'high', 'modelready.dev/dpia': 'https://wiki.example.com/dpia/llm' } }) },
    { name: 'Kubernetes: high risk without personal data', yaml: deployment({ annotations: { 'modelready.dev/risk-category': 'high', 'modelready.dev/personal-data': 'none' } }) },
  ],
  invalid: [
    {
      name: 'high risk without a DPIA: reported on personalData, related to the classification',
      mutate: (m) => ((m.governance.aiAct.riskCategory = 'high'), delete m.governance.personalData.dpia),
      findings: [{ message: /No data protection impact assessment is referenced, although the system is classified high-risk.*Art\. 35/, text: 'personalData', severity: 'warning', fixable: false }],
    },
    {
      name: 'special categories (empty personalData otherwise) need a DPIA',
      mutate: (m) => (m.governance.personalData = { specialCategories: ['health', 'biometric'] }),
      findings: [{ message: /special categories of personal data \(health, biometric\) are processed/, text: 'personalData', fixable: false }],
    },
    {
      name: 'option requireForAllPersonalData',
      options: { requireForAllPersonalData: true },
      mutate: (m) => delete m.governance.personalData.dpia,
      findings: [{ message: /personal data is processed with a new technology/, text: 'personalData' }],
    },
    {
      name: 'Kubernetes: high risk without a DPIA: names the annotation',
      yaml: deployment({ annotations: { 'modelready.dev/risk-category': 'high' } }),
      findings: [{ message: /^No data protection impact assessment is referenced, although the system is classified high-risk under the AI Act\..*link it in the annotation `modelready\.dev\/dpia`\.$/, text: 'annotations', fixable: false }],
    },
  ],
});

describe('governance/dpia details', () => {
  it('points at the trigger and offers a reference placeholder', () => {
    const [f] = run(rule, { name: 'x', mutate: (m) => ((m.governance.aiAct.riskCategory = 'high'), delete m.governance.personalData.dpia) });
    assert.match(f.related![0].message, /high-risk/);
    assert.match(f.fixes![0].edits[0].newText, /dpia: \$\{1:\.\/compliance\/dpia-support-assistant\.md\}/);
  });
});
