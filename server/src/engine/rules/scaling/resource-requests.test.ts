import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './resource-requests';

const doc = (body: string): string => `apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: m\nmodel:\n  uri: hf://org/model\n${body}`;

ruleTester(rule, {
  valid: [
    { name: 'numbers instead of quantity strings (limit equal to the request in bytes)', mutate: (m) => Object.assign(m.resources, { cpu: 8, memory: 51539607552 }) },
    { name: 'no limits: the memory limit defaults to the request', mutate: (m) => delete m.resources.limits },
    { name: 'flow style with millicores and a higher limit', yaml: doc('resources: { cpu: 500m, memory: 2Gi, limits: { cpu: "1", memory: 4Gi } }\n') },
  ],
  invalid: [
    {
      name: 'cpu and memory missing: one finding on the resources key, fix adds both',
      mutate: (m) => {
        delete m.resources.cpu;
        delete m.resources.memory;
      },
      findings: [
        {
          message: /No cpu or memory request is stated \(`resources.cpu` and `resources.memory`\)/,
          text: 'resources',
          fixable: true,
          fixed: (out) => assert.match(out, /\n {2}cpu: "8"\n {2}memory: 32Gi\n/),
        },
      ],
    },
    {
      name: 'no resources section: reported on the document, fix adds the section',
      mutate: (m) => delete m.resources,
      findings: [{ message: /No cpu or memory request/, text: 'ModelDeployment', fixable: true, fixed: (out) => assert.match(out, /\nresources:\n {2}cpu: "8"\n {2}memory: 32Gi/) }],
    },
    {
      name: 'flow mapping with memory only: fix inserts cpu into the flow mapping',
      yaml: doc('resources: { memory: 8Gi }\n'),
      findings: [{ message: /No cpu request is stated \(`resources.cpu`\)/, text: 'resources', fixable: true, fixed: (out) => assert.match(out, /resources: \{ memory: 8Gi ?, cpu: "8" \}/) }],
    },
    {
      name: 'a zero request counts as none',
      mutate: (m) => (m.resources.cpu = '0'),
      findings: [{ message: /`resources.cpu` is 0/, text: '"0"', fixable: false }],
    },
    {
      name: 'memory limit below the request: reported on the limit, fix raises it',
      mutate: (m) => (m.resources.limits.memory = '16Gi'),
      findings: [{ message: /memory limit \(`resources.limits.memory`: 16Gi\) is below the memory request \(48Gi\)/, text: '16Gi', fixable: true, fixed: (out) => assert.match(out, /limits:\n {4}memory: 48Gi/) }],
    },
  ],
});
