import { stringify } from 'yaml';
import type { Autoscaler } from '../../facts/autoscaling';
import { unitScaling } from '../../facts/autoscaling';
import type { DeploymentUnit, KubeResource } from '../../facts/model';
import { insertAtPath } from '../../fix/edits';
import type { PathSegment } from '../../parse/yaml';
import type { Fix, TextEdit } from '../../types';
import type { Report } from '../define';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { isGenerative, runtimeName } from './support';
import { fixesFor } from '../support/fixes';
import { relatedResource, resourceRange } from '../support/workload';
import { label, QUEUE_METRIC, sameFile } from '../support/kube';
import { lazyFix } from '../../fix/lazy';

interface Options extends Record<string, unknown> {
  /** Metric types that do not follow the load of an LLM server. */
  ineffectiveMetrics: string[];
}

export default defineRule<Options>({
  meta: {
    id: 'scaling/llm-metric',
    area: 'scaling',
    severity: 'warning',
    description: 'An LLM server autoscales on a serving metric (queue depth, running requests, KV-cache use), not on CPU or memory.',
    rationale:
      'GKE, "Best practices for autoscaling LLM inference workloads with GPUs": scale on the server\'s queue size or batch size; CPU and memory do not track the load of a GPU-bound server. NVIDIA NIM values.yaml: "Standard metrics of CPU and memory are of limited use in scaling NIM". vLLM production-stack scales on `vllm:num_requests_waiting`.',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
    defaultOptions: { ineffectiveMetrics: ['cpu', 'memory'] },
  },
  check({ unit, workspace, options, report }) {
    if (!unit.isModelServer || !isGenerative(unit.spec)) return;
    for (const a of unitScaling(unit, workspace).autoscalers) {
      if (a.resource) checkResource(unit, a.resource, options.ineffectiveMetrics, report);
      else checkOwn(unit, a, options.ineffectiveMetrics, report);
    }
  },
});

/** The unit's own autoscaler (`scaling.metric.type`): fix switches to the serving signal the autoscaler knows. */
function checkOwn(unit: DeploymentUnit, a: Autoscaler, names: readonly string[], report: (r: Report) => void): void {
  const type = a.signals[0]?.name;
  if (type === undefined || !names.includes(type)) return;
  const metric = unit.spec.scaling?.metric;
  const runtime = unit.spec.serving?.runtime;
  const queueName = typeof runtime === 'string' ? QUEUE_METRIC[runtime] : undefined;
  const fact = 'scaling.metric.type';
  const edits: TextEdit[] = a.servingSignal ? [...unit.edit.set(fact, a.servingSignal)] : [];
  if (edits.length && metric?.target !== undefined) edits.push(...unit.edit.set('scaling.metric.target', '${1:10}'));
  if (edits.length && metric?.name !== undefined && queueName) edits.push(...unit.edit.set('scaling.metric.name', queueName));
  report({
    at: fact,
    message: `${unit.describe(fact)} is ${type}: an LLM server is bound by its GPU and its batch, so ${type} does not follow the requests waiting in its queue, and the autoscaler adds replicas too late or never. Scale on \`queue-depth\`${queueName ? ` (${runtimeName(runtime)} \`${queueName}\`)` : ''}, \`running-requests\` or \`kv-cache-utilization\`${a.servingSignal && a.servingSignal !== 'queue-depth' ? ` (\`${a.servingSignal}\` for the ${a.engine ?? 'platform'} autoscaler)` : ''}.`,
    fixes: fixesFor({ title: `Scale on ${a.servingSignal === 'queue-depth' ? 'queue depth' : a.servingSignal}`, edits, isPreferred: true, snippet: true }),
  });
}

interface Ineffective {
  /** What the autoscaler follows, for the message. */
  what: string;
  /** Where (in the autoscaler's document) the metric is, or where it would be. */
  path: PathSegment[];
  /** The single metric entry to replace, when the autoscaler has exactly one (HPA only). */
  replace?: PathSegment[];
}

/** Whether an autoscaler follows only CPU or memory (an HPA without metrics follows CPU at 80 %). */
function ineffective(r: KubeResource, names: readonly string[]): Ineffective | undefined {
  const signals = r.facts.scaler?.signals ?? [];
  if (r.kind === 'HorizontalPodAutoscaler' && signals.length === 0) return { what: 'CPU (a HorizontalPodAutoscaler without `metrics` defaults to 80 % CPU)', path: ['spec'] };
  if (signals.length === 0 || !signals.every((x) => x.name !== undefined && names.includes(x.name))) return undefined;
  const what = [...new Set(signals.map((x) => x.name))].join(' and ');
  // An HPA's single metric entry is replaced by the queue metric.
  return { what, path: signals[0].path, replace: r.kind === 'HorizontalPodAutoscaler' && signals.length === 1 ? ['spec', 'metrics', 0] : undefined };
}

/** A Pods metric on the runtime's queue, as YAML text for the place of the old metric entry. */
function queueMetricEdits(r: KubeResource, bad: Ineffective, metric: string): TextEdit[] {
  const entry = { type: 'Pods', pods: { metric: { name: metric }, target: { type: 'AverageValue', averageValue: '10' } } };
  if (!bad.replace) return insertAtPath(r.doc, ['spec', 'metrics'], [entry]);
  const { node } = r.doc.locate(bad.replace);
  if (!node?.range) return [];
  const start = node.range[0];
  const col = start - (r.doc.source.lastIndexOf('\n', start - 1) + 1);
  const text = stringify(entry, { lineWidth: 0 }).replace(/\n$/, '').split('\n').join(`\n${' '.repeat(col)}`);
  // A block mapping's range may end after its last line break: keep it.
  const [from, to] = node.range;
  const tail = /\r?\n$/.exec(r.doc.source.slice(from, to))?.[0] ?? '';
  return [{ range: r.doc.rangeOf([from, to]), newText: text + tail }];
}

/** An autoscaler resource that targets the unit (HPA, KEDA ScaledObject, AIBrix PodAutoscaler). */
function checkResource(unit: DeploymentUnit, r: KubeResource, names: readonly string[], report: (r: Report) => void): void {
  const bad = ineffective(r, names);
  if (!bad) return;
  const runtime = unit.spec.serving?.runtime;
  const queueName = typeof runtime === 'string' ? QUEUE_METRIC[runtime] : undefined;
  const advice = `Scale on the server's queue${queueName ? ` (${runtimeName(runtime)} \`${queueName}\`)` : ''}, its running requests or its KV-cache use, through a custom-metrics adapter or a KEDA \`prometheus\` trigger.`;
  const here = sameFile(unit, r);
  const fixes: Fix[] = here && queueName && r.kind === 'HorizontalPodAutoscaler' && (bad.replace || bad.path.length === 1) ? [lazyFix({ title: `Scale on ${queueName}`, edits: () => queueMetricEdits(r, bad, queueName), isPreferred: true })] : [];
  report({
    at: here ? resourceRange(r, bad.path, bad.path.length === 1 ? 'key' : 'value') : unit.doc.headerRange(),
    message: `${label(r)} scales ${unit.kind} ${unit.name} on ${bad.what}: an LLM server is bound by its GPU and its batch, so ${bad.what.startsWith('CPU (') ? 'CPU' : bad.what} does not follow the requests waiting in its queue, and replicas are added too late or never. ${advice}`,
    related: [relatedResource(r, bad.path, `the metric of ${label(r)}`)],
    fixes,
  });
}
