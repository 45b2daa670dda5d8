import type { DeploymentUnit, WorkspaceFacts } from '../../facts/model';
import { MANIFEST_ANNOTATION } from '../../facts/links';
import type { Profile } from '../define';

/*
 * Governance on Kubernetes-family workloads (DESIGN §1, "Governance on Kubernetes resources").
 *
 * A Deployment, StatefulSet, LeaderWorkerSet, InferenceService or RayService states governance facts with
 * `modelready.dev/*` annotations (formats/annotations.ts, read by the adapters into the native facts), or links a
 * native ModelDeployment with `modelready.dev/manifest`. Governance rules, and the monitoring rules other than
 * `monitoring/metrics`, judge such a workload only when it opts in, so a plain upstream sample does not get a
 * wall of governance findings. The opt-in check lives here, once, for both areas.
 */

const ANNOTATION_PREFIX = 'modelready.dev/';

/**
 * `modelready.dev/*` annotations that do not opt a workload in: they suppress findings or justify a security
 * setting, and say nothing about governance.
 */
const NOT_OPT_IN: ReadonlySet<string> = new Set(['modelready.dev/ignore', 'modelready.dev/host-namespaces-reason']);

/** The native manifest a workload links with `modelready.dev/manifest`, if any. */
export function linkedManifest(unit: DeploymentUnit): string | undefined {
  const link = unit.annotations[MANIFEST_ANNOTATION];
  return typeof link === 'string' && link.trim() !== '' ? link.trim() : undefined;
}

export type GovernanceScope =
  | { judged: true; via: 'manifest' | 'annotations' | 'profile' }
  | { judged: false; why: 'not-a-model-server' | 'linked' | 'not-opted-in' };

/**
 * Whether governance (and the opt-in monitoring rules) judge this unit, and why:
 *
 * - a native ModelDeployment always (it is the statement of intent);
 * - a workload that is not a model server never (its governance is the model server's);
 * - a workload that links a native manifest (`modelready.dev/manifest`) not itself: the manifest holds the facts
 *   and is judged where it is. Only a link to a file known not to exist is ignored;
 * - a workload with at least one other `modelready.dev/*` annotation (not `ignore`), or any model server under
 *   the `regulated` profile: on its annotations.
 */
export function governanceScope(unit: DeploymentUnit, profile: Profile, workspace: WorkspaceFacts): GovernanceScope {
  if (unit.declaration) return { judged: true, via: 'manifest' };
  if (!unit.isModelServer) return { judged: false, why: 'not-a-model-server' };
  const link = linkedManifest(unit);
  if (link && workspace.fileExists(link, unit.uri) !== false) return { judged: false, why: 'linked' };
  const optedIn = Object.keys(unit.annotations).some((k) => k.startsWith(ANNOTATION_PREFIX) && !NOT_OPT_IN.has(k));
  if (optedIn) return { judged: true, via: 'annotations' };
  if (profile === 'regulated') return { judged: true, via: 'profile' };
  return { judged: false, why: 'not-opted-in' };
}

/** Shortcut for rules: whether governance and opt-in monitoring rules judge the unit of this context. */
export function judgesGovernance(context: { unit: DeploymentUnit; profile: Profile; workspace: WorkspaceFacts; notApplicable?: () => void }): boolean {
  const judged = governanceScope(context.unit, context.profile, context.workspace).judged;
  // Not judged is not passed: the score leaves the check out.
  if (!judged) context.notApplicable?.();
  return judged;
}
