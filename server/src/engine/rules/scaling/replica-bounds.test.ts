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
      name: 'maxReplicas below minReplicas: fix raises the maximum',
      mutate: (m) => Object.assign(m.scaling, { minReplicas: 4, maxReplicas: 2 }),
      findings: [{ message: /^ModelDeployment .* has a maximum of 2 replicas, below its minimum \(4\): the autoscaler cannot honour both bounds/, text: '2', fixable: true, fixed: (out) => assert.match(out, /minReplicas: 4\n {2}maxReplicas: 4\n/) }],
    },
    {
      name: 'scale to zero without a cold-start budget: a warning, fix keeps one replica (stating the budget is offered)',
      mutate: (m) => {
        m.scaling.minReplicas = 0;
        delete m.scaling.coldStartBudgetSeconds;
      },
      findings: [{ message: /scales to zero: the first request after an idle period waits .* State the wait you accept \(`scaling.coldStartBudgetSeconds`\)/, text: '0', severity: 'warning', fixable: true, fixed: (out) => assert.match(out, /\n {2}minReplicas: 1\n/) }],
    },
    {
      name: 'a cold-start budget shorter than the startup budget',
      mutate: (m) => (m.scaling.minReplicas = 0),
      findings: [{ message: /scales to zero with a cold-start budget of 600 s \(`scaling.coldStartBudgetSeconds`\), but the startup probe allows 900 s/, text: '600', severity: 'warning', fixable: false }],
    },
    {
      name: 'scale to zero with a HorizontalPodAutoscaler',
      mutate: (m) => Object.assign(m.scaling, { minReplicas: 0, autoscaler: 'hpa', coldStartBudgetSeconds: 900 }),
      findings: [{ message: /has `minReplicas: 0`: a HorizontalPodAutoscaler scales to zero only with the alpha `HPAScaleToZero` feature gate/, text: '0', fixable: true, fixed: (out) => assert.match(out, /\n {2}minReplicas: 1\n/) }],
    },
    {
      name: 'a cold-start budget of 0 (flow style)',
      yaml: doc('scaling: { minReplicas: 0, maxReplicas: 2, coldStartBudgetSeconds: 0 }\n'),
      findings: [{ message: /with a cold-start budget of 0 \(`scaling.coldStartBudgetSeconds`\)/, line: 7, severity: 'warning', fixable: false }],
    },
  ],
});

// Kubernetes-family formats: the bounds of the HPA / ScaledObject targeting the workload, KServe's min/maxReplicas.
import { editExample, K8S_EXAMPLE, withoutDocument } from './kube-fixtures.test';

const SCALED_OBJECT = (extra: string): string => `---\napiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: llama-chat\n  namespace: genai\nspec:\n  scaleTargetRef:\n    name: llama-chat\n${extra}  triggers:\n    - type: prometheus\n      metadata:\n        serverAddress: http://prometheus:9090\n        query: sum(vllm:num_requests_waiting)\n        threshold: "10"\n`;
const ISVC = (annotations: string, min: number): string => `apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: llama\n${annotations}spec:\n  predictor:\n    minReplicas: ${min}\n    model:\n      modelFormat: { name: huggingface }\n      storageUri: hf://meta-llama/Llama-3.1-8B-Instruct\n`;

ruleTester(rule, {
  valid: [
    { name: 'the production vLLM example (Kubernetes)', yaml: K8S_EXAMPLE },
    { name: 'a ScaledObject with minReplicaCount 1', yaml: withoutDocument('HorizontalPodAutoscaler') + SCALED_OBJECT('  minReplicaCount: 1\n  maxReplicaCount: 8\n') },
    { name: 'a Deployment scaled to replicas: 0 by hand is not an autoscaler bound', yaml: withoutDocument('HorizontalPodAutoscaler').replace('replicas: 2', 'replicas: 0') },
    { name: 'KServe scale to zero with a stated cold-start budget', yaml: ISVC('  annotations:\n    modelready.dev/cold-start-budget-seconds: "600"\n', 0) },
  ],
  invalid: [
    {
      name: 'Kubernetes: HPA maxReplicas below minReplicas: fix raises it',
      yaml: editExample(['  maxReplicas: 8', '  maxReplicas: 1']),
      findings: [{ message: /^HorizontalPodAutoscaler llama-chat \(targets Deployment llama-chat\) has a maximum of 1 replicas, below its minimum \(2\): the API server rejects/, text: '1', line: 145, fixable: true, fixed: (out) => assert.match(out, /minReplicas: 2\n {2}maxReplicas: 2\n/) }],
    },
    {
      name: 'Kubernetes: HPA minReplicas 0 needs an alpha feature gate: fix keeps one replica',
      yaml: editExample(['  minReplicas: 2\n  maxReplicas: 8', '  minReplicas: 0\n  maxReplicas: 8']),
      findings: [{ message: /has `minReplicas: 0`: a HorizontalPodAutoscaler scales to zero only with the alpha `HPAScaleToZero` feature gate/, text: '0', fixable: true, fixed: (out) => assert.match(out, /minReplicas: 1\n {2}maxReplicas: 8/) }],
    },
    {
      name: 'KEDA: a ScaledObject scales to zero by default: a warning, fix states minReplicaCount 1',
      yaml: withoutDocument('HorizontalPodAutoscaler') + SCALED_OBJECT(''),
      findings: [{ message: /^ScaledObject llama-chat \(targets Deployment llama-chat\) scales to zero \(its default minimum is 0\)/, text: 'spec', severity: 'warning', fixable: true, fixed: (out) => assert.match(out, /name: llama-chat\n {2}triggers:[\s\S]*threshold: "10"\n {2}minReplicaCount: 1\n/) }],
    },
    {
      name: 'KServe: a cold-start budget (annotation) of 0: on the annotation',
      yaml: ISVC('  annotations:\n    modelready.dev/cold-start-budget-seconds: "0"\n', 0),
      findings: [{ message: /^InferenceService llama scales to zero with a cold-start budget of 0 \(the annotation `modelready.dev\/cold-start-budget-seconds`\)/, text: '"0"', severity: 'warning', fixable: false }],
    },
    {
      name: 'KServe: minReplicas 0 without a cold-start budget: fix keeps one replica',
      yaml: ISVC('', 0),
      findings: [{ message: /^InferenceService llama scales to zero: the first request after an idle period waits/, text: '0', severity: 'warning', fixable: true, fixed: (out) => assert.match(out, /minReplicas: 1\n/) }],
    },
  ],
});
