import { replicaCeiling } from '../../facts/autoscaling';
import type { DeploymentUnit, KubeResource, WorkspaceFacts } from '../../facts/model';
import { mayShareNamespace, resourcesOfKind } from '../../facts/relations';
import { replaceValue } from '../../fix/edits';
import type { Fix, RelatedLocation } from '../../types';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { fixesFor } from '../support/fixes';
import { relatedAt, relatedResource } from '../support/workload';
import { label, sameFile } from '../support/kube';
import { count, stated } from '../support/values';
import { lazyFix } from '../../fix/lazy';
/** Weight sources that use no shared volume, so an access mode does not matter. */
const NO_VOLUME = new Set(['image', 'download', 'none', 'node-local']);

export default defineRule({
  meta: {
    id: 'scaling/weights-volume-access',
    area: 'scaling',
    severity: 'error',
    description: 'A ReadWriteOnce (or ReadWriteOncePod) weights volume is not shared by several replicas.',
    rationale:
      'Kubernetes "Persistent Volumes", access modes: a ReadWriteOnce volume attaches to one node and a ReadWriteOncePod volume to one pod, so other replicas hang in ContainerCreating (Multi-Attach error) or Pending. NVIDIA NIM values.yaml: "if using existingClaim, run only one replica or use a ReadWriteMany storage setup".',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, workspace, report }) {
    if (!unit.isModelServer) return;
    const caching = unit.spec.scaling?.caching;
    if (typeof caching?.modelWeights === 'string' && NO_VOLUME.has(caching.modelWeights)) return;
    const claim = weightsClaim(unit, workspace);
    if (!claim) return;
    const { mode, pvc } = claim;
    const ceiling = replicaCeiling(unit, workspace);
    // A LeaderWorkerSet group: the template that mounts the claim runs on every pod, or on all but the leader.
    const size = count(unit.spec.resources?.nodesPerReplica) ?? 1;
    const inWorkers = unit.kind === 'LeaderWorkerSet' && !!unit.pod?.path.includes('workerTemplate');
    const podsPerReplica = inWorkers ? (unit.doc.locate(['spec', 'leaderWorkerTemplate', 'leaderTemplate']).node ? size - 1 : size) : 1;
    const pods = ceiling.count * Math.max(1, podsPerReplica);
    if (pods <= 1) return;
    const effect =
      mode === 'ReadWriteOncePod'
        ? 'only one pod can mount it, so every other pod stays Pending'
        : 'it attaches to one node, so pods scheduled on other nodes hang in ContainerCreating with a Multi-Attach error';
    const by = ceiling.by;
    const why = by ? `${by.label} scales it to ${ceiling.count} replicas` : `it runs up to ${ceiling.count} replica${ceiling.count === 1 ? '' : 's'}`;
    const how = podsPerReplica > 1 ? `${ceiling.count} replica${ceiling.count === 1 ? '' : 's'} × ${podsPerReplica} pods` : why;
    const related: RelatedLocation[] = [];
    if (pvc) related.push(relatedResource(pvc, ['spec', 'accessModes'], `${label(pvc)}: ${pvc.facts.claim?.accessModes.join(', ')}`));
    if (by?.resource) related.push(relatedResource(by.resource, by.max !== undefined && by.maxPath ? by.maxPath : [], `${by.label}: up to ${ceiling.count} replicas`));
    else if (!pvc) related.push(relatedAt(unit, stated(unit.spec.scaling?.maxReplicas) ? 'scaling.maxReplicas' : 'scaling.minReplicas', 'the replicas that share the volume'));
    const fixes: Fix[] = [];
    if (pvc && sameFile(unit, pvc)) fixes.push(lazyFix({ title: 'Use a ReadOnlyMany claim', edits: () => replaceValue(pvc.doc, ['spec', 'accessModes', pvc.facts.claim!.accessModes.indexOf(mode)], 'ReadOnlyMany') }));
    if (!pvc) {
      fixes.push(...fixesFor({ title: 'Use a ReadOnlyMany volume', edits: unit.plan.set('scaling.caching.accessMode', 'ReadOnlyMany'), isPreferred: true }));
      fixes.push(...fixesFor({ title: 'Use a ReadWriteMany volume', edits: unit.plan.set('scaling.caching.accessMode', 'ReadWriteMany') }));
    }
    report({
      at: pvc ? 'scaling.caching.claimName' : 'scaling.caching.accessMode',
      message: `${pvc ? `PersistentVolumeClaim ${pvc.name}` : 'The weights volume'} is ${mode} but up to ${pods} pods of ${unit.kind} ${unit.name} mount it (${how}): ${effect}. Use a ReadOnlyMany (or ReadWriteMany) volume, or one claim per pod (a StatefulSet's volumeClaimTemplates).`,
      related,
      fixes,
    });
  },
});

const SINGLE = new Set(['ReadWriteOnce', 'ReadWriteOncePod']);

/**
 * The weights volume's access mode when no mode that several nodes can mount is granted: the one the unit states
 * (`scaling.caching.accessMode`), else that of the PersistentVolumeClaim it mounts (`claimName`), looked up among
 * the workspace's resources. Undefined when unknown or shareable.
 */
function weightsClaim(unit: DeploymentUnit, workspace: WorkspaceFacts): { mode: string; pvc?: KubeResource } | undefined {
  const caching = unit.spec.scaling?.caching;
  const stated = caching?.accessMode;
  if (typeof stated === 'string') return SINGLE.has(stated) ? { mode: stated } : undefined;
  const claimName = caching?.claimName;
  if (typeof claimName !== 'string') return undefined;
  const pvc = resourcesOfKind(workspace, 'PersistentVolumeClaim').find((r) => r.name === claimName && mayShareNamespace(r, unit));
  const modes = pvc?.facts.claim?.accessModes ?? [];
  if (!pvc || modes.length === 0 || !modes.every((m) => SINGLE.has(m))) return undefined;
  return { mode: modes.includes('ReadWriteOncePod') ? 'ReadWriteOncePod' : 'ReadWriteOnce', pvc };
}
