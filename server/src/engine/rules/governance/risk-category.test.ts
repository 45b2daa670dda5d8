import { strict as assert } from 'node:assert';
import { ruleTester, run } from '../../../../../test/support/rule-tester';
import rule from './risk-category';
import { deployment, K8S_EXAMPLE } from './workload-fixtures.test';

ruleTester(rule, {
  valid: [
    { name: 'high risk is stated', mutate: (m) => (m.governance.aiAct.riskCategory = 'high') },
    { name: 'minimal risk is stated', mutate: (m) => (m.governance.aiAct = { riskCategory: 'minimal' }) },
    { name: 'prohibited is not checked in development', profile: 'development', mutate: (m) => (m.governance.aiAct.riskCategory = 'prohibited') },
    // Kubernetes-family model servers: judged only when they opt in (a modelready.dev/* annotation, or `regulated`).
    { name: 'Kubernetes: the production example links its ModelDeployment (judged there)', yaml: K8S_EXAMPLE },
    { name: 'Kubernetes: the production example under regulated too', yaml: K8S_EXAMPLE, profile: 'regulated' },
    { name: 'Kubernetes: a plain upstream Deployment does not opt in', yaml: deployment() },
    { name: 'Kubernetes: modelready.dev/ignore and host-namespaces-reason do not opt in', yaml: deployment({ annotations: { 'modelready.dev/ignore': 'security/non-root', 'modelready.dev/host-namespaces-reason': 'RDMA' } }) },
    { name: 'Kubernetes: a workload that is not a model server, even under regulated', yaml: deployment({ image: 'nginx:1.27', args: '[]' }), profile: 'regulated' },
    { name: 'Kubernetes: a stated category', yaml: deployment({ annotations: { 'modelready.dev/risk-category': 'limited' } }) },
  ],
  invalid: [
    {
      name: 'prohibited: an error on the value, no fix',
      mutate: (m) => (m.governance.aiAct.riskCategory = 'prohibited'),
      findings: [{ message: /prohibited AI practice \(EU AI Act Art\. 5\).*Do not deploy it/, text: 'prohibited', severity: 'error', fixable: false }],
    },
    {
      name: 'aiAct without riskCategory: reported on aiAct',
      mutate: (m) => delete m.governance.aiAct.riskCategory,
      findings: [{ message: /risk category is not stated/, text: 'aiAct', fixable: false }],
    },
    {
      name: 'no governance at all: reported on the document',
      yaml: 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: demo }\nmodel: { uri: hf://org/model }\n',
      findings: [{ message: /risk category is not stated/, text: 'ModelDeployment' }],
    },
    {
      name: 'Kubernetes: opted in without a category: names the annotation',
      yaml: deployment({ annotations: { 'modelready.dev/owner': 'team@example.com' } }),
      findings: [{ message: /^The EU AI Act risk category is not stated\. Set the annotation `modelready\.dev\/risk-category`/, text: 'annotations', severity: 'error', fixable: false }],
    },
    {
      name: 'Kubernetes: prohibited: reported on the annotation value',
      yaml: deployment({ annotations: { 'modelready.dev/risk-category': 'prohibited' } }),
      findings: [{ message: /prohibited AI practice.*correct the annotation `modelready\.dev\/risk-category` after a legal review/, text: '"prohibited"', severity: 'error' }],
    },
  ],
});

describe('governance/risk-category details', () => {
  it('offers no fix for a prohibited system, and a classification placeholder when missing', () => {
    const [p] = run(rule, { name: 'x', mutate: (m) => (m.governance.aiAct.riskCategory = 'prohibited') });
    assert.deepEqual(p.fixes!.filter((x) => !x.title.startsWith('Suppress')), []);
    const [missing] = run(rule, { name: 'y', mutate: (m) => delete m.governance.aiAct.riskCategory });
    assert.match(missing.fixes![0].edits[0].newText, /riskCategory: \$\{1:limited\}/);
  });
});
