import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './shared-memory';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: demo }\nmodel: { uri: "hf://org/model" }\n';

ruleTester(rule, {
  valid: [
    { name: 'one GPU needs no shared memory', mutate: (m) => (Object.assign(m.resources, { tensorParallelSize: 1, pipelineParallelSize: 1 }), (m.resources.accelerator.count = 1), delete m.resources.sharedMemory) },
    { name: 'two GPUs but TP 1 stated: one GPU used per process', yaml: `${HEAD}resources: { accelerator: { count: 2 }, tensorParallelSize: 1 }\n` },
    { name: 'llama.cpp splits layers in one process', yaml: `${HEAD}serving: { runtime: llama-cpp }\nresources: { accelerator: { count: 2 } }\n` },
    { name: 'a decimal quantity large enough', mutate: (m) => (m.resources.sharedMemory = '2G') },
  ],
  invalid: [
    {
      name: 'tensor parallelism without /dev/shm: error, fix adds 2Gi',
      mutate: (m) => delete m.resources.sharedMemory,
      findings: [{ message: /With tensor parallelism \(2\), NCCL/, text: 'resources', severity: 'error', fixable: true, fixed: (out) => assert.match(out, /^ {2}sharedMemory: 2Gi$/m) }],
    },
    {
      name: 'the Docker default 64Mi is too small (flow style)',
      yaml: `${HEAD}resources: { accelerator: { count: 4 }, tensorParallelSize: 2, pipelineParallelSize: 2, sharedMemory: 64Mi }\n`,
      findings: [{ message: /\(64Mi\) is too small for tensor parallelism \(2\) and pipeline parallelism \(2\)/, text: '64Mi', fixable: true, fixed: (out) => assert.match(out, /sharedMemory: 2Gi \}/) }],
    },
    {
      name: 'several GPUs and no parallelism stated',
      yaml: `${HEAD}resources:\n  accelerator: { type: nvidia-h100-80gb, count: 8 }\n`,
      findings: [{ message: /With 8 GPUs per replica/, text: 'resources', fixable: true }],
    },
    {
      name: 'zero shared memory',
      mutate: (m) => (m.resources.sharedMemory = 0),
      findings: [{ message: /\(0\) is too small/, text: '0', fixable: true }],
    },
  ],
});
