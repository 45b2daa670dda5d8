import { insertAtPath, replaceValue } from '../../fix/edits';
import { defineRule, PRODUCTION_AND_UP } from '../define';
import { count, insertKeys, relatedAt, stated } from './support';

/** Autoscalers that bring their own signal (request concurrency, the platform's own metric). */
const IMPLICIT_METRIC = new Set(['knative', 'kserve', 'ray-serve', 'platform']);

export default defineRule({
  meta: {
    id: 'scaling/autoscaling',
    area: 'scaling',
    severity: 'warning',
    description: 'A production model server scales: a replica range (maxReplicas above minReplicas) and the metric the autoscaler follows.',
    rationale:
      'GKE, "Best practices for autoscaling LLM inference workloads with GPUs" (https://cloud.google.com/kubernetes-engine/docs/best-practices/machine-learning/inference/autoscaling): inference traffic is bursty and GPU replicas take minutes to start, so capacity must follow a serving metric; a fixed replica count either queues requests at peak or pays for idle GPUs.',
    formats: ['modeldeployment'],
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, report }) {
    const s = unit.spec.scaling;
    if (!stated(s)) {
      report({
        at: 'scaling',
        message: 'No autoscaling is stated (`scaling`): with a fixed replica count a traffic peak queues requests until they time out, and quiet hours pay for idle GPUs. Add `scaling` with `minReplicas`, `maxReplicas` and the `metric` to scale on.',
        fixes: [
          {
            title: 'Add a scaling section',
            edits: insertKeys(unit.doc, ['scaling'], [['minReplicas', '${1:2}'], ['maxReplicas', '${2:4}'], ['metric', 'type: ${3:queue-depth}\ntarget: ${4:10}']]),
            isPreferred: true,
            snippet: true,
          },
        ],
      });
      return;
    }
    const min = count(s?.minReplicas) ?? 1;
    const max = count(s?.maxReplicas);
    if (max === undefined) {
      report({
        at: 'scaling.maxReplicas',
        message: `\`scaling.maxReplicas\` is not stated, so nothing adds replicas beyond \`minReplicas\` (${min}) when traffic grows. State the most replicas the autoscaler may create.`,
        fixes: [{ title: 'Add scaling.maxReplicas', edits: insertAtPath(unit.doc, ['scaling', 'maxReplicas'], `\${1:${Math.max(2, min * 2)}}`), isPreferred: true, snippet: true }],
      });
    } else if (max === min && stated(s?.minReplicas)) {
      report({
        at: 'scaling.maxReplicas',
        message: `\`scaling.maxReplicas\` equals \`minReplicas\` (${min}): the replica count is fixed, so a traffic peak queues requests instead of adding replicas. Raise \`maxReplicas\` to the capacity you are prepared to pay for.`,
        related: [relatedAt(unit, 'scaling.minReplicas', 'minReplicas')],
        fixes: [{ title: `Raise scaling.maxReplicas to ${max * 2}`, edits: replaceValue(unit.doc, ['scaling', 'maxReplicas'], `\${1:${max * 2}}`), snippet: true }],
      });
    } else if (max === min) {
      // `maxReplicas: 1` with minReplicas left at its default of 1.
      report({
        at: 'scaling.maxReplicas',
        message: `\`scaling.maxReplicas\` is ${max}, the same as \`minReplicas\` (default 1): the replica count is fixed, so a traffic peak queues requests instead of adding replicas. Raise \`maxReplicas\`.`,
        fixes: [{ title: `Raise scaling.maxReplicas to ${max * 2}`, edits: replaceValue(unit.doc, ['scaling', 'maxReplicas'], `\${1:${max * 2}}`), snippet: true }],
      });
    }
    const autoscaler = s?.autoscaler;
    if (typeof autoscaler === 'string' && IMPLICIT_METRIC.has(autoscaler)) return;
    if (typeof s?.metric?.type === 'string') return;
    report({
      at: 'scaling.metric.type',
      message: `No autoscaling metric is stated (\`scaling.metric.type\`)${typeof autoscaler === 'string' ? ` for the ${autoscaler} autoscaler` : ''}: without it the autoscaler has nothing to follow. Scale an LLM server on \`queue-depth\`, \`running-requests\` or \`kv-cache-utilization\`.`,
      fixes: [
        {
          title: 'Scale on queue depth',
          edits: insertKeys(unit.doc, ['scaling', 'metric'], stated(s?.metric?.target) ? [['type', '${1:queue-depth}']] : [['type', '${1:queue-depth}'], ['target', '${2:10}']]),
          isPreferred: true,
          snippet: true,
        },
      ],
    });
  },
});
