import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './autoscaling';

const doc = (body: string): string => `apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: m\nmodel:\n  uri: hf://org/model\n${body}`;

ruleTester(rule, {
  valid: [
    {
      name: 'Knative scales on request concurrency: no metric needed',
      mutate: (m) => {
        m.scaling.autoscaler = 'knative';
        delete m.scaling.metric;
      },
    },
    { name: 'minReplicas left at its default of 1, maxReplicas 4', mutate: (m) => delete m.scaling.minReplicas },
    { name: 'flow style, scale to zero', yaml: doc('scaling: { minReplicas: 0, maxReplicas: 3, metric: { type: running-requests, target: 8 } }\n') },
  ],
  invalid: [
    {
      name: 'no scaling section: reported on the document, fix adds bounds and a metric',
      mutate: (m) => delete m.scaling,
      findings: [{ message: /No autoscaling is stated \(`scaling`\)/, text: 'ModelDeployment', fixable: true, fixed: (out) => assert.match(out, /\nscaling:\n {2}minReplicas: 2\n {2}maxReplicas: 4\n {2}metric:\n {4}type: queue-depth\n {4}target: 10\n/) }],
    },
    {
      name: 'no maxReplicas: fix adds twice minReplicas',
      mutate: (m) => delete m.scaling.maxReplicas,
      findings: [{ message: /`scaling.maxReplicas` is not stated, so nothing adds replicas beyond `minReplicas` \(2\)/, text: 'scaling', fixable: true, fixed: (out) => assert.match(out, /\n {2}maxReplicas: 4\n/) }],
    },
    {
      name: 'maxReplicas equal to minReplicas: a fixed count (fix offered, not automatic)',
      mutate: (m) => (m.scaling.maxReplicas = 2),
      findings: [{ message: /`scaling.maxReplicas` equals `minReplicas` \(2\): the replica count is fixed/, text: '2', fixable: false }],
    },
    {
      name: 'maxReplicas 1 with minReplicas at its default',
      yaml: doc('scaling: { maxReplicas: 1, metric: { type: queue-depth, target: 5 } }\n'),
      findings: [{ message: /`scaling.maxReplicas` is 1, the same as `minReplicas` \(default 1\)/, text: '1', fixable: false }],
    },
    {
      name: 'KEDA without a metric: fix adds type and target',
      mutate: (m) => delete m.scaling.metric,
      findings: [{ message: /No autoscaling metric is stated \(`scaling.metric.type`\) for the keda autoscaler/, text: 'scaling', fixable: true, fixed: (out) => assert.match(out, /\n {2}metric:\n {4}type: queue-depth\n {4}target: 10\n/) }],
    },
    {
      name: 'a metric with a target but no type: fix adds only the type',
      mutate: (m) => (m.scaling.metric = { target: 5 }),
      findings: [{ message: /No autoscaling metric is stated/, text: 'metric', fixable: true, fixed: (out) => assert.match(out, /metric:\n {4}target: 5\n {4}type: queue-depth\n/) }],
    },
    {
      name: 'an empty scaling mapping: no maxReplicas and no metric',
      yaml: doc('scaling: {}\n'),
      findings: [
        { message: /`scaling.maxReplicas` is not stated/, text: 'scaling', fixable: true, fixed: (out) => assert.match(out, /scaling: \{ ?maxReplicas: 2 \}/) },
        { message: /No autoscaling metric is stated/, text: 'scaling', fixable: true, fixed: (out) => assert.match(out, /scaling: \{ ?metric: \{ type: queue-depth, target: 10 \} \}/) },
      ],
    },
  ],
});

// Kubernetes-family formats: an HPA or ScaledObject targets the workload (scalersOf); KServe, KubeRay scale themselves.
import { editExample, exampleDocument, K8S_EXAMPLE, withoutDocument } from './kube-fixtures.test';

const LLMISVC = (extra: string): string => `apiVersion: serving.kserve.io/v1alpha2\nkind: LLMInferenceService\nmetadata:\n  name: qwen\nspec:\n  model:\n    uri: hf://Qwen/Qwen2.5-7B-Instruct\n${extra}`;

