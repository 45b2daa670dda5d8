import { strict as assert } from 'node:assert';
import { ruleTester, run } from '../../../../../test/support/rule-tester';
import rule from './dpia';

ruleTester(rule, {
  valid: [
    { name: 'limited risk, no special categories: no DPIA required by this rule', mutate: (m) => delete m.governance.personalData.dpia },
    { name: 'high risk with the DPIA referenced', mutate: (m) => (m.governance.aiAct.riskCategory = 'high') },
    { name: 'high risk without personal data', mutate: (m) => ((m.governance.aiAct.riskCategory = 'high'), (m.governance.personalData = { processed: false })) },
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
  ],
});

describe('governance/dpia details', () => {
  it('points at the trigger and offers a reference placeholder', () => {
    const [f] = run(rule, { name: 'x', mutate: (m) => ((m.governance.aiAct.riskCategory = 'high'), delete m.governance.personalData.dpia) });
    assert.match(f.related![0].message, /high-risk/);
    assert.match(f.fixes![0].edits[0].newText, /dpia: \$\{1:\.\/compliance\/dpia-support-assistant\.md\}/);
  });
});
