import type { DeploymentUnit, WorkspaceFacts } from '../../facts/model';
import { hasKubernetesContext } from '../../facts/relations';
import { appendDocument, insertAtPath, insertKeys, replaceValue } from '../../fix/edits';
import type { Fix } from '../../types';
import type { Report } from '../define';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { runtimeName } from './support';
import { isFragment, notModelServer, relatedAt, relatedResource, resourceRange } from '../support/workload';
import { apiVersionOf, label, metadataFor, QUEUE_METRIC, sameFile, SCALABLE_KINDS, scalers, sourceOf } from '../support/kube';
import { count, stated } from '../support/values';

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
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check(context) {
    const { unit, workspace, report } = context;
    if (unit.format !== 'modeldeployment') {
      // A Kustomize patch's autoscaler sits next to its base.
      if (!notModelServer(context) && !isFragment(unit)) checkKube(unit, workspace, report);
      return;
    }
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

const FIXED = 'the replica count is fixed, so a traffic peak queues requests instead of adding replicas';

function checkKube(unit: DeploymentUnit, workspace: WorkspaceFacts, report: (r: Report) => void): void {
  const s = unit.spec.scaling;
  if (SCALABLE_KINDS.has(unit.kind)) {
    const found = scalers(unit, workspace);
    if (found.length === 0) {
      // A lone file (no Kubernetes resource anywhere in the workspace) may have its autoscaler elsewhere.
      if (!hasKubernetesContext(workspace)) return;
      const replicas = count(s?.minReplicas) ?? 1;
      const runtime = unit.spec.serving?.runtime;
      const metric = typeof runtime === 'string' ? QUEUE_METRIC[runtime] : undefined;
      const fixes: Fix[] = metric
        ? [
            {
              title: `Add a HorizontalPodAutoscaler on ${metric}`,
              edits: appendDocument(unit.doc, {
                apiVersion: 'autoscaling/v2',
                kind: 'HorizontalPodAutoscaler',
                metadata: metadataFor(unit),
                spec: {
                  scaleTargetRef: { apiVersion: apiVersionOf(unit.kind), kind: unit.kind, name: unit.name },
                  minReplicas: Math.max(1, replicas),
                  maxReplicas: Math.max(2, replicas * 2),
                  metrics: [{ type: 'Pods', pods: { metric: { name: metric }, target: { type: 'AverageValue', averageValue: '10' } } }],
                },
              }),
              isPreferred: true,
            },
          ]
        : [];
      report({
        at: sourceOf(unit, 'scaling.minReplicas') && unit.doc.locate(sourceOf(unit, 'scaling.minReplicas')!).node ? 'scaling.minReplicas' : unit.doc.headerRange(),
        message: `No HorizontalPodAutoscaler or KEDA ScaledObject in the workspace targets ${unit.kind} ${unit.name}: ${FIXED}, and quiet hours pay for idle GPUs. Add an autoscaler on a serving metric${metric ? ` (${runtimeName(runtime)} \`${metric}\`)` : ''}.`,
        fixes,
      });
      return;
    }
    for (const b of found) {
      if (b.max !== b.min || !b.maxStated) continue;
      const r = b.resource;
      const here = sameFile(unit, r);
      const raise: Fix = { title: `Raise maxReplicas to ${Math.max(2, b.max * 2)}`, edits: replaceValue(r.doc, b.maxPath, String(Math.max(2, b.max * 2))) };
      report({
        at: here ? resourceRange(r, b.maxPath) : unit.doc.headerRange(),
        message: `${label(r)} scales ${unit.kind} ${unit.name} between ${b.min} and ${b.max} replicas: ${FIXED}. Raise its maximum to the capacity you are prepared to pay for.`,
        related: here ? [relatedResource(r, b.minPath, b.minStated ? 'the minimum' : `the minimum (default ${b.min})`)] : [relatedResource(r, b.maxPath, `${label(r)}: maximum ${b.max}`)],
        fixes: here ? [raise] : [],
      });
    }
    return;
  }
  if (unit.kind === 'RayService') {
    // Ray Serve autoscales a deployment with `autoscaling_config` (or `num_replicas: auto`); a number is fixed.
    if (s?.autoscaler || count(s?.minReplicas) === undefined) return;
    report({
      at: 'scaling.minReplicas',
      message: `The Serve deployments of ${unit.name} have a fixed \`num_replicas\` (${String(s?.minReplicas)}) and no \`autoscaling_config\`: ${FIXED}. Give the deployment an \`autoscaling_config\` (min_replicas, max_replicas, target_ongoing_requests) and let the Ray autoscaler add worker pods.`,
    });
    return;
  }
  if (unit.kind === 'LLMInferenceService' && !s?.autoscaler) {
    report({
      at: 'scaling.minReplicas',
      message: `LLMInferenceService ${unit.name} runs a fixed number of replicas (\`spec.replicas\`${count(s?.minReplicas) !== undefined ? `: ${String(s?.minReplicas)}` : ', default 1'}) and has no \`spec.scaling\`: ${FIXED}. Add \`spec.scaling\` with \`minReplicas\`, \`maxReplicas\` and a \`wva\` or \`keda\` autoscaler.`,
    });
    return;
  }
  // KServe scales every predictor (Knative or HPA); only a range that allows no scaling is wrong.
  const min = count(s?.minReplicas);
  const max = count(s?.maxReplicas);
  if (min !== undefined && max !== undefined && min === max) {
    const maxPath = sourceOf(unit, 'scaling.maxReplicas');
    report({
      at: 'scaling.maxReplicas',
      message: `${unit.kind} ${unit.name} has \`maxReplicas\` equal to \`minReplicas\` (${min}): ${FIXED}. Raise \`maxReplicas\`.`,
      related: [relatedAt(unit, 'scaling.minReplicas', 'minReplicas')],
      fixes: maxPath ? [{ title: `Raise maxReplicas to ${Math.max(2, max * 2)}`, edits: replaceValue(unit.doc, maxPath, String(Math.max(2, max * 2))) }] : [],
    });
  }
}
