import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './gpu-limits';

const doc = (body: string): string => `apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: m\nmodel:\n  uri: hf://org/model\n${body}`;

ruleTester(rule, {
  valid: [
    { name: 'CPU on purpose: count 0 without a type', mutate: (m) => (m.resources.accelerator = { count: 0 }) },
    { name: 'a runtime that also runs on CPU (Triton) without accelerator', yaml: doc('serving: { runtime: triton }\n') },
    { name: 'AMD accelerator with its resource name', mutate: (m) => (m.resources.accelerator = { type: 'amd-mi300x', count: 2, resourceName: 'amd.com/gpu' }) },
    { name: 'NVIDIA MIG slice: any nvidia.com/ resource', mutate: (m) => (m.resources.accelerator = { type: 'nvidia-a100-80gb', count: 2, resourceName: 'nvidia.com/mig-3g.40gb' }) },
    { name: 'unknown vendor prefix: resource name not judged', mutate: (m) => (m.resources.accelerator = { type: 'acme-npu', count: 2, resourceName: 'acme.io/npu' }) },
  ],
  invalid: [
    {
      name: 'vLLM without accelerator: fix requests as many as tensor × pipeline parallelism',
      mutate: (m) => delete m.resources.accelerator,
      findings: [{ message: /No accelerator is requested \(`resources.accelerator`\): a vLLM server/, text: 'resources', fixable: true, fixed: (out) => assert.match(out, /accelerator:\n {4}type: nvidia-l4\n {4}count: 2\n/) }],
    },
    {
      name: 'accelerator without count: reported on the accelerator key',
      mutate: (m) => delete m.resources.accelerator.count,
      findings: [{ message: /does not say how many accelerators each pod gets: without `count` no `nvidia.com\/gpu` limit/, text: 'accelerator', fixable: true, fixed: (out) => assert.match(out, /resourceName: nvidia.com\/gpu\n {4}count: 2\n/) }],
    },
    {
      name: 'a type with count 0: the pod gets no GPU (no automatic fix)',
      mutate: (m) => (m.resources.accelerator.count = 0),
      findings: [{ message: /`resources.accelerator.type` is nvidia-l4 but `count` is 0/, text: '0', fixable: false }],
    },
    {
      name: 'AMD accelerator without resource name: the default nvidia.com/gpu would leave it Pending',
      mutate: (m) => (m.resources.accelerator = { type: 'amd-mi300x', count: 2 }),
      findings: [{ message: /no `resourceName` is stated, so the pod asks for the default `nvidia.com\/gpu`/, text: 'accelerator', fixable: true, fixed: (out) => assert.match(out, /resourceName: amd.com\/gpu/) }],
    },
    {
      name: 'resource name of another vendor',
      yaml: doc('resources:\n  accelerator: { type: nvidia-h100-80gb, count: 8, resourceName: amd.com/gpu }\n'),
      findings: [{ message: /resourceName` is amd.com\/gpu, but nvidia-h100-80gb accelerators are advertised .* as `nvidia.com\/gpu`/, text: 'amd.com/gpu', fixable: true, fixed: (out) => assert.match(out, /resourceName: nvidia.com\/gpu \}/) }],
    },
    {
      name: 'option gpuRuntimes adds Triton',
      yaml: doc('serving: { runtime: triton }\n'),
      options: { gpuRuntimes: ['triton'] },
      findings: [{ message: /a Triton server is then scheduled without a GPU/, text: 'ModelDeployment', fixable: true }],
    },
  ],
});
