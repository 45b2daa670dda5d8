import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './personal-data';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: demo }\nmodel: { uri: hf://org/model }\n';

ruleTester(rule, {
  valid: [
    { name: '`processed: false` is a statement too', mutate: (m) => (m.governance.personalData = { processed: false }) },
    { name: 'flow style', yaml: `${HEAD}governance: { personalData: { processed: false } }\n` },
  ],
  invalid: [
    {
      name: 'personalData section without `processed`: reported on its key, fix assumes personal data',
      mutate: (m) => delete m.governance.personalData.processed,
      findings: [{ message: /not stated whether personal data is processed/, text: 'personalData', severity: 'warning', fixable: true, fixed: (out) => assert.match(out, /personalData:\n {4}categories:[\s\S]*\n {4}processed: true\n/) }],
    },
    {
      name: 'no governance section: reported on the document, fix adds the nested keys',
      yaml: HEAD,
      findings: [{ message: /not stated whether personal data is processed/, text: 'ModelDeployment', fixable: true, fixed: (out) => assert.match(out, /governance:\n {2}personalData:\n {4}processed: true\n/) }],
    },
    {
      name: 'an empty section `personalData: {}`',
      yaml: `${HEAD}governance:\n  personalData: {}\n`,
      findings: [{ message: /not stated whether/, text: 'personalData', fixable: true, fixed: (out) => assert.match(out, /personalData: \{ processed: true \}/) }],
    },
  ],
});
