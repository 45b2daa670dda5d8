import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { KustomizationEntryKey } from '../engine/facts/kustomization';
import { isKustomizationFile, kustomizationFacts, PATCH_KEYS } from '../engine/facts/kustomization';
import { parseYamlValue } from '../engine/parse/yaml';

/**
 * Kustomize patches are partial objects (a strategic-merge patch of a Deployment has no `selector`, and its base
 * holds the probes, volumes and security context): the engine checks them with `analyzeFile(..., { partial: true })`.
 * A file is a patch when any kustomization of the checked tree names it under `patches` (path form),
 * `patchesStrategicMerge` or `patchesJson6902` (a Component's kustomization included), or when a kustomization in
 * its own directory or up to `maxLevels` above does (a file checked on its own). The CLI and the language server
 * both decide it here, so they agree.
 */

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export { isKustomizationFile };


/** A file or folder a kustomization names, with where it names it (`resources[2]`) and its absolute path. */
export interface KustomizationEntry {
  key: KustomizationEntryKey;
  index: number;
  path: string;
}

/** The local files and folders a kustomization names (remote URLs and inline patches left out). */
export function kustomizationEntries(kustomizationFile: string, text = readFileSync(kustomizationFile, 'utf8')): KustomizationEntry[] {
  const parsed = parseYamlValue(text);
  const facts = 'value' in parsed ? kustomizationFacts(pathToFileURL(kustomizationFile).href, parsed.value) : undefined;
  return (facts?.items ?? []).filter((i) => i.uri.startsWith('file:')).map((i) => ({ key: i.key, index: i.index, path: fileURLToPath(i.uri) }));
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

/** File names that say "patch" (`patch-vllm.yaml`, `decode_patch.yaml`, `patches.yaml`): Kustomize inputs by convention. */
const PATCH_NAME = /(^|[-_.])patch(es)?([-_.]|$)/i;

/** The kustomization files of a directory (one lookup per directory for a pass over many files: `kustomizationsIn`). */
export type KustomizationsIn = (dir: string) => string[];

/** Looks the kustomization files of each directory up once (for one pass over many files: the file system may change after). */
export function kustomizationsIn(): KustomizationsIn {
  const found = new Map<string, string[]>();
  return (dir) => {
    let list = found.get(dir);
    if (!list) found.set(dir, (list = existingKustomizations(dir)));
    return list;
  };
}

function existingKustomizations(dir: string): string[] {
  return KUSTOMIZATION_FILES.map((name) => join(dir, name)).filter((candidate) => {
    try {
      return existsSync(candidate) && statSync(candidate).isFile();
    } catch {
      return false;
    }
  });
}

/**
 * Whether `file` is a Kustomize patch: named by one of `known` (from `patchesNamedBy` over the tree), by a
 * kustomization in its own directory or a parent (its own directory first), or named like one (a patch copied
 * without its kustomization is still a fragment: judging it as a whole resource is never right).
 */
export function isKustomizePatch(file: string, known: ReadonlySet<string> = new Set(), maxLevels = 2, kustomizations: KustomizationsIn = existingKustomizations): boolean {
  const target = resolve(file);
  if (known.has(target) || PATCH_NAME.test(basename(target).replace(/\.ya?ml$/, ''))) return true;
  let dir = dirname(target);
  for (let level = 0; level <= maxLevels; level++) {
    for (const candidate of kustomizations(dir)) {
      try {
        if (cachedPatches(candidate).includes(target)) return true;
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
