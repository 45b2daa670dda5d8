import { strict as assert } from 'node:assert';
import { applyFixes } from '../../fix/apply';
import { mutateExample, run, ruleTester } from '../../../../../test/support/rule-tester';
import rule from './parallelism-matches-gpus';

const doc = (body: string): string => `apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: m\nmodel:\n  uri: hf://org/model\n${body}`;

ruleTester(rule, {
  valid: [
    { name: 'multi-node: TP 4 × PP 2 over 2 nodes of 4 GPUs', mutate: (m) => Object.assign(m.resources, { tensorParallelSize: 4, pipelineParallelSize: 2, nodesPerReplica: 2, accelerator: { type: 'nvidia-h100-80gb', count: 4 } }) },
    { name: 'one GPU, no parallelism stated', yaml: doc('resources: { accelerator: { type: nvidia-l4, count: 1 } }\n') },
    { name: 'CPU only: count 0 and no parallelism', yaml: doc('resources: { accelerator: { count: 0 } }\n') },
    { name: 'no GPU count and parallelism 1: nothing to compare', yaml: doc('resources: { tensorParallelSize: 1 }\n') },
  ],
  invalid: [
    {
      name: 'TP above the GPUs: fails to start; two fixes, none automatic',
      mutate: (m) => (m.resources.tensorParallelSize = 4),
      findings: [{ message: /`tensorParallelSize` \(4\) × `pipelineParallelSize` \(1\) = 4, but each replica has 2 accelerators per pod: vLLM needs one GPU per shard/, text: '4', fixable: false }],
    },
    {
      name: 'TP below the GPUs: idle GPUs',
      mutate: (m) => (m.resources.tensorParallelSize = 1),
      findings: [{ message: /= 1, but each replica has 2 accelerators per pod: 1 accelerator per replica sits idle/, text: '1', fixable: false }],
    },
    {
      name: 'several GPUs and no parallelism stated: fix sets TP to the GPU count',
      mutate: (m) => {
        delete m.resources.tensorParallelSize;
        delete m.resources.pipelineParallelSize;
        m.resources.accelerator.count = 4;
      },
      findings: [{ message: /Each replica has 4 accelerators per pod, but `resources.tensorParallelSize` is not stated, so it defaults to 1/, text: '4', fixable: true, fixed: (out) => assert.match(out, /\n {2}tensorParallelSize: 4\n/) }],
    },
    {
      name: 'TP stated without a GPU count: fix adds the count',
      mutate: (m) => delete m.resources.accelerator.count,
      findings: [{ message: /= 2 needs 2 accelerators per replica, but `resources.accelerator.count` is not stated/, text: '2', fixable: true, fixed: (out) => assert.match(out, /\n {4}count: 2\n/) }],
    },
    {
      name: 'pipeline parallelism only, in flow style: reported on pipelineParallelSize',
      yaml: doc('resources: { accelerator: { type: nvidia-l4, count: 4 }, pipelineParallelSize: 2 }\n'),
      findings: [{ message: /`tensorParallelSize` \(1\) × `pipelineParallelSize` \(2\) = 2, but each replica has 4 accelerators per pod/, text: '2', fixable: false }],
    },
  ],
});

describe('scaling/parallelism-matches-gpus quick fixes', () => {
  it('offers to change either side; each removes the finding', () => {
    const c = { name: 'tp 4', mutate: (m: Record<string, any>) => (m.resources.tensorParallelSize = 4) }; // eslint-disable-line @typescript-eslint/no-explicit-any
    const text = mutateExample(c.mutate);
    const [finding] = run(rule, c, text);
    const fixes = (finding.fixes ?? []).filter((f) => !f.title.startsWith('Suppress'));
    assert.deepEqual(fixes.map((f) => f.title), ['Set resources.accelerator.count to 4', 'Set resources.tensorParallelSize to 2']);
    for (const fix of fixes) assert.deepEqual(run(rule, c, applyFixes(text, [fix]).text), [], fix.title);
  });
});
