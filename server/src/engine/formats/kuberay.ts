import { parse } from 'yaml';
import type { FormatAdapter } from './adapter';
import type { PathSegment } from '../parse/yaml';
import { modelUri } from '../runtime';
import { schemaLookup } from './schemas';
import type { Json, PodAnalysis } from './workload';
import { FactBuilder, analyzePod, arr, makeUnit, metadataFacts, num, obj, podWorkloadFacts, str, stringMap } from './workload';
import rayserviceV1 from '../../../../schemas/crds/rayservice-ray-v1.json';
import rayserviceV1alpha1 from '../../../../schemas/crds/rayservice-ray-v1alpha1.json';

const SCHEMAS: Readonly<Record<string, object>> = {
  'ray.io/v1/RayService': rayserviceV1,
  'ray.io/v1alpha1/RayService': rayserviceV1alpha1,
};

export const kuberayFormat: FormatAdapter = {
  id: 'kuberay',
  label: 'KubeRay',
  matches: (apiVersion, kind) => `${apiVersion}/${kind}` in SCHEMAS,
  schemaFor: schemaLookup(SCHEMAS),
  schemaOptions: { unknownPropertySeverity: 'warning' },
  extract(doc, value, uri) {
    const f = new FactBuilder();
    const spec = obj(value.spec) ?? {};
    const annotations = metadataFacts(f, obj(value.metadata), ['metadata']);
    const cluster = obj(spec.rayClusterConfig) ?? {};
    const clusterPath: PathSegment[] = ['spec', 'rayClusterConfig'];
    // The serving pod: the first worker group with accelerators (where the model runs), else the head.
    const groups = arr(cluster.workerGroupSpecs).map((g, i) => ({ g: obj(g) ?? {}, i }));
    const candidates: { template: Json | undefined; path: PathSegment[]; name: string; group?: Json; groupPath?: PathSegment[] }[] = [
      ...groups.map(({ g, i }) => ({
        template: obj(g.template),
        path: [...clusterPath, 'workerGroupSpecs', i, 'template'],
        name: str(g.groupName) ? `worker group \`${str(g.groupName)}\`` : `worker group ${i + 1}`,
        group: g,
        groupPath: [...clusterPath, 'workerGroupSpecs', i],
      })),
      { template: obj(obj(cluster.headGroupSpec)?.template), path: [...clusterPath, 'headGroupSpec', 'template'], name: 'head group' },
    ];
    const analyses = candidates.map((c) => {
      const a = analyzePod({ spec: obj(c.template?.spec), path: [...c.path, 'spec'], labels: stringMap(obj(c.template?.metadata)?.labels), annotations: stringMap(obj(c.template?.metadata)?.annotations), assumeRuntime: 'ray-serve' });
      a.pod.group = c.name;
      return { c, a };
    });
    const hasGpu = (a: PodAnalysis): boolean => a.pod.containers.some((x) => Object.keys({ ...x.resources?.limits, ...x.resources?.requests }).some((k) => /gpu|tpu|neuron|gaudi/.test(k)));
    const chosen = analyses.find((x) => x.c.group && hasGpu(x.a)) ?? analyses[analyses.length - 1];
    podWorkloadFacts(f, { podSpec: obj(chosen.c.template?.spec), podPath: [...chosen.c.path, 'spec'], analysis: chosen.a });
    f.set('serving.runtime', 'ray-serve', ['spec', 'serveConfigV2']);
    if (chosen.c.group) {
      f.set('resources.nodesPerReplica', num(chosen.c.group.numOfHosts), [...chosen.c.groupPath!, 'numOfHosts']);
    }
    serveConfigFacts(f, str(spec.serveConfigV2));
    f.at('scaling', ['spec']);
    const unit = makeUnit({ uri, doc, format: 'kuberay', kind: String(value.kind), value, facts: f, annotations, pod: chosen.a.pod, isModelServer: true });
    // Every group's pods run containers of this service: the head first, then the worker groups.
    unit.pods = [analyses[analyses.length - 1], ...analyses.slice(0, -1)].filter((x) => x.c.template).map((x) => x.a.pod);
    return { units: [unit], resources: [] };
  },
};

/** Model, parallelism and Serve autoscaling from `serveConfigV2` (a YAML string; facts point at the string). */
function serveConfigFacts(f: FactBuilder, text: string | undefined): void {
  const at: PathSegment[] = ['spec', 'serveConfigV2'];
  f.at('model', at);
  if (!text) return;
  let config: Json | undefined;
  try {
    config = obj(parse(text, { maxAliasCount: 100 }));
  } catch {
    return;
  }
  for (const app of arr(config?.applications).map((a) => obj(a) ?? {})) {
    const args = obj(app.args) ?? {};
    for (const llm of arr(args.llm_configs).map((x) => obj(x) ?? {})) {
      const loading = obj(llm.model_loading_config) ?? {};
      const source = str(loading.model_source) ?? str(loading.model_id);
      if (source && !f.spec.model?.uri) f.set('model.uri', modelUri(source), at);
      f.set('serving.servedModelName', str(loading.model_id), at);
      const engine = obj(llm.engine_kwargs) ?? {};
      f.set('resources.tensorParallelSize', num(engine.tensor_parallel_size), at);
      f.set('resources.pipelineParallelSize', num(engine.pipeline_parallel_size), at);
      f.set('model.contextLength', num(engine.max_model_len), at);
      if (engine.trust_remote_code === true) f.set('serving.trustRemoteCode', true, at);
      const revision = str(engine.revision);
      if (revision) f.set('model.revision', revision, at);
      autoscaling(f, obj(obj(llm.deployment_config)?.autoscaling_config), at);
      f.set('serving.protocol', 'openai', at);
    }
    const model = str(args.model_id) ?? str(args.model);
    if (model && !f.spec.model?.uri) f.set('model.uri', modelUri(model), at);
    for (const d of arr(app.deployments).map((x) => obj(x) ?? {})) {
      autoscaling(f, obj(d.autoscaling_config), at);
      const replicas = num(d.num_replicas);
      if (replicas !== undefined && f.spec.scaling?.minReplicas === undefined) {
        f.set('scaling.minReplicas', replicas, at);
        f.set('scaling.maxReplicas', replicas, at);
      }
    }
  }
}

function autoscaling(f: FactBuilder, config: Json | undefined, at: PathSegment[]): void {
  if (!config) return;
  f.set('scaling.autoscaler', 'ray-serve', at);
  f.set('scaling.minReplicas', num(config.min_replicas), at);
  f.set('scaling.maxReplicas', num(config.max_replicas), at);
  const target = num(config.target_ongoing_requests) ?? num(config.target_num_ongoing_requests_per_replica);
  if (target !== undefined) f.set('scaling.metric', { type: 'concurrency', target }, at);
}
