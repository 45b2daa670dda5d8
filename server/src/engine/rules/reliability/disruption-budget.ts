import { defineRule, PRODUCTION_AND_UP } from '../define';
import { insertKeys, num, relatedAt, scaledCount, setValue } from './support';

export default defineRule({
  meta: {
    id: 'reliability/disruption-budget',
    area: 'reliability',
    severity: 'warning',
    description: 'A multi-replica model server has a disruption budget that protects it without blocking node drains.',
    rationale:
      'Without a PodDisruptionBudget a node drain or cluster upgrade may evict every replica at once, and each takes minutes to load again; a budget that allows no disruption (maxUnavailable 0, minAvailable ≥ replicas) blocks drains forever (Kubernetes "Specifying a Disruption Budget for your Application"; Polaris missingPodDisruptionBudget, pdbDisruptionsIsZero, pdbMinAvailableGreaterThanHPAMinReplicas; kube-score deployment-has-poddisruptionbudget).',
    formats: ['modeldeployment'],
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, workspace, report }) {
    const min = num(unit.spec.scaling?.minReplicas);
    if (min === undefined || min < 2) return; // single-replica servers: reliability/replicas-ha
    const pdb = unit.spec.reliability?.disruptionBudget;
    const hasPolicy = pdb && typeof pdb === 'object' && (pdb.minAvailable !== undefined || pdb.maxUnavailable !== undefined);

    if (!hasPolicy) {
      // A Kubernetes workload may be covered by a PodDisruptionBudget document that selects its pods.
      const labels = unit.pod?.labels;
      if (
        labels &&
        workspace.resources.some(
          (r) => r.kind === 'PodDisruptionBudget' && r.namespace === unit.namespace && r.selector && Object.keys(r.selector).length > 0 && Object.entries(r.selector).every(([k, v]) => labels[k] === v),
        )
      ) {
        return;
      }
      report({
        at: 'reliability.disruptionBudget',
        message: `${min} replicas but no disruption budget: a node drain or cluster upgrade may evict them all at once, and each takes minutes to load again. Add \`reliability.disruptionBudget\` (e.g. \`maxUnavailable: 1\`).`,
        fixes: [{ title: 'Allow at most one replica to be disrupted at a time', edits: insertKeys(unit, 'reliability.disruptionBudget', [['maxUnavailable', '1']]), isPreferred: true }],
      });
      return;
    }

    const related = [relatedAt(unit, 'scaling.minReplicas', `minReplicas is ${min}`)];
    if (pdb!.maxUnavailable !== undefined) {
      const allowed = scaledCount(pdb!.maxUnavailable, min);
      if (allowed === 0) {
        report({
          at: 'reliability.disruptionBudget.maxUnavailable',
          message: `\`maxUnavailable: ${pdb!.maxUnavailable}\` allows no voluntary disruption: node drains and cluster upgrades hang on these pods. Allow one replica at a time (\`maxUnavailable: 1\`).`,
          fixes: [{ title: 'Allow one replica to be disrupted', edits: setValue(unit, 'reliability.disruptionBudget.maxUnavailable', '1'), isPreferred: true }],
        });
      }
    }
    if (pdb!.minAvailable !== undefined) {
      const required = scaledCount(pdb!.minAvailable, min);
      if (required === undefined) return;
      if (required >= min) {
        report({
          at: 'reliability.disruptionBudget.minAvailable',
          message: `\`minAvailable: ${pdb!.minAvailable}\` keeps all ${min} replicas (\`scaling.minReplicas\`) up, so no pod may ever be evicted: node drains and cluster upgrades hang. Use \`minAvailable: ${min - 1}\` or \`maxUnavailable: 1\`.`,
          related,
          fixes: [{ title: `Keep ${min - 1} available`, edits: setValue(unit, 'reliability.disruptionBudget.minAvailable', String(min - 1)), isPreferred: true }],
        });
      } else if (required === 0) {
        report({
          at: 'reliability.disruptionBudget.minAvailable',
          message: `\`minAvailable: ${pdb!.minAvailable}\` protects nothing: a drain may evict every replica at once. Keep at least one available.`,
          fixes: [{ title: 'Keep one replica available', edits: setValue(unit, 'reliability.disruptionBudget.minAvailable', '1'), isPreferred: true }],
        });
      }
    }
  },
});
