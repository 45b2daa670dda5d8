import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseYaml } from '../engine/parse/yaml';

/**
 * Kustomize patches are partial objects (a strategic-merge patch of a Deployment has no `selector`, and its base
 * holds the probes, volumes and security context): the engine checks them with `analyzeFile(..., { partial: true })`.
 * A file is a patch when any kustomization of the checked tree names it under `patches` (path form),
 * `patchesStrategicMerge` or `patchesJson6902` (a Component's kustomization included), or when a kustomization in
 * its own directory or up to `maxLevels` above does (a file checked on its own). The CLI and the language server
 * both decide it here, so they agree.
 */

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export function isKustomizationFile(path: string): boolean {
  return KUSTOMIZATION_FILES.includes(basename(path));
}

export type EntryKey = 'resources' | 'bases' | 'components' | 'patches' | 'patchesStrategicMerge' | 'patchesJson6902';
const PATCH_KEYS: readonly EntryKey[] = ['patches', 'patchesStrategicMerge', 'patchesJson6902'];

/** A file or folder a kustomization names, with where it names it (`resources[2]`) and its absolute path. */
export interface KustomizationEntry {
  key: EntryKey;
  index: number;
  path: string;
}

/** The local files and folders a kustomization names (remote URLs and inline patches left out). */
export function kustomizationEntries(kustomizationFile: string, text = readFileSync(kustomizationFile, 'utf8')): KustomizationEntry[] {
  const dir = dirname(kustomizationFile);
  const out: KustomizationEntry[] = [];
  const first = parseYaml(text).documents[0];
  const js = first && !first.hasErrors ? first.toJS() : undefined;
  const value = js && 'value' in js ? js.value : undefined;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return out;
  const k = value as Record<string, unknown>;
  const pathOf = (p: unknown): unknown => (p && typeof p === 'object' ? (p as Record<string, unknown>).path : undefined);
  for (const key of ['resources', 'bases', 'components', ...PATCH_KEYS] as const) {
    const list = Array.isArray(k[key]) ? (k[key] as unknown[]) : [];
    list.forEach((p, index) => {
      const path = key === 'patchesJson6902' ? pathOf(p) : key === 'patches' && typeof p !== 'string' ? pathOf(p) : p;
      if (typeof path !== 'string' || path.includes('\n') || /^[a-z]+:\/\/|^github\.com\//i.test(path)) return;
      out.push({ key, index, path: resolve(dir, path) });
    });
  }
  return out;
}

/** Absolute paths of the patch files a kustomization names (relative to its directory). */
export function patchesOf(kustomizationFile: string, text = readFileSync(kustomizationFile, 'utf8')): string[] {
  return kustomizationEntries(kustomizationFile, text)
    .filter((e) => PATCH_KEYS.includes(e.key))
    .map((e) => e.path);
}

const cache = new Map<string, { mtimeMs: number; patches: string[] }>();

function cachedPatches(file: string): string[] {
  const mtimeMs = statSync(file).mtimeMs;
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit.patches;
  const patches = patchesOf(file);
  cache.set(file, { mtimeMs, patches });
  return patches;
}

/** Every file named as a patch by the kustomizations among `files` (the checked tree or the workspace). */
export function patchesNamedBy(files: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const f of files) {
    if (!isKustomizationFile(f)) continue;
    try {
      for (const p of cachedPatches(resolve(f))) out.add(p);
    } catch {
      // an unreadable kustomization is not a reason to fail the check
    }
  }
  return out;
}

/**
 * Whether `file` is a Kustomize patch: named by one of `known` (from `patchesNamedBy` over the tree), or by a
 * kustomization in its own directory or a parent (its own directory first).
 */
export function isKustomizePatch(file: string, known: ReadonlySet<string> = new Set(), maxLevels = 2): boolean {
  const target = resolve(file);
  if (known.has(target)) return true;
  let dir = dirname(target);
  for (let level = 0; level <= maxLevels; level++) {
    for (const name of KUSTOMIZATION_FILES) {
      const candidate = join(dir, name);
      try {
        if (existsSync(candidate) && statSync(candidate).isFile() && cachedPatches(candidate).includes(target)) return true;
      } catch {
        // unreadable kustomization: not a reason to fail the check
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return false;
}
