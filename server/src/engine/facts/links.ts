import { minimatch } from 'minimatch';
import type { DeploymentUnit } from './model';

/**
 * Links between a native manifest (declared intent) and the Kubernetes/KServe resources that implement it:
 * `modelready.dev/manifest: ./x.modelready.yaml` on a resource, or `implementation: [./k8s/*.yaml]` in the
 * manifest. Both directions give the same pairs.
 */
export interface ManifestLinks {
  /** The native manifest a resource implements. */
  manifestOf(unit: DeploymentUnit): DeploymentUnit | undefined;
  /** The resources that implement a native manifest. */
  implementationsOf(unit: DeploymentUnit): readonly DeploymentUnit[];
}

export const MANIFEST_ANNOTATION = 'modelready.dev/manifest';

function resolve(ref: string, fromUri: string): string | undefined {
  try {
    return new URL(ref, fromUri).href;
  } catch {
    return undefined;
  }
}

/** The file a unit's `modelready.dev/manifest` annotation names (resolved against the unit's file), if any. */
export function manifestTarget(unit: Pick<DeploymentUnit, 'uri' | 'annotations'>): string | undefined {
  const ref = unit.annotations[MANIFEST_ANNOTATION];
  return typeof ref === 'string' ? resolve(ref, unit.uri) : undefined;
}

/** Path of `uri` relative to the folder of `baseUri`, when it lies inside it. */
function relativeTo(uri: string, baseUri: string): string | undefined {
  const dir = baseUri.slice(0, baseUri.lastIndexOf('/') + 1);
  return uri.startsWith(dir) ? decodeURIComponent(uri.slice(dir.length)) : undefined;
}

/** Whether a native manifest's `implementation:` globs name the file `uri`. */
export function implementationNames(manifest: Pick<DeploymentUnit, 'uri' | 'spec'>, uri: string): boolean {
  const globs = (manifest.spec.implementation ?? []).map((g) => g.replace(/^\.\//, ''));
  const rel = globs.length > 0 ? relativeTo(uri, manifest.uri) : undefined;
  return rel !== undefined && globs.some((g) => minimatch(rel, g, { dot: true }));
}

export function linkManifests(units: readonly DeploymentUnit[]): ManifestLinks {
  const manifestOf = new Map<DeploymentUnit, DeploymentUnit>();
  const implementations = new Map<DeploymentUnit, DeploymentUnit[]>();
  const natives = units.filter((u) => u.format === 'modeldeployment');
  if (natives.length > 0) {
    const link = (resource: DeploymentUnit, manifest: DeploymentUnit): void => {
      if (manifestOf.has(resource)) return;
      manifestOf.set(resource, manifest);
      implementations.set(manifest, [...(implementations.get(manifest) ?? []), resource]);
    };
    const nativesByUri = new Map<string, DeploymentUnit[]>();
    for (const n of natives) nativesByUri.set(n.uri, [...(nativesByUri.get(n.uri) ?? []), n]);
    for (const u of units) {
      if (u.format === 'modeldeployment') continue;
      const target = manifestTarget(u);
      const candidates = target ? nativesByUri.get(target) : undefined;
      // Several manifests in one file: the one of the same name, else the first.
      if (candidates) link(u, candidates.find((n) => n.name === u.name) ?? candidates[0]);
    }
    for (const n of natives) {
      if (!n.spec.implementation?.length) continue;
      for (const u of units) if (u.format !== 'modeldeployment' && implementationNames(n, u.uri)) link(u, n);
    }
  }
  return {
    manifestOf: (u) => manifestOf.get(u),
    implementationsOf: (u) => implementations.get(u) ?? [],
  };
}
