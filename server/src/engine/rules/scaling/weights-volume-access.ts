import { replaceValue } from '../../fix/edits';
import { defineRule, PRODUCTION_AND_UP } from '../define';
import { count, relatedAt, replicaCeiling } from './support';

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
    formats: ['modeldeployment'],
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, report }) {
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
