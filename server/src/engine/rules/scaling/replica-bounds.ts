import type { DeploymentUnit, WorkspaceFacts } from '../../facts/model';
import { insertAtPath, replaceValue } from '../../fix/edits';
import type { Fix, Range, RelatedLocation } from '../../types';
import type { Report } from '../define';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { relatedAt, relatedResource, resourceRange } from '../support/workload';
import { label, sameFile, SCALABLE_KINDS, scalers, sourceOf } from '../support/kube';
import { count, stated } from '../support/values';

export default defineRule({
  meta: {
    id: 'scaling/replica-bounds',
    area: 'scaling',
    severity: 'error',
    description: 'maxReplicas ≥ minReplicas; scale to zero only with a cold-start budget the model load fits in, and an autoscaler that can do it.',
    rationale:
      'Kubernetes HorizontalPodAutoscaler API: `maxReplicas` must be at least `minReplicas`, and `minReplicas: 0` needs the alpha `HPAScaleToZero` feature gate (KEDA and Knative scale to zero). A replica scaled from zero pays the whole model load before its first answer.',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, workspace, report }) {
    if (unit.format !== 'modeldeployment') {
      if (unit.isModelServer) checkKube(unit, workspace, report);
      return;
    }
    const s = unit.spec.scaling;
    if (!s) return;
    const min = count(s.minReplicas);
    const max = count(s.maxReplicas);
    if (min !== undefined && max !== undefined && max < min) {
      report({
        at: 'scaling.maxReplicas',
        message: `\`scaling.maxReplicas\` (${max}) is below \`minReplicas\` (${min}): an autoscaler with these bounds is rejected (HorizontalPodAutoscaler) or never scales. Make \`maxReplicas\` at least \`minReplicas\`.`,
        related: [relatedAt(unit, 'scaling.minReplicas', 'minReplicas')],
        fixes: [
          { title: 'Swap minReplicas and maxReplicas', edits: [...replaceValue(unit.doc, ['scaling', 'minReplicas'], String(max)), ...replaceValue(unit.doc, ['scaling', 'maxReplicas'], String(min))] },
          { title: `Raise scaling.maxReplicas to ${min}`, edits: replaceValue(unit.doc, ['scaling', 'maxReplicas'], String(min)) },
        ],
      });
    }
    if (min !== 0) return;

    if (s.autoscaler === 'hpa') {
      report({
        at: 'scaling.minReplicas',
        message: '`scaling.minReplicas` is 0 but `scaling.autoscaler` is hpa: a HorizontalPodAutoscaler cannot scale to zero unless the alpha `HPAScaleToZero` feature gate is on. Use KEDA or Knative for scale to zero, or keep at least one replica.',
        related: [relatedAt(unit, 'scaling.autoscaler', 'the autoscaler')],
        fixes: [
          { title: 'Use KEDA (scales to zero)', edits: replaceValue(unit.doc, ['scaling', 'autoscaler'], 'keda') },
          { title: 'Keep one replica', edits: replaceValue(unit.doc, ['scaling', 'minReplicas'], '1') },
        ],
      });
    }

    const startup = count(unit.spec.reliability?.probes?.startupTimeoutSeconds);
    const budget = count(s.coldStartBudgetSeconds);
    if (!stated(s.coldStartBudgetSeconds)) {
      report({
        at: 'scaling.minReplicas',
        message: '`scaling.minReplicas` is 0 (scale to zero) but no `scaling.coldStartBudgetSeconds` is stated: the first request after an idle period waits for a pod to be scheduled, the image to be pulled and the weights to load, often minutes. State the wait you accept, or keep at least one replica.',
        fixes: [
          { title: 'Add scaling.coldStartBudgetSeconds', edits: insertAtPath(unit.doc, ['scaling', 'coldStartBudgetSeconds'], `\${1:${startup ?? 600}}`), isPreferred: true, snippet: true },
          { title: 'Keep one replica', edits: replaceValue(unit.doc, ['scaling', 'minReplicas'], '1') },
        ],
      });
    } else if (budget !== undefined && startup !== undefined && budget < startup) {
      report({
        at: 'scaling.coldStartBudgetSeconds',
        message: `\`scaling.coldStartBudgetSeconds\` (${budget} s) is shorter than the model's startup budget (\`reliability.probes.startupTimeoutSeconds\`, ${startup} s): after scaling to zero the first request cannot be answered in time. Raise the budget, speed up the load (cached weights) or keep one replica.`,
        related: [relatedAt(unit, 'reliability.probes.startupTimeoutSeconds', 'the startup budget')],
        fixes: [
          { title: `Raise the cold-start budget to ${startup} s`, edits: replaceValue(unit.doc, ['scaling', 'coldStartBudgetSeconds'], String(startup)) },
          { title: 'Keep one replica', edits: replaceValue(unit.doc, ['scaling', 'minReplicas'], '1') },
        ],
      });
    } else if (budget === 0) {
      report({
        at: 'scaling.coldStartBudgetSeconds',
        message: '`scaling.coldStartBudgetSeconds` is 0, but a replica scaled from zero needs time to start and load the weights. State the wait you accept, or keep at least one replica.',
        fixes: [{ title: 'Keep one replica', edits: replaceValue(unit.doc, ['scaling', 'minReplicas'], '1') }],
      });
    }
  },
});

/** The annotation that states, on a Kubernetes-family workload, the wait a request accepts after scale to zero. */
export const COLD_START_ANNOTATION = 'modelready.dev/cold-start-budget-seconds';

