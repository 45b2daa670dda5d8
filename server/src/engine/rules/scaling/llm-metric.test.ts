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
