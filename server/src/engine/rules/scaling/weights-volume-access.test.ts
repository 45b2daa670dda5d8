import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './weights-volume-access';

const doc = (body: string): string => `apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: m\nmodel:\n  uri: hf://org/model\n${body}`;

ruleTester(rule, {
  valid: [
    { name: 'ReadWriteMany', mutate: (m) => (m.scaling.caching.accessMode = 'ReadWriteMany') },
    { name: 'ReadWriteOnce with exactly one replica', mutate: (m) => Object.assign(m.scaling, { minReplicas: 1, maxReplicas: 1, caching: { modelWeights: 'pvc', accessMode: 'ReadWriteOnce' } }) },
    { name: 'an access mode with weights in the image does not matter', mutate: (m) => (m.scaling.caching = { modelWeights: 'image', accessMode: 'ReadWriteOnce' }) },
    { name: 'no replica bounds: one replica', yaml: doc('scaling: { caching: { modelWeights: pvc, accessMode: ReadWriteOnce } }\n') },
  ],
  invalid: [
    {
      name: 'ReadWriteOnce shared by up to 8 replicas: fix switches to ReadOnlyMany',
      mutate: (m) => (m.scaling.caching.accessMode = 'ReadWriteOnce'),
      findings: [{ message: /The weights volume is ReadWriteOnce but up to 8 replicas mount it: .*Multi-Attach error/, text: 'ReadWriteOnce', fixable: true, fixed: (out) => assert.match(out, /accessMode: ReadOnlyMany/) }],
    },
    {
      name: 'ReadWriteOncePod with two fixed replicas, flow style',
      yaml: doc('scaling: { minReplicas: 2, caching: { modelWeights: pvc, accessMode: ReadWriteOncePod } }\n'),
      findings: [{ message: /ReadWriteOncePod but up to 2 replicas mount it: only one pod can mount it, so every other replica stays Pending/, text: 'ReadWriteOncePod', fixable: true, fixed: (out) => assert.match(out, /accessMode: ReadOnlyMany \}/) }],
    },
    {
      name: 'an access mode without a stated weight source is judged as a volume',
      mutate: (m) => (m.scaling.caching = { accessMode: 'ReadWriteOnce' }),
      findings: [{ message: /ReadWriteOnce but up to 8 replicas/, text: 'ReadWriteOnce', fixable: true }],
    },
  ],
});
