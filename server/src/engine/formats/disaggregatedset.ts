import type { FormatAdapter } from './adapter';
import type { PathSegment } from '../parse/yaml';
import { schemaFormat } from './schemas';
import { leaderWorkerFacts, leaderWorkerPods } from './leaderworkerset';
import { FactBuilder, arr, makeUnit, markImageless, metadataFacts, num, obj, str } from './workload';
import disaggregatedset from '../../../../schemas/crds/disaggregatedset-disaggregatedset-v1.json';

const SCHEMAS: Readonly<Record<string, object>> = { 'disaggregatedset.x-k8s.io/v1/DisaggregatedSet': disaggregatedset };

/**
 * LeaderWorkerSet's DisaggregatedSet (kubernetes-sigs/lws, api/disaggregatedset/v1): `spec.slices` copies of the
 * whole role topology, each role (`spec.roles[]`, prefill/decode in llm-d's guides) a LeaderWorkerSet spec of its
 * own (`replicas` groups of `leaderWorkerTemplate.size` pods, its own rollout). Every role's leader and worker pod is
 * judged (`unit.pods`); the facts are the serving role's: decode, else the first role that runs a model server.
 */
export const disaggregatedSetFormat: FormatAdapter = schemaFormat({
  id: 'disaggregatedset',
  label: 'DisaggregatedSet',
  schemas: SCHEMAS,
  extract(doc, value, uri) {
    const f = new FactBuilder();
    const spec = obj(value.spec) ?? {};
    const roles = arr(spec.roles).map((r, i) => {
      const role = obj(r) ?? {};
      const roleSpec = obj(role.spec) ?? {};
      const specPath: PathSegment[] = ['spec', 'roles', i, 'spec'];
      const group = leaderWorkerPods(obj(roleSpec.leaderWorkerTemplate) ?? {}, [...specPath, 'leaderWorkerTemplate'], {});
      const name = str(role.name);
      for (const pod of group.pods) pod.group = `role \`${name ?? i + 1}\`${group.pods.length > 1 ? ` ${pod.group}` : ''}`;
      return { role, roleSpec, specPath, group, name };
    });
    const serving = roles.filter((r) => r.group.serving.a.runtime);
    const chosen = serving.find((r) => /decode/i.test(r.name ?? '')) ?? serving[0] ?? roles[0];
    const annotations = metadataFacts(f, obj(value.metadata), ['metadata'], chosen ? { value: chosen.group.templateMeta, path: chosen.group.templateMetaPath } : undefined);
    f.at('scaling', ['spec']);
    if (chosen) {
      leaderWorkerFacts(f, chosen.roleSpec, chosen.specPath, chosen.group);
      // Serving groups: slices × the serving role's replicas (both default to 1), unless an external scaler sets them.
      if (str(obj(chosen.role.scaling)?.mode) !== 'External') {
        const slices = spec.slices === undefined ? 1 : num(spec.slices);
        const perSlice = chosen.roleSpec.replicas === undefined ? 1 : num(chosen.roleSpec.replicas);
        const at: PathSegment[] = chosen.roleSpec.replicas !== undefined ? [...chosen.specPath, 'replicas'] : spec.slices !== undefined ? ['spec', 'slices'] : chosen.specPath;
        if (slices !== undefined && perSlice !== undefined) {
          f.set('scaling.minReplicas', slices * perSlice, at);
          f.set('scaling.maxReplicas', slices * perSlice, at);
        }
        f.at('scaling.minReplicas', at);
      }
    } else f.at('serving', ['spec', 'roles']);
    const isModelServer = serving.length > 0 || 'modelready.dev/model' in annotations;
    const unit = makeUnit({ uri, doc, format: 'disaggregatedset', kind: 'DisaggregatedSet', value, facts: f, annotations, pod: chosen?.group.serving.a.pod, isModelServer });
    unit.pods = roles.flatMap((r) => r.group.pods);
    // `scaling.mode: External`: a DisaggregatedSetRoleScaler (or another controller) sets the serving role's replicas.
    if (chosen && str(obj(chosen.role.scaling)?.mode) === 'External') unit.platformFills = ['scaling'];
    return { units: [markImageless(unit)], resources: [] };
  },
});
