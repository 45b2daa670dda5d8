import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './alerts';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: m, owner: team@example.com }\nmodel: { uri: hf://org/model }\n';

ruleTester(rule, {
  valid: [
    { name: 'one alert routed to an e-mail (flow style)', yaml: `${HEAD}monitoring:\n  alerts: [{ name: errors, notify: team@example.com }]\n` },
    { name: 'several alerts, all routed', mutate: (m) => m.monitoring.alerts.push({ name: 'kv-cache-full', notify: 'pagerduty:ml' }) },
  ],
  invalid: [
    {
      name: 'no alerts: reported on the monitoring key, fix adds an alert routed to metadata.contact',
      mutate: (m) => delete m.monitoring.alerts,
      findings: [
        {
          message: /No alerts are defined/,
          text: 'monitoring',
          fixable: true,
          fixed: (out) => assert.match(out, /alerts:\n {4}- name: high-error-rate\n(.*\n){2} {6}notify: "#support-assistant-oncall"\n/),
        },
      ],
    },
    {
      name: 'an empty list: the fix falls back to metadata.owner',
      yaml: `${HEAD}monitoring:\n  alerts: []\n`,
      findings: [{ message: /No alerts are defined/, text: '[]', fixable: true, fixed: (out) => assert.match(out, /notify: "team@example\.com" \}\]/) }],
    },
    {
      name: 'alerts without notify (block and flow items) are reported on their names',
      yaml: `${HEAD}monitoring:\n  alerts:\n    - name: errors\n      severity: critical\n    - { name: latency, severity: warning }\n    - name: queue\n      notify: "#oncall"\n`,
      findings: [
        { message: /The alert `errors` has no `notify` receiver/, text: 'errors', fixable: true, fixed: (out) => assert.match(out, /severity: critical\n {6}notify: "team@example\.com"\n/) },
        { message: /The alert `latency` has no `notify`/, text: 'latency', fixable: true, fixed: (out) => assert.match(out, /\{ name: latency, severity: warning, notify: "?team@example\.com"? \}/) },
      ],
    },
  ],
});
