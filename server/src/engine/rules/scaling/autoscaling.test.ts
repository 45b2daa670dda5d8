import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './autoscaling';

const doc = (body: string): string => `apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: m\nmodel:\n  uri: hf://org/model\n${body}`;

ruleTester(rule, {
  valid: [
    {
      name: 'Knative scales on request concurrency: no metric needed',
      mutate: (m) => {
        m.scaling.autoscaler = 'knative';
        delete m.scaling.metric;
      },
    },
    { name: 'minReplicas left at its default of 1, maxReplicas 4', mutate: (m) => delete m.scaling.minReplicas },
    { name: 'flow style, scale to zero', yaml: doc('scaling: { minReplicas: 0, maxReplicas: 3, metric: { type: running-requests, target: 8 } }\n') },
  ],
  invalid: [
    {
      name: 'no scaling section: reported on the document, fix adds bounds and a metric',
      mutate: (m) => delete m.scaling,
      findings: [{ message: /No autoscaling is stated \(`scaling`\)/, text: 'ModelDeployment', fixable: true, fixed: (out) => assert.match(out, /\nscaling:\n {2}minReplicas: 2\n {2}maxReplicas: 4\n {2}metric:\n {4}type: queue-depth\n {4}target: 10\n/) }],
    },
    {
      name: 'no maxReplicas: fix adds twice minReplicas',
      mutate: (m) => delete m.scaling.maxReplicas,
      findings: [{ message: /`scaling.maxReplicas` is not stated, so nothing adds replicas beyond `minReplicas` \(2\)/, text: 'scaling', fixable: true, fixed: (out) => assert.match(out, /\n {2}maxReplicas: 4\n/) }],
    },
    {
      name: 'maxReplicas equal to minReplicas: a fixed count (fix offered, not automatic)',
      mutate: (m) => (m.scaling.maxReplicas = 2),
      findings: [{ message: /`scaling.maxReplicas` equals `minReplicas` \(2\): the replica count is fixed/, text: '2', fixable: false }],
    },
    {
      name: 'maxReplicas 1 with minReplicas at its default',
      yaml: doc('scaling: { maxReplicas: 1, metric: { type: queue-depth, target: 5 } }\n'),
      findings: [{ message: /`scaling.maxReplicas` is 1, the same as `minReplicas` \(default 1\)/, text: '1', fixable: false }],
    },
    {
      name: 'KEDA without a metric: fix adds type and target',
      mutate: (m) => delete m.scaling.metric,
      findings: [{ message: /No autoscaling metric is stated \(`scaling.metric.type`\) for the keda autoscaler/, text: 'scaling', fixable: true, fixed: (out) => assert.match(out, /\n {2}metric:\n {4}type: queue-depth\n {4}target: 10\n/) }],
    },
    {
      name: 'a metric with a target but no type: fix adds only the type',
      mutate: (m) => (m.scaling.metric = { target: 5 }),
      findings: [{ message: /No autoscaling metric is stated/, text: 'metric', fixable: true, fixed: (out) => assert.match(out, /metric:\n {4}target: 5\n {4}type: queue-depth\n/) }],
    },
    {
      name: 'an empty scaling mapping: no maxReplicas and no metric',
      yaml: doc('scaling: {}\n'),
      findings: [
        { message: /`scaling.maxReplicas` is not stated/, text: 'scaling', fixable: true, fixed: (out) => assert.match(out, /scaling: \{ ?maxReplicas: 2 \}/) },
        { message: /No autoscaling metric is stated/, text: 'scaling', fixable: true, fixed: (out) => assert.match(out, /scaling: \{ ?metric: \{ type: queue-depth, target: 10 \} \}/) },
      ],
    },
  ],
});
