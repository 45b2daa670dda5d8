import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './transparency';
import { deployment, K8S_EXAMPLE } from './workload-fixtures.test';

ruleTester(rule, {
  valid: [
    { name: 'minimal risk: no Art. 50 duty checked', mutate: (m) => ((m.governance.aiAct.riskCategory = 'minimal'), delete m.governance.aiAct.transparencyNotice) },
    { name: 'unclassified embedding model', mutate: (m) => (delete m.governance.aiAct, (m.model.task = 'embeddings')) },
    { name: 'categories option narrows it to high risk', options: { categories: ['high'] }, mutate: (m) => delete m.governance.aiAct.transparencyNotice },
    // Kubernetes-family model servers: judged only when they opt in (a modelready.dev/* annotation, or `regulated`).
    { name: 'Kubernetes: the production example links its ModelDeployment (judged there)', yaml: K8S_EXAMPLE },
    { name: 'Kubernetes: the production example under regulated too', yaml: K8S_EXAMPLE, profile: 'regulated' },
    { name: 'Kubernetes: a plain upstream Deployment does not opt in', yaml: deployment() },
    { name: 'Kubernetes: modelready.dev/ignore and host-namespaces-reason do not opt in', yaml: deployment({ annotations: { 'modelready.dev/ignore': 'security/non-root', 'modelready.dev/host-namespaces-reason': 'RDMA' } }) },
    { name: 'Kubernetes: a workload that is not a model server, even under regulated', yaml: deployment({ image: 'nginx:1.27', args: '[]' }), profile: 'regulated' },
    { name: 'Kubernetes: limited with the notice', yaml: deployment({ annotations: { 'modelready.dev/risk-category': 'limited', 'modelready.dev/transparency-notice': 'true' } }) },
    { name: 'Kubernetes: minimal risk', yaml: deployment({ annotations: { 'modelready.dev/risk-category': 'minimal' } }) },
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
    {
      name: 'Kubernetes: limited without the notice: names the annotation',
      yaml: deployment({ annotations: { 'modelready.dev/risk-category': 'limited' } }),
      findings: [{ message: /^It is not stated that people are told they interact with AI, and the system is classified `limited`.*set the annotation `modelready\.dev\/transparency-notice` to `true`\.$/, text: 'annotations', fixable: false }],
    },
    {
      name: 'Kubernetes: the notice annotation is "false": reported on its value',
      yaml: deployment({ annotations: { 'modelready.dev/risk-category': 'high', 'modelready.dev/transparency-notice': 'false' } }),
      findings: [{ message: /^The annotation `modelready\.dev\/transparency-notice` is false/, text: '"false"', fixable: false }],
    },
  ],
});
