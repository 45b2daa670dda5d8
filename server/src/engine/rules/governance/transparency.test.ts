import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './transparency';

ruleTester(rule, {
  valid: [
    { name: 'minimal risk: no Art. 50 duty checked', mutate: (m) => ((m.governance.aiAct.riskCategory = 'minimal'), delete m.governance.aiAct.transparencyNotice) },
    { name: 'unclassified embedding model', mutate: (m) => (delete m.governance.aiAct, (m.model.task = 'embeddings')) },
    { name: 'categories option narrows it to high risk', options: { categories: ['high'] }, mutate: (m) => delete m.governance.aiAct.transparencyNotice },
  ],
  invalid: [
    {
      name: 'limited risk, notice false: reported on the value',
      mutate: (m) => (m.governance.aiAct.transparencyNotice = false),
      findings: [{ message: /`governance\.aiAct\.transparencyNotice` is false, but the system is classified `limited`.*Art\. 50/, text: 'false', severity: 'warning', fixable: false }],
    },
    {
      name: 'unclassified chat model without a notice: reported on the document',
      mutate: (m) => delete m.governance.aiAct,
      findings: [{ message: /not stated that people are told they interact with AI, and the model does `chat` for people/, text: 'governance' }],
    },
    {
      name: 'high risk, aiAct without a notice: reported on aiAct',
      mutate: (m) => ((m.governance.aiAct.riskCategory = 'high'), delete m.governance.aiAct.transparencyNotice),
      findings: [{ message: /classified `high`/, text: 'aiAct' }],
    },
  ],
});
