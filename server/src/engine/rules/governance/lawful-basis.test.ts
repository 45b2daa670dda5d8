import { strict as assert } from 'node:assert';
import { ruleTester, run } from '../../../../../test/support/rule-tester';
import rule from './lawful-basis';
import { deployment, K8S_EXAMPLE } from './workload-fixtures.test';

ruleTester(rule, {
  valid: [
    { name: 'no personal data, no basis needed', mutate: (m) => (m.governance.personalData = { processed: false }) },
    { name: 'not stated whether personal data is processed: governance/personal-data reports that', mutate: (m) => (delete m.governance.personalData.processed, delete m.governance.personalData.lawfulBasis) },
    { name: 'legitimate interests is a basis', mutate: (m) => (m.governance.personalData.lawfulBasis = 'legitimate-interests') },
    // Kubernetes-family model servers: judged only when they opt in (a modelready.dev/* annotation, or `regulated`).
    { name: 'Kubernetes: the production example links its ModelDeployment (judged there)', yaml: K8S_EXAMPLE },
    { name: 'Kubernetes: the production example under regulated too', yaml: K8S_EXAMPLE, profile: 'regulated' },
    { name: 'Kubernetes: a plain upstream Deployment does not opt in', yaml: deployment() },
    { name: 'Kubernetes: modelready.dev/ignore and host-namespaces-reason do not opt in', yaml: deployment({ annotations: { 'modelready.dev/ignore': 'security/non-root', 'modelready.dev/host-namespaces-reason': 'RDMA' } }) },
    { name: 'Kubernetes: a workload that is not a model server, even under regulated', yaml: deployment({ image: 'nginx:1.27', args: '[]' }), profile: 'regulated' },
    { name: 'Kubernetes: personal data with a lawful basis', yaml: deployment({ annotations: { 'modelready.dev/personal-data': 'yes', 'modelready.dev/lawful-basis': 'contract' } }) },
    { name: 'Kubernetes: no personal data', yaml: deployment({ annotations: { 'modelready.dev/personal-data': 'none' } }) },
  ],
  invalid: [
    {
      name: 'personal data without a basis: reported on personalData, manual fix only',
      mutate: (m) => delete m.governance.personalData.lawfulBasis,
      findings: [{ message: /without a stated lawful basis.*Art\. 6\(1\)/, text: 'personalData', severity: 'warning', fixable: false }],
    },
    {
      name: 'special categories imply personal data and need an Art. 9(2) condition too',
      mutate: (m) => (delete m.governance.personalData.processed, delete m.governance.personalData.lawfulBasis, (m.governance.personalData.specialCategories = ['health'])),
      findings: [{ message: /special categories \(health\) also need a GDPR Art\. 9\(2\) condition/, text: 'personalData', fixable: false }],
    },
    {
      name: 'Kubernetes: personal data without a lawful basis: names the annotation, related to the personal-data annotation',
      yaml: deployment({ annotations: { 'modelready.dev/personal-data': 'yes' } }),
      findings: [{ message: /^Personal data is processed without a stated lawful basis\. Set the annotation `modelready\.dev\/lawful-basis` to the GDPR Art\. 6\(1\) basis/, text: 'annotations', fixable: false }],
    },
  ],
});

describe('governance/lawful-basis fix', () => {
  it('offers a lawful-basis placeholder that is not applied by fix-all', () => {
    const [f] = run(rule, { name: 'x', mutate: (m) => delete m.governance.personalData.lawfulBasis });
    const fix = f.fixes!.find((x) => x.title === 'State the lawful basis')!;
    assert.equal(fix.isPreferred, undefined);
    assert.match(fix.edits[0].newText, /lawfulBasis: \$\{1:contract\}/);
  });
});
