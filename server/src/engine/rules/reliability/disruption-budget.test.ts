import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './disruption-budget';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: demo }\nmodel: { uri: "hf://org/model" }\n';

ruleTester(rule, {
  valid: [
    { name: 'maxUnavailable 1', mutate: (m) => (m.reliability.disruptionBudget = { maxUnavailable: 1 }) },
    { name: 'a percentage that leaves room (50% of 4 = 2 < 4)', mutate: (m) => ((m.scaling.minReplicas = 4), (m.reliability.disruptionBudget = { minAvailable: '50%' })) },
    { name: 'a single replica needs no budget (replicas-ha reports it)', mutate: (m) => ((m.scaling.minReplicas = 1), delete m.reliability.disruptionBudget) },
    { name: 'scale to zero needs no budget', yaml: `${HEAD}scaling: { minReplicas: 0, maxReplicas: 4 }\n` },
  ],
  invalid: [
    {
      name: 'two replicas without a budget: fix adds maxUnavailable 1',
      mutate: (m) => delete m.reliability.disruptionBudget,
      findings: [{ message: /2 replicas but no disruption budget/, text: 'reliability', fixable: true, fixed: (out) => assert.match(out, /disruptionBudget:\n {4}maxUnavailable: 1\n/) }],
    },
    {
      name: 'an empty budget (flow `{}`): reported on it, fix fills it',
      yaml: `${HEAD}scaling: { minReplicas: 3 }\nreliability: { disruptionBudget: {} }\n`,
      findings: [{ message: /3 replicas but no disruption budget/, text: '{}', fixable: true, fixed: (out) => assert.match(out, /disruptionBudget: \{ maxUnavailable: 1 \}/) }],
    },
    {
      name: 'minAvailable equal to the replicas blocks every drain',
      mutate: (m) => (m.reliability.disruptionBudget.minAvailable = 2),
      findings: [{ message: /`minAvailable: 2` keeps all 2 replicas/, text: '2', fixable: true, fixed: (out) => assert.match(out, /minAvailable: 1\n/) }],
    },
    {
      name: 'minAvailable 100% blocks every drain',
      mutate: (m) => (m.reliability.disruptionBudget.minAvailable = '100%'),
      findings: [{ message: /`minAvailable: 100%` keeps all 2 replicas/, text: '100%', fixable: true }],
    },
    {
      name: 'maxUnavailable "0%" allows no disruption',
      mutate: (m) => (m.reliability.disruptionBudget = { maxUnavailable: '0%' }),
      findings: [{ message: /`maxUnavailable: 0%` allows no voluntary disruption/, text: '0%', fixable: true, fixed: (out) => assert.match(out, /maxUnavailable: 1\n/) }],
    },
    {
      name: 'minAvailable 0 protects nothing',
      mutate: (m) => (m.reliability.disruptionBudget.minAvailable = 0),
      findings: [{ message: /protects nothing/, text: '0', fixable: true }],
    },
  ],
});
