import { filledByPlatform } from '../../facts/model';
import type { DeploymentUnit, WorkspaceFacts } from '../../facts/model';
import type { Report } from '../define';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import type { TextEdit } from '../../types';
import { replicaBounds, resourceLabel } from './kube';
import { docPath, isFragment, outOfScope, relatedAt, relatedResource, SCOPE_OPTION } from '../support/workload';
import { insertKeys, setValue } from '../../fix/edits';
import { num } from '../support/values';
import { lazyFix } from '../../fix/lazy';

interface Options extends Record<string, unknown> {
  /** Fewest replicas production needs. */
  minReplicas: number;
  /** Which workloads are judged (`model-servers`, or `all-workloads`); set workspace-wide by `scope`. */
  scope: string;
}

export default defineRule<Options>({
  meta: {
    id: 'reliability/replicas-ha',
    area: 'reliability',
    severity: 'warning',
    description: 'Production runs at least 2 replicas (`scaling.minReplicas`).',
    rationale:
      'One replica means every node drain, GPU fault, eviction or rollout is an outage lasting as long as a model load (minutes); GPU nodes are drained often (driver upgrades, maintenance events). kube-score deployment-replicas and Polaris deploymentMissingReplicas ask for at least 2.',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
    defaultOptions: { minReplicas: 2, ...SCOPE_OPTION },
  },
  check(context) {
    const { unit, workspace, options, report } = context;
    const need = Math.max(1, num(options.minReplicas) ?? 2);
    if (!unit.declaration) {
      if (outOfScope(context)) return;
      // A RayCluster or RayJob runs one cluster: its server count is no field of the resource (a RayService's is);
      // a count another controller sets (an external role scaler) is not in the file either.
      if (unit.kind === 'RayCluster' || unit.kind === 'RayJob' || filledByPlatform(unit, 'scaling.minReplicas')) {
        context.notApplicable();
        return;
      }
      checkKube(unit, workspace, need, report);
      return;
    }
    const scaling = unit.spec.scaling;
    if (scaling !== undefined && (scaling === null || typeof scaling !== 'object')) return;
    const min = num(scaling?.minReplicas);
    const max = num(scaling?.maxReplicas);
    // Raising minReplicas above maxReplicas would make the bounds invalid: raise both.
    const raiseMax = (): TextEdit[] => (max !== undefined && max < need ? setValue(unit.doc, docPath(unit, 'scaling.maxReplicas'), String(need)) : []);

    if (min === undefined) {
      report({
        at: 'scaling.minReplicas',
        message: `\`scaling.minReplicas\` is not stated, so one replica runs: every node drain, GPU fault or rollout is an outage as long as a model load. Run at least ${need} replicas.`,
        fixes: [lazyFix({ title: `Run at least ${need} replicas`, edits: () => [...insertKeys(unit.doc, docPath(unit, 'scaling'), [['minReplicas', String(need)]]), ...raiseMax()], isPreferred: true })],
      });
      return;
    }
    if (min === 0) {
      // Scale to zero is a deliberate choice (scaling/replica-bounds asks for its cold-start budget); once
      // traffic arrives, the deployment must still be able to run more than one replica.
      if (max !== undefined && max < need) {
        report({
          at: 'scaling.maxReplicas',
          message: `\`scaling.maxReplicas\` is ${max}: even under load the model runs on a single replica, so any node drain or GPU fault is an outage. Allow at least ${need}.`,
          fixes: [lazyFix({ title: `Allow ${need} replicas`, edits: () => setValue(unit.doc, docPath(unit, 'scaling.maxReplicas'), String(need)), isPreferred: true })],
        });
      }
      return;
    }
    if (min >= need) return;
    report({
      at: 'scaling.minReplicas',
      message: `\`scaling.minReplicas\` is ${min}: a node drain, GPU fault or rollout takes the model offline for as long as a model load. Production needs at least ${need} replicas, on different nodes.`,
      related: max !== undefined && max < need ? [relatedAt(unit, 'scaling.maxReplicas', `maxReplicas is ${max}`)] : undefined,
      fixes: [lazyFix({ title: `Run at least ${need} replicas`, edits: () => [...setValue(unit.doc, docPath(unit, 'scaling.minReplicas'), String(need)), ...raiseMax()], isPreferred: true })],
    });
  },
});

/** What states the replica count of each Kubernetes-family kind, for messages. */
function countName(unit: DeploymentUnit): string {
  if (unit.kind === 'RayService') return 'The Serve deployment\'s `min_replicas` / `num_replicas`';
  if (unit.kind === 'InferenceService') return '`predictor.minReplicas`';
  const segs = unit.sourcePath('scaling.minReplicas');
  return segs && segs[segs.length - 1] === 'minReplicas' ? '`scaling.minReplicas`' : '`replicas`';
}

