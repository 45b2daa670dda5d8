import type { DeploymentUnit, KubeResource, WorkspaceFacts } from './model';

/**
 * How resources refer to each other across documents and files: label selectors and scale targets.
 * Cross-document rules use these, so "selects" means the same thing in every rule.
 */

/** A non-empty equality selector matches when every key has the same value in the labels. */
export function selectorMatches(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || !labels) return false;
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

/**
 * Whether two objects can be in the same namespace. A manifest without a namespace is applied to
 * whatever namespace `kubectl` targets, so it may share one with anything: only two different explicit
 * namespaces rule a match out (no finding from a guess).
 */
export function mayShareNamespace(a: { namespace?: string }, b: { namespace?: string }): boolean {
  return a.namespace === undefined || b.namespace === undefined || a.namespace === b.namespace;
}

/** Resources of the given kinds whose selector matches the unit's pods. */
export function resourcesSelecting(unit: DeploymentUnit, workspace: WorkspaceFacts, kinds: readonly string[]): KubeResource[] {
  const labels = unit.pod?.labels;
  if (!labels) return [];
  return workspace.resources.filter((r) => kinds.includes(r.kind) && mayShareNamespace(r, unit) && selectorMatches(r.selector, labels));
}

/**
 * A resource of the given kinds that shares a selector key with the unit's pods but not all values, and
 * selects no other workload either: most likely meant for them, with a typo. Rules name it in related
 * information.
 */
export function nearMissSelecting(unit: DeploymentUnit, workspace: WorkspaceFacts, kinds: readonly string[]): KubeResource | undefined {
  const labels = unit.pod?.labels;
  if (!labels) return undefined;
  return workspace.resources.find(
    (r) =>
      kinds.includes(r.kind) &&
      mayShareNamespace(r, unit) &&
      !!r.selector &&
      Object.keys(r.selector).some((k) => k in labels) &&
      !selectorMatches(r.selector, labels) &&
      !workspace.units.some((other) => other !== unit && mayShareNamespace(r, other) && selectorMatches(r.selector, other.pod?.labels)),
  );
}

/** Autoscalers (HPA, KEDA ScaledObject) whose target is this unit. */
export function scalersOf(unit: DeploymentUnit, workspace: WorkspaceFacts): KubeResource[] {
  return workspace.resources.filter((r) => r.targetRef && r.targetRef.kind === unit.kind && r.targetRef.name === unit.name && mayShareNamespace(r, unit));
}

/** Whether the workspace holds any Kubernetes resource at all (else "nothing selects it" is not judged). */
export function hasKubernetesContext(workspace: WorkspaceFacts): boolean {
  return workspace.resources.length > 0;
}
