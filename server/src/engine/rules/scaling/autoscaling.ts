import type { Autoscaler, UnitScaling } from '../../facts/autoscaling';
import { statedReplicas, unitScaling } from '../../facts/autoscaling';
import type { DeploymentUnit } from '../../facts/model';
import { hasKubernetesContext } from '../../facts/relations';
import { appendDocument, replaceValue } from '../../fix/edits';
import type { Fix } from '../../types';
import type { Report } from '../define';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { runtimeName } from './support';
import { fixesFor } from '../support/fixes';
import { isFragment, notModelServer, relatedAt, relatedResource, resourceRange } from '../support/workload';
import { label, metadataFor, QUEUE_METRIC, sameFile } from '../support/kube';
import { count, stated } from '../support/values';
import { lazyFix } from '../../fix/lazy';

const FIXED = 'the replica count is fixed, so a traffic peak queues requests instead of adding replicas';

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
    // A Kustomize patch's autoscaler sits next to its base.
    if (notModelServer(context) || isFragment(unit)) return;
    const scaling = unitScaling(unit, workspace);
    const [own] = scaling.autoscalers;
    switch (scaling.by) {
      case 'manifest':
        if (own) checkStated(unit, own, report);
        else reportNone(unit, report);
        return;
      case 'resources':
        // A lone file (no Kubernetes resource anywhere in the workspace) may have its autoscaler elsewhere.
        if (scaling.autoscalers.length === 0 && hasKubernetesContext(workspace)) reportNoResource(unit, scaling, report);
        for (const a of scaling.autoscalers) checkResource(unit, a, report);
        return;
      case 'own':
        if (!own) reportFixed(unit, scaling, report);
        else checkFixedRange(unit, own, report);
        return;
      case 'platform':
        // The platform scales it (KServe through Knative or HPA): only a range that allows no scaling is wrong.
        checkFixedRange(unit, own, report);
    }
  },
});

/** No autoscaling stated where the unit states it: add bounds and a metric. */
function reportNone(unit: DeploymentUnit, report: (r: Report) => void): void {
  report({
    at: unit.where('scaling'),
    message: `No autoscaling is stated (${unit.describe('scaling')}): with a fixed replica count a traffic peak queues requests until they time out, and quiet hours pay for idle GPUs. Add \`scaling\` with \`minReplicas\`, \`maxReplicas\` and the \`metric\` to scale on.`,
    fixes: fixesFor({
      title: 'Add a scaling section',
      edits: unit.plan.addKeys('scaling', [['minReplicas', '${1:2}'], ['maxReplicas', '${2:4}'], ['metric', 'type: ${3:queue-depth}\ntarget: ${4:10}']]),
      isPreferred: true,
      snippet: true,
    }),
  });
}

/** Autoscaling stated by the unit: a maximum above the minimum, and a metric to follow. */
function checkStated(unit: DeploymentUnit, a: Autoscaler, report: (r: Report) => void): void {
  const min = a.min ?? a.defaultMin;
  const max = a.max;
  const maxFact = 'scaling.maxReplicas';
  if (max === undefined) {
    report({
      at: maxFact,
      message: `${unit.describe(maxFact)} is not stated, so nothing adds replicas beyond \`minReplicas\` (${min}) when traffic grows. State the most replicas the autoscaler may create.`,
      fixes: fixesFor({ title: `Add ${maxFact}`, edits: unit.plan.set(maxFact, `\${1:${Math.max(2, min * 2)}}`), isPreferred: true, snippet: true }),
    });
  } else if (max === min) {
    const raise = fixesFor({ title: `Raise ${maxFact} to ${max * 2}`, edits: unit.plan.set(maxFact, `\${1:${max * 2}}`), snippet: true });
    report({
      at: maxFact,
      message:
        a.min !== undefined
          ? `${unit.describe(maxFact)} equals \`minReplicas\` (${min}): ${FIXED}. Raise \`maxReplicas\` to the capacity you are prepared to pay for.`
          : `${unit.describe(maxFact)} is ${max}, the same as \`minReplicas\` (default ${a.defaultMin}): ${FIXED}. Raise \`maxReplicas\`.`,
      related: a.min !== undefined ? [relatedAt(unit, 'scaling.minReplicas', 'minReplicas')] : undefined,
      fixes: raise,
    });
  }
  if (a.implicitSignal || a.signals.some((s) => s.name !== undefined)) return;
  const metric = unit.spec.scaling?.metric;
  report({
    at: 'scaling.metric.type',
    message: `No autoscaling metric is stated (${unit.describe('scaling.metric.type')})${a.engine ? ` for the ${a.engine} autoscaler` : ''}: without it the autoscaler has nothing to follow. Scale an LLM server on \`queue-depth\`, \`running-requests\` or \`kv-cache-utilization\`.`,
    fixes: fixesFor({
      title: 'Scale on queue depth',
      edits: unit.plan.addKeys('scaling.metric', stated(metric?.target) ? [['type', '${1:queue-depth}']] : [['type', '${1:queue-depth}'], ['target', '${2:10}']]),
      isPreferred: true,
      snippet: true,
    }),
  });
}

