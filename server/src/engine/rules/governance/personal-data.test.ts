import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './personal-data';
import { deployment, K8S_EXAMPLE } from './workload-fixtures.test';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: demo }\nmodel: { uri: hf://org/model }\n';

ruleTester(rule, {
  valid: [
    { name: '`processed: false` is a statement too', mutate: (m) => (m.governance.personalData = { processed: false }) },
    { name: 'flow style', yaml: `${HEAD}governance: { personalData: { processed: false } }\n` },
    // Kubernetes-family model servers: judged only when they opt in (a modelready.dev/* annotation, or `regulated`).
    { name: 'Kubernetes: the production example links its ModelDeployment (judged there)', yaml: K8S_EXAMPLE },
    { name: 'Kubernetes: the production example under regulated too', yaml: K8S_EXAMPLE, profile: 'regulated' },
    { name: 'Kubernetes: a plain upstream Deployment does not opt in', yaml: deployment() },
    { name: 'Kubernetes: modelready.dev/ignore and host-namespaces-reason do not opt in', yaml: deployment({ annotations: { 'modelready.dev/ignore': 'security/non-root', 'modelready.dev/host-namespaces-reason': 'RDMA' } }) },
    { name: 'Kubernetes: a workload that is not a model server, even under regulated', yaml: deployment({ image: 'nginx:1.27', args: '[]' }), profile: 'regulated' },
    { name: 'Kubernetes: personal-data "none"', yaml: deployment({ annotations: { 'modelready.dev/personal-data': 'none' } }) },
  ],
  invalid: [
    {
      name: 'personalData section without `processed`: reported on its key, fix assumes personal data',
      mutate: (m) => delete m.governance.personalData.processed,
      findings: [{ message: /^It is not stated whether `support-assistant` processes personal data\. Add `governance\.personalData\.processed`/, text: 'personalData', severity: 'warning', fixable: true, fixed: (out) => assert.match(out, /personalData:\n {4}categories:[\s\S]*\n {4}processed: true\n/) }],
    },
    {
      name: 'no governance section: reported on the document, fix adds the nested keys',
      yaml: HEAD,
      findings: [{ message: /^It is not stated whether `demo` processes personal data\. Add `governance\.personalData\.processed`/, text: 'ModelDeployment', fixable: true, fixed: (out) => assert.match(out, /governance:\n {2}personalData:\n {4}processed: true\n/) }],
    },
    {
      name: 'an empty section `personalData: {}`',
      yaml: `${HEAD}governance:\n  personalData: {}\n`,
      findings: [{ message: /not stated whether/, text: 'personalData', fixable: true, fixed: (out) => assert.match(out, /personalData: \{ processed: true \}/) }],
    },
    {
      name: 'Kubernetes: opted in without the personal-data annotation: fix states "true" (the cautious default)',
      yaml: deployment({ annotations: { 'modelready.dev/owner': 'team@example.com' } }),
      findings: [{ message: /^It is not stated whether `llm` processes personal data\. Add the annotation `modelready\.dev\/personal-data`/, text: 'annotations', fixable: true, fixed: (out) => assert.match(out, /modelready\.dev\/personal-data: "true"\n/) }],
    },
    {
      name: 'Kubernetes: a blank annotation does not count; the fix fills it in',
      yaml: deployment({ annotations: { 'modelready.dev/personal-data': ' ' } }),
      findings: [{ message: /modelready\.dev\/personal-data/, text: 'annotations', fixable: true, fixed: (out) => assert.match(out, /modelready\.dev\/personal-data: "true"\nspec:/) }],
    },
  ],
});
