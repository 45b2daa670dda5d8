import { strict as assert } from 'node:assert';
import { ruleTester, run } from '../../../../../test/support/rule-tester';
import rule from './lawful-basis';

ruleTester(rule, {
  valid: [
    { name: 'no personal data, no basis needed', mutate: (m) => (m.governance.personalData = { processed: false }) },
    { name: 'not stated whether personal data is processed: governance/personal-data reports that', mutate: (m) => (delete m.governance.personalData.processed, delete m.governance.personalData.lawfulBasis) },
    { name: 'legitimate interests is a basis', mutate: (m) => (m.governance.personalData.lawfulBasis = 'legitimate-interests') },
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
