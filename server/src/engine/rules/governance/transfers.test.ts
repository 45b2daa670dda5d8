import { strict as assert } from 'node:assert';
import { ruleTester, run } from '../../../../../test/support/rule-tester';
import rule from './transfers';
import { deployment, K8S_EXAMPLE } from './workload-fixtures.test';

ruleTester(rule, {
  valid: [
    { name: 'all regions inside the EU (the example, with an explicit on-prem site)', mutate: () => undefined },
    { name: 'a US region with standard contractual clauses', mutate: (m) => (m.architecture.regions.push('us-east1'), (m.architecture.transfers.mechanism = 'scc')) },
    { name: 'a US region, but no personal data', mutate: (m) => (m.architecture.regions.push('us-east1'), (m.governance.personalData = { processed: false })) },
    { name: 'global residency: no area to leave', mutate: (m) => (m.architecture.regions.push('us-east1'), (m.architecture.dataResidency = 'global')) },
    { name: 'an unknown region is left to architecture/residency-regions', mutate: (m) => m.architecture.regions.push('my-dc-3') },
    { name: 'EEA residency includes Norway (Azure norwayeast)', mutate: (m) => (m.architecture.regions.push('norwayeast'), (m.architecture.dataResidency = 'eea')) },
    // Kubernetes-family model servers: judged only when they opt in (a modelready.dev/* annotation, or `regulated`).
    { name: 'Kubernetes: the production example links its ModelDeployment (judged there)', yaml: K8S_EXAMPLE },
    { name: 'Kubernetes: the production example under regulated too', yaml: K8S_EXAMPLE, profile: 'regulated' },
    { name: 'Kubernetes: a plain upstream Deployment does not opt in', yaml: deployment() },
    { name: 'Kubernetes: modelready.dev/ignore and host-namespaces-reason do not opt in', yaml: deployment({ annotations: { 'modelready.dev/ignore': 'security/non-root', 'modelready.dev/host-namespaces-reason': 'RDMA' } }) },
    { name: 'Kubernetes: a workload that is not a model server, even under regulated', yaml: deployment({ image: 'nginx:1.27', args: '[]' }), profile: 'regulated' },
    { name: 'Kubernetes: an EU region inside EU residency', yaml: deployment({ annotations: { 'modelready.dev/data-residency': 'eu', 'modelready.dev/regions': 'europe-west4' } }) },
    { name: 'Kubernetes: a US region with the transfer-mechanism annotation', yaml: deployment({ annotations: { 'modelready.dev/data-residency': 'eu', 'modelready.dev/regions': 'europe-west4, us-east1', 'modelready.dev/transfer-mechanism': 'scc' } }) },
  ],
  invalid: [
    {
      name: 'a US cloud region under EU residency with `mechanism: none`: reported on the region',
      mutate: (m) => m.architecture.regions.push('us-east1'),
      findings: [{ message: /Region `us-east1` is in the United States, outside the data-residency area the EU, and `architecture\.transfers\.mechanism` is `none`/, text: 'us-east1', severity: 'warning', fixable: false }],
    },
    {
      name: 'an on-prem site with an explicit country outside the area, no transfers section: reported on the country',
      mutate: (m) => (m.architecture.regions.push({ name: 'dc-zurich', country: 'CH' }), delete m.architecture.transfers),
      findings: [{ message: /Region `dc-zurich` is in Switzerland, .*no `architecture\.transfers\.mechanism` is stated/, text: 'CH' }],
    },
    {
      name: 'a destination outside the area (country and area codes)',
      mutate: (m) => (m.architecture.transfers.destinations = ['US', 'eu', 'apac']),
      findings: [
        { message: /Data is transferred to the United States, outside/, text: 'US' },
        { message: /Data is transferred to Asia-Pacific, outside/, text: 'apac' },
      ],
    },
    {
      name: 'Kubernetes: a region outside the residency area: reported on the regions annotation, names the mechanism annotation',
      yaml: deployment({ annotations: { 'modelready.dev/data-residency': 'eu', 'modelready.dev/regions': 'europe-west4, us-east1' } }),
      findings: [{ message: /^Region `us-east1` is in the United States.*no annotation `modelready\.dev\/transfer-mechanism` is stated.*State the GDPR Chapter V mechanism in the annotation `modelready\.dev\/transfer-mechanism`/, text: '"europe-west4, us-east1"', fixable: false }],
    },
  ],
});

describe('governance/transfers details', () => {
  it('relates the finding to the residency and the mechanism, and offers a mechanism placeholder', () => {
    const [f] = run(rule, { name: 'x', mutate: (m) => m.architecture.regions.push('eu-central-2') });
    assert.match(f.message, /Switzerland/);
    assert.deepEqual(f.related!.map((r) => r.message), ['Data must stay in the EU.', 'The transfer mechanism is `none`.']);
    assert.match(f.fixes![0].edits[0].newText, /\$\{1:scc\}/);
  });
});
