import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './residency-regions';
import { areaContains, lookupRegion, placeRegion } from '../support/regions';
import { PRODUCTION_EXAMPLE, VLLM, vllm } from '../reliability/kube-fixtures.test';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: demo }\nmodel: { uri: "hf://org/model" }\n';

describe('architecture/regions table', () => {
  it('places cloud regions, zones and Azure display names', () => {
    assert.equal(lookupRegion('europe-west4')?.country, 'NL');
    assert.equal(lookupRegion('europe-west4-a')?.country, 'NL');
    assert.equal(lookupRegion('eu-west-1a')?.country, 'IE');
    assert.equal(lookupRegion('West Europe')?.country, 'NL');
    assert.equal(lookupRegion('uksouth')?.country, 'GB');
    assert.equal(lookupRegion('mars-north1'), undefined);
  });
  it('lets an explicit country win and knows the areas', () => {
    assert.equal(placeRegion({ name: 'us-east-1', country: 'de' }).country, 'DE');
    assert.equal(placeRegion({ name: 'site', country: 'UK' }).country, 'GB');
    assert.ok(areaContains('eu', 'FR'));
    assert.ok(!areaContains('eu', 'GB'));
    assert.ok(!areaContains('eu', 'CH'));
    assert.ok(areaContains('eea', 'NO'));
    assert.ok(!areaContains('eu', 'NO'));
    assert.ok(areaContains('eea', 'eu'));
    assert.ok(!areaContains('eu', 'eea'));
    assert.ok(areaContains('global', 'US'));
    assert.ok(areaContains('apac', 'JP'));
  });
});

ruleTester(rule, {
  valid: [
    { name: 'EU regions of three clouds under eu', mutate: (m) => (m.architecture.regions = ['europe-west1', 'eu-central-1', 'swedencentral', 'eu-frankfurt-1']) },
    { name: 'Norway is in the EEA', mutate: (m) => Object.assign(m.architecture, { dataResidency: 'eea', regions: ['norwayeast', 'europe-north1'] }) },
    { name: 'global residency constrains nothing', mutate: (m) => Object.assign(m.architecture, { dataResidency: 'global', regions: ['us-east-1', 'mystery-site'] }) },
    { name: 'no residency declared: nothing to check', mutate: (m) => (delete m.architecture.dataResidency, (m.architecture.regions = ['us-east-1'])) },
    { name: 'unknown regions ignored by option', mutate: (m) => (m.architecture.regions = ['europe-west4', 'dc-2']), options: { unknownRegions: 'ignore' } },
    { name: 'an explicit country decides for a site', yaml: `${HEAD}architecture: { dataResidency: uk, regions: [{ name: lon-1, country: GB }, uksouth, europe-west2] }\n` },
  ],
  invalid: [
    {
      name: 'a US region under EU residency: error on the region, related to dataResidency',
      mutate: (m) => m.architecture.regions.push('us-east-1'),
      findings: [{ message: /`us-east-1` is in the United States, outside the declared data residency `eu`/, text: 'us-east-1', severity: 'error', fixable: false }],
    },
    {
      name: 'London is not in the EU (flow sequence), and a site with country CH neither',
      yaml: `${HEAD}architecture:\n  dataResidency: eu\n  regions: [europe-west4, europe-west2, { name: zrh-dc, country: CH }]\n`,
      findings: [
        { message: /`europe-west2` is in the United Kingdom/, text: 'europe-west2' },
        { message: /`zrh-dc` is in Switzerland/, text: 'zrh-dc' },
      ],
    },
    {
      name: 'a site without a country cannot be placed: snippet to add the country',
      mutate: (m) => (m.architecture.regions = ['europe-west4', 'on-prem-ams2']),
      findings: [{ message: /Cannot tell which country `on-prem-ams2` is in/, text: 'on-prem-ams2', fixable: false }],
    },
    {
      name: 'a site object without a country (block style)',
      mutate: (m) => (m.architecture.regions = [{ name: 'ams-dc', provider: 'on-prem' }]),
      findings: [{ message: /Cannot tell which country `ams-dc` is in/, text: 'ams-dc', fixable: false }],
    },
  ],
});

const ANNOTATED = (annotations: string) => vllm(['  name: llm\n', `  name: llm\n  annotations:\n${annotations}`]);

// Kubernetes family: judged only when annotations state the residency.
ruleTester(rule, {
  valid: [
    { name: 'k8s: the production vLLM example links its native manifest', yaml: PRODUCTION_EXAMPLE },
    { name: 'k8s: no residency annotation', yaml: VLLM },
    { name: 'k8s: EU regions under eu', yaml: ANNOTATED('    modelready.dev/data-residency: eu\n    modelready.dev/regions: europe-west4,eu-central-1\n') },
  ],
  invalid: [
    {
      name: 'k8s: a US region in the annotation under eu',
      yaml: ANNOTATED('    modelready.dev/data-residency: eu\n    modelready.dev/regions: europe-west4,us-east1\n'),
      findings: [{ message: /`us-east1` is in the United States, outside the declared data residency `eu`/, text: 'europe-west4,us-east1', fixable: false }],
    },
    {
      name: 'k8s: a node selector pinning a US region under eu',
      yaml: vllm(['  name: llm\n', '  name: llm\n  annotations:\n    modelready.dev/data-residency: eu\n'], ['      nodeSelector:\n', '      nodeSelector:\n        topology.kubernetes.io/region: us-central1\n']),
      findings: [{ message: /`us-central1` is in the United States/, text: 'us-central1', fixable: false }],
    },
  ],
});
