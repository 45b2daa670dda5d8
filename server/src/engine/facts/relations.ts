import type { DeploymentUnit, KubeResource, WorkspaceFacts } from './model';

/**
 * How resources refer to each other across documents and files: label selectors and scale targets.
 * Cross-document rules use these, so "selects" means the same thing in every rule. Lookups go through an
 * index built once per workspace: a check over thousands of files must not compare every pod with every
 * resource.
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

interface WorkspaceIndex {
  byKind: Map<string, KubeResource[]>;
  /** Resources with a selector, by each `key=value` of it. */
  bySelectorEntry: Map<string, KubeResource[]>;
  /** Resources with a selector, by each key of it. */
  bySelectorKey: Map<string, KubeResource[]>;
  /** Units with pods, by each `key=value` pod label. */
  unitsByLabel: Map<string, DeploymentUnit[]>;
  scalersByTarget: Map<string, KubeResource[]>;
}

/**
 * The index lives on the workspace object itself (not in a WeakMap): rules see the workspace through a
 * proxy that notes they read it, and a property read passes through the proxy to the one shared object.
 */
const INDEX = Symbol('workspaceIndex');

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function indexOf(workspace: WorkspaceFacts): WorkspaceIndex {
  const holder = workspace as unknown as Record<symbol, WorkspaceIndex | undefined>;
  let index = holder[INDEX];
  if (!index) {
    index = { byKind: new Map(), bySelectorEntry: new Map(), bySelectorKey: new Map(), unitsByLabel: new Map(), scalersByTarget: new Map() };
    for (const r of workspace.resources) {
      push(index.byKind, r.kind, r);
      for (const [k, v] of Object.entries(r.selector ?? {})) {
        push(index.bySelectorEntry, `${k}=${v}`, r);
        push(index.bySelectorKey, k, r);
      }
      if (r.targetRef) push(index.scalersByTarget, `${r.targetRef.kind}/${r.targetRef.name}`, r);
    }
    for (const u of workspace.units) for (const [k, v] of Object.entries(u.pod?.labels ?? {})) push(index.unitsByLabel, `${k}=${v}`, u);
    Object.defineProperty(workspace, INDEX, { value: index, enumerable: false });
  }
  return index;
}

/** The workspace's resources of one kind. */
export function resourcesOfKind(workspace: WorkspaceFacts, kind: string): readonly KubeResource[] {
  return indexOf(workspace).byKind.get(kind) ?? [];
}

/** Resources of the given kinds whose selector matches the unit's pods. */
export function resourcesSelecting(unit: DeploymentUnit, workspace: WorkspaceFacts, kinds: readonly string[]): KubeResource[] {
  const labels = unit.pod?.labels;
  if (!labels) return [];
  const index = indexOf(workspace);
  const found = new Set<KubeResource>();
  for (const [k, v] of Object.entries(labels)) {
    for (const r of index.bySelectorEntry.get(`${k}=${v}`) ?? []) {
      if (kinds.includes(r.kind) && mayShareNamespace(r, unit) && selectorMatches(r.selector, labels)) found.add(r);
    }
  }
  return workspace.resources.filter((r) => found.has(r));
}

/** Whether a resource's selector matches the pods of a workload other than `unit`. */
function selectsAnotherWorkload(r: KubeResource, unit: DeploymentUnit, index: WorkspaceIndex): boolean {
  const [first] = Object.entries(r.selector ?? {});
  if (!first) return false;
  return (index.unitsByLabel.get(`${first[0]}=${first[1]}`) ?? []).some((other) => other !== unit && mayShareNamespace(r, other) && selectorMatches(r.selector, other.pod?.labels));
}

/**
 * A resource of the given kinds that shares a selector key with the unit's pods but not all values, and
 * selects no other workload either: most likely meant for them, with a typo. Rules name it in related
 * information.
 */
export function nearMissSelecting(unit: DeploymentUnit, workspace: WorkspaceFacts, kinds: readonly string[]): KubeResource | undefined {
  const labels = unit.pod?.labels;
  if (!labels) return undefined;
  const index = indexOf(workspace);
  const candidates = new Set<KubeResource>();
  for (const k of Object.keys(labels)) for (const r of index.bySelectorKey.get(k) ?? []) candidates.add(r);
  return workspace.resources.find(
    (r) => candidates.has(r) && kinds.includes(r.kind) && mayShareNamespace(r, unit) && !selectorMatches(r.selector, labels) && !selectsAnotherWorkload(r, unit, index),
  );
}

/** Autoscalers (HPA, KEDA ScaledObject) whose target is this unit. */
export function scalersOf(unit: DeploymentUnit, workspace: WorkspaceFacts): KubeResource[] {
  return (indexOf(workspace).scalersByTarget.get(`${unit.kind}/${unit.name}`) ?? []).filter((r) => mayShareNamespace(r, unit));
}

/** Whether the workspace holds any Kubernetes resource at all (else "nothing selects it" is not judged). */
export function hasKubernetesContext(workspace: WorkspaceFacts): boolean {
  return workspace.resources.length > 0;
}
