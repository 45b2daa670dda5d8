import type { ContainerFacts, DeploymentUnit, FactPath, KubeResource } from '../../facts/model';
import { factRange } from '../../facts/model';
import type { PathSegment } from '../../parse/yaml';
import type { Range, RelatedLocation } from '../../types';

/**
 * Helpers every rule area uses to look at a unit's workload (its format and serving container) and to point
 * related locations at other facts and resources. Not rules themselves.
 */

/** Whether the unit comes from a Kubernetes-family document (Kubernetes, KServe, KubeRay, LeaderWorkerSet), not a native manifest. */
export function isKube(unit: DeploymentUnit): boolean {
  return unit.format !== 'modeldeployment';
}

/** The container that serves the model (the adapter's primary container). */
export function primaryContainer(unit: DeploymentUnit): ContainerFacts | undefined {
  const pod = unit.pod;
  return pod && pod.primary !== undefined ? pod.containers[pod.primary] : undefined;
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