interface Where {
  at: Range | string;
  /** Where a maximum below the minimum is reported. */
  atMax: Range | string;
  related: RelatedLocation[];
  /** Edits `min`/`max` of the autoscaler, when the finding's file holds it. */
  setMin?: (n: number) => Fix['edits'];
  setMax?: (n: number) => Fix['edits'];
}

function checkKube(unit: DeploymentUnit, workspace: WorkspaceFacts, report: (r: Report) => void): void {
  if (SCALABLE_KINDS.has(unit.kind)) {
    for (const b of scalers(unit, workspace)) {
      const r = b.resource;
      const here = sameFile(unit, r);
      const setMin = (n: number) => (b.minStated ? replaceValue(r.doc, b.minPath, String(n)) : insertAtPath(r.doc, b.minPath, String(n)));
      const where: Where = {
        at: here ? resourceRange(r, b.minStated ? b.minPath : ['spec'], b.minStated ? 'value' : 'key') : unit.doc.headerRange(),
        atMax: here ? resourceRange(r, b.maxPath) : unit.doc.headerRange(),
        related: here ? [] : [relatedResource(r, b.minStated ? b.minPath : [], `${label(r)}: minimum ${b.min}`)],
        setMin: here ? setMin : undefined,
        setMax: here ? (n: number) => replaceValue(r.doc, b.maxPath, String(n)) : undefined,
      };
      const who = `${label(r)} (targets ${unit.kind} ${unit.name})`;
      judge(unit, report, who, b.min, b.maxStated ? b.max : undefined, where, r.kind === 'HorizontalPodAutoscaler' ? 'hpa' : 'keda', b.minStated);
    }
    return;
  }
  const s = unit.spec.scaling;
  const min = count(s?.minReplicas);
  const max = count(s?.maxReplicas);
  if (min === undefined && max === undefined) return;
  const minPath = sourceOf(unit, 'scaling.minReplicas');
  const maxPath = sourceOf(unit, 'scaling.maxReplicas');
  const editable = unit.kind !== 'RayService'; // Ray Serve's values sit inside the serveConfigV2 string
  const where: Where = {
    at: 'scaling.minReplicas',
    atMax: 'scaling.maxReplicas',
    related: [],
    setMin: editable && minPath ? (n) => replaceValue(unit.doc, minPath, String(n)) : undefined,
    setMax: editable && maxPath ? (n) => replaceValue(unit.doc, maxPath, String(n)) : undefined,
  };
  judge(unit, report, `${unit.kind} ${unit.name}`, min ?? 1, max, where, unit.kind === 'RayService' ? 'ray-serve' : 'kserve', min !== undefined);
}

function judge(unit: DeploymentUnit, report: (r: Report) => void, who: string, min: number, max: number | undefined, where: Where, autoscaler: 'hpa' | 'keda' | 'kserve' | 'ray-serve', minStated: boolean): void {
  if (max !== undefined && max < min) {
    report({
      at: where.atMax,
      message: `${who} has a maximum of ${max} replicas, below its minimum (${min}): ${autoscaler === 'hpa' ? 'the API server rejects such a HorizontalPodAutoscaler' : 'the autoscaler cannot honour both bounds'}. Make the maximum at least the minimum.`,
      related: where.related,
      fixes: where.setMax ? [{ title: `Raise the maximum to ${min}`, edits: where.setMax(min), isPreferred: true }] : [],
    });
  }
  if (min !== 0) return;
  const keepOne: Fix[] = where.setMin ? [{ title: 'Keep one replica', edits: where.setMin(1), isPreferred: true }] : [];
  if (autoscaler === 'hpa') {
    report({
      at: where.at,
      message: `${who} has \`minReplicas: 0\`: a HorizontalPodAutoscaler scales to zero only with the alpha \`HPAScaleToZero\` feature gate, which managed clusters do not enable. Use KEDA for scale to zero, or keep at least one replica.`,
      related: where.related,
      fixes: keepOne,
    });
    return;
  }
  // Scale to zero (KEDA's default minimum, Knative, Ray Serve): fine with a stated cold-start budget.
  const budgetText = unit.annotations[COLD_START_ANNOTATION];
  const budget = budgetText !== undefined && /^\s*\d+\s*$/.test(budgetText) ? Number(budgetText) : undefined;
  const startup = count(unit.spec.reliability?.probes?.startupTimeoutSeconds);
  const zero = minStated ? 'scales to zero' : `scales to zero (its default minimum is 0)`;
  if (budget === undefined) {
    report({
      at: where.at,
      severity: 'warning',
      message: `${who} ${zero}: the first request after an idle period waits for a pod to be scheduled, the image to be pulled and the weights to load, often minutes. State the wait you accept with the annotation \`${COLD_START_ANNOTATION}\` on the workload, or keep at least one replica.`,
      related: where.related,
      fixes: keepOne,
    });
  } else if (startup !== undefined && budget < startup) {
    report({
      at: where.at,
      severity: 'warning',
      message: `${who} ${zero} with a cold-start budget of ${budget} s (\`${COLD_START_ANNOTATION}\`), but the startup probe allows ${startup} s for the model to load: after scaling to zero the first request cannot be answered in time. Raise the budget, speed up the load (cached weights) or keep one replica.`,
      related: [...where.related, relatedAt(unit, 'reliability.probes.startupTimeoutSeconds', 'the startup budget')],
      fixes: keepOne.map((f) => ({ ...f, isPreferred: false })),
    });
  }
}
