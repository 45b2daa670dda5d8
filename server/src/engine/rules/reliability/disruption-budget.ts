import type { DeploymentUnit, KubeResource, WorkspaceFacts } from '../../facts/model';
import { deploymentEvidence, nearMissSelecting, resourcesMaySelect, resourcesSelecting } from '../../facts/relations';
import type { Report } from '../define';
import { defineRule, PRODUCTION_AND_UP } from '../define';
import type { Fix, RelatedLocation } from '../../types';
import { replicaBounds, resourceLabel, yamlScalar } from './kube';
import { scaledCount } from './support';
import { docPath, isFragment, relatedAt, relatedResource } from '../support/workload';
import { appendDocument, insertKeys, setValue } from '../../fix/edits';
import { num } from '../support/values';
import { lazyFix } from '../../fix/lazy';

export default defineRule({
  meta: {
    id: 'reliability/disruption-budget',
    area: 'reliability',
    severity: 'warning',
    description: 'A multi-replica model server has a disruption budget that protects it without blocking node drains.',
    rationale:
      'Without a PodDisruptionBudget a node drain or cluster upgrade may evict every replica at once, and each takes minutes to load again; a budget that allows no disruption (maxUnavailable 0, minAvailable ≥ replicas) blocks drains forever (Kubernetes "Specifying a Disruption Budget for your Application"; Polaris missingPodDisruptionBudget, pdbDisruptionsIsZero, pdbMinAvailableGreaterThanHPAMinReplicas; kube-score deployment-has-poddisruptionbudget).',
    formats: ['modeldeployment', 'kubernetes', 'leaderworkerset'],
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, workspace, report }) {
    if (!unit.declaration) {
      // A patch's pods are selected by the labels of its base, where its budget lives too.
      if (!isFragment(unit)) checkKube(unit, workspace, report);
      return;
    }
    const min = num(unit.spec.scaling?.minReplicas);
    if (min === undefined || min < 2) return; // single-replica servers: reliability/replicas-ha
    const pdb = unit.spec.reliability?.disruptionBudget;
    const hasPolicy = pdb && typeof pdb === 'object' && (pdb.minAvailable !== undefined || pdb.maxUnavailable !== undefined);

    if (!hasPolicy) {
      report({
        at: 'reliability.disruptionBudget',
        message: `${min} replicas but no disruption budget: a node drain or cluster upgrade may evict them all at once, and each takes minutes to load again. Add \`reliability.disruptionBudget\` (e.g. \`maxUnavailable: 1\`).`,
        fixes: [lazyFix({ title: 'Allow at most one replica to be disrupted at a time', edits: () => insertKeys(unit.doc, docPath(unit, 'reliability.disruptionBudget'), [['maxUnavailable', '1']]), isPreferred: true })],
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
          fixes: [lazyFix({ title: 'Allow one replica to be disrupted', edits: () => setValue(unit.doc, docPath(unit, 'reliability.disruptionBudget.maxUnavailable'), '1'), isPreferred: true })],
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
          fixes: [lazyFix({ title: `Keep ${min - 1} available`, edits: () => setValue(unit.doc, docPath(unit, 'reliability.disruptionBudget.minAvailable'), String(min - 1)), isPreferred: true })],
        });
      } else if (required === 0) {
        report({
          at: 'reliability.disruptionBudget.minAvailable',
          message: `\`minAvailable: ${pdb!.minAvailable}\` protects nothing: a drain may evict every replica at once. Keep at least one available.`,
          fixes: [lazyFix({ title: 'Keep one replica available', edits: () => setValue(unit.doc, docPath(unit, 'reliability.disruptionBudget.minAvailable'), '1'), isPreferred: true })],
        });
      }
    }
  },
});

/** The PodDisruptionBudget document the fix appends: the workload's pod labels as its selector. */
function pdbDocument(unit: DeploymentUnit, labels: Record<string, string>): string {
  const lines = ['apiVersion: policy/v1', 'kind: PodDisruptionBudget', 'metadata:', `  name: ${yamlScalar(unit.name)}`];
  if (unit.namespace) lines.push(`  namespace: ${yamlScalar(unit.namespace)}`);
  lines.push('spec:', '  maxUnavailable: 1', '  selector:', '    matchLabels:');
  for (const [k, v] of Object.entries(labels)) lines.push(`      ${yamlScalar(k)}: ${yamlScalar(v)}`);
  return lines.join('\n');
}

/**
 * Kubernetes family (Deployment, StatefulSet, LeaderWorkerSet): a PodDisruptionBudget document, anywhere in the
 * workspace, must select the pods of a server that runs two or more replicas (its HPA/KEDA minimum counts), and
 * must leave room for one eviction. Judged even in a file of its own: the fix adds the budget next to it.
 */
