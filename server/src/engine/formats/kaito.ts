import type { FormatAdapter } from './adapter';
import type { PathSegment } from '../parse/yaml';
import { modelUri } from '../runtime';
import { schemaFormat } from './schemas';
import { FactBuilder, analyzePod, arr, makeUnit, metadataFacts, num, obj, podWorkloadFacts, str, stringMap } from './workload';
import workspaceV1alpha1 from '../../../../schemas/crds/workspace-kaito-v1alpha1.json';
import workspaceV1beta1 from '../../../../schemas/crds/workspace-kaito-v1beta1.json';
import inferenceSetV1alpha1 from '../../../../schemas/crds/inferenceset-kaito-v1alpha1.json';
import inferenceSetV1beta1 from '../../../../schemas/crds/inferenceset-kaito-v1beta1.json';

const SCHEMAS: Readonly<Record<string, object>> = {
  'kaito.sh/v1alpha1/Workspace': workspaceV1alpha1,
  'kaito.sh/v1beta1/Workspace': workspaceV1beta1,
  'kaito.sh/v1alpha1/InferenceSet': inferenceSetV1alpha1,
  'kaito.sh/v1beta1/InferenceSet': inferenceSetV1beta1,
};

/**
 * KAITO (kaito-project/kaito, config/crd/bases/kaito.sh_{workspaces,inferencesets}.yaml and website/docs):
 * - A `Workspace` has no `spec`: `resource` and `inference` are top-level. `resource.count` is the number of GPU
 *   nodes one model instance uses (deprecated in v1beta1), `resource.instanceType` the node SKU
 *   (`Standard_NC24ads_A100_v4`). A Workspace runs one instance: it has no replica count.
 * - `inference.preset.name` names a built-in preset (`phi-3.5-mini-instruct`: KAITO ships its image and weights,
 *   their version is the KAITO release's) or, since v0.9.0, a Hugging Face model card ID (`Qwen/Qwen3-0.6B`), whose
 *   weights KAITO downloads from the Hub at start ("Presets" in the KAITO docs). `presetOptions.modelAccessSecret`
 *   names the Secret with `HF_TOKEN`.
 * - `inference.config` names a ConfigMap whose `inference_config.yaml` holds `vllm:` keys KAITO passes as
 *   `--<key> <value>` to vLLM (presets/workspace/inference/vllm/inference_api.py): what the server runs with
 *   (parallelism, revision, context length) is then in that ConfigMap, not here.
 * - `inference.template` is a pod template for a custom image (instead of a preset): its pod is judged.
 * - An `InferenceSet` runs `spec.replicas` Workspaces from `spec.template.{resource, inference}`.
 * KAITO writes the preset pods itself (image, probes, resources, /dev/shm): for presets only the facts above are
 * known, and the rules that judge pods have nothing to judge.
 */
export const kaitoFormat: FormatAdapter = schemaFormat({
  id: 'kaito',
  label: 'KAITO',
  schemas: SCHEMAS,
  extract(doc, value, uri) {
    const kind = String(value.kind);
    const base: PathSegment[] = kind === 'InferenceSet' ? ['spec', 'template'] : [];
    const body = kind === 'InferenceSet' ? (obj(obj(value.spec)?.template) ?? {}) : value;
    const inference = obj(body.inference);
    // A tuning Workspace trains an adapter: it serves nothing.
    if (!inference) return { units: [], resources: [] };
    const f = new FactBuilder();
    const annotations = metadataFacts(f, obj(value.metadata), ['metadata']);
    const ip: PathSegment[] = [...base, 'inference'];
    const template = obj(inference.template);
    let pod;
    if (template) {
      const tp: PathSegment[] = [...ip, 'template', 'spec'];
      const analysis = analyzePod({ spec: obj(template.spec), path: tp, labels: stringMap(obj(template.metadata)?.labels), annotations: stringMap(obj(template.metadata)?.annotations) });
      podWorkloadFacts(f, { podSpec: obj(template.spec), podPath: tp, analysis });
      pod = analysis.pod;
    } else {
      f.at('serving', ip);
      f.at('resources', [...base, 'resource']);
    }
    const preset = obj(inference.preset);
    const name = str(preset?.name);
    if (name) {
      f.set('model.uri', modelUri(name), [...ip, 'preset', 'name']);
      // Preset servers speak OpenAI's API; the runtime (vLLM or transformers) is KAITO's choice per preset.
      f.set('serving.protocol', 'openai', [...ip, 'preset']);
    }
    f.at('model', preset ? [...ip, 'preset'] : ip);
    const config = str(inference.config);
    // The server's flags (`revision` among them) are in the ConfigMap: unknown here, so not judged.
    if (config && f.spec.model?.revision === undefined) f.set('model.revision', `<vllm settings in ConfigMap ${config}>`, [...ip, 'config']);
    const adapters = arr(inference.adapters).map((a) => obj(obj(a)?.source) ?? {});
    if (adapters.length) f.set('model.adapters', adapters.map((s) => ({ name: str(s.name), uri: str(s.image) ?? str(arr(s.urls)[0]) })), [...ip, 'adapters']);
    const resource = obj(body.resource) ?? {};
    const rp: PathSegment[] = [...base, 'resource'];
    const count = num(resource.count);
    // A preset spreads one instance over `count` nodes (distributed inference); a custom template runs as a
    // Deployment with one replica per node ("Custom Models" in the KAITO usage guide).
    if (count !== undefined && !template) f.set('resources.nodesPerReplica', count, [...rp, 'count']);
    f.at('scaling', kind === 'InferenceSet' ? ['spec'] : rp);
    if (count !== undefined && template && kind === 'Workspace') {
      f.set('scaling.minReplicas', count, [...rp, 'count']);
    }
    if (kind === 'InferenceSet') {
      const replicas = num(obj(value.spec)?.replicas);
      f.set('scaling.minReplicas', replicas, ['spec', 'replicas']);
      f.at('scaling.minReplicas', ['spec', 'replicas']);
    }
    const unit = makeUnit({ uri, doc, format: 'kaito', kind, value, facts: f, annotations, pod, isModelServer: true });
    // The KAITO controller renders the inference pod from its preset.
    unit.platformFillsPod = true;
    return { units: [unit], resources: [] };
  },
});
