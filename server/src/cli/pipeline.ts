import { readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { CheckEnvironment, FileAnalysis } from '../engine/check';
import { Workspace } from '../engine/workspace';
import { isKustomizationFile } from '../engine/facts/kustomization';
import type { Config } from '../engine/config/config';
import { fixAllText } from '../engine/fix/apply';
import type { FileSummary } from '../engine/report/model';
import { summarizeFile } from '../engine/report/model';
import type { DeploymentUnit, PodElsewhere } from '../engine/facts/model';
import type { Finding } from '../engine/types';
import { MANIFEST_ANNOTATION, implementationNames } from '../engine/facts/links';
import { referencedFileExists } from '../node/files';

/**
 * The check pipeline of a slice of the inputs, run in the main thread for small runs and in each worker thread
 * for large ones (plain data in, plain data out, so that it crosses threads by structured clone):
 *
 * 1. `analyze`: read (or take stdin's text), apply fixes when asked, parse and check syntax and schema; report
 *    which files hold facts that rules read across files: Kubernetes resources (Services, PodDisruptionBudgets,
 *    NetworkPolicies, autoscalers, ...), native manifests and workloads linked to one by annotation, and the
 *    workloads that could be named by a manifest's `implementation:` globs (`candidates`); the pods of those
 *    workloads go to the other slices as plain data (`pods`: labels a selector may match, scrape annotations).
 * 2. `linked`: the main thread, which has every slice's native manifests' globs (`manifests`), asks for the
 *    candidates they name (`sharedFiles`).
 * 3. `check`: build the workspace from the slice plus the shared files of the other slices (their texts are
 *    handed over and parsed again, which is cheap: they are few), then run every rule on each file of the slice.
 *
 * Each slice checks through the engine's `Workspace` (the façade the language server uses too). With one slice (no
 * workers) this is exactly analyse-all, then check-each with every file in view; with several,
 * every rule sees the same facts, so the findings are the same (test/cli: workers equal one thread on the corpus).
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

export interface SharedFile {
  input: InputFile;
  text: string;
}

/** What a native manifest's `implementation:` globs need to name files: its file and globs (plain data). */
export type ImplementationGlobs = Pick<DeploymentUnit, 'uri' | 'spec'>;

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

export function environment(): CheckEnvironment {
  return { fileExists: referencedFileExists };
}

/** Keeps what the report needs of a finding: fixes lose their edits (only "has a preferred fix" is kept). */
function lean(f: Finding): Finding {
  if (!f.fixes) return f;
  const preferred = f.fixes.find((x) => x.isPreferred);
  return { ...f, fixes: preferred ? [{ title: preferred.title, edits: [], isPreferred: true }] : undefined };
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

export class Slice {
  private analyses: (FileAnalysis | undefined)[] = [];
  private texts: (string | undefined)[] = [];
  private readonly results: FileResult[] = [];
  private readonly workspace = new Workspace(environment());

  constructor(
    private readonly inputs: readonly InputFile[],
    private readonly configs: readonly Config[],
    private readonly fix: FixOptions | undefined,
    private readonly displayPath: (input: InputFile) => string,
    private readonly diff?: DiffFn,
    private readonly onProgress?: (done: number) => void,
  ) {}

  /**
   * Phase 1. Returns the indices (in this slice) of files holding facts other files' rules read, and of files with
   * workloads a native manifest elsewhere may name in `implementation:`.
   */
  analyze(): { shared: number[]; candidates: number[]; manifests: ImplementationGlobs[]; pods: PodElsewhere[] } {
    const shared: number[] = [];
    const candidates: number[] = [];
    const manifests: ImplementationGlobs[] = [];
    const pods: PodElsewhere[] = [];
    const env = environment();
    this.inputs.forEach((input, i) => {
      const config = this.configs[input.config];
      const result: FileResult = { uri: input.uri, path: input.path, summary: { uri: input.uri, documents: 0, units: [], scoreUnits: [] }, findings: [] };
      this.results[i] = result;
      let text: string;
      try {
        text = input.text ?? readFileSync(input.path, 'utf8');
      } catch (e) {
        result.error = `cannot read ${this.displayPath(input)}: ${e instanceof Error ? e.message : String(e)}`;
        return;
      }
      if (this.fix) {
        const fixed = fixAllText(input.uri, text, config, env, { partial: input.partial });
        if (fixed.text !== text) {
          result.fixed = fixed.fixed;
          if (this.fix.diff && this.diff) {
            const name = this.displayPath(input);
            result.diff = this.diff(`a/${name}`, `b/${name}`, text, fixed.text);
          }
          if (this.fix.write && !input.stdin) {
            try {
              writeAtomic(input.path, fixed.text);
            } catch (e) {
              result.error = `cannot write ${this.displayPath(input)}: ${e instanceof Error ? e.message : String(e)}`;
            }
          }
          text = fixed.text;
        }
      }
      const analysis = this.workspace.analyze(input.uri, text, config, { partial: input.partial });
      this.analyses[i] = analysis;
      this.texts[i] = text;
      const units = analysis.documents.flatMap((d) => d.units);
      for (const u of units) if (u.declaration && u.spec.implementation?.length) manifests.push({ uri: u.uri, spec: { implementation: u.spec.implementation } });
      if (analysis.documents.some((d) => d.resources.length > 0) || isKustomizationFile(input.uri) || units.some((u) => u.declaration || MANIFEST_ANNOTATION in u.annotations)) shared.push(i);
      else if (units.length > 0) {
        candidates.push(i);
        // Other slices do not see this file: what their rules read of its workloads goes to them as data.
        for (const u of units) if (u.pod) pods.push({ uri: u.uri, namespace: u.namespace, labels: u.pod.labels, annotations: u.pod.annotations ?? {} });
      }
      if ((i + 1) % 25 === 0) this.onProgress?.(25);
    });
    this.onProgress?.(this.inputs.length % 25);
    return { shared, candidates, manifests, pods };
  }

  /** The uris of these files of the slice (candidates for `implementation:` links). */
  urisOf(indices: readonly number[]): string[] {
    return indices.map((i) => this.inputs[i].uri);
  }

  sharedFiles(indices: readonly number[]): SharedFile[] {
    return indices.map((i) => ({ input: this.inputs[i], text: this.texts[i]! }));
  }

  /**
   * Phase 2: every rule on each file of the slice, with the shared files of the other slices in the workspace and
   * the pods of their other workloads (`podsElsewhere`).
   */
  check(others: readonly SharedFile[], podsElsewhere: readonly PodElsewhere[] = []): FileResult[] {
    if (podsElsewhere.length > 0) this.workspace.setEnvironment({ ...environment(), podsElsewhere });
    for (const s of others) this.workspace.analyze(s.input.uri, s.text, this.configs[s.input.config], { partial: s.input.partial });
    let done = 0;
    this.inputs.forEach((input, i) => {
      const analysis = this.analyses[i];
      if (!analysis) return;
      const config = this.configs[input.config];
      const result = this.results[i];
      result.findings = this.workspace.check(analysis, config).map(lean);
      result.summary = summarizeFile(analysis, config);
      this.workspace.checked(analysis);
      if (++done % 25 === 0) this.onProgress?.(25);
    });
    this.onProgress?.(done % 25);
    this.analyses = [];
    this.texts = [];
    this.workspace.clear();
    return this.results;
  }
}

/**
 * Which candidate files (by uri) the native manifests of the slices name in `implementation:`: those become
 * shared too, so the manifest's slice sees its implementation.
 */
export function linkedCandidates(manifests: readonly ImplementationGlobs[], candidateUris: readonly string[]): Set<string> {
  return new Set(manifests.length === 0 ? [] : candidateUris.filter((uri) => manifests.some((n) => implementationNames(n, uri))));
}