function checkKube(unit: DeploymentUnit, workspace: WorkspaceFacts, report: (r: Report) => void): void {
  if (!unit.isModelServer || !unit.pod) return;
  const b = replicaBounds(unit, workspace);
  if (b.min < 2) return; // reliability/replicas-ha
  const minFrom: RelatedLocation[] = b.scaler ? [relatedResource(b.scaler, b.scalerMinPath!, `${resourceLabel(b.scaler)} keeps at least ${b.min} replicas`)] : [];
  // Budgets deployed with the workload are judged; one elsewhere that may select the pods keeps "none" silent.
  const pdbs = resourcesSelecting(unit, workspace, ['PodDisruptionBudget']);
  if (pdbs.length === 0 && resourcesMaySelect(unit, workspace, ['PodDisruptionBudget']).length > 0) return;
  if (pdbs.length === 0) {
    const near = nearMissSelecting(unit, workspace, ['PodDisruptionBudget']);
    const labels = unit.pod.labels;
    const fixes: Fix[] =
      !near && Object.keys(labels).length > 0
        ? [lazyFix({ title: 'Add a PodDisruptionBudget (maxUnavailable: 1) for these pods', edits: () => appendDocument(unit.doc, pdbDocument(unit, labels)), isPreferred: true })]
        : [];
    report({
      at: 'scaling.minReplicas',
      message: near
        ? `${b.min} replicas, but no PodDisruptionBudget selects their pods: ${resourceLabel(near)} selects ${Object.entries(near.selector ?? {}).map(([k, v]) => `\`${k}: ${v}\``).join(', ')}, which these pods' labels do not match. A node drain or cluster upgrade may evict every replica at once. Fix its selector.`
        : `${b.min} replicas but no PodDisruptionBudget selects their pods: a node drain or cluster upgrade may evict them all at once, and each takes minutes to load again. Add a PodDisruptionBudget with \`maxUnavailable: 1\`.`,
      related: [...(near ? [relatedResource(near, ['spec', 'selector'], `${resourceLabel(near)} almost selects these pods (${deploymentEvidence(near, unit, workspace) ?? 'named for them'})`)] : []), ...minFrom],
      fixes,
    });
    return;
  }
  for (const pdb of pdbs) judgePolicy(unit, pdb, b.min, deploymentEvidence(pdb, unit, workspace), report);
}

/** A budget that blocks every drain, or protects nothing, reported on the workload with the budget as related. */
function judgePolicy(unit: DeploymentUnit, pdb: KubeResource, min: number, evidence: string | undefined, report: (r: Report) => void): void {
  const spec = pdb.facts.disruptionBudget ?? {};
  const sameFile = pdb.uri === unit.uri;
  const label = resourceLabel(pdb);
  if (spec.maxUnavailable !== undefined && scaledCount(spec.maxUnavailable, min) === 0) {
    report({
      at: 'scaling.minReplicas',
      message: `${label} sets \`maxUnavailable: ${String(spec.maxUnavailable)}\`, which allows no voluntary disruption of these pods: node drains and cluster upgrades hang on them. Allow one replica at a time (\`maxUnavailable: 1\`).`,
      related: [relatedResource(pdb, ['spec', 'maxUnavailable'], `the budget that allows no disruption (${evidence})`)],
      fixes: sameFile ? [lazyFix({ title: 'Allow one replica to be disrupted', edits: () => setValue(pdb.doc, ['spec', 'maxUnavailable'], '1'), isPreferred: true })] : undefined,
    });
  }
  if (spec.minAvailable !== undefined) {
    const required = scaledCount(spec.minAvailable, min);
    if (required === undefined || (required > 0 && required < min)) return;
    report({
      at: 'scaling.minReplicas',
      message:
        required >= min
          ? `${label} sets \`minAvailable: ${String(spec.minAvailable)}\`, which keeps all ${min} replicas up, so no pod may ever be evicted: node drains and cluster upgrades hang. Use \`minAvailable: ${min - 1}\` or \`maxUnavailable: 1\`.`
          : `${label} sets \`minAvailable: ${String(spec.minAvailable)}\`, which protects nothing: a drain may evict every replica at once. Keep at least one available.`,
      related: [relatedResource(pdb, ['spec', 'minAvailable'], `${required >= min ? 'the budget that blocks every eviction' : 'the budget that protects nothing'} (${evidence})`)],
      fixes: sameFile ? [lazyFix({ title: required >= min ? `Keep ${min - 1} available` : 'Keep one replica available', edits: () => setValue(pdb.doc, ['spec', 'minAvailable'], String(required >= min ? min - 1 : 1)), isPreferred: true })] : undefined,
    });
  }
}