/** A workload autoscaler resources target, and none does: append an HPA on the runtime's queue. */
function reportNoResource(unit: DeploymentUnit, scaling: UnitScaling, report: (r: Report) => void): void {
  const replicas = statedReplicas(unit) ?? 1;
  const runtime = unit.spec.serving?.runtime;
  const metric = typeof runtime === 'string' ? QUEUE_METRIC[runtime] : undefined;
  const fixes: Fix[] = metric
    ? [
        lazyFix({
          title: `Add a HorizontalPodAutoscaler on ${metric}`,
          edits: () => appendDocument(unit.doc, {
            apiVersion: 'autoscaling/v2',
            kind: 'HorizontalPodAutoscaler',
            metadata: metadataFor(unit),
            spec: {
              scaleTargetRef: { apiVersion: scaling.targetApiVersion, kind: unit.kind, name: unit.name },
              minReplicas: Math.max(1, replicas),
              maxReplicas: Math.max(2, replicas * 2),
              metrics: [{ type: 'Pods', pods: { metric: { name: metric }, target: { type: 'AverageValue', averageValue: '10' } } }],
            },
          }),
          isPreferred: true,
        }),
      ]
    : [];
  const source = unit.sourcePath('scaling.minReplicas');
  report({
    at: source && unit.doc.locate(source).node ? 'scaling.minReplicas' : unit.doc.headerRange(),
    message: `No HorizontalPodAutoscaler or KEDA ScaledObject in the workspace targets ${unit.kind} ${unit.name}: ${FIXED}, and quiet hours pay for idle GPUs. Add an autoscaler on a serving metric${metric ? ` (${runtimeName(runtime)} \`${metric}\`)` : ''}.`,
    fixes,
  });
}

/** An autoscaler resource whose maximum is its minimum. */
function checkResource(unit: DeploymentUnit, a: Autoscaler, report: (r: Report) => void): void {
  const r = a.resource;
  const min = a.min ?? a.defaultMin;
  if (!r || a.max === undefined || a.max !== min || !a.maxPath || !a.minPath) return;
  const here = sameFile(unit, r);
  const { max, maxPath } = a;
  const raise: Fix = lazyFix({ title: `Raise maxReplicas to ${Math.max(2, max * 2)}`, edits: () => replaceValue(r.doc, maxPath, String(Math.max(2, max * 2))) });
  report({
    at: here ? resourceRange(r, a.maxPath) : unit.doc.headerRange(),
    message: `${label(r)} scales ${unit.kind} ${unit.name} between ${min} and ${a.max} replicas: ${FIXED}. Raise its maximum to the capacity you are prepared to pay for.`,
    related: here ? [relatedResource(r, a.minPath, a.min !== undefined ? 'the minimum' : `the minimum (default ${min})`)] : [relatedResource(r, a.maxPath, `${label(r)}: maximum ${a.max}`)],
    fixes: here ? [raise] : [],
  });
}

/** A workload whose own field turns autoscaling on, without it: the replica count is fixed. */
function reportFixed(unit: DeploymentUnit, scaling: UnitScaling, report: (r: Report) => void): void {
  const enable = scaling.enable;
  const n = statedReplicas(unit) ?? enable?.defaultReplicas;
  if (!enable || n === undefined) return;
  report({
    at: 'scaling.minReplicas',
    message: `${unit.kind} ${unit.name} runs a fixed number of replicas (${enable.replicas}${statedReplicas(unit) !== undefined ? `: ${n}` : `, default ${n}`}) and has no ${enable.field}: ${FIXED}. ${enable.advice}`,
  });
}

/** The unit's own bounds, both stated and equal. */
function checkFixedRange(unit: DeploymentUnit, a: Autoscaler | undefined, report: (r: Report) => void): void {
  const min = count(a?.min);
  const max = count(a?.max);
  if (!a || min === undefined || max === undefined || min !== max) return;
  const fact = 'scaling.maxReplicas';
  report({
    at: fact,
    message: `${a.label} has \`maxReplicas\` equal to \`minReplicas\` (${min}): ${FIXED}. Raise \`maxReplicas\`.`,
    related: [relatedAt(unit, 'scaling.minReplicas', 'minReplicas')],
    fixes: a.editable ? fixesFor({ title: `Raise maxReplicas to ${Math.max(2, max * 2)}`, edits: unit.plan.set(fact, String(Math.max(2, max * 2))) }) : [],
  });
}
