import type { KustomizationFacts } from './model';

/**
 * Kustomizations, read from their parsed text (pure: the language server, the CLI and the workspace facts all use
 * this one reader): what each brings in, which files are its patches (partial objects), and its namespace.
 */

const KUSTOMIZATION_FILE = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;

/** Whether a file (path or URI) is a kustomization, by its name as `kustomize build` finds it. */
export function isKustomizationFile(pathOrUri: string): boolean {
  return KUSTOMIZATION_FILE.test(pathOrUri);
}

/**
 * A kustomization's facts from its parsed text: the files and directories it brings in (`resources`,
 * `components`, `bases`, patch paths) and the patch files alone, as URIs resolved against its own, and its
 * `namespace`. Remote entries (URLs, `github.com/...`) and inline patches are left out.
 */
export function kustomizationFacts(uri: string, value: unknown): KustomizationFacts | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const k = value as Record<string, unknown>;
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const resolve = (p: string): string | undefined => {
    if (p.includes('\n') || /^[a-z][a-z0-9+.-]*:\/\/|^(github\.com|gitlab\.com|bitbucket\.org)\//i.test(p)) return undefined;
    try {
      return new URL(p, uri).href.replace(/\/$/, '');
    } catch {
      return undefined; // not a path
    }
  };
  const patchPaths: string[] = list(k.patchesStrategicMerge).filter((p): p is string => typeof p === 'string');
  for (const key of ['patches', 'patchesJson6902']) {
    for (const p of list(k[key])) {
      const path = p && typeof p === 'object' ? (p as Record<string, unknown>).path : typeof p === 'string' ? p : undefined;
      if (typeof path === 'string') patchPaths.push(path);
    }
  }
  const broughtIn = ['resources', 'components', 'bases'].flatMap((key) => list(k[key]).filter((p): p is string => typeof p === 'string'));
  const patches = patchPaths.map(resolve).filter((u): u is string => !!u);
  const entries = [...broughtIn.map(resolve).filter((u): u is string => !!u), ...patches];
  const namespace = typeof k.namespace === 'string' && k.namespace !== '' ? k.namespace : undefined;
  return { uri, entries, patches, namespace };
}
