import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './owner';
import { deployment, inferenceService, K8S_EXAMPLE } from './workload-fixtures.test';

const DOC = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\n';

ruleTester(rule, {
  valid: [
    { name: 'a contact is enough when owner is missing', mutate: (m) => delete m.metadata.owner },
    { name: 'the modelready.dev/owner annotation counts', mutate: (m) => (delete m.metadata.owner, delete m.metadata.contact, (m.metadata.annotations = { 'modelready.dev/owner': 'ml-platform' })) },
    { name: 'not evaluated in development', profile: 'development', mutate: (m) => (delete m.metadata.owner, delete m.metadata.contact) },
    // Kubernetes-family model servers: judged only when they opt in (a modelready.dev/* annotation, or `regulated`).
    { name: 'Kubernetes: the production example links its ModelDeployment (judged there)', yaml: K8S_EXAMPLE },
    { name: 'Kubernetes: the production example under regulated too', yaml: K8S_EXAMPLE, profile: 'regulated' },
    { name: 'Kubernetes: a plain upstream Deployment does not opt in', yaml: deployment() },
    { name: 'Kubernetes: modelready.dev/ignore and host-namespaces-reason do not opt in', yaml: deployment({ annotations: { 'modelready.dev/ignore': 'security/non-root', 'modelready.dev/host-namespaces-reason': 'RDMA' } }) },
    { name: 'Kubernetes: a workload that is not a model server, even under regulated', yaml: deployment({ image: 'nginx:1.27', args: '[]' }), profile: 'regulated' },
    { name: 'Kubernetes: the owner annotation', yaml: deployment({ annotations: { 'modelready.dev/owner': 'ml-platform@example.com' } }) },
    { name: 'Kubernetes: a contact annotation on the pod template', yaml: deployment({ annotations: { 'modelready.dev/risk-category': 'minimal' }, podAnnotations: { 'modelready.dev/contact': '#oncall' } }) },
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
    {
      name: 'Kubernetes: opted in (risk category) without an owner: reported on the annotations, fix adds the annotation',
      yaml: deployment({ annotations: { 'modelready.dev/risk-category': 'minimal' } }),
      findings: [
        {
          message: /^No accountable owner is stated for `llm`\. Add the annotation `modelready\.dev\/owner`/,
          text: 'annotations',
          line: 6,
          fixable: true,
          fixed: (out) => assert.match(out, /\n {4}modelready\.dev\/risk-category: "minimal"\n {4}modelready\.dev\/owner: "team@example\.com"\nspec:/),
        },
      ],
    },
    {
      name: 'Kubernetes: a plain Deployment under regulated: reported on metadata, fix creates metadata.annotations',
      profile: 'regulated',
      yaml: deployment(),
      findings: [{ message: /modelready\.dev\/owner/, text: 'metadata', severity: 'error', fixable: true, fixed: (out) => assert.match(out, /\n {2}namespace: genai\n {2}annotations:\n {4}modelready\.dev\/owner: "team@example\.com"\nspec:/) }],
    },
    {
      name: 'Kubernetes: a link to a manifest that does not exist is no link: the workload is judged itself',
      yaml: deployment({ annotations: { 'modelready.dev/manifest': './missing.modelready.yaml' } }),
      existingFiles: [],
      findings: [{ message: /modelready\.dev\/owner/, text: 'annotations' }],
    },
    {
      name: 'KServe: an InferenceService that opts in',
      yaml: inferenceService({ 'modelready.dev/personal-data': 'none' }),
      findings: [{ message: /No accountable owner is stated for `chat`/, text: 'annotations', fixable: true, fixed: (out) => assert.match(out, /modelready\.dev\/owner: "team@example\.com"/) }],
    },
  ],
});
