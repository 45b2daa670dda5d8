import type { DeploymentUnit, KubeResource, KustomizationFacts, WorkspaceFacts } from './model';

/**
 * How resources refer to each other across documents and files: label selectors and scale targets.
 * Cross-document rules use these, so "selects" means the same thing in every rule. Lookups go through an
 * index built once per workspace: a check over thousands of files must not compare every pod with every
 * resource.
 *
 * Two levels of relation:
 * - *Related* (`resourcesSelecting`, `scalersOf`, `nearMissSelecting`): the resource is plausibly deployed
 *   with the workload — same namespace and same file, same directory, or one kustomization — so a rule may
 *   judge what the resource says about it (a wrong port, a budget that blocks drains) and name the evidence.
 *   Sample directories that reuse the same labels do not relate to each other.
 * - *May select* (`resourcesMaySelect`): a selector anywhere in the workspace matches, in a namespace that may
 *   be shared. Only for "nothing selects it" checks: any candidate keeps them silent.
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

/**
 * Whether two objects are in the same namespace, as far as the manifests say: the same explicit namespace,
 * both unset (both go to the namespace they are applied to), or unset and `default` (what `kubectl` targets
 * unless told otherwise). Unset and another explicit namespace do not agree: they meet only when applied
 * with `-n` to that namespace, which the files do not show.
 */
export function namespacesAgree(a: { namespace?: string }, b: { namespace?: string }): boolean {
  return (a.namespace ?? 'default') === (b.namespace ?? 'default');
}

/** Resources by name, the lengths of those names, and by each three-letter run of their names (see namesRelate). */
interface NamesIndex {
  byName: Map<string, KubeResource[]>;
  nameLengths: number[];
  byTrigram: Map<string, KubeResource[]>;
}

