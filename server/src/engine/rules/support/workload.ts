import type { ContainerFacts, DeploymentUnit, FactPath, KubeResource, PodFacts } from '../../facts/model';
import { factRange, factSegments, unitPods } from '../../facts/model';
import type { WorkloadScope } from '../../config/config';
import type { PathSegment } from '../../parse/yaml';
import { isMap } from 'yaml';
import { insertAtPath, replaceValue, setValue } from '../../fix/edits';
import type { Range, RelatedLocation, TextEdit } from '../../types';

/**
 * Helpers every rule area uses to look at a unit's workload (its serving container, scope, fragments) and to point
 * related locations at other facts and resources. Not rules themselves.
 */

/** The container that serves the model (the adapter's primary container). */
export function primaryContainer(unit: DeploymentUnit): ContainerFacts | undefined {
  const pod = unit.pod;
  return pod && pod.primary !== undefined ? pod.containers[pod.primary] : undefined;
}

/**
 * Whether a generic Kubernetes hygiene rule (non-root, resource requests, probes, replicas) leaves this unit
 * out: other workloads than model servers (routers, gateways, UIs, benchmark clients) are judged only with
 * `scope: all-workloads`. It then calls `notApplicable()`, so the score leaves the check out.
 */
export function outOfScope(context: { unit: DeploymentUnit; options: { scope?: unknown }; notApplicable(): void }): boolean {
  if (context.unit.isModelServer || (context.options.scope as WorkloadScope | undefined) === 'all-workloads') return false;
  context.notApplicable();
  return true;
}

/** Default option of the rules `outOfScope` applies to (set workspace-wide by `scope` in `.modelready.yaml`). */
export const SCOPE_OPTION: { scope: WorkloadScope } = { scope: 'model-servers' };

/** For rules that judge model servers only: leaves other workloads out of the score (`notApplicable()`). */
export function notModelServer(context: { unit: DeploymentUnit; notApplicable(): void }): boolean {
  if (context.unit.isModelServer) return false;
  context.notApplicable();
  return true;
}

/**
 * Whether the unit is a fragment whose base holds the rest: a partial file (a Kustomize patch), or one the adapter
 * knows as such (`fragment`: a workload container without an `image`). What it leaves out (probes,
 * securityContext, resources, replicas) is not judged.
 */
export function isFragment(unit: DeploymentUnit): boolean {
  return unit.partial === true || unit.fragment === true;
}

/**
 * Whether the unit's file is where its pod settings (probes, /dev/shm, grace period) are stated, so a missing one
 * is judged: not where the platform fills them (`platformFillsPod`: KServe, KubeRay, an operator), nor in a fragment.
 */
export function statesPodSettings(unit: DeploymentUnit): boolean {
  return !unit.platformFillsPod && !isFragment(unit);
}

/**
 * Whether the unit is a fragment (see `isFragment`) that leaves every one of `paths` (document paths) to its base:
 * a rule about those settings then has nothing to judge here. The base, or the built overlay, is judged instead.
 */
export function leftToBase(unit: DeploymentUnit, ...paths: readonly (readonly PathSegment[])[]): boolean {
  return isFragment(unit) && paths.every((p) => !unit.doc.locate(p).node);
}

/** A container named for messages with its pod template when the unit has several (`` container `ray-worker` (worker group `gpu`) ``). */
export function inPod(label: string, pod: PodFacts, unit: DeploymentUnit): string {
  return unitPods(unit).length > 1 && pod.group ? `${label} (${pod.group})` : label;
}

/** The document path of a fact path (the adapter's source path, else the fact's own segments); a document path passes through. */
export function docPath(unit: DeploymentUnit, path: FactPath | readonly PathSegment[]): readonly PathSegment[] {
  if (typeof path !== 'string') return path;
  return unit.sourcePath(path) ?? factSegments(path);
}

