import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './llm-metric';

const doc = (body: string): string => `apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: m\nmodel:\n  uri: hf://org/model\n${body}`;

ruleTester(rule, {
  valid: [
    { name: 'KV-cache utilisation', mutate: (m) => (m.scaling.metric = { type: 'kv-cache-utilization', target: 0.8 }) },
    {
      name: 'an embeddings model may scale on CPU',
      mutate: (m) => {
        m.model.task = 'embeddings';
        m.scaling.metric = { type: 'cpu', target: 70 };
      },
    },
    { name: 'GPU utilisation is not in the default list', mutate: (m) => (m.scaling.metric = { type: 'gpu-utilization', target: 80 }) },
    { name: 'no metric at all (scaling/autoscaling reports that)', yaml: doc('scaling: { maxReplicas: 4 }\n') },
  ],
  invalid: [
    {
      name: 'CPU for a vLLM chat model: fix switches to queue depth and resets the target',
      mutate: (m) => (m.scaling.metric = { type: 'cpu', target: 70 }),
      findings: [{ message: /`scaling.metric.type` is cpu: .*Scale on `queue-depth` \(vLLM `vllm:num_requests_waiting`\)/, text: 'cpu', fixable: true, fixed: (out) => assert.match(out, /metric:\n {4}type: queue-depth\n {4}target: 10\n/) }],
    },
    {
      name: 'memory in flow style for TGI (task not stated: judged by runtime)',
      yaml: doc('serving: { runtime: tgi }\nscaling: { maxReplicas: 4, metric: { type: memory } }\n'),
      findings: [{ message: /is memory: .*TGI `tgi_queue_size`/, text: 'memory', fixable: true, fixed: (out) => assert.match(out, /metric: \{ type: queue-depth \}/) }],
    },
    {
      name: 'a metric name is replaced by the runtime queue metric',
      mutate: (m) => (m.scaling.metric = { type: 'cpu', name: 'container_cpu_usage', target: 70 }),
      findings: [{ message: /is cpu/, text: 'cpu', fixable: true, fixed: (out) => assert.match(out, /name: vllm:num_requests_waiting/) }],
    },
    {
      name: 'option: GPU utilisation counted as ineffective',
      mutate: (m) => (m.scaling.metric = { type: 'gpu-utilization', target: 80 }),
      options: { ineffectiveMetrics: ['cpu', 'memory', 'gpu-utilization'] },
      findings: [{ message: /is gpu-utilization/, text: 'gpu-utilization', fixable: true }],
    },
  ],
});

// Kubernetes-family formats: the metrics of the HPA / ScaledObject targeting an LLM server.
import { editExample, exampleDocument, K8S_EXAMPLE, withoutDocument } from './kube-fixtures.test';

const CPU_METRIC = '    - type: Resource\n      resource:\n        name: cpu\n        target:\n          type: Utilization\n          averageUtilization: 70\n';
const QUEUE = '    - type: Pods\n      pods:\n        metric:\n          name: vllm:num_requests_waiting\n        target:\n          type: AverageValue\n          averageValue: "10"\n';

ruleTester(rule, {
  valid: [
    { name: 'the production vLLM example (Kubernetes)', yaml: K8S_EXAMPLE },
    { name: 'CPU next to the queue metric', yaml: editExample([QUEUE, QUEUE + CPU_METRIC]) },
    { name: 'a KEDA prometheus trigger', yaml: withoutDocument('HorizontalPodAutoscaler') + '---\napiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: s\n  namespace: genai\nspec:\n  scaleTargetRef:\n    name: llama-chat\n  minReplicaCount: 1\n  triggers:\n    - type: prometheus\n      metadata:\n        serverAddress: http://prometheus:9090\n        query: sum(vllm:num_requests_waiting)\n        threshold: "10"\n' },
  ],
  invalid: [
    {
      name: 'Kubernetes: an HPA on CPU only (same file): on the metric, fix scales on the vLLM queue',
      yaml: editExample([QUEUE, CPU_METRIC]),
      findings: [{ message: /^HorizontalPodAutoscaler llama-chat scales Deployment llama-chat on cpu: an LLM server is bound by its GPU and its batch.*\(vLLM `vllm:num_requests_waiting`\)/, text: 'cpu', fixable: true, fixed: (out) => assert.match(out, /metrics:\n {4}- type: Pods\n {6}pods:\n {8}metric:\n {10}name: vllm:num_requests_waiting\n {8}target:\n {10}type: AverageValue\n {10}averageValue: "10"\n---/) }],
    },
    {
      name: 'Kubernetes: an HPA without metrics follows CPU: fix adds the queue metric',
      yaml: editExample(['  metrics:\n' + QUEUE, '']),
      findings: [{ message: /on CPU \(a HorizontalPodAutoscaler without `metrics` defaults to 80 % CPU\)/, text: 'spec', line: 139, fixable: true, fixed: (out) => assert.match(out, /maxReplicas: 8\n {2}metrics:\n {4}- type: Pods\n/) }],
    },
    {
      name: 'Kubernetes: the CPU HPA is in another file: on the Deployment, the metric as related',
      yaml: withoutDocument('HorizontalPodAutoscaler'),
      files: { 'file:///workspace/hpa.yaml': exampleDocument('HorizontalPodAutoscaler').replace(QUEUE, CPU_METRIC) },
      findings: [{ message: /^HorizontalPodAutoscaler llama-chat scales Deployment llama-chat on cpu/, text: 'Deployment', fixable: false }],
    },
    {
      name: 'KEDA: a ScaledObject on a memory trigger (no automatic fix)',
      yaml: withoutDocument('HorizontalPodAutoscaler') + '---\napiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: s\n  namespace: genai\nspec:\n  scaleTargetRef:\n    name: llama-chat\n  minReplicaCount: 1\n  triggers:\n    - type: memory\n      metricType: Utilization\n      metadata:\n        value: "70"\n',
      findings: [{ message: /^ScaledObject s scales Deployment llama-chat on memory/, text: 'memory', fixable: false }],
    },
  ],
});

// KServe: the predictor's own `scaleMetric` (Knative or HPA), a kind of metric like `scaling.metric.type`.
const ISVC = (metric: string): string =>
  `apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: huggingface-llama3\nspec:\n  predictor:\n    minReplicas: 1\n    maxReplicas: 4\n    scaleMetric: ${metric}\n    scaleTarget: 70\n    model:\n      modelFormat:\n        name: huggingface\n      runtime: kserve-vllm\n      args:\n        - --model_name=llama3\n        - --model_id=meta-llama/meta-llama-3-8b-instruct\n      resources:\n        limits:\n          nvidia.com/gpu: "1"\n`;

ruleTester(rule, {
  valid: [{ name: 'KServe: scaleMetric concurrency (running requests)', yaml: ISVC('concurrency') }],
  invalid: [
    {
      name: 'KServe: scaleMetric cpu: on scaleMetric, fix scales on concurrency and asks for the target',
      yaml: ISVC('cpu'),
      findings: [{ message: /^`spec.predictor.scaleMetric` is cpu: .*\(`concurrency` for the kserve autoscaler\)/, text: 'cpu', fixable: true, fixed: (out) => assert.match(out, /scaleMetric: concurrency\n {4}scaleTarget: 10\n/) }],
    },
  ],
});
