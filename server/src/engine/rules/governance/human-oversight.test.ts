import { strict as assert } from 'node:assert';
import { ruleTester, run } from '../../../../../test/support/rule-tester';
import rule from './human-oversight';

ruleTester(rule, {
  valid: [
    { name: 'high risk with oversight stated', mutate: (m) => (m.governance.aiAct.riskCategory = 'high') },
    { name: 'limited risk needs no oversight statement', mutate: (m) => delete m.governance.aiAct.humanOversight },
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
  ],
});

describe('governance/human-oversight fix', () => {
  it('offers an oversight skeleton (not preferred)', () => {
    const [f] = run(rule, { name: 'x', mutate: (m) => ((m.governance.aiAct.riskCategory = 'high'), delete m.governance.aiAct.humanOversight) });
    assert.equal(f.fixes![0].isPreferred, undefined);
    assert.match(f.fixes![0].edits[0].newText, /humanOversight:\n\s+mechanism: \$\{1:human-in-the-loop\}/);
  });
});
