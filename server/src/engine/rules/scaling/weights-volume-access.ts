import type { DeploymentUnit, KubeResource, WorkspaceFacts } from '../../facts/model';
import { mayShareNamespace, resourcesOfKind } from '../../facts/relations';
import { replaceValue } from '../../fix/edits';
import type { Fix, RelatedLocation } from '../../types';
import type { Report } from '../define';
import { defineRule, PRODUCTION_AND_UP } from '../define';
import { replicaCeiling } from './support';
import { relatedAt, relatedResource } from '../support/workload';
import { kubeReplicaCeiling, sameFile } from '../support/kube';
import { count } from '../support/values';

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
    formats: ['modeldeployment', 'kubernetes', 'leaderworkerset'],
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, workspace, report }) {
    if (unit.format !== 'modeldeployment') {
      if (unit.isModelServer) checkKube(unit, workspace, report);
      return;
    }
    const caching = unit.spec.scaling?.caching;
    const mode = caching?.accessMode;
    if (mode !== 'ReadWriteOnce' && mode !== 'ReadWriteOncePod') return;
    if (typeof caching?.modelWeights === 'string' && NO_VOLUME.has(caching.modelWeights)) return;
    const replicas = replicaCeiling(unit.spec);
    if (replicas <= 1) return;
    const byMax = (count(unit.spec.scaling?.maxReplicas) ?? 0) >= (count(unit.spec.scaling?.minReplicas) ?? 1);
    const effect =
      mode === 'ReadWriteOncePod'
        ? 'only one pod can mount it, so every other replica stays Pending'
        : 'it attaches to one node, so replicas scheduled on other nodes hang in ContainerCreating with a Multi-Attach error';
    report({
      at: 'scaling.caching.accessMode',
      message: `The weights volume is ${mode} but up to ${replicas} replicas mount it: ${effect}. Use a ReadOnlyMany (or ReadWriteMany) volume, or one claim per pod.`,
      related: [relatedAt(unit, byMax ? 'scaling.maxReplicas' : 'scaling.minReplicas', 'the replicas that share the volume')],
      fixes: [
        { title: 'Use a ReadOnlyMany volume', edits: replaceValue(unit.doc, ['scaling', 'caching', 'accessMode'], 'ReadOnlyMany'), isPreferred: true },
        { title: 'Use a ReadWriteMany volume', edits: replaceValue(unit.doc, ['scaling', 'caching', 'accessMode'], 'ReadWriteMany') },
      ],
    });
  },
});

const SINGLE = new Set(['ReadWriteOnce', 'ReadWriteOncePod']);

/**
 * The PersistentVolumeClaim a Kubernetes workload mounts for its weights, looked up by name among the workspace's
 * resources: judged only when the claim is known and grants no mode that several nodes can mount.
 */
function checkKube(unit: DeploymentUnit, workspace: WorkspaceFacts, report: (r: Report) => void): void {
  const claimName = unit.spec.scaling?.caching?.claimName;
  if (typeof claimName !== 'string') return;
  const pvc: KubeResource | undefined = resourcesOfKind(workspace, 'PersistentVolumeClaim').find((r) => r.name === claimName && mayShareNamespace(r, unit));
  const modes = pvc?.facts.claim?.accessModes ?? [];
  if (!pvc || modes.length === 0 || !modes.every((m) => SINGLE.has(m))) return;
  const mode = modes.includes('ReadWriteOncePod') ? 'ReadWriteOncePod' : 'ReadWriteOnce';
  const ceiling = kubeReplicaCeiling(unit, workspace);
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
  const related: RelatedLocation[] = [relatedResource(pvc, ['spec', 'accessModes'], `PersistentVolumeClaim ${pvc.name}: ${modes.join(', ')}`)];
  if (ceiling.related) related.push(ceiling.related);
  const fixes: Fix[] = [];
  const modeIndex = modes.indexOf(mode);
  if (sameFile(unit, pvc)) fixes.push({ title: 'Use a ReadOnlyMany claim', edits: replaceValue(pvc.doc, ['spec', 'accessModes', modeIndex], 'ReadOnlyMany') });
  report({
    at: 'scaling.caching.claimName',
    message: `PersistentVolumeClaim ${claimName} is ${mode} but up to ${pods} pods of ${unit.kind} ${unit.name} mount it (${unit.kind === 'LeaderWorkerSet' && podsPerReplica > 1 ? `${ceiling.count} replica${ceiling.count === 1 ? '' : 's'} × ${podsPerReplica} pods` : ceiling.why}): ${effect}. Use a ReadOnlyMany (or ReadWriteMany) volume, or one claim per pod (a StatefulSet's volumeClaimTemplates).`,
    related,
    fixes,
  });
}
