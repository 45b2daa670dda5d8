import type { AnalyzeOptions, CheckEnvironment, FileAnalysis } from './check';
import { analyzeFile, buildWorkspace, checkFile } from './check';
import type { Config } from './config/config';
import type { WorkspaceFacts } from './facts/model';
import type { Rule } from './rules/define';
import type { Finding } from './types';
import type { ChunkedText } from './parse/text';

/**
 * The engine's façade: the files of one workspace, analysed once per change, and the facts cross-document rules
 * read (built from every file once per change; the relation index lives on them). The language server, the CLI
 * (one per worker slice) and the tests check through it, so they agree on what a file sees of the others.
 *
 * Two layers: the files as saved (`disk`: indexed from the workspace, or the CLI's inputs) and the editor's open
 * buffers (`open`), which win over the saved text of the same file while they are open. The environment (whether a
 * referenced file exists, today's date) is the caller's: nothing here reads the file system, and an untrusted
 * workspace says "unknown" through it. What is a Kustomize patch is the caller's to say too (`AnalyzeOptions`).
 */
export class Workspace {
  private readonly disk = new Map<string, FileAnalysis>();
  private readonly open = new Map<string, FileAnalysis>();
  private built: WorkspaceFacts | undefined;

  constructor(private env: CheckEnvironment = {}) {}

  /**
   * Analyses a file's text and keeps it; documents whose text did not change keep their analysis. The open buffer's
   * analysis is the closest to a new text of either layer (a file saved and closed is read again as it was edited).
   */
  analyze(uri: string, text: string | ChunkedText, config: Config, options: AnalyzeOptions = {}, layer: 'disk' | 'open' = 'disk'): FileAnalysis {
    const previous = this.open.get(uri) ?? this.disk.get(uri);
    const analysis = analyzeFile(uri, text, config, previous, options);
    this.add(analysis, layer);
    return analysis;
  }

  /** Keeps an analysis made elsewhere (another worker's shared file, a file analysed before it was added). */
  add(analysis: FileAnalysis, layer: 'disk' | 'open' = 'disk'): void {
    (layer === 'open' ? this.open : this.disk).set(analysis.uri, analysis);
    this.built = undefined;
  }

  /** Forgets a file: deleted from disk, or its buffer closed (the saved file counts again). */
  remove(uri: string, layer: 'disk' | 'open' = 'disk'): void {
    if ((layer === 'open' ? this.open : this.disk).delete(uri)) this.built = undefined;
  }

  /** Forgets every file of a layer (the workspace became untrusted: nothing on disk is read). */
  clear(layer: 'disk' | 'open' = 'disk'): void {
    (layer === 'open' ? this.open : this.disk).clear();
    this.built = undefined;
  }

  /** The analysis other files see: the open buffer's, else the saved file's. */
  file(uri: string): FileAnalysis | undefined {
    return this.open.get(uri) ?? this.disk.get(uri);
  }

  /** The saved file's analysis (for files that are not open). */
  saved(uri: string): FileAnalysis | undefined {
    return this.disk.get(uri);
  }

  /** How many files are known as saved (indexed). */
  get savedCount(): number {
    return this.disk.size;
  }

  /** Every file as other files see it. */
  files(): FileAnalysis[] {
    const all = new Map(this.disk);
    for (const [uri, analysis] of this.open) all.set(uri, analysis);
    return [...all.values()];
  }

  /** Builds the facts again on next use: something they depend on changed outside the files (trust, settings). */
  invalidate(): void {
    this.built = undefined;
  }

  /** A new environment (trust changed): facts that depend on it are built again. */
  setEnvironment(env: CheckEnvironment): void {
    this.env = env;
    this.built = undefined;
  }

  /** The facts cross-document rules read; built once per change of any file. */
  facts(): WorkspaceFacts {
    return (this.built ??= buildWorkspace(this.files(), this.env));
  }

  /**
   * Forgets what makes checking a file again cheap (its documents' kept findings): for a caller that checks each
   * file once (the CLI), where those findings, fixes and all, would otherwise stay until the end of the run.
   * The file stays in the workspace, as other files see it.
   */
  checked(file: FileAnalysis): void {
    for (const d of file.documents) {
      d.ruleCache = undefined;
      d.checked = undefined;
    }
  }

  /** Every finding of one of the workspace's files, with the others in view (`rules`: a subset, for rule tests). */
  check(file: FileAnalysis, config: Config, rules?: readonly Rule[]): Finding[] {
    return rules ? checkFile(file, this.facts(), config, this.env, rules) : checkFile(file, this.facts(), config, this.env);
  }
}
