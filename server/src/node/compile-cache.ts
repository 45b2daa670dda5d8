import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { isMainThread } from 'node:worker_threads';

interface CompilingModule {
  exports: unknown;
  require(id: string): unknown;
  _compile(content: string, filename: string): unknown;
}

interface ModuleInternals {
  wrap(content: string): string;
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _cache: Record<string, unknown>;
  prototype: CompilingModule;
  enableCompileCache?: (dir?: string) => unknown;
}

/**
 * V8's code cache for the bundles in `root` (the CLI and its validators, about 5 MB of JavaScript whose
 * compilation was most of a one-file run): Node ≥ 22.1 has it built in (`module.enableCompileCache`); on
 * Node 20 the bundles are compiled through `vm.Script` with the cached data kept in the temp folder, as
 * v8-compile-cache does. V8 rejects data made for other source or another V8, which then compiles as usual.
 */
const mainModule = require.main;

/** A run this long (ms) has compiled most of what a run needs: its cache replaces a smaller one. */
const LONG_RUN_MS = 2000;

export function enableCompileCache(root: string): void {
  if (process.env.MODELREADY_NO_COMPILE_CACHE) return;
  const M = Module as unknown as ModuleInternals;
  // Per user, and used only if this user owns it and no one else can write to it: the cache is code.
  const uid = process.getuid?.();
  const dir = join(tmpdir(), `modelready-compile-cache-${uid ?? 'user'}`, `${process.version}-${process.arch}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const s = statSync(dirname(dir));
    if (uid !== undefined && (s.uid !== uid || (s.mode & 0o022) !== 0)) return;
  } catch {
    return;
  }
  if (typeof M.enableCompileCache === 'function') {
    M.enableCompileCache(dir);
    return;
  }
  const compile = M.prototype._compile;
  M.prototype._compile = function (this: CompilingModule, content: string, filename: string): unknown {
    if (dirname(filename) !== root) return compile.call(this, content, filename);
    const key = bundleKey(filename);
    let stamp: string;
    try {
      const s = statSync(filename);
      stamp = `${key}-${s.size}-${Math.round(s.mtimeMs)}`;
    } catch {
      return compile.call(this, content, filename);
    }
    // A long run's cache (`.long.bin`) holds what runs need and is kept; a short run's may be replaced by a long one.
    const shortFile = join(dir, `${stamp}.bin`);
    const longFile = join(dir, `${stamp}.long.bin`);
    let cachedData: Buffer | undefined;
    let fromLongRun = false;
    try {
      cachedData = readFileSync(longFile);
      fromLongRun = true;
    } catch {
      try {
        cachedData = readFileSync(shortFile);
      } catch {
        // first run of this build
      }
    }
    const script = new Script(M.wrap(content), { filename, cachedData });
    const fn = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const requireFn = Object.assign((id: string) => this.require(id), {
      resolve: (request: string, options?: unknown) => M._resolveFilename(request, this, false, options),
      main: mainModule,
      cache: M._cache,
    });
    const result = fn.call(this.exports, this.exports, requireFn, this, filename, dirname(filename));
    // At exit, so that the cache holds every function the run compiled (most of the engine compiles on first call,
    // which then cost each run, and each worker thread, a few hundred ms): written when there was none (a new
    // build), and by the first long run (`cacheWanted`). A worker thread is terminated without its exit event: there
    // the cache is written at once when missing.
    const missing = !cachedData || script.cachedDataRejected === true;
    const write = (): void => {
      const longRun = performance.now() >= LONG_RUN_MS;
      if (!cacheWanted(missing, fromLongRun, longRun)) return;
      const cacheFile = longRun ? longFile : shortFile;
      try {
        writeFileSync(`${cacheFile}.${process.pid}`, script.createCachedData());
        // Written aside and renamed, so a parallel run never reads half a file.
        renameSync(`${cacheFile}.${process.pid}`, cacheFile);
        pruneStaleCaches(dir, key, basename(cacheFile));
      } catch {
        // a read-only temp folder: run without the cache
      }
    };
    if (isMainThread) process.once('exit', write);
    else write();
    return result;
  };
}

/**
 * Whether a run writes its bundle's cache at exit: when there was none (or V8 rejected it), and when a long run
 * read one a short run wrote (the first run of a build may have been `--help`). Not after a long run's: making the
 * data is tens of milliseconds at the end of every large run, and a long run's cache already holds what runs compile.
 */
export function cacheWanted(missing: boolean, fromLongRun: boolean, longRun: boolean): boolean {
  return missing || (longRun && !fromLongRun);
}

/** A bundle's name and where it is installed (FNV-1a of its folder): installs side by side keep their own caches. */
function bundleKey(filename: string): string {
  const folder = dirname(filename);
  let h = 0x811c9dc5;
  for (let i = 0; i < folder.length; i++) h = Math.imul(h ^ folder.charCodeAt(i), 0x01000193);
  return `${basename(filename)}-${(h >>> 0).toString(16)}`;
}

/** A cache of another install not written for this long is removed: its folder is most likely gone (a deleted clone). */
const ABANDONED_MS = 30 * 24 * 3600 * 1000;

/**
 * Removes the caches of earlier builds of a bundle (`<bundle>-<size>-<mtime>.bin` other than `keep`, where `bundle`
 * is its `bundleKey`): each update writes new ones, which would otherwise pile up in the temp folder. Caches of other
 * installs go when not written for `ABANDONED_MS` (a live install writes its cache again on its next run). Files
 * being written (`.bin.<pid>`) stay; a cache another run still reads stays readable where the system allows it, and
 * is skipped where it does not.
 */
export function pruneStaleCaches(dir: string, bundle: string, keep: string): void {
  const now = Date.now();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (name === keep || !name.endsWith('.bin')) continue;
    try {
      if (name.startsWith(`${bundle}-`) || now - statSync(join(dir, name)).mtimeMs > ABANDONED_MS) unlinkSync(join(dir, name));
    } catch {
      // in use or gone
    }
  }
}
