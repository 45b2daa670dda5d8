import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * Kustomize patches are partial objects (a strategic-merge patch of a Deployment has no `selector`): the engine
 * checks them with `analyzeFile(..., { partial: true })`. A file is a patch when a `kustomization.yaml` in its
 * directory or up to `maxLevels` directories above names it under `patches` (path form), `patchesStrategicMerge`
 * or `patchesJson6902`.
 */

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Absolute paths of the patch files a kustomization names (relative to its directory). */
export function patchesOf(kustomizationFile: string, text = readFileSync(kustomizationFile, 'utf8')): string[] {
  const dir = dirname(kustomizationFile);
  const out: string[] = [];
  let value: unknown;
  try {
    value = parseAllDocuments(text)[0]?.toJS({ maxAliasCount: 100 });
  } catch {
    return out;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return out;
  const k = value as Record<string, unknown>;
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  for (const p of list(k.patches)) {
    const path = typeof p === 'string' ? p : p && typeof p === 'object' ? (p as Record<string, unknown>).path : undefined;
    if (typeof path === 'string') out.push(resolve(dir, path));
  }
  for (const p of list(k.patchesStrategicMerge)) if (typeof p === 'string' && !p.includes('\n')) out.push(resolve(dir, p));
  for (const p of list(k.patchesJson6902)) {
    const path = p && typeof p === 'object' ? (p as Record<string, unknown>).path : undefined;
    if (typeof path === 'string') out.push(resolve(dir, path));
  }
  return out;
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

/** Whether `file` is a patch named by a nearby kustomization (its own directory first, then parents). */
export function isKustomizePatch(file: string, maxLevels = 2): boolean {
  const target = resolve(file);
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
