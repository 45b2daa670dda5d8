import type { FormatAdapter } from './adapter';
import type { PathSegment } from '../parse/yaml';
import { unitPods } from '../facts/model';
import { schemaFormat } from './schemas';
import { FactBuilder, analyzePod, makeUnit, markImageless, metadataFacts, num, obj, podWorkloadFacts, str, stringMap } from './workload';
import leaderworkerset from '../../../../schemas/crds/leaderworkerset-leaderworkerset-v1.json';

const SCHEMAS: Readonly<Record<string, object>> = { 'leaderworkerset.x-k8s.io/v1/LeaderWorkerSet': leaderworkerset };

export const leaderWorkerSetFormat: FormatAdapter = schemaFormat({
  id: 'leaderworkerset',
  label: 'LeaderWorkerSet',
  schemas: SCHEMAS,
  extract(doc, value, uri) {
    const f = new FactBuilder();
    const spec = obj(value.spec) ?? {};
    const lwt = obj(spec.leaderWorkerTemplate) ?? {};
    const lwtPath: PathSegment[] = ['spec', 'leaderWorkerTemplate'];
    // The leader runs the API server; without a leader template every pod uses the worker template.
    const key = obj(lwt.leaderTemplate) ? 'leaderTemplate' : 'workerTemplate';
    const template = obj(lwt[key]) ?? {};
    const templatePath: PathSegment[] = [...lwtPath, key];
    const templateMeta = obj(template.metadata);
    const annotations = metadataFacts(f, obj(value.metadata), ['metadata'], { value: templateMeta, path: [...templatePath, 'metadata'] });
    const podSpec = obj(template.spec);
    const podPath: PathSegment[] = [...templatePath, 'spec'];
    // The LeaderWorkerSet controller labels every pod with the set's name (Services select leaders by it).
    const setLabel: Record<string, string> = str(obj(value.metadata)?.name) ? { 'leaderworkerset.sigs.k8s.io/name': str(obj(value.metadata)?.name)! } : {};
    const analysis = analyzePod({ spec: podSpec, path: podPath, labels: { ...stringMap(templateMeta?.labels), ...setLabel }, annotations: stringMap(templateMeta?.annotations) });
    // Without a detected runtime in the leader, the workers may say more (a multi-host vLLM often runs Ray there).
    const worker = key === 'leaderTemplate' ? obj(lwt.workerTemplate) : undefined;
    const workerAnalysis = worker
      ? analyzePod({ spec: obj(worker.spec), path: [...lwtPath, 'workerTemplate', 'spec'], labels: { ...stringMap(obj(worker.metadata)?.labels), ...setLabel }, annotations: stringMap(obj(worker.metadata)?.annotations) })
      : undefined;
    if (workerAnalysis) {
      analysis.pod.group = 'leader';
      workerAnalysis.pod.group = 'worker';
    }
    const use = !analysis.runtime && workerAnalysis?.runtime ? { a: workerAnalysis, spec: obj(worker!.spec), path: [...lwtPath, 'workerTemplate', 'spec'] } : { a: analysis, spec: podSpec, path: podPath };
    podWorkloadFacts(f, { podSpec: use.spec, podPath: use.path, analysis: use.a });
    // LeaderWorkerSet's size defaults to 1; a size that is not a number (a Kustomize replacement) stays unknown.
    f.set('resources.nodesPerReplica', lwt.size === undefined ? 1 : num(lwt.size), lwt.size === undefined ? lwtPath : [...lwtPath, 'size']);
    f.at('resources.nodesPerReplica', lwtPath);
    f.at('scaling', ['spec']);
    const replicas = num(spec.replicas);
    f.set('scaling.minReplicas', replicas, ['spec', 'replicas']);
    f.set('scaling.maxReplicas', replicas, ['spec', 'replicas']);
    f.at('scaling.minReplicas', ['spec', 'replicas']);
    const rollout = obj(spec.rolloutStrategy);
    f.at('reliability.rollout', ['spec', 'rolloutStrategy']);
    if (str(rollout?.type) === 'RollingUpdate') f.set('reliability.rollout.strategy', 'rolling', ['spec', 'rolloutStrategy', 'type']);
    const rolling = obj(rollout?.rollingUpdateConfiguration);
    for (const k of ['maxUnavailable', 'maxSurge'] as const) {
      const v = rolling?.[k];
      if (typeof v === 'number' || typeof v === 'string') f.set(`reliability.rollout.${k}`, v, ['spec', 'rolloutStrategy', 'rollingUpdateConfiguration', k]);
    }
    const isModelServer = !!use.a.runtime || 'modelready.dev/model' in annotations;
    const unit = makeUnit({ uri, doc, format: 'leaderworkerset', kind: 'LeaderWorkerSet', value, facts: f, annotations, pod: use.a.pod, isModelServer });
    // Leader and worker pods both run the set's containers.
    if (workerAnalysis) unit.pods = [analysis.pod, workerAnalysis.pod];
    // The LeaderWorkerSet controller labels every pod of the set with its name (leader and workers).
    for (const pod of unitPods(unit)) pod.controllerLabels = { 'leaderworkerset.sigs.k8s.io/name': unit.name };
    return { units: [markImageless(unit)], resources: [] };
  },
});
