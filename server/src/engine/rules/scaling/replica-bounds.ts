import type { Autoscaler } from '../../facts/autoscaling';
import { unitScaling } from '../../facts/autoscaling';
import type { DeploymentUnit } from '../../facts/model';
import { planInsertAtPath, planReplaceValue } from '../../fix/edits';
import type { EditPlan, Fix, Range, RelatedLocation } from '../../types';
import type { Report } from '../define';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { fixesFor } from '../support/fixes';
import { relatedAt, relatedResource, resourceRange } from '../support/workload';
import { label, sameFile } from '../support/kube';
import { count } from '../support/values';

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
    if (!unit.isModelServer) return;
    for (const a of unitScaling(unit, workspace).autoscalers) judge(unit, a, report);
  },
});

/** Where an autoscaler's findings go, and the edits of its bounds when the finding's file holds them. */
interface Where {
  /** Where the minimum (scale to zero) is reported. */
  at: Range | string;
  /** Where a maximum below the minimum is reported. */
  atMax: Range | string;
  related: RelatedLocation[];
  setMin?: (n: number) => EditPlan | undefined;
  setMax?: (n: number) => EditPlan | undefined;
}

/** A resource's bounds are edited in its own document when it is in the finding's file; the unit's own through its facts. */
function whereOf(unit: DeploymentUnit, a: Autoscaler): Where {
  const r = a.resource;
  if (!r || !a.minPath || !a.maxPath) {
    return {
      at: 'scaling.minReplicas',
      atMax: 'scaling.maxReplicas',
      related: [],
      setMin: a.editable ? (n) => unit.plan.set('scaling.minReplicas', String(n)) : undefined,
      setMax: a.editable ? (n) => unit.plan.set('scaling.maxReplicas', String(n)) : undefined,
    };
  }
  const { minPath, maxPath } = a;
  const minStated = a.min !== undefined;
  if (!sameFile(unit, r)) return { at: unit.doc.headerRange(), atMax: unit.doc.headerRange(), related: [relatedResource(r, minStated ? minPath : [], `${label(r)}: minimum ${a.min ?? a.defaultMin}`)] };
  return {
    at: resourceRange(r, minStated ? minPath : ['spec'], minStated ? 'value' : 'key'),
    atMax: resourceRange(r, maxPath),
    related: [],
    setMin: (n) => (minStated ? planReplaceValue(r.doc, minPath, String(n)) : planInsertAtPath(r.doc, minPath, String(n))),
    setMax: (n) => planReplaceValue(r.doc, maxPath, String(n)),
  };
}

function judge(unit: DeploymentUnit, a: Autoscaler, report: (r: Report) => void): void {
  const min = a.min ?? a.defaultMin;
  const max = a.max;
  const where = whereOf(unit, a);
  const who = a.resource ? `${a.label} (targets ${unit.kind} ${unit.name})` : a.label;
  if (max !== undefined && max < min) {
    report({
      at: where.atMax,
      message: `${who} has a maximum of ${max} replicas, below its minimum (${min}): ${a.engine === 'hpa' ? 'the API server rejects such a HorizontalPodAutoscaler' : 'the autoscaler cannot honour both bounds'}. Make the maximum at least the minimum.`,
      related: a.resource ? where.related : [relatedAt(unit, 'scaling.minReplicas', 'minReplicas')],
      fixes: where.setMax ? fixesFor({ title: `Raise the maximum to ${min}`, edits: where.setMax(min), isPreferred: true }) : [],
    });
  }
  if (min !== 0) return;
  const keepOne = (isPreferred: boolean): Fix[] => (where.setMin ? fixesFor({ title: 'Keep one replica', edits: where.setMin(1), isPreferred }) : []);
  if (!a.scalesToZero) {
    report({
      at: where.at,
      message: `${who} has \`minReplicas: 0\`: a HorizontalPodAutoscaler scales to zero only with the alpha \`HPAScaleToZero\` feature gate, which managed clusters do not enable. Use KEDA for scale to zero, or keep at least one replica.`,
      related: where.related,
      fixes: keepOne(true),
    });
    return;
  }
  // Scale to zero (KEDA's default minimum, Knative, Ray Serve): fine with a stated cold-start budget the load fits in.
  const fact = 'scaling.coldStartBudgetSeconds';
  const budget = count(unit.spec.scaling?.coldStartBudgetSeconds);
  const startup = count(unit.spec.reliability?.probes?.startupTimeoutSeconds);
  const zero = a.min !== undefined ? 'scales to zero' : `scales to zero (its default minimum is ${a.defaultMin})`;
  if (budget === undefined) {
    report({
      at: where.at,
      severity: 'warning',
      message: `${who} ${zero}: the first request after an idle period waits for a pod to be scheduled, the image to be pulled and the weights to load, often minutes. State the wait you accept (${unit.describe(fact)}), or keep at least one replica.`,
      related: where.related,
      fixes: [...keepOne(true), ...fixesFor({ title: 'State the cold-start budget', edits: unit.plan.set(fact, `\${1:${startup ?? 600}}`), snippet: true })],
    });
  } else if (startup !== undefined && budget < startup) {
    report({
      at: unit.sourcePath(fact) ? fact : where.at,
      severity: 'warning',
      message: `${who} ${zero} with a cold-start budget of ${budget} s (${unit.describe(fact)}), but the startup probe allows ${startup} s for the model to load: after scaling to zero the first request cannot be answered in time. Raise the budget, speed up the load (cached weights) or keep one replica.`,
      related: [...where.related, relatedAt(unit, 'reliability.probes.startupTimeoutSeconds', 'the startup budget')],
      fixes: [...fixesFor({ title: `Raise the cold-start budget to ${startup} s`, edits: unit.plan.set(fact, String(startup)) }), ...keepOne(false)],
    });
  } else if (budget === 0) {
    report({
      at: unit.sourcePath(fact) ? fact : where.at,
      severity: 'warning',
      message: `${who} ${zero} with a cold-start budget of 0 (${unit.describe(fact)}), but a replica scaled from zero needs time to start and load the weights. State the wait you accept, or keep at least one replica.`,
      related: where.related,
      fixes: keepOne(false),
    });
  }
}
