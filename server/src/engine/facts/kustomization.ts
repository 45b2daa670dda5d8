import type { KustomizationEntryKey, KustomizationFacts } from './model';

/**
 * Kustomizations, read from their parsed text (pure: the language server, the CLI and the workspace facts all use
 * this one reader): what each brings in, which files are its patches (partial objects), and its namespace.
 */

const KUSTOMIZATION_FILE = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;

/** Whether a file (path or URI) is a kustomization, by its name as `kustomize build` finds it. */
export function isKustomizationFile(pathOrUri: string): boolean {
  return KUSTOMIZATION_FILE.test(pathOrUri);
}

export type { KustomizationEntryKey };
export const PATCH_KEYS: readonly KustomizationEntryKey[] = ['patches', 'patchesStrategicMerge', 'patchesJson6902'];

/**
 * A kustomization's facts from its parsed text: the files and directories it brings in (`resources`,
 * `components`, `bases`, patch paths) with where it names them, the patch files alone, as URIs resolved against
 * its own, and its `namespace`. Remote entries (URLs, `github.com/...`) and inline patches are left out.
 */
export function kustomizationFacts(uri: string, value: unknown): KustomizationFacts | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const k = value as Record<string, unknown>;
  const resolve = (p: string): string | undefined => {
    if (p.includes('\n') || /^[a-z][a-z0-9+.-]*:\/\/|^(github\.com|gitlab\.com|bitbucket\.org)\//i.test(p)) return undefined;
    try {
      return new URL(p, uri).href.replace(/\/$/, '');
    } catch {
      return undefined; // not a path
    }
  };
  const pathOf = (p: unknown): unknown => (typeof p === 'string' ? p : p && typeof p === 'object' ? (p as Record<string, unknown>).path : undefined);
  const items: KustomizationFacts['items'][number][] = [];
  for (const key of ['resources', 'bases', 'components', ...PATCH_KEYS] as const) {
    const list = Array.isArray(k[key]) ? (k[key] as unknown[]) : [];
    list.forEach((p, index) => {
      const path = pathOf(p);
      const resolved = typeof path === 'string' ? resolve(path) : undefined;
      if (resolved) items.push({ key, index, uri: resolved });
    });
  }
  const namespace = typeof k.namespace === 'string' && k.namespace !== '' ? k.namespace : undefined;
  return { uri, items, entries: items.map((i) => i.uri), patches: items.filter((i) => PATCH_KEYS.includes(i.key)).map((i) => i.uri), namespace };
}
