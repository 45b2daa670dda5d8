import { strict as assert } from 'node:assert';
import { ruleTester, run } from '../../../../../test/support/rule-tester';
import rule from './risk-category';

ruleTester(rule, {
  valid: [
    { name: 'high risk is stated', mutate: (m) => (m.governance.aiAct.riskCategory = 'high') },
    { name: 'minimal risk is stated', mutate: (m) => (m.governance.aiAct = { riskCategory: 'minimal' }) },
    { name: 'prohibited is not checked in development', profile: 'development', mutate: (m) => (m.governance.aiAct.riskCategory = 'prohibited') },
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