interface WorkspaceIndex {
  /** Each resource's place in `workspace.resources`: lookups return resources in that order. */
  ordinal: Map<KubeResource, number>;
  byKind: Map<string, KubeResource[]>;
  /** Resources by file, and by directory and kind (what deploymentEvidence can relate without a kustomization). */
  byUri: Map<string, KubeResource[]>;
  byDirKind: Map<string, KubeResource[]>;
  byDir: Map<string, KubeResource[]>;
  /**
   * Resources with a selector, each under one `key=value` of it (the rarest in the workspace): a selector
   * matches only labels holding all of its entries, so looking up each label finds it, and few others.
   */
  bySelectorEntry: Map<string, KubeResource[]>;
  /** Resources by name (built on the first name lookup: most checks never make one; see namesIndex). */
  names?: NamesIndex;
  /** Per unit name, the resources whose names relate to it (memo of relatedByName). */
  relatedNames: Map<string, KubeResource[]>;
  /** Pods of workloads by each `key=value` label: the units' (with their unit) and those elsewhere. */
  podsByLabel: Map<string, { unit?: DeploymentUnit; namespace?: string; labels: Record<string, string> }[]>;
  scalersByTarget: Map<string, KubeResource[]>;
  /** Files that hold a workload of their own. */
  filesWithUnits: Set<string>;
  /** What rules derive from the whole workspace once (see derived). */
  derived: Map<string, unknown>;
  /** Each kustomization's files (every file its resources, components and patches bring in, transitively). */
  kustomizations: { k: KustomizationFacts; contains: (uri: string) => boolean }[];
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

const dirOf = (uri: string): string => uri.slice(0, uri.lastIndexOf('/') + 1);

/**
 * What each kustomization brings in. An entry is a file of the workspace, or a directory: the kustomization
 * in it (followed), else every file below it.
 */
function kustomizationMembers(list: readonly KustomizationFacts[]): WorkspaceIndex['kustomizations'] {
  const byDir = new Map(list.map((k) => [dirOf(k.uri), k]));
  const closure = (k: KustomizationFacts, files: Set<string>, prefixes: string[], seen: Set<KustomizationFacts>): void => {
    if (seen.has(k)) return;
    seen.add(k);
    files.add(k.uri);
    for (const entry of k.entries) {
      const dir = entry.endsWith('/') ? entry : `${entry}/`;
      const nested = byDir.get(dir);
      if (nested) closure(nested, files, prefixes, seen);
      else if (/\.ya?ml$|\.json$/i.test(entry)) files.add(entry);
      else prefixes.push(dir);
    }
  };
  return list.map((k) => {
    const files = new Set<string>();
    const prefixes: string[] = [];
    closure(k, files, prefixes, new Set());
    return { k, contains: (uri) => files.has(uri) || prefixes.some((p) => uri.startsWith(p)) };
  });
}

const trigrams = (name: string): Set<string> => {
  const out = new Set<string>();
  for (let i = 0; i + 3 <= name.length; i++) out.add(name.slice(i, i + 3));
  return out;
};

function indexOf(workspace: WorkspaceFacts): WorkspaceIndex {
  const holder = workspace as unknown as Record<symbol, WorkspaceIndex | undefined>;
  let index = holder[INDEX];
  if (!index) {
    index = {
      ordinal: new Map(),
      byKind: new Map(),
      byUri: new Map(),
      byDirKind: new Map(),
      byDir: new Map(),
      bySelectorEntry: new Map(),
      relatedNames: new Map(),
      podsByLabel: new Map(),
      scalersByTarget: new Map(),
      filesWithUnits: new Set(workspace.units.map((u) => u.uri)),
      derived: new Map(),
      kustomizations: kustomizationMembers(workspace.kustomizations ?? []),
    };
    const entryCount = new Map<string, number>();
    for (const r of workspace.resources) for (const [k, v] of Object.entries(r.selector ?? {})) entryCount.set(`${k}=${v}`, (entryCount.get(`${k}=${v}`) ?? 0) + 1);
    for (const r of workspace.resources) {
      index.ordinal.set(r, index.ordinal.size);
      push(index.byKind, r.kind, r);
      push(index.byUri, r.uri, r);
      push(index.byDir, dirOf(r.uri), r);
      push(index.byDirKind, `${dirOf(r.uri)}\n${r.kind}`, r);
      const entries = Object.entries(r.selector ?? {}).map(([k, v]) => `${k}=${v}`);
      if (entries.length > 0) push(index.bySelectorEntry, entries.reduce((a, b) => (entryCount.get(b)! < entryCount.get(a)! ? b : a)), r);
      if (r.targetRef) push(index.scalersByTarget, `${r.targetRef.kind}/${r.targetRef.name}`, r);
    }
    for (const u of workspace.units) {
      const labels = u.pod?.labels ?? {};
      for (const [k, v] of Object.entries(labels)) push(index.podsByLabel, `${k}=${v}`, { unit: u, namespace: u.namespace, labels });
    }
    for (const p of workspace.podsElsewhere ?? []) for (const [k, v] of Object.entries(p.labels)) push(index.podsByLabel, `${k}=${v}`, p);
    Object.defineProperty(workspace, INDEX, { value: index, enumerable: false });
  }
  return index;
}

/** Resources in workspace order. */
function inOrder(resources: Iterable<KubeResource>, index: WorkspaceIndex): KubeResource[] {
  return [...resources].sort((a, b) => index.ordinal.get(a)! - index.ordinal.get(b)!);
}

/**
 * A value a rule derives from the whole workspace (an index of its own), built on first use and kept with the
 * workspace's index: per unit, a rule then looks it up instead of scanning the workspace. `key` names it.
 */
export function derived<T>(workspace: WorkspaceFacts, key: string, build: () => T): T {
  const memo = indexOf(workspace).derived;
  if (!memo.has(key)) memo.set(key, build());
  return memo.get(key) as T;
}

/** Path of a kustomization for messages: its directory's name and the file name. */
function shortPath(uri: string): string {
  return decodeURIComponent(uri.split('/').slice(-2).join('/'));
}

/**
 * Why a resource is taken to be deployed with a workload, or undefined when nothing says so. Same file; same
 * directory when the resource's file holds no workload of its own (a `service.yaml` beside `deployment.yaml`;
 * a file with its own workloads is about those); or one kustomization bringing in both. Namespaces must agree
 * (a kustomization's `namespace:` sets both).
 */
export function deploymentEvidence(r: KubeResource, unit: DeploymentUnit, workspace: WorkspaceFacts): string | undefined {
  const index = indexOf(workspace);
  const agree = namespacesAgree(r, unit);
  if (agree && r.uri === unit.uri) return 'in the same file';
  const kustomization = index.kustomizations.find((x) => x.contains(r.uri) && x.contains(unit.uri) && (agree || x.k.namespace !== undefined));
  if (kustomization) return `both in ${shortPath(kustomization.k.uri)}`;
  if (agree && !index.filesWithUnits.has(r.uri) && dirOf(r.uri) === dirOf(unit.uri)) return 'in the same directory';
  return undefined;
}

/** The workspace's resources of one kind. */
export function resourcesOfKind(workspace: WorkspaceFacts, kind: string): readonly KubeResource[] {
  return indexOf(workspace).byKind.get(kind) ?? [];
}

/** The workspace's resources of one kind that are deployed with the unit (see deploymentEvidence). */
export function relatedResourcesOfKind(unit: DeploymentUnit, workspace: WorkspaceFacts, kind: string): KubeResource[] {
  return resourcesOfKind(workspace, kind).filter((r) => deploymentEvidence(r, unit, workspace) !== undefined);
}

/** Resources of the given kinds whose selector matches the unit's pods, in a namespace that may be shared. */
function matching(unit: DeploymentUnit, workspace: WorkspaceFacts, kinds: readonly string[]): KubeResource[] {
  const labels = unit.pod?.labels;
  if (!labels) return [];
  const index = indexOf(workspace);
  // Each resource is listed under one entry of its selector: no duplicates.
  const found: KubeResource[] = [];
  for (const [k, v] of Object.entries(labels)) {
    for (const r of index.bySelectorEntry.get(`${k}=${v}`) ?? []) {
      if (kinds.includes(r.kind) && mayShareNamespace(r, unit) && selectorMatches(r.selector, labels)) found.push(r);
    }
  }
  return found.length > 1 ? inOrder(found, index) : found;
}

/** Resources of the given kinds that select the unit's pods and are deployed with it (see deploymentEvidence). */
export function resourcesSelecting(unit: DeploymentUnit, workspace: WorkspaceFacts, kinds: readonly string[]): KubeResource[] {
  return matching(unit, workspace, kinds).filter((r) => deploymentEvidence(r, unit, workspace) !== undefined);
}

/**
 * Resources of the given kinds, anywhere in the workspace, whose selector matches the unit's pods in a
 * namespace that may be shared. For "nothing selects these pods" checks only: any candidate keeps them silent.
 */
export function resourcesMaySelect(unit: DeploymentUnit, workspace: WorkspaceFacts, kinds: readonly string[]): KubeResource[] {
  return matching(unit, workspace, kinds);
}

/** Whether a resource's selector matches the pods of a workload other than `unit`. */
function selectsAnotherWorkload(r: KubeResource, unit: DeploymentUnit, index: WorkspaceIndex): boolean {
  const [first] = Object.entries(r.selector ?? {});
  if (!first) return false;
  return (index.podsByLabel.get(`${first[0]}=${first[1]}`) ?? []).some((other) => other.unit !== unit && mayShareNamespace(r, other) && selectorMatches(r.selector, other.labels));
}

/** Names that point at each other (`vllm` and `vllm-service`): a hint that a resource is meant for a workload. */
function namesRelate(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 3 && long.includes(short);
}

/** The index of resource names, built on first use from the resources in workspace order. */
function namesIndex(index: WorkspaceIndex): NamesIndex {
  if (!index.names) {
    const names: NamesIndex = { byName: new Map(), nameLengths: [], byTrigram: new Map() };
    const lengths = new Set<number>();
    for (const r of index.ordinal.keys()) {
      push(names.byName, r.name, r);
      lengths.add(r.name.length);
      for (const t of trigrams(r.name)) push(names.byTrigram, t, r);
    }
    names.nameLengths = [...lengths].filter((n) => n >= 3);
    index.names = names;
  }
  return index.names;
}

/**
 * The resources whose names relate to `name` (namesRelate): names of at least 3 letters inside it, found by its
 * substrings of those lengths, and names holding it, found through the rarest three-letter run of it.
 */
function relatedByName(name: string, index: WorkspaceIndex): KubeResource[] {
  let related = index.relatedNames.get(name);
  if (!related) {
    const found: KubeResource[] = [];
    if (name.length >= 3) {
      const names = namesIndex(index);
      for (const n of names.nameLengths) for (let i = 0; i + n <= name.length; i++) for (const r of names.byName.get(name.slice(i, i + n)) ?? []) found.push(r);
      let rarest: KubeResource[] | undefined;
      for (const t of trigrams(name)) {
        const list = names.byTrigram.get(t) ?? [];
        if (!rarest || list.length < rarest.length) rarest = list;
      }
      for (const r of rarest ?? []) if (r.name.length > name.length && r.name.includes(name)) found.push(r);
    }
    index.relatedNames.set(name, (related = found));
  }
  return related;
}

/**
 * A resource of the given kinds that shares a selector key with the unit's pods but not all values, and
 * selects no other workload either: most likely meant for them, with a typo. Only with strong evidence that
 * it is meant for this workload: the same namespace and the same file, or names that point at each other in
 * a file deployed with it. Rules name it in related information.
 */
export function nearMissSelecting(unit: DeploymentUnit, workspace: WorkspaceFacts, kinds: readonly string[]): KubeResource | undefined {
  const labels = unit.pod?.labels;
  if (!labels) return undefined;
  const index = indexOf(workspace);
  // Only a resource of the unit's file or one whose name relates can qualify: look at those alone.
  const candidates = new Set([...(index.byUri.get(unit.uri) ?? []), ...relatedByName(unit.name, index)]);
  const keys = new Set(Object.keys(labels));
  return inOrder(candidates, index).find(
    (r) =>
      Object.keys(r.selector ?? {}).some((k) => keys.has(k)) &&
      kinds.includes(r.kind) &&
      namespacesAgree(r, unit) &&
      (r.uri === unit.uri || (namesRelate(r.name, unit.name) && deploymentEvidence(r, unit, workspace) !== undefined)) &&
      !selectorMatches(r.selector, labels) &&
      !selectsAnotherWorkload(r, unit, index),
  );
}

/** Autoscalers (HPA, KEDA ScaledObject) whose target is this unit, deployed with it. */
export function scalersOf(unit: DeploymentUnit, workspace: WorkspaceFacts): KubeResource[] {
  return (indexOf(workspace).scalersByTarget.get(`${unit.kind}/${unit.name}`) ?? []).filter((r) => deploymentEvidence(r, unit, workspace) !== undefined);
}

/**
 * Whether anything is deployed with the unit (a resource in its file, a resource file of its directory, or its
 * kustomization), or, with `kinds`, anything of those kinds: else the rest of its deployment lives elsewhere, and
 * "nothing selects it" is not judged.
 */
export function hasDeploymentContext(unit: DeploymentUnit, workspace: WorkspaceFacts, kinds?: readonly string[]): boolean {
  const index = indexOf(workspace);
  const related = (r: KubeResource): boolean => (!kinds || kinds.includes(r.kind)) && deploymentEvidence(r, unit, workspace) !== undefined;
  // Without a kustomization bringing the unit in, only resources of its directory (its file included) can relate.
  if (index.kustomizations.some((x) => x.contains(unit.uri))) return workspace.resources.some(related);
  const dir = dirOf(unit.uri);
  return kinds ? kinds.some((kind) => (index.byDirKind.get(`${dir}\n${kind}`) ?? []).some(related)) : (index.byDir.get(dir) ?? []).some(related);
}

/** Whether the workspace holds any Kubernetes resource at all (else "nothing selects it" is not judged). */
export function hasKubernetesContext(workspace: WorkspaceFacts): boolean {
  return workspace.resources.length > 0;
}