/** An image the unit runs, where it is written, how messages name it, and the edit that rewrites it. */
export interface UnitImage {
  image: string;
  at: FactPath | Range;
  /** Sentence subject: `` `serving.image` `` or `` The image of container `vllm` ``. */
  subject: string;
  /** The image of the serving container (or the declared one). */
  primary: boolean;
  name?: string;
  /** Edits that write the pinned reference `text` (whose tag is `tag`) where the image is written. */
  rewrite(text: string, tag?: string): TextEdit[];
}

/**
 * Every image the unit runs: those of its containers (init containers too, in every pod template), else the
 * `serving.image` it declares. A container without an image is left out: the platform fills it (a KServe
 * ServingRuntime, a Kustomize base).
 */
export function unitImages(unit: DeploymentUnit): UnitImage[] {
  const pods = unitPods(unit);
  if (pods.length === 0) {
    const image = unit.spec.serving?.image;
    return typeof image === 'string' && image.trim() !== ''
      ? [{ image, at: 'serving.image', subject: unit.describe('serving.image'), primary: true, rewrite: (text) => unit.edit.set('serving.image', text) }]
      : [];
  }
  const primary = primaryContainer(unit);
  return pods.flatMap((pod) =>
    [...(pod.initContainers ?? []), ...pod.containers].flatMap((c) => {
      if (typeof c.image !== 'string' || c.image.trim() === '') return [];
      const path = [...c.path, 'image'];
      const who = `${c.init ? 'init container' : 'container'} \`${c.name || '(unnamed)'}\``;
      // NIM writes `image: {repository, tag}`: the operator runs `repository:tag`, so a `tag@sha256:…` tag pins it.
      const rewrite = isMap(unit.doc.locate(path).node)
        ? (_text: string, tag?: string) => setValue(unit.doc, [...path, 'tag'], `${tag ?? 'latest'}@sha256:\${1:digest}`)
        : (text: string) => replaceValue(unit.doc, path, text);
      return [{ image: c.image, at: unit.doc.rangeAt(path), subject: `The image of ${who}`, primary: c === primary, name: c.name, rewrite }];
    }),
  );
}

/** A related location pointing at another fact of the same unit. */
export function relatedAt(unit: DeploymentUnit, path: FactPath, message: string): RelatedLocation {
  return { uri: unit.uri, range: factRange(unit, path), message };
}

/** Range in a resource's document (file coordinates); an empty path means the resource itself (its header). */
export function resourceRange(r: KubeResource, path: readonly PathSegment[], prefer: 'value' | 'key' = 'value'): Range {
  return path.length ? r.doc.rangeAt(path, prefer) : r.doc.headerRange();
}

/** A related location in another resource's document. */
export function relatedResource(r: KubeResource, path: readonly PathSegment[], message: string): RelatedLocation {
  return { uri: r.uri, range: resourceRange(r, path), message };
}

/**
 * Source path of the mapping that holds the labels and annotations of a workload's pods (the adapter's
 * `metadataPath`: the pod template's `metadata`, an InferenceService's `predictor`, ...). Undefined without a pod.
 */
export function podMetadataPath(unit: DeploymentUnit): PathSegment[] | undefined {
  const pod = unit.pod;
  return pod ? [...(pod.metadataPath ?? [...pod.path.slice(0, -1), 'metadata'])] : undefined;
}

/** Labels of the workload's pods, with those its controller adds that selectors commonly use (written ones win). */
export function podLabels(unit: DeploymentUnit): Record<string, string> {
  const labels = { ...(unit.pod?.labels ?? {}) };
  for (const [k, v] of Object.entries(unit.pod?.controllerLabels ?? {})) labels[k] ??= v;
  return labels;
}

/**
 * Edits that set the annotation `key` on the workload's own metadata to the YAML text `valueText` (a quoted string,
 * snippet placeholders allowed), for annotations that are not facts (a controller's switch, a reason): replaces the
 * value when the annotation is there, else adds it, creating `metadata.annotations` when needed.
 */
export function annotationEdits(unit: DeploymentUnit, key: string, valueText: string): TextEdit[] {
  const path = ['metadata', 'annotations', key];
  return unit.doc.locate(path).node?.range ? replaceValue(unit.doc, path, valueText) : insertAtPath(unit.doc, path, valueText);
}
