import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './resource-requests';

const doc = (body: string): string => `apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: m\nmodel:\n  uri: hf://org/model\n${body}`;

ruleTester(rule, {
  valid: [
    { name: 'numbers instead of quantity strings (limit equal to the request in bytes)', mutate: (m) => Object.assign(m.resources, { cpu: 8, memory: 51539607552 }) },
    { name: 'no limits: the memory limit defaults to the request', mutate: (m) => delete m.resources.limits },
    { name: 'flow style with millicores and a higher limit', yaml: doc('resources: { cpu: 500m, memory: 2Gi, limits: { cpu: "1", memory: 4Gi } }\n') },
  ],
  invalid: [
    {
      name: 'cpu and memory missing: one finding on the resources key, fix adds both',
      mutate: (m) => {
        delete m.resources.cpu;
        delete m.resources.memory;
      },
      findings: [
        {
          message: /No cpu or memory request is stated \(`resources.cpu` and `resources.memory`\)/,
          text: 'resources',
          fixable: true,
          fixed: (out) => assert.match(out, /\n {2}cpu: "8"\n {2}memory: 32Gi\n/),
        },
      ],
    },
    {
      name: 'no resources section: reported on the document, fix adds the section',
      mutate: (m) => delete m.resources,
      findings: [{ message: /No cpu or memory request/, text: 'ModelDeployment', fixable: true, fixed: (out) => assert.match(out, /\nresources:\n {2}cpu: "8"\n {2}memory: 32Gi/) }],
    },
    {
      name: 'flow mapping with memory only: fix inserts cpu into the flow mapping',
      yaml: doc('resources: { memory: 8Gi }\n'),
      findings: [{ message: /No cpu request is stated \(`resources.cpu`\)/, text: 'resources', fixable: true, fixed: (out) => assert.match(out, /resources: \{ memory: 8Gi ?, cpu: "8" \}/) }],
    },
    {
      name: 'a zero request counts as none',
      mutate: (m) => (m.resources.cpu = '0'),
      findings: [{ message: /`resources.cpu` is 0/, text: '"0"', fixable: false }],
    },
    {
      name: 'memory limit below the request: reported on the limit, fix raises it',
      mutate: (m) => (m.resources.limits.memory = '16Gi'),
      findings: [{ message: /memory limit \(`resources.limits.memory`: 16Gi\) is below the memory request \(48Gi\)/, text: '16Gi', fixable: true, fixed: (out) => assert.match(out, /limits:\n {4}memory: 48Gi/) }],
    },
  ],
});

// Kubernetes-family formats: the requests of each container of a model server's pod.
import { editExample, K8S_EXAMPLE, vllmDeployment } from './kube-fixtures.test';

ruleTester(rule, {
  valid: [
    { name: 'the production vLLM example (Kubernetes)', yaml: K8S_EXAMPLE },
    { name: 'limits only: Kubernetes copies them to the requests', yaml: vllmDeployment({ container: '          resources:\n            limits: { cpu: "8", memory: 32Gi }\n' }) },
    { name: 'a generic workload (not a model server) is not judged', yaml: vllmDeployment().replace('image: vllm/vllm-openai:v0.8.5\n          command: ["vllm", "serve"]', 'image: nginx:1.27\n          command: ["nginx"]') },
    {
      name: 'a KServe InferenceService without resources (KServe fills its defaults)',
      yaml: 'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: sk\nspec:\n  predictor:\n    model:\n      modelFormat: { name: sklearn }\n      storageUri: gs://bucket/model\n',
    },
  ],
  invalid: [
    {
      name: 'Kubernetes: no cpu or memory request (only GPUs): on the resources key, fix adds both requests',
      yaml: editExample(['              cpu: "8"\n              memory: 32Gi\n              nvidia.com/gpu: "2"\n            limits:\n              memory: 32Gi\n', '              nvidia.com/gpu: "2"\n            limits:\n']),
      findings: [
        {
          message: /^Container vllm requests no cpu or memory \(`resources.requests.cpu` \/ `resources.requests.memory`\)/,
          text: 'resources',
          fixable: true,
          fixed: (out) => assert.match(out, /requests:\n {14}nvidia.com\/gpu: "2"\n {14}cpu: "8"\n {14}memory: 32Gi\n {12}limits:/),
        },
      ],
    },
    {
      name: 'Kubernetes: a container without resources: on its image, fix adds resources.requests',
      yaml: vllmDeployment(),
      findings: [{ message: /^Container vllm requests no cpu or memory/, text: 'vllm/vllm-openai:v0.8.5', fixable: true, fixed: (out) => assert.match(out, /\n {10}resources:\n {12}requests:\n {14}cpu: "8"\n {14}memory: 32Gi\n$/) }],
    },
    {
      name: 'Kubernetes: a memory limit below the request: fix raises it',
      yaml: editExample(['            limits:\n              memory: 32Gi', '            limits:\n              memory: 16Gi']),
      findings: [{ message: /^The memory limit of container vllm \(16Gi\) is below its memory request \(32Gi\)/, text: '16Gi', fixable: true, fixed: (out) => assert.match(out, /limits:\n {14}memory: 32Gi/) }],
    },
  ],
});
