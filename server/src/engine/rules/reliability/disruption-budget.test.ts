import { strict as assert } from 'node:assert';
import { run, ruleTester } from '../../../../../test/support/rule-tester';
import rule from './disruption-budget';
import { PRODUCTION_EXAMPLE, VLLM, vllm } from './kube-fixtures.test';

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

const PDB = (selector: string, policy = 'maxUnavailable: 1') => `---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: llm\nspec:\n  ${policy}\n  selector:\n    matchLabels:\n      app: ${selector}\n`;
const TWO = vllm(['replicas: 1', 'replicas: 2']);

// Kubernetes family: a PodDisruptionBudget document must select the pods (cross-document).
ruleTester(rule, {
  valid: [
    { name: 'k8s: the production vLLM example (PDB maxUnavailable 1)', yaml: PRODUCTION_EXAMPLE },
    { name: 'k8s: one replica needs no budget', yaml: VLLM },
    { name: 'k8s: a PDB in another file of the workspace', yaml: TWO, files: { 'file:///workspace/pdb.yaml': PDB('llm').replace(/^---\n/, '') } },
    { name: 'k8s: minAvailable 1 of 2', yaml: TWO + PDB('llm', 'minAvailable: 1') },
    {
      // Another sample directory reuses the labels: its blocking budget says nothing about these pods, and it may protect them.
      name: 'k8s: a blocking PDB of another sample directory (with its own workload) is not judged, and keeps "no budget" silent',
      yaml: TWO,
      files: { 'file:///other-sample/model.yaml': `${TWO}${PDB('llm', 'maxUnavailable: 0')}` },
    },
  ],
  invalid: [
    {
      name: 'k8s: two replicas, no PDB: the fix appends one selecting the pod labels',
      yaml: TWO,
      findings: [
        {
          message: /2 replicas but no PodDisruptionBudget selects their pods/,
          text: '2',
          fixable: true,
          fixed: (out) => assert.ok(out.endsWith('---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: llm\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: llm\n'), out),
        },
      ],
    },
    {
      name: 'k8s: a PDB whose selector almost matches: named in related, no automatic fix',
      yaml: TWO + PDB('lm'),
      findings: [{ message: /PodDisruptionBudget `llm` selects `app: lm`, which these pods' labels do not match/, text: '2', fixable: false }],
    },
    {
      name: 'k8s: another namespace\'s PDB protects nothing here, and is no near miss',
      yaml: TWO.replace(/^( {2}name: .*)$/m, '$1\n  namespace: serving'),
      files: { 'file:///workspace/pdb.yaml': PDB('llm').replace(/^---\n/, '').replace('  name: llm\n', '  name: llm\n  namespace: batch\n') },
      findings: [{ message: /^2 replicas but no PodDisruptionBudget selects their pods: a node drain/, text: '2', fixable: true }],
    },
    {
      name: 'k8s: a PDB with maxUnavailable 0 in a file of the same directory: judged, with that evidence',
      yaml: TWO,
      files: { 'file:///workspace/pdb.yaml': PDB('llm', 'maxUnavailable: 0').replace(/^---\n/, '') },
      findings: [{ message: /sets `maxUnavailable: 0`, which allows no voluntary disruption/, text: '2', fixable: false }],
    },
    {
      name: 'k8s: a PDB with maxUnavailable 0 blocks drains: the fix edits the PDB',
      yaml: TWO + PDB('llm', 'maxUnavailable: 0'),
      findings: [{ message: /sets `maxUnavailable: 0`, which allows no voluntary disruption/, text: '2', fixable: true, fixed: (out) => assert.match(out, /^ {2}maxUnavailable: 1$/m) }],
    },
  ],
});

describe('reliability/disruption-budget related locations', () => {
  it('points at the near-miss PodDisruptionBudget selector', () => {
    const [f] = run(rule, { name: 'x', yaml: TWO + PDB('lm') });
    assert.equal(f.related?.[0].range.start.line, 36);
  });
});
