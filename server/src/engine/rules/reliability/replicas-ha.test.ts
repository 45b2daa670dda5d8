import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './replicas-ha';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: demo }\nmodel: { uri: "hf://org/model" }\n';

ruleTester(rule, {
  valid: [
    { name: 'three replicas', mutate: (m) => (m.scaling.minReplicas = 3) },
    { name: 'scale to zero with room to grow (replica-bounds judges the cold start)', mutate: (m) => (m.scaling.minReplicas = 0) },
    { name: 'a lower requirement by option', mutate: (m) => (m.scaling.minReplicas = 1), options: { minReplicas: 1 } },
    { name: 'not under development', mutate: (m) => (m.scaling.minReplicas = 1), profile: 'development' },
  ],
  invalid: [
    {
      name: 'one replica: reported on the value, fix raises it to 2',
      mutate: (m) => (m.scaling.minReplicas = 1),
      findings: [{ message: /`scaling.minReplicas` is 1/, text: '1', fixable: true, fixed: (out) => assert.match(out, /minReplicas: 2\n/) }],
    },
    {
      name: 'one replica with maxReplicas 1 (flow style): the fix raises both',
      yaml: `${HEAD}scaling: { minReplicas: 1, maxReplicas: 1 }\n`,
      findings: [{ message: /is 1/, text: '1', line: 5, fixable: true, fixed: (out) => assert.match(out, /scaling: \{ minReplicas: 2, maxReplicas: 2 \}/) }],
    },
    {
      name: 'no minReplicas: reported on the scaling key',
      mutate: (m) => delete m.scaling.minReplicas,
      findings: [{ message: /`scaling.minReplicas` is not stated/, text: 'scaling', fixable: true, fixed: (out) => assert.match(out, /^ {2}minReplicas: 2$/m) }],
    },
    {
      name: 'no scaling section at all',
      yaml: HEAD,
      findings: [{ message: /not stated/, text: 'ModelDeployment', fixable: true, fixed: (out) => assert.match(out, /scaling:\n {2}minReplicas: 2\n/) }],
    },
    {
      name: 'scale to zero capped at one replica',
      mutate: (m) => Object.assign(m.scaling, { minReplicas: 0, maxReplicas: 1 }),
      findings: [{ message: /`scaling.maxReplicas` is 1/, text: '1', fixable: true }],
    },
  ],
});
