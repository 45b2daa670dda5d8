import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './slos';
import { deployment, K8S_EXAMPLE } from '../governance/workload-fixtures.test';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: m }\nmodel: { uri: hf://org/model }\n';

ruleTester(rule, {
  valid: [
    {
      name: 'kinds recognised by name when indicator is missing (flow style)',
      yaml: `${HEAD}monitoring:\n  slos: [{ name: p95-latency, objective: 2s }, { name: availability, objective: "99.9%" }, { name: error-rate, objective: "1%" }]\n`,
    },
    {
      name: 'time-to-first-token counts as a latency objective',
      mutate: (m) => (m.monitoring.slos = m.monitoring.slos.filter((s: { indicator: string }) => s.indicator !== 'latency')),
    },
    {
      name: 'the option narrows the required kinds',
      options: { required: ['availability'] },
      yaml: `${HEAD}monitoring:\n  slos:\n    - name: uptime\n      objective: "99.5%"\n`,
    },
    // Kubernetes-family model servers: judged only when they opt in (a modelready.dev/* annotation, or `regulated`).
    { name: 'Kubernetes: the production example links its ModelDeployment (judged there)', yaml: K8S_EXAMPLE },
    { name: 'Kubernetes: the production example under regulated too', yaml: K8S_EXAMPLE, profile: 'regulated' },
    { name: 'Kubernetes: a plain upstream Deployment does not opt in', yaml: deployment() },
    { name: 'Kubernetes: a workload that is not a model server', yaml: deployment({ image: 'nginx:1.27', args: '[]' }), profile: 'regulated' },
  ],
  invalid: [
    {
      name: 'no slos at all: reported on the monitoring key, fix adds the three objectives',
      mutate: (m) => delete m.monitoring.slos,
      findings: [
        {
          message: /No service-level objectives are stated.*latency, availability and error rate/,
          text: 'monitoring',
          fixable: true,
          fixed: (out) => assert.match(out, /slos:\n {4}- name: p95-latency\n {6}indicator: latency\n/),
        },
      ],
    },
    {
      name: 'an empty list: reported on [] and the fix fills it in flow style',
      yaml: `${HEAD}monitoring:\n  slos: []\n`,
      findings: [{ message: /No service-level objectives/, text: '[]', fixable: true, fixed: (out) => assert.match(out, /slos: \[\{ name: p95-latency, .*\}, \{ name: availability,.*\}, \{ name: error-rate,/) }],
    },
    {
      name: 'only latency: availability and error rate missing, reported on the slos key, appended as block items',
      yaml: `${HEAD}monitoring:\n  slos:\n  - name: p95-latency\n    indicator: latency\n    objective: 2s\n  runbook: https://x.example.com\n`,
      findings: [
        {
          message: /`monitoring\.slos` has no availability and error rate objective/,
          text: 'slos',
          fixable: true,
          fixed: (out) => assert.match(out, /objective: 2s\n {2}- name: availability\n {4}indicator: availability\n/),
        },
      ],
    },
    {
      name: 'an indicator wins over a misleading name; an SLO without objective is reported on its name',
      yaml: `${HEAD}monitoring:\n  slos:\n    - { name: latency-budget, indicator: throughput, objective: 50tps }\n    - { name: availability, indicator: availability }\n    - { name: errors, indicator: error-rate, objective: "1%" }\n`,
      findings: [
        { message: /has no latency objective/, text: 'slos', fixable: true },
        { message: /The SLO `availability` has no `objective`/, text: 'availability', fixable: true, fixed: (out) => assert.match(out, /\{ name: availability, indicator: availability, objective: "99\.9%" \}/) },
      ],
    },
    {
      name: 'Kubernetes: opted in (owner annotation): no annotation states it, so the message points at a linked ModelDeployment',
      yaml: deployment({ annotations: { 'modelready.dev/owner': 'team@example.com' } }),
      findings: [{ message: /^No service-level objectives are stated for `llm`.*`monitoring\.slos` in a ModelDeployment manifest linked with the annotation `modelready\.dev\/manifest`/, text: 'annotations', line: 6, fixable: false }],
    },
    {
      name: 'Kubernetes: under regulated every model server is judged',
      profile: 'regulated',
      yaml: deployment(),
      findings: [{ message: /monitoring\.slos/, text: 'metadata', severity: 'error' }],
    },
  ],
});
