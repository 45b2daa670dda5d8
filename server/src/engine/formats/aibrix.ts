import type { FormatAdapter } from './adapter';
import type { PathSegment } from '../parse/yaml';
import { schemaFormat } from './schemas';
import { containerRole } from '../runtime';
import type { Json, PodAnalysis } from './workload';
import { FactBuilder, analyzePod, arr, makeResource, makeUnit, metadataFacts, num, obj, podWorkloadFacts, str, stringMap } from './workload';
import stormservice from '../../../../schemas/crds/stormservice-orchestration-v1alpha1.json';
import modeladapter from '../../../../schemas/crds/modeladapter-model-v1alpha1.json';

const SCHEMAS: Readonly<Record<string, object>> = {
  'orchestration.aibrix.ai/v1alpha1/StormService': stormservice,
  'model.aibrix.ai/v1alpha1/ModelAdapter': modeladapter,
};

/** AIBrix's autoscaler: indexed (its `scaleTargetRef` says a StormService or Deployment is scaled), not validated. */
const INDEXED_ONLY = new Set(['autoscaling.aibrix.ai/v1alpha1/PodAutoscaler']);

/**
 * AIBrix (vllm-project/aibrix, config/crd):
 * - A `StormService` runs `spec.replicas` RoleSets from `spec.template`; each RoleSet runs its
 *   `spec.roles[]` (prefill, decode, routing, ...), each role `replicas` groups of `podGroupSize` pods from its own
 *   pod `template`. Every role's pod is judged (`unit.pods`); the serving pod is the decode role's, else the first
 *   role that runs a model server.
 * - A `ModelAdapter` loads a LoRA adapter (`artifactURL`) onto the pods `podSelector` matches, for `baseModel`: a
 *   resource that refers to model-server pods, as a Service does.
 */
export const aibrixFormat: FormatAdapter = schemaFormat({
  id: 'aibrix',
  label: 'AIBrix',
  schemas: SCHEMAS,
  indexedOnly: INDEXED_ONLY,
  extract(doc, value, uri) {
    const apiVersion = String(value.apiVersion);
    const kind = String(value.kind);
    if (kind === 'ModelAdapter') {
      const selector = obj(obj(obj(value.spec)?.podSelector)?.matchLabels);
      return { units: [], resources: [{ ...makeResource(uri, doc, apiVersion, kind, value), selector: selector ? stringMap(selector) : undefined }] };
    }
    if (kind !== 'StormService') return { units: [], resources: [makeResource(uri, doc, apiVersion, kind, value)] };
    const f = new FactBuilder();
    const spec = obj(value.spec) ?? {};
    const annotations = metadataFacts(f, obj(value.metadata), ['metadata'], { value: obj(obj(spec.template)?.metadata), path: ['spec', 'template', 'metadata'] });
    const rolesPath: PathSegment[] = ['spec', 'template', 'spec', 'roles'];
    const roles = arr(obj(obj(spec.template)?.spec)?.roles).map((r, i) => {
      const role = obj(r) ?? {};
      const template = obj(role.template) ?? {};
      const path: PathSegment[] = [...rolesPath, i, 'template', 'spec'];
      const a: PodAnalysis = analyzePod({ spec: obj(template.spec), path, labels: stringMap(obj(template.metadata)?.labels), annotations: stringMap(obj(template.metadata)?.annotations) });
      a.pod.group = str(role.name) ? `role \`${str(role.name)}\`` : `role ${i + 1}`;
      return { role, i, path, a, template };
    });
    const serving = roles.filter((r) => r.a.runtime);
    const chosen = serving.find((r) => /decode/i.test(str(r.role.name) ?? '')) ?? serving[0] ?? roles[0];
    if (chosen) podWorkloadFacts(f, { podSpec: obj(chosen.template.spec), podPath: chosen.path, analysis: chosen.a });
    else f.at('serving', rolesPath);
    f.at('scaling', ['spec']);
    if (chosen) {
      const rp: PathSegment[] = [...rolesPath, chosen.i];
      // Serving replicas: RoleSets × the serving role's replicas (both default to 1).
      const sets = spec.replicas === undefined ? 1 : num(spec.replicas);
      const perSet = chosen.role.replicas === undefined ? 1 : num(chosen.role.replicas);
      const at: PathSegment[] = chosen.role.replicas !== undefined ? [...rp, 'replicas'] : spec.replicas !== undefined ? ['spec', 'replicas'] : rp;
      if (sets !== undefined && perSet !== undefined) {
        // No maximum: a PodAutoscaler (indexed) may scale the roles.
        f.set('scaling.minReplicas', sets * perSet, at);
      }
      f.at('scaling.minReplicas', at);
      const group = num(chosen.role.podGroupSize);
      if (group !== undefined) f.set('resources.nodesPerReplica', group, [...rp, 'podGroupSize']);
    }
    // AIBrix labels model pods `model.aibrix.ai/name`; a role whose containers are all simulators or benchmark
    // clients (llm-d-inference-sim behind a gateway demo) carries the label but serves no model.
    const tool = (c: Json): boolean => containerRole({ image: str(c.image), command: arr(c.command), args: arr(c.args) }) !== undefined;
    const labelled = roles.some((r) => 'model.aibrix.ai/name' in r.a.pod.labels && !(r.a.raw.length > 0 && r.a.raw.every(tool)));
    const isModelServer = serving.length > 0 || labelled || 'modelready.dev/model' in annotations;
    const unit = makeUnit({ uri, doc, format: 'aibrix', kind, value, facts: f, annotations, pod: chosen?.a.pod, isModelServer });
    unit.pods = roles.map((r) => r.a.pod);
    return { units: [unit], resources: [] };
  },
});
