import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './model-license';
import { deployment, K8S_EXAMPLE } from './workload-fixtures.test';

ruleTester(rule, {
  valid: [
    { name: 'a non-commercial licence outside commercial use', mutate: (m) => ((m.model.license = 'cc-by-nc-4.0'), delete m.model.licenseCommercialUse, (m.governance.commercialUse = false)) },
    { name: 'apache-2.0 in commercial use', mutate: (m) => ((m.model.license = 'apache-2.0'), delete m.model.licenseCommercialUse) },
    { name: 'an NC licence with a bought commercial licence recorded', mutate: (m) => ((m.model.license = 'cc-by-nc-4.0'), (m.model.licenseCommercialUse = 'permitted')) },
    { name: 'llama2 allows commercial use (with conditions)', mutate: (m) => ((m.model.license = 'llama2'), delete m.model.licenseCommercialUse) },
    { name: 'commercial use unknown: NC licence not flagged', mutate: (m) => ((m.model.license = 'cc-by-nc-sa-4.0'), delete m.model.licenseCommercialUse, delete m.governance.commercialUse) },
    // Kubernetes-family model servers: judged only when they opt in (a modelready.dev/* annotation, or `regulated`).
    { name: 'Kubernetes: the production example links its ModelDeployment (judged there)', yaml: K8S_EXAMPLE },
    { name: 'Kubernetes: the production example under regulated too', yaml: K8S_EXAMPLE, profile: 'regulated' },
    { name: 'Kubernetes: a plain upstream Deployment does not opt in', yaml: deployment() },
    { name: 'Kubernetes: modelready.dev/ignore and host-namespaces-reason do not opt in', yaml: deployment({ annotations: { 'modelready.dev/ignore': 'security/non-root', 'modelready.dev/host-namespaces-reason': 'RDMA' } }) },
    { name: 'Kubernetes: a workload that is not a model server, even under regulated', yaml: deployment({ image: 'nginx:1.27', args: '[]' }), profile: 'regulated' },
    { name: 'Kubernetes: the licence annotation', yaml: deployment({ annotations: { 'modelready.dev/license': 'apache-2.0' } }) },
  ],
  invalid: [
    {
      name: 'no licence: reported on model',
      mutate: (m) => (delete m.model.license, delete m.model.licenseUrl),
      findings: [{ message: /model licence is not stated/, text: 'model', severity: 'warning', fixable: false }],
    },
    {
      name: 'CC BY-NC in commercial use: reported on the licence',
      mutate: (m) => ((m.model.license = 'cc-by-nc-4.0'), delete m.model.licenseCommercialUse),
      findings: [{ message: /`cc-by-nc-4.0` does not allow commercial use, but `governance\.commercialUse` is true/, text: 'cc-by-nc-4.0' }],
    },
    {
      name: 'research licence, commercial use from the rule option (configuration)',
      options: { commercialUse: true },
      mutate: (m) => ((m.model.license = 'qwen-research'), delete m.model.licenseCommercialUse, delete m.governance.commercialUse),
      findings: [{ message: /`qwen-research` does not allow commercial use, but the configuration declares commercial use/, text: 'qwen-research' }],
    },
    {
      name: 'licenseCommercialUse prohibited: reported on that value',
      mutate: (m) => ((m.model.license = 'other'), (m.model.licenseCommercialUse = 'prohibited')),
      findings: [{ message: /`other` does not allow commercial use \(`model\.licenseCommercialUse: prohibited`\)/, text: 'prohibited' }],
    },
    {
      name: 'licence not reviewed for commercial use',
      mutate: (m) => ((m.model.license = 'other'), (m.model.licenseCommercialUse = 'unknown')),
      findings: [{ message: /has not been reviewed/, text: 'unknown' }],
    },
    {
      name: 'Mistral Non-Production License and a custom entry',
      options: { nonCommercialLicenses: ['acme-eval-only'] },
      mutate: (m) => ((m.model.license = 'acme-eval-only'), delete m.model.licenseCommercialUse),
      findings: [{ message: /`acme-eval-only` does not allow commercial use/, text: 'acme-eval-only' }],
    },
    {
      name: 'Kubernetes: opted in without a licence: names the annotation',
      yaml: deployment({ annotations: { 'modelready.dev/owner': 'team@example.com' } }),
      findings: [{ message: /^The model licence is not stated\. Set the annotation `modelready\.dev\/license`/, text: 'annotations', fixable: false }],
    },
    {
      name: 'Kubernetes: a non-commercial licence in commercial use: reported on the licence annotation',
      yaml: deployment({ annotations: { 'modelready.dev/license': 'cc-by-nc-4.0', 'modelready.dev/commercial-use': 'true' } }),
      findings: [{ message: /`cc-by-nc-4\.0` does not allow commercial use, but the annotation `modelready\.dev\/commercial-use` is true/, text: '"cc-by-nc-4.0"' }],
    },
  ],
});
