import type { FormatAdapter } from './adapter';
import type { PathSegment } from '../parse/yaml';
import type { PodFacts } from '../facts/model';
import { unitPods } from '../facts/model';
import { schemaFormat } from './schemas';
import type { Json, PodAnalysis } from './workload';
import { FactBuilder, analyzePod, makeUnit, markImageless, metadataFacts, num, obj, podWorkloadFacts, str, stringMap } from './workload';
import leaderworkerset from '../../../../schemas/crds/leaderworkerset-leaderworkerset-v1.json';

const SCHEMAS: Readonly<Record<string, object>> = { 'leaderworkerset.x-k8s.io/v1/LeaderWorkerSet': leaderworkerset };

/** The pods of one `leaderWorkerTemplate` and the one that serves (shared with DisaggregatedSet's roles). */
export interface LeaderWorkerPods {
  /** Leader and worker pods when a leader template is given, else the one pod every member runs. */
  pods: PodFacts[];
  serving: { a: PodAnalysis; spec: Json | undefined; path: PathSegment[] };
  /** The metadata of the template the leader runs (annotations there are the set's own). */
  templateMeta: Json | undefined;
  templateMetaPath: PathSegment[];
}

export function leaderWorkerPods(lwt: Json, lwtPath: readonly PathSegment[], extraLabels: Record<string, string>): LeaderWorkerPods {
  // The leader runs the API server; without a leader template every pod uses the worker template.
  const key = obj(lwt.leaderTemplate) ? 'leaderTemplate' : 'workerTemplate';
  const template = obj(lwt[key]) ?? {};
  const templatePath: PathSegment[] = [...lwtPath, key];
  const templateMeta = obj(template.metadata);
  const podSpec = obj(template.spec);
  const podPath: PathSegment[] = [...templatePath, 'spec'];
  const analysis = analyzePod({ spec: podSpec, path: podPath, labels: { ...stringMap(templateMeta?.labels), ...extraLabels }, annotations: stringMap(templateMeta?.annotations) });
  // Without a detected runtime in the leader, the workers may say more (a multi-host vLLM often runs Ray there).
  const worker = key === 'leaderTemplate' ? obj(lwt.workerTemplate) : undefined;
  const workerPath: PathSegment[] = [...lwtPath, 'workerTemplate', 'spec'];
  const workerAnalysis = worker
    ? analyzePod({ spec: obj(worker.spec), path: workerPath, labels: { ...stringMap(obj(worker.metadata)?.labels), ...extraLabels }, annotations: stringMap(obj(worker.metadata)?.annotations) })
    : undefined;
  if (workerAnalysis) {
    analysis.pod.group = 'leader';
    workerAnalysis.pod.group = 'worker';
  }
  const serving = !analysis.runtime && workerAnalysis?.runtime ? { a: workerAnalysis, spec: obj(worker!.spec), path: workerPath } : { a: analysis, spec: podSpec, path: podPath };
  return { pods: workerAnalysis ? [analysis.pod, workerAnalysis.pod] : [analysis.pod], serving, templateMeta, templateMetaPath: [...templatePath, 'metadata'] };
}

/**
 * The facts of a LeaderWorkerSet spec (`spec` at `specPath`) apart from its replicas: the serving pod's, the nodes
 * per replica (`size`) and the rollout.
 */
export function leaderWorkerFacts(f: FactBuilder, spec: Json, specPath: readonly PathSegment[], group: LeaderWorkerPods): void {
  const lwt = obj(spec.leaderWorkerTemplate) ?? {};
  const lwtPath: PathSegment[] = [...specPath, 'leaderWorkerTemplate'];
  podWorkloadFacts(f, { podSpec: group.serving.spec, podPath: group.serving.path, analysis: group.serving.a });
  // LeaderWorkerSet's size defaults to 1; a size that is not a number (a Kustomize replacement) stays unknown.
  f.set('resources.nodesPerReplica', lwt.size === undefined ? 1 : num(lwt.size), lwt.size === undefined ? lwtPath : [...lwtPath, 'size']);
  f.at('resources.nodesPerReplica', lwtPath);
  const rolloutPath: PathSegment[] = [...specPath, 'rolloutStrategy'];
  const rollout = obj(spec.rolloutStrategy);
  f.at('reliability.rollout', rolloutPath);
  if (str(rollout?.type) === 'RollingUpdate') f.set('reliability.rollout.strategy', 'rolling', [...rolloutPath, 'type']);
  const rolling = obj(rollout?.rollingUpdateConfiguration);
  for (const k of ['maxUnavailable', 'maxSurge'] as const) {
    const v = rolling?.[k];
    if (typeof v === 'number' || typeof v === 'string') f.set(`reliability.rollout.${k}`, v, [...rolloutPath, 'rollingUpdateConfiguration', k]);
  }
}

export const leaderWorkerSetFormat: FormatAdapter = schemaFormat({
  id: 'leaderworkerset',
  label: 'LeaderWorkerSet',
  schemas: SCHEMAS,
  extract(doc, value, uri) {
    const f = new FactBuilder();
    const spec = obj(value.spec) ?? {};
    const lwt = obj(spec.leaderWorkerTemplate) ?? {};
    const lwtPath: PathSegment[] = ['spec', 'leaderWorkerTemplate'];
    // The LeaderWorkerSet controller labels every pod with the set's name (Services select leaders by it).
    const setLabel: Record<string, string> = str(obj(value.metadata)?.name) ? { 'leaderworkerset.sigs.k8s.io/name': str(obj(value.metadata)?.name)! } : {};
    const group = leaderWorkerPods(lwt, lwtPath, setLabel);
    const annotations = metadataFacts(f, obj(value.metadata), ['metadata'], { value: group.templateMeta, path: group.templateMetaPath });
    leaderWorkerFacts(f, spec, ['spec'], group);
    f.at('scaling', ['spec']);
    const replicas = num(spec.replicas);
    f.set('scaling.minReplicas', replicas, ['spec', 'replicas']);
    f.set('scaling.maxReplicas', replicas, ['spec', 'replicas']);
    f.at('scaling.minReplicas', ['spec', 'replicas']);
    const isModelServer = !!group.serving.a.runtime || 'modelready.dev/model' in annotations;
    const unit = makeUnit({ uri, doc, format: 'leaderworkerset', kind: 'LeaderWorkerSet', value, facts: f, annotations, pod: group.serving.a.pod, isModelServer });
    // Leader and worker pods both run the set's containers.
    if (group.pods.length > 1) unit.pods = group.pods;
    // The LeaderWorkerSet controller labels every pod of the set with its name (leader and workers).
    for (const pod of unitPods(unit)) pod.controllerLabels = { 'leaderworkerset.sigs.k8s.io/name': unit.name };
    return { units: [markImageless(unit)], resources: [] };
  },
});
