import { defineRule, PRODUCTION_AND_UP } from '../define';
import { insertKeys, setValue } from '../../fix/edits';
import { loadBudget } from './support';
import { docPath, isKube, leftToBase, notModelServer, relatedAt } from '../support/workload';
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
    formats: ['modeldeployment', 'kubernetes'],
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check(context) {
    const { unit, report } = context;
    // Kubernetes: a model server Deployment's progressDeadlineSeconds (StatefulSets have none) against its startup probe.
    const kube = isKube(unit);
    if (kube && notModelServer(context)) return;
    if (kube && (unit.kind !== 'Deployment' || leftToBase(unit, ['spec', 'progressDeadlineSeconds']))) return;
    const load = loadBudget(unit.spec);
    if (!load) return; // nothing to compare with (reliability/startup-probe asks for the budget)
    const reliability = unit.spec.reliability;
    if (!reliability || typeof reliability !== 'object') return;
    const deadline = num(reliability.progressDeadlineSeconds);
    const effective = deadline ?? K8S_DEFAULT;
    if (effective > load.seconds) return;
    const suggested = Math.ceil((load.seconds + Math.max(300, load.seconds * 0.25)) / 60) * 60;
    const related = [relatedAt(unit, load.path, `the model may take ${load.seconds} s to load`)];
    if (deadline === undefined) {
      report({
        at: kube ? unit.doc.rangeAt(['spec', 'progressDeadlineSeconds'], 'key') : 'reliability.progressDeadlineSeconds',
        message: `No \`progressDeadlineSeconds\`: the Kubernetes default (${K8S_DEFAULT} s) is not longer than the ${load.seconds} s the model may take to load, so a slow but healthy rollout is marked failed. Set it above the load time (e.g. ${suggested}).`,
        related,
        fixes: [
          {
            title: `Set progressDeadlineSeconds to ${suggested}`,
            edits: kube ? setValue(unit.doc, docPath(unit, ['spec', 'progressDeadlineSeconds']), String(suggested)) : insertKeys(unit.doc, docPath(unit, 'reliability'), [['progressDeadlineSeconds', String(suggested)]]),
            isPreferred: true,
          },
        ],
      });
      return;
    }
    report({
      at: 'reliability.progressDeadlineSeconds',
      message: `\`progressDeadlineSeconds\` (${deadline}) is not longer than the ${load.seconds} s the model may take to load: a slow but healthy rollout is marked failed. Set it above the load time (e.g. ${suggested}).`,
      related,
      fixes: [{ title: `Set progressDeadlineSeconds to ${suggested}`, edits: setValue(unit.doc, docPath(unit, 'reliability.progressDeadlineSeconds'), String(suggested)), isPreferred: true }],
    });
  },
});
