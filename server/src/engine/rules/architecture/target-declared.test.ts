import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './target-declared';
import { PRODUCTION_EXAMPLE, VLLM, vllm } from '../reliability/kube-fixtures.test';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: demo }\nmodel: { uri: "hf://org/model" }\n';

ruleTester(rule, {
  valid: [
    { name: 'cloud target with cloud regions', mutate: (m) => Object.assign(m.architecture, { target: 'cloud', regions: ['europe-west4', 'eu-central-1', 'westeurope'] }) },
    { name: 'on-prem target with an on-prem site', mutate: (m) => Object.assign(m.architecture, { target: 'on-prem', regions: [{ name: 'ams1', country: 'NL', provider: 'on-prem' }] }) },
    { name: 'hybrid target: a region that cannot be placed is not judged', yaml: `${HEAD}architecture: { target: hybrid, regions: [dc-7] }\n` },
    { name: 'on-prem target with an unknown site name (no provider)', yaml: `${HEAD}architecture:\n  target: on-prem\n  regions: [basement-rack-2]\n` },
  ],
  invalid: [
    {
      name: 'no target: inferred as hybrid from a cloud region and an on-prem site, fix declares it',
      mutate: (m) => delete m.architecture.target,
      findings: [{ message: /deployment target is not stated/, text: 'architecture', fixable: true, fixed: (out) => assert.match(out, /^ {2}target: hybrid$/m) }],
    },
    {
      name: 'no target in a flow mapping with a cloud region: the fix writes `cloud` into the flow mapping',
      yaml: `${HEAD}architecture: { regions: [westeurope] }\n`,
      findings: [{ message: /not stated/, text: 'architecture', fixable: true, fixed: (out) => assert.match(out, /architecture: \{ regions: \[westeurope\], target: cloud \}/) }],
    },
    {
      name: 'no architecture section and nothing to infer from: a snippet only, not applied by fix-all',
      mutate: (m) => delete m.architecture,
      findings: [{ message: /`architecture\.target` \(on-prem, cloud or hybrid\)/, text: 'ModelDeployment', fixable: false }],
    },
    {
      name: 'cloud target with an on-prem site: reported on the site name',
      mutate: (m) => (m.architecture.target = 'cloud'),
      findings: [{ message: /`on-prem-ams1` is an on-prem site, but `architecture.target` is `cloud`/, text: 'on-prem-ams1', fixable: false }],
    },
    {
      name: 'on-prem target with a cloud region (flow sequence): reported on the region',
      yaml: `${HEAD}architecture:\n  target: on-prem\n  regions: [ams-dc1, eu-central-1]\n`,
      findings: [{ message: /`eu-central-1` is a cloud region \(AWS\)/, text: 'eu-central-1', fixable: false }],
    },
  ],
});

const ANNOTATED = (annotations: string) => vllm(['  name: llm\n', `  name: llm\n  annotations:\n${annotations}`]);

// Kubernetes family: judged only when annotations state where the workload runs.
ruleTester(rule, {
  valid: [
    { name: 'k8s: the production vLLM example links its native manifest', yaml: PRODUCTION_EXAMPLE },
    { name: 'k8s: no location annotations', yaml: VLLM },
    { name: 'k8s: target and regions agree', yaml: ANNOTATED('    modelready.dev/target: cloud\n    modelready.dev/regions: europe-west4\n') },
  ],
  invalid: [
    {
      name: 'k8s: regions without a target: fix adds the annotation inferred from them',
      yaml: ANNOTATED('    modelready.dev/regions: europe-west4\n'),
      findings: [{ message: /Add the annotation `modelready.dev\/target`/, text: 'annotations', fixable: true, fixed: (out) => assert.match(out, /^ {4}modelready.dev\/target: "cloud"$/m) }],
    },
    {
      name: 'k8s: an on-prem target with a cloud region',
      yaml: ANNOTATED('    modelready.dev/target: on-prem\n    modelready.dev/regions: eu-central-1\n'),
      findings: [{ message: /`eu-central-1` is a cloud region \(AWS\), but the annotation `modelready.dev\/target` is `on-prem`/, text: 'eu-central-1', fixable: false }],
    },
  ],
});
