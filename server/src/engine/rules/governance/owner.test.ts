import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './owner';

const DOC = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\n';

ruleTester(rule, {
  valid: [
    { name: 'a contact is enough when owner is missing', mutate: (m) => delete m.metadata.owner },
    { name: 'the modelready.dev/owner annotation counts', mutate: (m) => (delete m.metadata.owner, delete m.metadata.contact, (m.metadata.annotations = { 'modelready.dev/owner': 'ml-platform' })) },
    { name: 'not evaluated in development', profile: 'development', mutate: (m) => (delete m.metadata.owner, delete m.metadata.contact) },
  ],
  invalid: [
    {
      name: 'neither owner nor contact: reported on metadata, fix adds an owner placeholder',
      mutate: (m) => (delete m.metadata.owner, delete m.metadata.contact),
      findings: [{ message: /No accountable owner is stated.*`metadata\.owner`/, text: 'metadata', severity: 'warning', fixable: true, fixed: (out) => assert.match(out, /\n {2}owner: team@example\.com\n/) }],
    },
    {
      name: 'flow-style metadata: the fix writes into the braces',
      yaml: `${DOC}metadata: { name: demo }\nmodel: { uri: hf://org/model }\n`,
      findings: [{ message: /No accountable owner/, text: 'metadata', fixable: true, fixed: (out) => assert.match(out, /metadata: \{ name: demo ?, owner: team@example\.com \}/) }],
    },
    {
      name: 'a blank annotation does not count',
      mutate: (m) => (delete m.metadata.owner, delete m.metadata.contact, (m.metadata.annotations = { 'modelready.dev/owner': ' ' })),
      findings: [{ message: /No accountable owner/, text: 'metadata', fixable: true }],
    },
  ],
});
