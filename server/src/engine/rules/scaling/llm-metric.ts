import { replaceValue } from '../../fix/edits';
import type { TextEdit } from '../../types';
import { defineRule, PRODUCTION_AND_UP } from '../define';
import { isGenerative, runtimeName } from './support';

interface Options extends Record<string, unknown> {
  /** Metric types that do not follow the load of an LLM server. */
  ineffectiveMetrics: string[];
}

/** The queue-length metric each runtime exports. */
const QUEUE_METRIC: Record<string, string> = {
  vllm: 'vllm:num_requests_waiting',
  tgi: 'tgi_queue_size',
  sglang: 'sglang:num_queue_reqs',
};

export default defineRule<Options>({
  meta: {
    id: 'scaling/llm-metric',
    area: 'scaling',
    severity: 'warning',
    description: 'An LLM server autoscales on a serving metric (queue depth, running requests, KV-cache use), not on CPU or memory.',
    rationale:
      'GKE, "Best practices for autoscaling LLM inference workloads with GPUs": scale on the server\'s queue size or batch size; CPU and memory do not track the load of a GPU-bound server. NVIDIA NIM values.yaml: "Standard metrics of CPU and memory are of limited use in scaling NIM". vLLM production-stack scales on `vllm:num_requests_waiting`.',
    formats: ['modeldeployment'],
    profiles: PRODUCTION_AND_UP,
    fixable: true,
    defaultOptions: { ineffectiveMetrics: ['cpu', 'memory'] },
  },
  check({ unit, options, report }) {
    const metric = unit.spec.scaling?.metric;
    const type = metric?.type;
    if (typeof type !== 'string' || !options.ineffectiveMetrics.includes(type) || !isGenerative(unit.spec)) return;
    const runtime = unit.spec.serving?.runtime;
    const queueName = typeof runtime === 'string' ? QUEUE_METRIC[runtime] : undefined;
    const edits: TextEdit[] = [...replaceValue(unit.doc, ['scaling', 'metric', 'type'], 'queue-depth')];
    if (metric?.target !== undefined) edits.push(...replaceValue(unit.doc, ['scaling', 'metric', 'target'], '${1:10}'));
    if (metric?.name !== undefined && queueName) edits.push(...replaceValue(unit.doc, ['scaling', 'metric', 'name'], queueName));
    report({
      at: 'scaling.metric.type',
      message: `\`scaling.metric.type\` is ${type}: an LLM server is bound by its GPU and its batch, so ${type} does not follow the requests waiting in its queue, and the autoscaler adds replicas too late or never. Scale on \`queue-depth\`${queueName ? ` (${runtimeName(runtime)} \`${queueName}\`)` : ''}, \`running-requests\` or \`kv-cache-utilization\`.`,
      fixes: [{ title: 'Scale on queue depth', edits, isPreferred: true, snippet: true }],
    });
  },
});
