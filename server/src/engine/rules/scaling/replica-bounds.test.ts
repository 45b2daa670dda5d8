import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './replica-bounds';

const doc = (body: string): string => `apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: m\nmodel:\n  uri: hf://org/model\n${body}`;

ruleTester(rule, {
  valid: [
    { name: 'scale to zero with KEDA and a budget that covers the startup', mutate: (m) => Object.assign(m.scaling, { minReplicas: 0, coldStartBudgetSeconds: 900 }) },
    {
      name: 'scale to zero with a budget and no startup timeout to compare',
      mutate: (m) => {
        Object.assign(m.scaling, { minReplicas: 0, coldStartBudgetSeconds: 300 });
        delete m.reliability.probes.startupTimeoutSeconds;
      },
    },
    { name: 'maxReplicas equal to minReplicas is a bound, not an inversion', mutate: (m) => (m.scaling.maxReplicas = 2) },
    { name: 'only maxReplicas stated', yaml: doc('scaling: { maxReplicas: 3 }\n') },
  ],
  invalid: [
    {
      name: 'maxReplicas below minReplicas: two fixes offered, none automatic',
      mutate: (m) => Object.assign(m.scaling, { minReplicas: 4, maxReplicas: 2 }),
      findings: [{ message: /`scaling.maxReplicas` \(2\) is below `minReplicas` \(4\)/, text: '2', fixable: false }],
    },
    {
      name: 'scale to zero without a cold-start budget: fix adds the startup budget',
      mutate: (m) => {
        m.scaling.minReplicas = 0;
        delete m.scaling.coldStartBudgetSeconds;
      },
      findings: [{ message: /`scaling.minReplicas` is 0 \(scale to zero\) but no `scaling.coldStartBudgetSeconds` is stated/, text: '0', fixable: true, fixed: (out) => assert.match(out, /\n {2}coldStartBudgetSeconds: 900\n/) }],
    },
    {
      name: 'a cold-start budget shorter than the startup budget',
      mutate: (m) => (m.scaling.minReplicas = 0),
      findings: [{ message: /`scaling.coldStartBudgetSeconds` \(600 s\) is shorter than the model's startup budget .*900 s/, text: '600', fixable: false }],
    },
    {
      name: 'scale to zero with a HorizontalPodAutoscaler',
      mutate: (m) => Object.assign(m.scaling, { minReplicas: 0, autoscaler: 'hpa', coldStartBudgetSeconds: 900 }),
      findings: [{ message: /a HorizontalPodAutoscaler cannot scale to zero unless the alpha `HPAScaleToZero` feature gate is on/, text: '0', fixable: false }],
    },
    {
      name: 'a cold-start budget of 0 (flow style)',
      yaml: doc('scaling: { minReplicas: 0, maxReplicas: 2, coldStartBudgetSeconds: 0 }\n'),
      findings: [{ message: /`scaling.coldStartBudgetSeconds` is 0/, line: 7, fixable: false }],
    },
  ],
});
