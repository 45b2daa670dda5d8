import { existsSync, readFileSync, statSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folders that never hold manifests worth checking. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.venv', 'venv', '__pycache__', '.terraform']);

/** What the workspace index reads: folders it walks into, and files it reads. */
const walked = (folder: string): boolean => !SKIPPED_DIRS.has(folder) && !folder.startsWith('.');
const YAML_FILE = /\.ya?ml$/;

/** Whether `findYamlFiles` over one of `roots` lists `path`: a YAML file below a root, in no skipped or hidden folder. */
export function isIndexedPath(path: string, roots: readonly string[]): boolean {
  if (!YAML_FILE.test(path)) return false;
  return roots.some((root) => {
    const rel = relative(root, path);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return false;
    return rel.split(sep).slice(0, -1).every(walked);
  });
}

/** Every `*.yaml`/`*.yml` under `root`, breadth first, up to `max` files. */
export async function findYamlFiles(root: string, max = 20_000): Promise<string[]> {
  const found: string[] = [];
  const queue = [root];
  while (queue.length > 0 && found.length < max) {
    const dir = queue.shift()!;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (walked(e.name)) queue.push(join(dir, e.name));
      } else if (e.isFile() && YAML_FILE.test(e.name)) {
        found.push(join(dir, e.name));
        if (found.length >= max) break;
      }
    }
  }
  return found;
}

/** Reads a text file unless it is bigger than `maxBytes` (then undefined). */
export async function readTextFile(path: string, maxBytes: number): Promise<string | undefined> {
  try {
    const s = await stat(path);
    if (s.size > maxBytes) return undefined;
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** readTextFile without the thread pool: for a loop over many small files that yields on its own. */
export function readTextFileSync(path: string, maxBytes: number): string | undefined {
  try {
    if (statSync(path).size > maxBytes) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Whether a path referenced from a manifest exists (relative to the manifest's folder). */
export function referencedFileExists(path: string, fromUri: string): boolean | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return undefined; // URLs are never fetched
  if (!fromUri.startsWith('file:')) return undefined;
  try {
    const base = dirname(fileURLToPath(fromUri));
    return existsSync(isAbsolute(path) ? path : resolve(base, path));
  } catch {
    return undefined;
  }
}
