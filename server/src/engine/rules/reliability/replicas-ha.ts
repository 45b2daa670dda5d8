import { defineRule, PRODUCTION_AND_UP } from '../define';
import type { TextEdit } from '../../types';
import { insertKeys, num, relatedAt, setValue } from './support';

interface Options extends Record<string, unknown> {
  /** Fewest replicas production needs. */
  minReplicas: number;
}

export default defineRule<Options>({
  meta: {
    id: 'reliability/replicas-ha',
    area: 'reliability',
    severity: 'warning',
    description: 'Production runs at least 2 replicas (`scaling.minReplicas`).',
    rationale:
      'One replica means every node drain, GPU fault, eviction or rollout is an outage lasting as long as a model load (minutes); GPU nodes are drained often (driver upgrades, maintenance events). kube-score deployment-replicas and Polaris deploymentMissingReplicas ask for at least 2.',
    formats: ['modeldeployment'],
    profiles: PRODUCTION_AND_UP,
    fixable: true,
    defaultOptions: { minReplicas: 2 },
  },
  check({ unit, options, report }) {
    const need = Math.max(1, num(options.minReplicas) ?? 2);
    const scaling = unit.spec.scaling;
    if (scaling !== undefined && (scaling === null || typeof scaling !== 'object')) return;
    const min = num(scaling?.minReplicas);
    const max = num(scaling?.maxReplicas);
    // Raising minReplicas above maxReplicas would make the bounds invalid: raise both.
    const raiseMax = (): TextEdit[] => (max !== undefined && max < need ? setValue(unit, 'scaling.maxReplicas', String(need)) : []);

    if (min === undefined) {
      report({
        at: 'scaling.minReplicas',
        message: `\`scaling.minReplicas\` is not stated, so one replica runs: every node drain, GPU fault or rollout is an outage as long as a model load. Run at least ${need} replicas.`,
        fixes: [{ title: `Run at least ${need} replicas`, edits: [...insertKeys(unit, 'scaling', [['minReplicas', String(need)]]), ...raiseMax()], isPreferred: true }],
      });
      return;
    }
    if (min === 0) {
      // Scale to zero is a deliberate choice (scaling/replica-bounds asks for its cold-start budget); once
      // traffic arrives, the deployment must still be able to run more than one replica.
      if (max !== undefined && max < need) {
        report({
          at: 'scaling.maxReplicas',
          message: `\`scaling.maxReplicas\` is ${max}: even under load the model runs on a single replica, so any node drain or GPU fault is an outage. Allow at least ${need}.`,
          fixes: [{ title: `Allow ${need} replicas`, edits: setValue(unit, 'scaling.maxReplicas', String(need)), isPreferred: true }],
        });
      }
      return;
    }
    if (min >= need) return;
    report({
      at: 'scaling.minReplicas',
      message: `\`scaling.minReplicas\` is ${min}: a node drain, GPU fault or rollout takes the model offline for as long as a model load. Production needs at least ${need} replicas, on different nodes.`,
      related: max !== undefined && max < need ? [relatedAt(unit, 'scaling.maxReplicas', `maxReplicas is ${max}`)] : undefined,
      fixes: [{ title: `Run at least ${need} replicas`, edits: [...setValue(unit, 'scaling.minReplicas', String(need)), ...raiseMax()], isPreferred: true }],
    });
  },
});
