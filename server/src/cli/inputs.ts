import { readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config } from '../engine/config/config';
import { isPlainRelativePath } from '../engine/report/model';
import type { LoadedConfig } from '../node/config-file';
import { loadConfigFor } from '../node/config-file';
import { isKustomizePatch, kustomizationsIn, patchesNamedBy } from '../node/kustomize';
import { UsageError } from './errors';
import type { InputFile } from './pipeline';

/** Folders a directory walk never enters. */
export const SKIPPED_DIRS = ['node_modules', '.git'];
const YAML_FILES = '**/*.{yaml,yml}';

export interface CollectOptions {
  cwd: string;
  /** `--config FILE`: one configuration for every file. */
  configFile?: string;
  /** `--profile`: overrides the profile of every configuration. */
  profile?: Config['profile'];
  stdinFilename?: string;
  readStdin: () => string;
}

export interface Collected {
  inputs: InputFile[];
  configs: Config[];
  /** Configuration files in use (for messages). */
  configFiles: (string | undefined)[];
  /** The configuration of the working directory (the report's profile and catalogue). */
  primary: Config;
}

function hasMagic(p: string): boolean {
  return /[*?[\]{}!]/.test(p) || /(^|[^\\])\((?:[^)]*\|)/.test(p);
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/**
 * The `file:` URI of each file of a walk, as `pathToFileURL` gives it, with one `pathToFileURL` per directory: a
 * plain name (`isPlainRelativePath`, which a URI writes as it is) is appended to its directory's URI.
 */
export function fileUris(): (path: string) => string {
  const dirUris = new Map<string, string>();
  return (path) => {
    const cut = path.lastIndexOf(sep) + 1;
    const name = path.slice(cut);
    if (cut === 0 || !isPlainRelativePath(name)) return pathToFileURL(path).href;
    const dir = path.slice(0, cut);
    let uri = dirUris.get(dir);
    if (uri === undefined) dirUris.set(dir, (uri = pathToFileURL(dir).href));
    return uri + name;
  };
}

/** An absolute path as `resolve` gives it: a glob's result usually is one already (POSIX: no empty, `.` or `..` part). */
export function normalizedPath(path: string): string {
  return sep === '/' && path.startsWith('/') && !/\/\.{0,2}(?:\/|$)/.test(path) ? path : resolve(path);
}

/** Resolves configurations per directory (nearest `.modelready.yaml` upward, or `--config`), cached. */
export class Configs {
  readonly list: Config[] = [];
  readonly files: (string | undefined)[] = [];
  private readonly byFile = new Map<string, number>();
  private readonly byDir = new Map<string, number>();

  constructor(private readonly o: CollectOptions) {
    if (o.configFile) {
      const abs = resolve(o.cwd, o.configFile);
      try {
        if (!statSync(abs).isFile()) throw new Error('not a file');
      } catch (e) {
        throw new UsageError(`cannot read the configuration file '${o.configFile}': ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
      }
    }
  }

  /** Index of the configuration for files in `dir`. */
  forDir(dir: string): number {
    const cached = this.byDir.get(dir);
    if (cached !== undefined) return cached;
    const loaded: LoadedConfig = this.o.configFile ? loadConfigFor(dir, undefined, undefined, resolve(this.o.cwd, this.o.configFile)) : loadConfigFor(dir);
    const key = `${loaded.file ?? ''}|${loaded.chartSchema ?? ''}`;
    let index = this.byFile.get(key);
    if (index === undefined) {
      if (loaded.problems.length > 0) {
        const where = loaded.file ? relative(this.o.cwd, loaded.file) || loaded.file : 'configuration';
        throw new UsageError(`invalid configuration in ${where}:\n${loaded.problems.map((p) => `  ${p.path.length ? `${p.path.join('.')}: ` : ''}${p.message}`).join('\n')}`);
      }
      const config = this.o.profile ? { ...loaded.config, profile: this.o.profile } : loaded.config;
      index = this.list.length;
      this.list.push(config);
      this.files.push(loaded.file);
      this.byFile.set(key, index);
    }
    this.byDir.set(dir, index);
    return index;
  }
}

/** The `ignore` globs of a configuration, made relative to `cwd` (they are written relative to their file). */
function ignoreGlobs(config: Config, configFile: string | undefined, cwd: string): string[] {
  const base = configFile ? dirname(configFile) : cwd;
  const prefix = toPosix(relative(cwd, base));
  return config.ignore.map((g) => {
    const neg = g.startsWith('!');
    const body = neg ? g.slice(1) : g;
    const rel = prefix && !body.startsWith('**/') ? `${prefix}/${body.replace(/^\.\//, '')}` : body;
    return rel;
  });
}

/**
 * The files named on the command line: `-` is stdin; a file is taken as is; a directory is walked for
 * `*.yaml`/`*.yml` (skipping node_modules, .git and the configuration's `ignore` globs); anything else is a glob
 * (expanded with the same skips). Every name must match something: a missing file or an empty glob is a usage
 * error. Files are deduplicated and keep the order in which they were named (walks and globs sorted).
 */
export async function collectInputs(patterns: readonly string[], o: CollectOptions): Promise<Collected> {
  const configs = new Configs(o);
  const primary = configs.forDir(o.cwd);
  const inputs: InputFile[] = [];
  const seen = new Set<string>();
  const uriOf = fileUris();
  const add = (abs: string) => {
    if (seen.has(abs)) return;
    seen.add(abs);
    inputs.push({ path: abs, uri: uriOf(abs), config: configs.forDir(dirname(abs)) });
  };
  let glob: typeof import('tinyglobby').glob | undefined;
  const expand = async (cwdForGlob: string, pattern: string, ignore: string[]) => {
    // require, not import(): the bundle then takes tinyglobby's CommonJS build (its ESM build needs import.meta).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    glob ??= (require('tinyglobby') as typeof import('tinyglobby')).glob;
    const found = await glob([pattern], {
      cwd: cwdForGlob,
      absolute: true,
      onlyFiles: true,
      dot: false,
      ignore: [...SKIPPED_DIRS.map((d) => `**/${d}/**`), ...ignore],
      expandDirectories: false,
    });
    return found.map(normalizedPath).sort();
  };
  const primaryIgnore = ignoreGlobs(configs.list[primary], configs.files[primary], o.cwd);

  for (const p of patterns.length ? patterns : ['.']) {
    if (p === '-') {
      const name = o.stdinFilename ?? '<stdin>';
      const abs = resolve(o.cwd, name);
      if (seen.has('-')) continue;
      seen.add('-');
      inputs.push({ path: o.stdinFilename ? abs : name, uri: pathToFileURL(abs).href, text: o.readStdin(), config: configs.forDir(dirname(abs)), stdin: true });
      continue;
    }
    const abs = resolve(o.cwd, p);
    let kind: 'file' | 'dir' | undefined;
    try {
      const s = statSync(abs);
      kind = s.isDirectory() ? 'dir' : 'file';
    } catch {
      kind = undefined;
    }
    if (kind === 'file') add(abs);
    else if (kind === 'dir') {
      // Walk with the ignore globs of the configuration that governs the directory.
      const ci = configs.forDir(abs);
      const configFile = configs.files[ci];
      const root = configFile && abs.startsWith(dirname(configFile)) ? dirname(configFile) : o.cwd;
      const ignore = ignoreGlobs(configs.list[ci], configFile, root);
      const rel = toPosix(relative(root, abs));
      const pattern = rel ? `${rel.replace(/[*?[\]{}()!]/g, '\\$&')}/${YAML_FILES}` : YAML_FILES;
      for (const f of await expand(root, pattern, ignore)) add(f);
    } else if (hasMagic(p)) {
      const matched = await expand(o.cwd, toPosix(p), primaryIgnore);
      if (matched.length === 0) throw new UsageError(`no files match the pattern '${p}'`);
      matched.forEach(add);
    } else {
      throw new UsageError(`cannot read '${p}': no such file or directory`);
    }
  }
  // Kustomize patches are partial wherever they are checked from (the language server decides the same way).
  const patches = patchesNamedBy(inputs.filter((i) => !i.stdin).map((i) => i.path));
  const kustomizations = kustomizationsIn();
  for (const input of inputs) if (isKustomizePatch(input.path, patches, undefined, kustomizations)) input.partial = true;
  return { inputs, configs: configs.list, configFiles: configs.files, primary: configs.list[primary] };
}

export function readStdin(): string {
  try {
    return readFileSync(0, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EAGAIN' || (e as NodeJS.ErrnoException).code === 'EOF') return '';
    throw new UsageError(`cannot read standard input: ${(e as Error).message}`);
  }
}
