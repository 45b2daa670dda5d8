import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './alerts';
import { deployment, K8S_EXAMPLE } from '../governance/workload-fixtures.test';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: m, owner: team@example.com }\nmodel: { uri: hf://org/model }\n';

ruleTester(rule, {
  valid: [
    { name: 'one alert routed to an e-mail (flow style)', yaml: `${HEAD}monitoring:\n  alerts: [{ name: errors, notify: team@example.com }]\n` },
    { name: 'several alerts, all routed', mutate: (m) => m.monitoring.alerts.push({ name: 'kv-cache-full', notify: 'pagerduty:ml' }) },
    // Kubernetes-family model servers: judged only when they opt in (a modelready.dev/* annotation, or `regulated`).
    { name: 'Kubernetes: the production example links its ModelDeployment (judged there)', yaml: K8S_EXAMPLE },
    { name: 'Kubernetes: the production example under regulated too', yaml: K8S_EXAMPLE, profile: 'regulated' },
    { name: 'Kubernetes: a plain upstream Deployment does not opt in', yaml: deployment() },
    { name: 'Kubernetes: a workload that is not a model server', yaml: deployment({ image: 'nginx:1.27', args: '[]' }), profile: 'regulated' },
  ],
  invalid: [
    {
      name: 'no alerts: reported on the monitoring key, fix adds an alert routed to metadata.contact',
      mutate: (m) => delete m.monitoring.alerts,
      findings: [
        {
          message: /^No alerts are stated for `support-assistant`\. Add `monitoring\.alerts` with at least one alert/,
          text: 'monitoring',
          fixable: true,
          fixed: (out) => assert.match(out, /alerts:\n {4}- name: high-error-rate\n(.*\n){2} {6}notify: "#support-assistant-oncall"\n/),
        },
      ],
    },
    {
      name: 'an empty list: the fix falls back to metadata.owner',
      yaml: `${HEAD}monitoring:\n  alerts: []\n`,
      findings: [{ message: /^No alerts are stated for `m`\. Add `monitoring\.alerts`/, text: '[]', fixable: true, fixed: (out) => assert.match(out, /notify: "team@example\.com" \}\]/) }],
    },
    {
      name: 'alerts without notify (block and flow items) are reported on their names',
      yaml: `${HEAD}monitoring:\n  alerts:\n    - name: errors\n      severity: critical\n    - { name: latency, severity: warning }\n    - name: queue\n      notify: "#oncall"\n`,
      findings: [
        { message: /The alert `errors` has no `notify` receiver/, text: 'errors', fixable: true, fixed: (out) => assert.match(out, /severity: critical\n {6}notify: "team@example\.com"\n/) },
        { message: /The alert `latency` has no `notify`/, text: 'latency', fixable: true, fixed: (out) => assert.match(out, /\{ name: latency, severity: warning, notify: "?team@example\.com"? \}/) },
      ],
    },
    {
      name: 'Kubernetes: opted in (owner annotation): no annotation states it, so the message points at a linked ModelDeployment',
      yaml: deployment({ annotations: { 'modelready.dev/owner': 'team@example.com' } }),
      findings: [{ message: /^No alerts are stated for `llm`.*`monitoring\.alerts` in a ModelDeployment manifest linked with the annotation `modelready\.dev\/manifest`/, text: 'annotations', line: 6, fixable: false }],
    },
    {
      name: 'Kubernetes: under regulated every model server is judged',
      profile: 'regulated',
      yaml: deployment(),
      findings: [{ message: /monitoring\.alerts/, text: 'metadata', severity: 'error' }],
    },
  ],
});
