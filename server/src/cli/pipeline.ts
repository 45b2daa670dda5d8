import { readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { CheckEnvironment, FileAnalysis } from '../engine/check';
import { Workspace } from '../engine/workspace';
import { isKustomizationFile } from '../engine/facts/kustomization';
import type { Config } from '../engine/config/config';
import { fixAllText } from '../engine/fix/apply';
import type { FileSummary } from '../engine/report/model';
import { summarizeFile } from '../engine/report/model';
import type { DeploymentUnit, KubeResource, PodElsewhere } from '../engine/facts/model';
import type { Limits, YamlDocument, YamlFile } from '../engine/parse/yaml';
import { parseYaml } from '../engine/parse/yaml';
import type { Finding } from '../engine/types';
import { implementationNames, manifestTarget } from '../engine/facts/links';
import { referencedFileExists } from '../node/files';

/**
 * The check pipeline, run by each thread that checks: the main thread alone for small runs, the main thread and
 * worker threads for large ones. Threads claim the inputs in chunks as they go (`ClaimChunk`: whichever is free
 * takes the next chunk, so none waits for another that was given the heavy files), and keep the analyses of what
 * they claimed; what crosses threads is plain data (structured clone):
 *
 * 1. `analyze`: read (or take stdin's text), apply fixes when asked, parse and check syntax and schema; report
 *    which files hold facts that rules read across files: Kubernetes resources (Services, PodDisruptionBudgets,
 *    NetworkPolicies, autoscalers, ...) and native manifests with `implementation:` globs; and the files of other
 *    units (`candidates`): workloads those globs could name, native manifests and workloads linked to one by the
 *    manifest annotation (`references`). The pods of the candidates go to the other threads as plain data (`pods`:
 *    labels a selector may match, scrape annotations): that is all other threads read of them unless linked.
 * 2. `linked`: the main thread, which has every thread's native manifests' globs (`manifests`) and annotations,
 *    asks for the candidates linked across threads (`linkedCandidates`, `sharedFiles`).
 * 3. `check`: build the workspace from the thread's files plus the shared files of the others, in input order,
 *    then run every rule on each of the thread's files. A shared file that holds only resources comes with them as
 *    plain data (`resources`): it is parsed again only when a rule reports on a place in it (see
 *    `shippedAnalysis`); the others (units, kustomizations) are handed over as text and analysed again.
 *
 * Each thread checks through the engine's `Workspace` (the façade the language server uses too). With one thread
 * this is exactly analyse-all, then check-each with every file in view; with several, every rule sees the same
 * facts whichever thread claimed which file, so the findings are the same (test/cli: threads equal one thread).
 */

export interface InputFile {
  /** Absolute path, or the display name of stdin. */
  path: string;
  uri: string;
  /** Text already read (stdin). */
  text?: string;
  /** Index into the run's configurations. */
  config: number;
  stdin?: boolean;
  /** A Kustomize patch: a partial object (see node/kustomize.ts). */
  partial?: boolean;
}

export interface FixOptions {
  /** Write fixed files (atomically). */
  write: boolean;
  /** Produce a unified diff per changed file. */
  diff: boolean;
}

/** What a run asks of the check besides the findings. */
export interface CheckOptions {
  fix?: FixOptions;
  /** Whether findings get fingerprints (see CheckEnvironment.fingerprints); default true. */
  fingerprints?: boolean;
}

export interface SharedFile {
  /** The file's index among the run's inputs. */
  index: number;
  input: InputFile;
  text: string;
  /** The file's resources, when it holds nothing else rules read (no unit, not a kustomization); `document`: its index. */
  resources?: ShippedResource[];
}

/** A pod of another thread's file (for `podsElsewhere`), with that file's index among the run's inputs. */
export interface IndexedPod {
  index: number;
  pod: PodElsewhere;
}

/** A resource as plain data: its document is the file's `document`-th. */
export type ShippedResource = Omit<KubeResource, 'doc'> & { document: number };

/** What a native manifest's `implementation:` globs need to name files: its file and globs (plain data). */
export type ImplementationGlobs = Pick<DeploymentUnit, 'uri' | 'spec'>;

/** A workload's `modelready.dev/manifest` annotation: its file and the file it names (plain data). */
export interface ManifestReference {
  uri: string;
  target: string;
}

export interface FileResult {
  uri: string;
  path: string;
  summary: FileSummary;
  findings: Finding[];
  /** Number of fixes applied (or that would be). */
  fixed?: number;
  diff?: string;
  error?: string;
}

export function environment(options: CheckOptions = {}): CheckEnvironment {
  return { fileExists: referencedFileExists, fingerprints: options.fingerprints !== false };
}

/**
 * What the report needs of a finding: fixes lose their edits (only "has a preferred fix" is kept). A resource and a
 * kept fix are one object per value (`shared`): many findings name the same unit or offer the same fix, and results
 * cross threads by structured clone, which copies an object once however often it is referenced.
 */
function lean(f: Finding, shared: Map<unknown, object>): Finding {
  const out = { ...f };
  const resource = f.resource;
  if (resource) {
    // Findings of one unit share its resource object already; others (set per finding) are matched by value.
    let known = shared.get(resource) as Finding['resource'];
    if (!known) {
      const key = `r${JSON.stringify([resource.kind, resource.namespace ?? null, resource.name])}`;
      known = (shared.get(key) as Finding['resource']) ?? resource;
      shared.set(key, known!).set(resource, known!);
    }
    out.resource = known;
  }
  if (f.fixes) {
    const preferred = f.fixes.find((x) => x.isPreferred);
    if (preferred) {
      const key = `f${preferred.title}`;
      let fixes = shared.get(key) as Finding['fixes'];
      if (!fixes) shared.set(key, (fixes = [{ title: preferred.title, edits: [], isPreferred: true }]));
      out.fixes = fixes;
    } else out.fixes = undefined;
  }
  return out;
}

/** Writes a file atomically: a temporary file beside it, then a rename over it (keeping its mode). */
export function writeAtomic(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.modelready-${process.pid}-${Math.random().toString(36).slice(2, 8)}.tmp`);
  let mode: number | undefined;
  try {
    mode = statSync(path).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  try {
    writeFileSync(tmp, text, { encoding: 'utf8', mode });
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw e;
  }
}

type DiffFn = (oldName: string, newName: string, oldText: string, newText: string) => string;

/** A unified diff without jsdiff's `=====` separator line, as `git diff` and `patch` print it. */
export function gitStyle(createTwoFilesPatch: DiffFn): DiffFn {
  return (a, b, oldText, newText) => createTwoFilesPatch(a, b, oldText, newText).replace(/^=+\n/, '');
}

/** What phase 1 reports of a thread's files (run indices), for the exchange between threads. */
export interface Analyzed {
  /** Files holding facts other files' rules read. */
  shared: number[];
  /** The other files with units: shared only when linked across threads. */
  candidates: number[];
  manifests: ImplementationGlobs[];
  references: ManifestReference[];
  /** The candidates' pods, as other threads read them. */
  pods: IndexedPod[];
}

/** Hands out the inputs in chunks, `[from, to)` of the run's input list, until none are left. */
export type ClaimChunk = () => readonly [number, number] | undefined;

/** Two ascending lists of indices as one. */
export function mergeAscending(a: readonly number[], b: readonly number[]): number[] {
  return [...a, ...b].sort((x, y) => x - y);
}

/** Claims every input at once: one thread checks them all. */
export function claimAll(count: number): ClaimChunk {
  let claimed = false;
  return () => {
    if (claimed || count === 0) return undefined;
    claimed = true;
    return [0, count];
  };
}

/**
 * The check pipeline of the inputs one thread claims (see `ClaimChunk`). Indices are the run's (into `inputs`,
 * every input of the run); the thread keeps the analyses of its own files between the phases.
 */
export class Slice {
  /** The run's indices of this thread's files, in the order claimed (ascending). */
  readonly own: number[] = [];
  private readonly analyses = new Map<number, FileAnalysis>();
  private readonly texts = new Map<number, string>();
  private readonly results = new Map<number, FileResult>();
  private readonly env: CheckEnvironment;
  private readonly workspace: Workspace;
  /** The objects lean findings share (see lean). */
  private readonly shared = new Map<unknown, object>();

  constructor(
    private readonly inputs: readonly InputFile[],
    private readonly configs: readonly Config[],
    private readonly options: CheckOptions,
    private readonly displayPath: (index: number) => string,
    private readonly claim: ClaimChunk,
    private readonly diff?: DiffFn,
    private readonly onProgress?: (done: number) => void,
  ) {
    this.env = environment(options);
    this.workspace = new Workspace(this.env);
  }

  /**
   * Phase 1, over the chunks this thread claims. Returns the run's indices of files holding facts other files' rules
   * read, and of the other files with units (linked to another thread's files when a manifest's globs or annotation
   * names across threads).
   */
  analyze(): Analyzed {
    const out: Analyzed = { shared: [], candidates: [], manifests: [], references: [], pods: [] };
    const progress = batched(this.onProgress);
    for (let chunk = this.claim(); chunk; chunk = this.claim()) {
      for (let i = chunk[0]; i < chunk[1]; i++) {
        this.own.push(i);
        this.analyzeOne(i, out);
        progress.tick();
      }
    }
    progress.flush();
    return out;
  }

  private analyzeOne(i: number, out: Analyzed): void {
    const input = this.inputs[i];
    const config = this.configs[input.config];
    const result: FileResult = { uri: input.uri, path: input.path, summary: { uri: input.uri, documents: 0, units: [], scoreUnits: [] }, findings: [] };
    this.results.set(i, result);
    let text: string;
    try {
      text = input.text ?? readFileSync(input.path, 'utf8');
    } catch (e) {
      result.error = `cannot read ${this.displayPath(i)}: ${e instanceof Error ? e.message : String(e)}`;
      return;
    }
    const fix = this.options.fix;
    if (fix) {
      const fixed = fixAllText(input.uri, text, config, this.env, { partial: input.partial });
      if (fixed.text !== text) {
        result.fixed = fixed.fixed;
        if (fix.diff && this.diff) {
          const name = this.displayPath(i);
          result.diff = this.diff(`a/${name}`, `b/${name}`, text, fixed.text);
        }
        if (fix.write && !input.stdin) {
          try {
            writeAtomic(input.path, fixed.text);
          } catch (e) {
            result.error = `cannot write ${this.displayPath(i)}: ${e instanceof Error ? e.message : String(e)}`;
          }
        }
        text = fixed.text;
      }
    }
    const analysis = this.workspace.analyze(input.uri, text, config, { partial: input.partial });
    this.analyses.set(i, analysis);
    this.texts.set(i, text);
    const units = analysis.documents.flatMap((d) => d.units);
    let globs = false;
    for (const u of units) {
      if (u.declaration && u.spec.implementation?.length) {
        out.manifests.push({ uri: u.uri, spec: { implementation: u.spec.implementation } });
        globs = true;
      }
      const target = manifestTarget(u);
      if (target !== undefined) out.references.push({ uri: u.uri, target });
    }
    if (globs || analysis.documents.some((d) => d.resources.length > 0) || isKustomizationFile(input.uri)) out.shared.push(i);
    else if (units.length > 0) {
      out.candidates.push(i);
      // Other threads do not see this file unless linked: what their rules read of its workloads goes to them as data.
      for (const u of units) if (u.pod) out.pods.push({ index: i, pod: { uri: u.uri, namespace: u.namespace, labels: u.pod.labels, annotations: u.pod.annotations ?? {} } });
    }
  }

  /** The shared files among this thread's files (run indices, ascending), as data for the other threads. */
  sharedFiles(indices: readonly number[]): SharedFile[] {
    return indices.map((index) => {
      const input = this.inputs[index];
      const text = this.texts.get(index)!;
      const documents = this.analyses.get(index)!.documents;
      if (isKustomizationFile(input.uri) || documents.some((d) => d.units.length > 0)) return { index, input, text };
      return { index, input, text, resources: documents.flatMap((d, document) => d.resources.map(({ doc: _, ...r }) => ({ ...r, document }))) };
    });
  }

  /** Adds another thread's shared file to the workspace: its resources as shipped, else its text analysed again. */
  private addShared(s: SharedFile): void {
    const config = this.configs[s.input.config];
    if (s.resources) this.workspace.add(shippedAnalysis(s.input.uri, s.text, s.resources, config.limits));
    else this.workspace.analyze(s.input.uri, s.text, config, { partial: s.input.partial });
  }

  /**
   * Phase 2: every rule on each file of this thread, with the shared files of the other threads in the workspace
   * (`others`, ascending by run index: with this thread's files, in input order, as one thread sees them) and the
   * pods of their other workloads (`podsElsewhere`). Returns the results of `own`, in its order.
   */
  check(others: readonly SharedFile[] = [], podsElsewhere: readonly PodElsewhere[] = []): FileResult[] {
    if (podsElsewhere.length > 0) this.workspace.setEnvironment({ ...this.env, podsElsewhere });
    if (others.length > 0) {
      this.workspace.clear();
      let next = 0;
      for (const i of this.own) {
        while (next < others.length && others[next].index < i) this.addShared(others[next++]);
        const analysis = this.analyses.get(i);
        if (analysis) this.workspace.add(analysis);
      }
      while (next < others.length) this.addShared(others[next++]);
    }
    const progress = batched(this.onProgress);
    const results = this.own.map((i) => {
      const result = this.results.get(i)!;
      const analysis = this.analyses.get(i);
      if (!analysis) return result;
      const config = this.configs[this.inputs[i].config];
      result.findings = this.workspace.check(analysis, config).map((f) => lean(f, this.shared));
      result.summary = summarizeFile(analysis, config);
      this.workspace.checked(analysis);
      progress.tick();
      return result;
    });
    progress.flush();
    this.analyses.clear();
    this.texts.clear();
    this.results.clear();
    this.workspace.clear();
    return results;
  }
}

/** Progress told in batches of 25 files (each crosses threads as a message), then the rest at `flush`. */
function batched(onProgress: ((done: number) => void) | undefined): { tick(): void; flush(): void } {
  let pending = 0;
  return {
    tick() {
      if (++pending === 25) {
        onProgress?.(pending);
        pending = 0;
      }
    },
    flush() {
      onProgress?.(pending);
      pending = 0;
    },
  };
}

/**
 * Which candidate files (by uri) are linked across threads, and so become shared: those the native manifests of
 * the threads name in `implementation:` (the manifest's thread sees its implementation; the manifest itself is
 * shared), and both ends of a manifest annotation whose files lie in two threads (`threadOf`: each input's
 * thread), so that each end's thread sees the other.
 */
export function linkedCandidates(manifests: readonly ImplementationGlobs[], candidateUris: readonly string[], references: readonly ManifestReference[], threadOf: ReadonlyMap<string, number>): Set<string> {
  const linked = new Set(manifests.length === 0 ? [] : candidateUris.filter((uri) => manifests.some((n) => implementationNames(n, uri))));
  for (const r of references) {
    const target = threadOf.get(r.target);
    if (target !== undefined && target !== threadOf.get(r.uri)) linked.add(r.uri).add(r.target);
  }
  return linked;
}

/**
 * The analysis of another thread's file from its shipped resources: what the workspace's facts read of it, without
 * parsing it. Its documents parse (once, with the file's limits) when something reads more of them than their
 * identity: a rule placing a related location in the file. Until then a document's `cacheKey` (what the workspace's
 * topology reads of every resource) is its own token.
 */
function shippedAnalysis(uri: string, text: string, shipped: readonly ShippedResource[], limits: Limits): FileAnalysis {
  let yaml: YamlFile | undefined;
  const parsed = (): YamlFile => (yaml ??= parseYaml(text, limits));
  const docs = new Map<number, YamlDocument>();
  const docAt = (index: number): YamlDocument => {
    let doc = docs.get(index);
    if (!doc) {
      const cacheKey = {};
      doc = new Proxy({} as YamlDocument, {
        get(_, key) {
          if (key === 'cacheKey') return cacheKey;
          const real = parsed().documents[index];
          const value: unknown = Reflect.get(real, key, real);
          return typeof value === 'function' ? value.bind(real) : value;
        },
      });
      docs.set(index, doc);
    }
    return doc;
  };
  const resources = new Map<number, KubeResource[]>();
  for (const { document, ...r } of shipped) {
    const list = resources.get(document) ?? [];
    list.push({ ...r, doc: docAt(document) });
    resources.set(document, list);
  }
  return {
    uri,
    get yaml() {
      return parsed();
    },
    documents: [...resources].map(([index, list]) => ({ doc: docAt(index), findings: [], units: [], resources: list })),
    fileFindings: [],
  };
}
