import { parseYamlValue } from '../parse/yaml';
import type { FormatAdapter } from './adapter';
import type { PathSegment } from '../parse/yaml';
import { modelUri } from '../runtime';
import { schemaFormat } from './schemas';
import type { PodFacts } from '../facts/model';
import type { Json, PodAnalysis } from './workload';
import { FactBuilder, analyzePod, arr, makeUnit, metadataFacts, num, obj, podWorkloadFacts, str, stringMap } from './workload';
import rayserviceV1 from '../../../../schemas/crds/rayservice-ray-v1.json';
import rayserviceV1alpha1 from '../../../../schemas/crds/rayservice-ray-v1alpha1.json';
import rayclusterV1 from '../../../../schemas/crds/raycluster-ray-v1.json';
import rayjobV1 from '../../../../schemas/crds/rayjob-ray-v1.json';

const SCHEMAS: Readonly<Record<string, object>> = {
  'ray.io/v1/RayService': rayserviceV1,
  'ray.io/v1alpha1/RayService': rayserviceV1alpha1,
  'ray.io/v1/RayCluster': rayclusterV1,
  'ray.io/v1/RayJob': rayjobV1,
};

/**
 * KubeRay (ray-project/kuberay, ray-operator/config/crd/bases). A RayService runs Ray Serve applications
 * (`serveConfigV2`) on the cluster of `rayClusterConfig`; a RayCluster is that cluster alone (`spec`), and a
 * RayJob runs `entrypoint` on the cluster of `rayClusterSpec`. Each has a head group and worker groups, every
 * one a pod template. A RayService serves a model; a RayCluster or RayJob only when one of its containers runs a
 * model server (vLLM, `serve run`, ...) or the manifest says so (`modelready.dev/model`): a plain Ray cluster is
 * a compute cluster, judged by the Kubernetes hygiene rules only with `scope: all-workloads`.
 */
export const kuberayFormat: FormatAdapter = schemaFormat({
  id: 'kuberay',
  label: 'KubeRay',
  schemas: SCHEMAS,
  extract(doc, value, uri) {
    const f = new FactBuilder();
    const kind = String(value.kind);
    const spec = obj(value.spec) ?? {};
    const annotations = metadataFacts(f, obj(value.metadata), ['metadata']);
    const service = kind === 'RayService';
    const clusterKey = CLUSTER_KEY[kind];
    const cluster = (clusterKey ? obj(spec[clusterKey]) : spec) ?? {};
    const clusterPath: PathSegment[] = clusterKey ? ['spec', clusterKey] : ['spec'];
    const { chosen, pods, detected } = clusterFacts(f, cluster, clusterPath, service);
    if (service) {
      f.set('serving.runtime', 'ray-serve', ['spec', 'serveConfigV2']);
      serveConfigFacts(f, str(spec.serveConfigV2));
      // Ray Serve downloads a Hub model on every worker that starts a replica.
      if (/^hf:\/\//i.test(f.spec.model?.uri ?? '') && !f.spec.scaling?.caching?.modelWeights) f.set('scaling.caching.modelWeights', 'download', f.sourcePath('model.uri'));
    }
    f.at('scaling', ['spec']);
    const isModelServer = service || detected || 'modelready.dev/model' in annotations;
    const unit = makeUnit({ uri, doc, format: 'kuberay', kind, value, facts: f, annotations, pod: chosen.pod, isModelServer });
    // KubeRay injects probes (and the rest of the Ray pod's settings) into the pods it creates.
    unit.platformFillsPod = true;
    unit.pods = pods;
    return { units: [unit], resources: [] };
  },
});

/** Where each kind holds its cluster spec (a RayCluster's is `spec` itself). */
const CLUSTER_KEY: Readonly<Record<string, string | undefined>> = { RayService: 'rayClusterConfig', RayJob: 'rayClusterSpec', RayCluster: undefined };

/**
 * The pod templates of a Ray cluster (the head first, then every worker group) and the serving one: the first
 * worker group with accelerators (where the model runs), else the head; its facts fill the unit. A RayService's
 * containers run Ray Serve unless they say otherwise; `detected` tells whether any container names a model server.
 */
function clusterFacts(f: FactBuilder, cluster: Json, clusterPath: PathSegment[], assumeServe: boolean): { chosen: PodAnalysis; pods: PodFacts[]; detected: boolean } {
  const groups = arr(cluster.workerGroupSpecs).map((g, i) => ({ g: obj(g) ?? {}, i }));
  const candidates: { template: Json | undefined; path: PathSegment[]; name: string; group?: Json; groupPath?: PathSegment[] }[] = [
    { template: obj(obj(cluster.headGroupSpec)?.template), path: [...clusterPath, 'headGroupSpec', 'template'], name: 'head group' },
    ...groups.map(({ g, i }) => ({
      template: obj(g.template),
      path: [...clusterPath, 'workerGroupSpecs', i, 'template'],
      name: str(g.groupName) ? `worker group \`${str(g.groupName)}\`` : `worker group ${i + 1}`,
      group: g,
      groupPath: [...clusterPath, 'workerGroupSpecs', i],
    })),
  ];
  const analyses = candidates.map((c) => {
    const meta = obj(c.template?.metadata);
    const a = analyzePod({ spec: obj(c.template?.spec), path: [...c.path, 'spec'], labels: stringMap(meta?.labels), annotations: stringMap(meta?.annotations), assumeRuntime: assumeServe ? 'ray-serve' : undefined });
    a.pod.group = c.name;
    return { c, a };
  });
  const hasGpu = (a: PodAnalysis): boolean => a.pod.containers.some((x) => Object.keys({ ...x.resources?.limits, ...x.resources?.requests }).some((k) => /gpu|tpu|neuron|gaudi/.test(k)));
  // A server found in a RayCluster's or RayJob's containers: the pod running it serves (a RayService's is assumed).
  const detected = !assumeServe && analyses.some((x) => x.a.runtime);
  const chosen = (detected ? analyses.find((x) => x.a.runtime) : analyses.find((x) => x.c.group && hasGpu(x.a))) ?? analyses[0];
  podWorkloadFacts(f, { podSpec: obj(chosen.c.template?.spec), podPath: [...chosen.c.path, 'spec'], analysis: chosen.a });
  if (chosen.c.group) f.set('resources.nodesPerReplica', num(chosen.c.group.numOfHosts), [...chosen.c.groupPath!, 'numOfHosts']);
  return { chosen: chosen.a, pods: analyses.filter((x) => x.c.template).map((x) => x.a.pod), detected };
}

/** Model, parallelism and Serve autoscaling from `serveConfigV2` (a YAML string; facts point at the string). */
function serveConfigFacts(f: FactBuilder, text: string | undefined): void {
  const at: PathSegment[] = ['spec', 'serveConfigV2'];
  f.at('model', at);
  if (!text) return;
  // Read like the manifest around it (YAML 1.1, the limits): Ray reads `serveConfigV2` with a YAML loader too.
  const parsed = parseYamlValue(text);
  const config: Json | undefined = 'value' in parsed ? obj(parsed.value) : undefined;
  if (!config) return;
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
