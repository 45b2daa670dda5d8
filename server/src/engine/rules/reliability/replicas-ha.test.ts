import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './replicas-ha';
import { KSERVE_HF, PRODUCTION_EXAMPLE, VLLM, vllm } from './kube-fixtures.test';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: demo }\nmodel: { uri: "hf://org/model" }\n';

ruleTester(rule, {
  valid: [
    { name: 'three replicas', mutate: (m) => (m.scaling.minReplicas = 3) },
    { name: 'scale to zero with room to grow (replica-bounds judges the cold start)', mutate: (m) => (m.scaling.minReplicas = 0) },
    { name: 'a lower requirement by option', mutate: (m) => (m.scaling.minReplicas = 1), options: { minReplicas: 1 } },
    { name: 'not under development', mutate: (m) => (m.scaling.minReplicas = 1), profile: 'development' },
  ],
  invalid: [
    {
      name: 'one replica: reported on the value, fix raises it to 2',
      mutate: (m) => (m.scaling.minReplicas = 1),
      findings: [{ message: /`scaling.minReplicas` is 1/, text: '1', fixable: true, fixed: (out) => assert.match(out, /minReplicas: 2\n/) }],
    },
    {
      name: 'one replica with maxReplicas 1 (flow style): the fix raises both',
      yaml: `${HEAD}scaling: { minReplicas: 1, maxReplicas: 1 }\n`,
      findings: [{ message: /is 1/, text: '1', line: 5, fixable: true, fixed: (out) => assert.match(out, /scaling: \{ minReplicas: 2, maxReplicas: 2 \}/) }],
    },
    {
      name: 'no minReplicas: reported on the scaling key',
      mutate: (m) => delete m.scaling.minReplicas,
      findings: [{ message: /`scaling.minReplicas` is not stated/, text: 'scaling', fixable: true, fixed: (out) => assert.match(out, /^ {2}minReplicas: 2$/m) }],
    },
    {
      name: 'no scaling section at all',
      yaml: HEAD,
      findings: [{ message: /not stated/, text: 'ModelDeployment', fixable: true, fixed: (out) => assert.match(out, /scaling:\n {2}minReplicas: 2\n/) }],
    },
    {
      name: 'scale to zero capped at one replica',
      mutate: (m) => Object.assign(m.scaling, { minReplicas: 0, maxReplicas: 1 }),
      findings: [{ message: /`scaling.maxReplicas` is 1/, text: '1', fixable: true }],
    },
  ],
});

const HPA = (min: string) => `---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: llm\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: llm\n${min}  maxReplicas: 4\n`;

// Kubernetes family: the workload's replicas, or the minimum of an HPA / KEDA ScaledObject that targets it.
ruleTester(rule, {
  valid: [
    { name: 'k8s: the production vLLM example (HPA minReplicas 2)', yaml: PRODUCTION_EXAMPLE },
    { name: 'k8s: three replicas', yaml: vllm(['replicas: 1', 'replicas: 3']) },
    { name: 'k8s: an HPA with minReplicas 2 overrides replicas: 1', yaml: VLLM + HPA('  minReplicas: 2\n') },
    { name: 'k8s: not a model server', yaml: vllm([/image: vllm\/vllm-openai:v0.8.5\n {10}args:\n.*\n.*\n/, 'image: gradio/app:4.0\n']) },
  ],
  invalid: [
    {
      name: 'k8s: one replica: on the value, fix raises it',
      yaml: VLLM,
      findings: [{ message: /`replicas` is 1: a node drain/, text: '1', line: 6, fixable: true, fixed: (out) => assert.match(out, /^ {2}replicas: 2$/m) }],
    },
    {
      name: 'k8s: no replicas (default 1): on the spec key, fix adds replicas: 2',
      yaml: vllm(['  replicas: 1\n', '']),
      findings: [{ message: /No replica count is stated \(`replicas`\)/, text: 'spec', fixable: true, fixed: (out) => assert.match(out, /^ {2}replicas: 2$/m) }],
    },
    {
      name: 'k8s: an HPA in the same file with the default minReplicas 1: the fix raises the HPA',
      yaml: VLLM + HPA(''),
      findings: [
        {
          message: /HorizontalPodAutoscaler `llm` keeps as few as 1 replica of this server \(`minReplicas`, default 1\)/,
          text: '1',
          fixable: true,
          fixed: (out) => assert.match(out, /maxReplicas: 4\n {2}minReplicas: 2\n/),
        },
      ],
    },
    {
      name: 'kserve: no predictor.minReplicas (KServe default 1): fix adds it',
      yaml: KSERVE_HF,
      findings: [{ message: /No replica count is stated \(`predictor.minReplicas`\)/, text: 'predictor', fixable: true, fixed: (out) => assert.match(out, /^ {4}minReplicas: 2$/m) }],
    },
  ],
});
