import { strict as assert } from 'node:assert';
import { run, ruleTester } from '../../../../../test/support/rule-tester';
import rule from './evaluation-gate';
import { KSERVE_HF, PRODUCTION_EXAMPLE } from './kube-fixtures.test';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: demo }\nmodel: { uri: "hf://org/model" }\n';

ruleTester(rule, {
  valid: [
    { name: 'a remote dataset is not looked up', mutate: (m) => (m.testing.evaluations = [{ name: 'mmlu', dataset: 'hf://datasets/cais/mmlu', metric: 'accuracy', threshold: 0.6 }]) },
    { name: 'a threshold of 0 is a threshold', mutate: (m) => (m.testing.evaluations = [{ name: 'toxicity', dataset: './eval/t.jsonl', metric: 'toxicity-rate', threshold: 0, direction: 'lower-is-better' }]) },
    { name: 'an existing dataset file', mutate: (m) => (m.testing.evaluations = [{ name: 'q', dataset: './eval/golden.jsonl', metric: 'win-rate', threshold: 0.8 }]), existingFiles: ['eval/golden.jsonl'], options: { checkDatasetFiles: true } },
  ],
  invalid: [
    {
      name: 'no evaluations: reported on the testing key, snippet not applied by fix-all',
      mutate: (m) => delete m.testing.evaluations,
      findings: [{ message: /No evaluations gate this deployment/, text: 'testing', fixable: false }],
    },
    {
      name: 'an empty list',
      yaml: `${HEAD}testing:\n  evaluations: []\n`,
      findings: [{ message: /No evaluations/, text: '[]', fixable: false }],
    },
    {
      name: 'an evaluation without metric and threshold: reported on its name',
      mutate: (m) => (m.testing.evaluations[1] = { name: 'groundedness', dataset: './eval/grounded.jsonl' }),
      findings: [{ message: /Evaluation `groundedness` has no `metric` and `threshold`/, text: 'groundedness', fixable: false }],
    },
    {
      name: 'a dataset that does not exist (option checkDatasetFiles)',
      yaml: `${HEAD}testing:\n  evaluations:\n    - { name: quality, dataset: ./eval/missing.jsonl, metric: win-rate, threshold: 0.8 }\n`,
      existingFiles: ['eval/golden.jsonl'],
      options: { checkDatasetFiles: true },
      findings: [{ message: /`.\/eval\/missing.jsonl` does not exist/, text: './eval/missing.jsonl' }],
    },
  ],
});

describe('reliability/evaluation-gate fixes', () => {
  it('the snippets for an empty list and missing keys keep valid YAML', () => {
    const [empty] = run(rule, { name: 'x', yaml: `${HEAD}testing:\n  evaluations: []\n` });
    assert.match(empty.fixes![0].edits[0].newText, /^\[\{ name: \$\{1:quality\}, dataset: /);
    const [keys] = run(rule, { name: 'x', yaml: `${HEAD}testing:\n  evaluations:\n    - name: q\n` });
    assert.match(keys.fixes![0].edits[0].newText, /dataset: .*\n\s+metric: .*\n\s+threshold: \$\{3:0.8\}/);
  });
});

// Declared intent only: Kubernetes, KServe and KubeRay resources have no field for evaluations, so the rule
// stays on native manifests (a workload links one with `modelready.dev/manifest`).
ruleTester(rule, { valid: [{ name: 'k8s: not judged (the production vLLM example)', yaml: PRODUCTION_EXAMPLE }, { name: 'kserve: not judged', yaml: KSERVE_HF }], invalid: [] });
