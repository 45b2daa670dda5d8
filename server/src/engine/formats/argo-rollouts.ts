import type { FormatAdapter } from './adapter';
import type { PathSegment } from '../parse/yaml';
import { schemaFormat } from './schemas';
import type { Json } from './workload';
import { FactBuilder, analyzePod, arr, fixedReplicaFacts, makeUnit, markImageless, metadataFacts, num, obj, podWorkloadFacts, str, stringMap } from './workload';
import rollout from '../../../../schemas/crds/rollout-argoproj-v1alpha1.json';

const SCHEMAS: Readonly<Record<string, object>> = { 'argoproj.io/v1alpha1/Rollout': rollout };

/**
 * Argo Rollouts `Rollout` (argoproj/argo-rollouts, manifests/crds/rollout-crd.yaml): a Deployment whose
 * `strategy` is `canary` (traffic shifted in `steps` of `setWeight` / `pause`, judged by `analysis`) or
 * `blueGreen` (a preview ReplicaSet promoted once ready). Its pod template is a Deployment's, so the unit is of
 * the Kubernetes family (format `kubernetes`, kind `Rollout`) and every Deployment rule judges the pods; both
 * strategies keep the old version serving until the new one is ready, so they count as a safe rollout.
 * A Rollout with `workloadRef` takes its pods from a Deployment elsewhere: nothing of the pod is judged here.
 */
export const argoRolloutsFormat: FormatAdapter = schemaFormat({
  id: 'kubernetes',
  label: 'Argo Rollouts',
  schemas: SCHEMAS,
  extract(doc, value, uri) {
    const f = new FactBuilder();
    const spec = obj(value.spec) ?? {};
    const template = obj(spec.template);
    const templateMeta = obj(template?.metadata);
    const podPath: PathSegment[] = ['spec', 'template', 'spec'];
    const annotations = metadataFacts(f, obj(value.metadata), ['metadata'], { value: templateMeta, path: ['spec', 'template', 'metadata'] });
    const podSpec = obj(template?.spec);
    const analysis = analyzePod({ spec: podSpec, path: podPath, labels: stringMap(templateMeta?.labels), annotations: stringMap(templateMeta?.annotations) });
    podWorkloadFacts(f, { podSpec, podPath, analysis });
    f.at('scaling', ['spec']);
    fixedReplicaFacts(f, spec);
    strategyFacts(f, obj(spec.strategy));
    f.set('reliability.progressDeadlineSeconds', num(spec.progressDeadlineSeconds), ['spec', 'progressDeadlineSeconds']);
    f.at('reliability.progressDeadlineSeconds', ['spec', 'progressDeadlineSeconds']);
    const isModelServer = !!analysis.runtime || 'modelready.dev/model' in annotations;
    return { units: [markImageless(makeUnit({ uri, doc, format: 'kubernetes', kind: 'Rollout', value, facts: f, annotations, pod: analysis.pod, isModelServer }))], resources: [] };
  },
});

/** `canary` (with its `setWeight` steps and analysis) or `blueGreen`, as the native rollout facts. */
function strategyFacts(f: FactBuilder, strategy: Json | undefined): void {
  const sp: PathSegment[] = ['spec', 'strategy'];
  f.at('reliability.rollout', sp);
  const canary = obj(strategy?.canary);
  if (canary) {
    const cp: PathSegment[] = [...sp, 'canary'];
    f.set('reliability.rollout.strategy', 'canary', cp);
    const weights = arr(canary.steps)
      .map((s) => num(obj(s)?.setWeight))
      .filter((w): w is number => w !== undefined);
    if (weights.length) f.set('reliability.rollout.steps', weights, [...cp, 'steps']);
    for (const k of ['maxUnavailable', 'maxSurge'] as const) {
      const v = canary[k];
      if (typeof v === 'number' || typeof v === 'string') f.set(`reliability.rollout.${k}`, v, [...cp, k]);
    }
    const analysis = obj(canary.analysis);
    const templates = arr(analysis?.templates).map((t) => str(obj(t)?.templateName)).filter((t): t is string => !!t);
    if (templates.length) f.set('reliability.rollout.rollbackOn', templates, [...cp, 'analysis']);
  } else if (obj(strategy?.blueGreen)) {
    const bp: PathSegment[] = [...sp, 'blueGreen'];
    f.set('reliability.rollout.strategy', 'blue-green', bp);
    const pre = obj(obj(strategy?.blueGreen)?.prePromotionAnalysis);
    const templates = arr(pre?.templates).map((t) => str(obj(t)?.templateName)).filter((t): t is string => !!t);
    if (templates.length) f.set('reliability.rollout.rollbackOn', templates, [...bp, 'prePromotionAnalysis']);
  }
}
