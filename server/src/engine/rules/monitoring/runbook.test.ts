import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './runbook';
import { deployment, K8S_EXAMPLE } from '../governance/workload-fixtures.test';

ruleTester(rule, {
  valid: [
    { name: 'a runbook URL is linked', mutate: (m) => (m.monitoring.runbook = 'https://wiki.example.com/rb') },
    // Kubernetes-family model servers: judged only when they opt in (a modelready.dev/* annotation, or `regulated`).
    { name: 'Kubernetes: the production example links its ModelDeployment (judged there)', yaml: K8S_EXAMPLE },
    { name: 'Kubernetes: the production example under regulated too', yaml: K8S_EXAMPLE, profile: 'regulated' },
    { name: 'Kubernetes: a plain upstream Deployment does not opt in', yaml: deployment() },
    { name: 'Kubernetes: a workload that is not a model server', yaml: deployment({ image: 'nginx:1.27', args: '[]' }), profile: 'regulated' },
    { name: 'Kubernetes: the runbook annotation', yaml: deployment({ annotations: { 'modelready.dev/runbook': 'https://runbooks.example.com/llm' } }) },
  ],
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
    {
      name: 'Kubernetes: opted in without a runbook: the fix adds the annotation',
      yaml: deployment({ annotations: { 'modelready.dev/owner': 'team@example.com' } }),
      findings: [{ message: /^No runbook is linked for `llm`\. Add the annotation `modelready\.dev\/runbook`/, text: 'annotations', fixable: true, fixed: (out) => assert.match(out, /\n {4}modelready\.dev\/runbook: "https:\/\/runbooks\.example\.com\/llm"\nspec:/) }],
    },
  ],
});