ruleTester(rule, {
  valid: [
    { name: 'the production vLLM example (Kubernetes)', yaml: K8S_EXAMPLE },
    { name: 'a lone Deployment file (no Kubernetes resource in the workspace): not judged', yaml: exampleDocument('Deployment') },
    { name: 'the HPA is in another file of the workspace', yaml: withoutDocument('HorizontalPodAutoscaler'), files: { 'file:///workspace/hpa.yaml': exampleDocument('HorizontalPodAutoscaler') } },
    { name: 'a KServe InferenceService (Knative scales it)', yaml: 'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: sk\nspec:\n  predictor:\n    model:\n      modelFormat: { name: sklearn }\n      storageUri: gs://bucket/model\n' },
    { name: 'an LLMInferenceService with spec.scaling', yaml: LLMISVC('  scaling:\n    minReplicas: 1\n    maxReplicas: 4\n') },
  ],
  invalid: [
    {
      name: 'Kubernetes: no autoscaler targets the Deployment: on spec.replicas, fix appends an HPA on the vLLM queue',
      yaml: withoutDocument('HorizontalPodAutoscaler'),
      findings: [
        {
          message: /^No HorizontalPodAutoscaler or KEDA ScaledObject in the workspace targets Deployment llama-chat: .* \(vLLM `vllm:num_requests_waiting`\)\.$/,
          text: '2',
          line: 15,
          fixable: true,
          fixed: (out) =>
            assert.match(out, /\n---\napiVersion: autoscaling\/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n {2}name: llama-chat\n {2}namespace: genai\nspec:\n {2}scaleTargetRef:\n {4}apiVersion: apps\/v1\n {4}kind: Deployment\n {4}name: llama-chat\n {2}minReplicas: 2\n {2}maxReplicas: 4\n {2}metrics:\n {4}- type: Pods\n/),
        },
      ],
    },
    {
      name: 'Kubernetes: an HPA with maxReplicas equal to minReplicas (same file): on its maxReplicas',
      yaml: editExample(['  maxReplicas: 8', '  maxReplicas: 2']),
      findings: [{ message: /^HorizontalPodAutoscaler llama-chat scales Deployment llama-chat between 2 and 2 replicas: the replica count is fixed/, text: '2', line: 145, fixable: false }],
    },
    {
      name: 'Kubernetes: the fixed HPA is in another file: on the Deployment, with the HPA as related',
      yaml: withoutDocument('HorizontalPodAutoscaler'),
      files: { 'file:///workspace/hpa.yaml': exampleDocument('HorizontalPodAutoscaler').replace('maxReplicas: 8', 'maxReplicas: 2') },
      findings: [{ message: /^HorizontalPodAutoscaler llama-chat scales Deployment llama-chat between 2 and 2 replicas/, text: 'Deployment' }],
    },
    {
      name: 'KServe: an LLMInferenceService with a fixed replica count',
      yaml: LLMISVC('  replicas: 2\n'),
      findings: [{ message: /^LLMInferenceService qwen runs a fixed number of replicas \(`spec.replicas`: 2\) and has no `spec.scaling`/, text: '2' }],
    },
    {
      name: 'KubeRay: a Serve deployment with a fixed num_replicas',
      yaml: 'apiVersion: ray.io/v1\nkind: RayService\nmetadata:\n  name: rs\nspec:\n  serveConfigV2: |\n    applications:\n      - name: app\n        import_path: app:deployment\n        deployments:\n          - name: Model\n            num_replicas: 2\n  rayClusterConfig:\n    headGroupSpec:\n      rayStartParams: {}\n      template:\n        spec:\n          containers:\n            - name: ray-head\n              image: rayproject/ray:2.40.0\n',
      findings: [{ message: /^RayService rs runs a fixed number of replicas \(`num_replicas` of its Serve deployments: 2\) and has no `autoscaling_config`/ }],
    },
    {
      name: 'KServe: an LLMInferenceService without replicas runs the default one',
      yaml: LLMISVC('  template:\n    containers:\n      - name: main\n        image: vllm/vllm-openai:v0.11.0\n'),
      findings: [{ message: /^LLMInferenceService qwen runs a fixed number of replicas \(`spec.replicas`, default 1\) and has no `spec.scaling`/ }],
    },
    {
      name: 'KubeRay: an autoscaling_config whose bounds are equal (no fix inside serveConfigV2)',
      yaml: 'apiVersion: ray.io/v1\nkind: RayService\nmetadata:\n  name: rs\nspec:\n  serveConfigV2: |\n    applications:\n      - name: app\n        import_path: app:deployment\n        deployments:\n          - name: Model\n            autoscaling_config:\n              min_replicas: 2\n              max_replicas: 2\n  rayClusterConfig:\n    headGroupSpec:\n      rayStartParams: {}\n      template:\n        spec:\n          containers:\n            - name: ray-head\n              image: rayproject/ray:2.40.0\n',
      findings: [{ message: /^RayService rs has `maxReplicas` equal to `minReplicas` \(2\)/, fixable: false }],
    },
  ],
});
