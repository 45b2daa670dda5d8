import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { fixesFor } from '../support/fixes';
import { loadBudget } from './support';
import { leftToBase, notModelServer, relatedAt } from '../support/workload';
import { num } from '../support/values';

/** Kubernetes' default `progressDeadlineSeconds`. */
const K8S_DEFAULT = 600;

export default defineRule({
  meta: {
    id: 'reliability/progress-deadline',
    area: 'reliability',
    severity: 'warning',
    description: '`progressDeadlineSeconds` exceeds the model load time, so a slow load is not a failed rollout.',
    rationale:
      'A Deployment whose new pods are not ready within progressDeadlineSeconds (default 600 s) is marked failed, and CD pipelines roll back or alert; a model that legitimately takes 15 minutes to load fails every rollout (Kubernetes Deployment "Failed Deployment"; vLLM production-stack sets progressDeadlineSeconds: 1200).',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check(context) {
    const { unit, report } = context;
    if (notModelServer(context)) return;
    const fact = 'reliability.progressDeadlineSeconds';
    // Nowhere to state a deadline (a StatefulSet has none), or a patch that leaves it to its base.
    const source = unit.sourcePath(fact);
    if (!source || leftToBase(unit, source)) return;
    const load = loadBudget(unit.spec);
    if (!load) return; // nothing to compare with (reliability/startup-probe asks for the budget)
    const reliability = unit.spec.reliability;
    if (!reliability || typeof reliability !== 'object') return;
    const deadline = num(reliability.progressDeadlineSeconds);
    const effective = deadline ?? K8S_DEFAULT;
    // A workload's budget is its startup probe's longest allowance, not the load time: a deadline equal to it is not
    // judged there. A manifest's stated startup time is the load time itself.
    if (effective > load.seconds || (!unit.declaration && effective === load.seconds)) return;
    const suggested = Math.ceil((load.seconds + Math.max(300, load.seconds * 0.25)) / 60) * 60;
    const related = [relatedAt(unit, load.path, `the model may take ${load.seconds} s to load`)];
    const fixes = fixesFor({ title: `Set progressDeadlineSeconds to ${suggested}`, edits: unit.plan.set(fact, String(suggested)), isPreferred: true });
    if (deadline === undefined) {
      report({
        at: unit.where(fact),
        message: `No ${unit.describe(fact)}: the Kubernetes default (${K8S_DEFAULT} s) is not longer than the ${load.seconds} s the model may take to load, so a slow but healthy rollout is marked failed. Set it above the load time (e.g. ${suggested}).`,
        related,
        fixes,
      });
      return;
    }
    report({
      at: fact,
      message: `${unit.describe(fact)} (${deadline}) is not longer than the ${load.seconds} s the model may take to load: a slow but healthy rollout is marked failed. Set it above the load time (e.g. ${suggested}).`,
      related,
      fixes,
    });
  },
});
