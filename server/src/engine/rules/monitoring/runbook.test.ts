import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './runbook';

ruleTester(rule, {
  valid: [{ name: 'a runbook URL is linked', mutate: (m) => (m.monitoring.runbook = 'https://wiki.example.com/rb') }],
  invalid: [
    {
      name: 'monitoring without a runbook: reported on the monitoring key, fix adds the link',
      mutate: (m) => delete m.monitoring.runbook,
      findings: [{ message: /No runbook is linked/, text: 'monitoring', fixable: true, fixed: (out) => /runbook: https:\/\/runbooks\.example\.com\/support-assistant/.test(out) || assert.fail(out) }],
    },
    {
      name: 'no monitoring section at all: reported on the document, fix adds the section',
      mutate: (m) => delete m.monitoring,
      findings: [{ message: /No runbook is linked/, text: 'ModelDeployment', fixable: true }],
    },
  ],
});