/**
 * Kubernetes family: an HPA or KEDA ScaledObject targeting the workload decides (its minimum), else the
 * workload's own count, which defaults to 1 (Deployment, StatefulSet, LeaderWorkerSet groups, KServe predictors,
 * Ray Serve deployments).
 */
function checkKube(unit: DeploymentUnit, workspace: WorkspaceFacts, need: number, report: (r: Report) => void): void {
  const b = replicaBounds(unit, workspace);
  // A Kustomize patch that states no count leaves it to its base.
  if (b.defaulted && !b.scaler && isFragment(unit)) return;
  // Another workload (scope: all-workloads) is offline for as long as it takes to start, not a model load.
  const outage = unit.isModelServer ? 'as long as a model load' : 'until a new pod starts';
  const fault = unit.isModelServer ? 'GPU fault' : 'crash';
  const what = unit.kind === 'LeaderWorkerSet' ? 'replica groups' : 'replicas';
  if (b.scaler) {
    const s = b.scaler;
    const sameFile = s.uri === unit.uri;
    const minKey = b.scalerMinPath![b.scalerMinPath!.length - 1];
    const maxKey = b.scalerMaxPath![b.scalerMaxPath!.length - 1];
    if (b.min === 0) {
      if (b.max >= need) return;
      report({
        at: 'scaling.minReplicas',
        message: `${resourceLabel(s)} scales this server to at most ${b.max} ${what}: even under load a single replica serves, so any node drain or GPU fault is an outage. Allow at least ${need} (\`${maxKey}\`).`,
        related: [relatedResource(s, b.scalerMaxPath!, `${maxKey} is ${b.max}`)],
        fixes: sameFile ? [lazyFix({ title: `Allow ${need} replicas`, edits: () => setValue(s.doc, b.scalerMaxPath!, String(need)), isPreferred: true })] : undefined,
      });
      return;
    }
    if (b.min >= need) return;
    const edits: TextEdit[] = sameFile ? [...setValue(s.doc, b.scalerMinPath!, String(need)), ...(b.max < need ? setValue(s.doc, b.scalerMaxPath!, String(need)) : [])] : [];
    report({
      at: 'scaling.minReplicas',
      message: `${resourceLabel(s)} keeps as few as ${b.min} ${b.min === 1 ? what.replace(/s$/, '') : what} of this server (\`${minKey}\`${s.kind === 'HorizontalPodAutoscaler' && s.facts.scaler?.min === undefined ? ', default 1' : ''}): a node drain, ${fault} or rollout is an outage ${outage}. Production needs at least ${need}, on different nodes.`,
      related: [relatedResource(s, b.scalerMinPath!, `${minKey} is ${b.min}`)],
      fixes: edits.length ? [{ title: `Keep at least ${need} replicas`, edits, isPreferred: true }] : undefined,
    });
    return;
  }
  if (b.min === 0) {
    // Scale to zero (KServe, Ray Serve): scaling/replica-bounds asks for the cold-start budget.
    if (b.max >= need) return;
    report({
      at: 'scaling.maxReplicas',
      message: `This server scales to at most ${b.max} replica${b.max === 1 ? '' : 's'}: even under load a single replica serves, so any node drain or GPU fault is an outage. Allow at least ${need}.`,
      fixes: unit.kind === 'RayService' ? undefined : [lazyFix({ title: `Allow ${need} replicas`, edits: () => setValue(unit.doc, docPath(unit, 'scaling.maxReplicas'), String(need)), isPreferred: true })],
    });
    return;
  }
  if (b.min >= need) return;
  const name = countName(unit);
  const minPath = docPath(unit, 'scaling.minReplicas');
  const maxPath = docPath(unit, 'scaling.maxReplicas');
  const separateMax = JSON.stringify(minPath) !== JSON.stringify(maxPath) && unit.sourcePath('scaling.maxReplicas') !== undefined;
  const edits: TextEdit[] =
    unit.kind === 'RayService' ? [] : [...setValue(unit.doc, docPath(unit, minPath), String(need)), ...(separateMax && num(unit.spec.scaling?.maxReplicas) !== undefined && b.max < need ? setValue(unit.doc, docPath(unit, maxPath), String(need)) : [])];
  report({
    at: 'scaling.minReplicas',
    message: b.defaulted
      ? `No replica count is stated (${name.replace(/^The/, 'the')}), so one ${what === 'replicas' ? 'replica' : 'replica group'} runs: every node drain, ${fault} or rollout is an outage ${outage}. Run at least ${need}.`
      : `${name} is ${b.min}: a node drain, ${fault} or rollout is an outage ${outage}. Production needs at least ${need} ${what}, on different nodes.`,
    fixes: edits.length ? [{ title: `Run at least ${need} ${what}`, edits, isPreferred: true }] : undefined,
  });
}
