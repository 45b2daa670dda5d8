import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Config } from '../engine/config/config';
import type { PodElsewhere } from '../engine/facts/model';
import type { FileResult, FixOptions, ImplementationGlobs, InputFile, ManifestReference, SharedFile } from './pipeline';
import { gitStyle, linkedCandidates, Slice } from './pipeline';
import type { FromWorker, ToWorker, WorkerInit } from './worker';

/** Runs above this many files use worker threads (below, starting workers costs more than it saves). */
export const PARALLEL_THRESHOLD = 200;
/** Fewest files a worker gets: more workers than that only add start-up cost. */
const MIN_PER_WORKER = 100;

export interface RunOptions {
  inputs: InputFile[];
  configs: Config[];
  fix?: FixOptions;
  /** Display name of each input (same order). */
  names: string[];
  /** Worker threads: undefined picks (one per core above PARALLEL_THRESHOLD files), 0 or 1 runs in this thread. */
  jobs?: number;
  /** The CLI's entry file (workers load it). */
  entry: string;
  onProgress?: (done: number, total: number) => void;
}

function workerCount(files: number, jobs: number | undefined): number {
  if (jobs !== undefined) return Math.max(1, Math.min(jobs, files));
  if (files <= PARALLEL_THRESHOLD) return 1;
  return Math.max(1, Math.min(availableParallelism(), Math.floor(files / MIN_PER_WORKER)));
}

/** What a file costs to check, roughly: its size, plus a share for the file itself (small files have units too). */
function weightOf(input: InputFile): number {
  let size = input.text?.length;
  if (size === undefined) {
    try {
      size = statSync(input.path).size;
    } catch {
      size = 0; // reported when it is read
    }
  }
  return size + 1024;
}

/**
 * Contiguous slices of about equal weight: contiguous keeps a directory's files together (and the output order is
 * the input order anyway); by weight, not count, so that no worker waits for one given the large files.
 */
function balancedSlices(inputs: readonly InputFile[], n: number): { from: number; to: number }[] {
  const weights = inputs.map(weightOf);
  const total = weights.reduce((a, b) => a + b, 0);
  const slices: { from: number; to: number }[] = [];
  let from = 0;
  let sum = 0;
  for (let i = 0; i < inputs.length; i++) {
    sum += weights[i];
    if (slices.length < n - 1 && sum >= (total * (slices.length + 1)) / n) {
      slices.push({ from, to: i + 1 });
      from = i + 1;
    }
  }
  if (from < inputs.length) slices.push({ from, to: inputs.length });
  return slices;
}

/** Checks every input; results in input order. Progress counts two steps per file (analyse, check). */
export async function runCheck(o: RunOptions): Promise<FileResult[]> {
  const total = o.inputs.length * 2;
  let done = 0;
  const progress = (n: number) => {
    done += n;
    o.onProgress?.(done, total);
  };
  const n = workerCount(o.inputs.length, o.jobs);
  if (n <= 1) {
    const diff = o.fix?.diff ? gitStyle((await import('diff')).createTwoFilesPatch) : undefined;
    const names = new Map(o.inputs.map((input, i) => [input, o.names[i]]));
    const slice = new Slice(o.inputs, o.configs, o.fix, (input) => names.get(input) ?? input.path, diff, progress);
    slice.analyze();
    return slice.check();
  }

  const slices = balancedSlices(o.inputs, n);
  const workers = slices.map(
    (s) =>
      new Worker(o.entry, {
        workerData: { inputs: o.inputs.slice(s.from, s.to), configs: o.configs, fix: o.fix, names: o.names.slice(s.from, s.to) } satisfies WorkerInit,
      }),
  );
  const analyzed: SharedFile[][] = [];
  const candidates: string[][] = [];
  const manifests: ImplementationGlobs[] = [];
  const references: ManifestReference[] = [];
  const pods: PodElsewhere[][] = [];
  const results: FileResult[][] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let pendingAnalyze = workers.length;
      let pendingLinked = workers.length;
      let pendingDone = workers.length;
      workers.forEach((w, wi) => {
        w.on('error', reject);
        w.on('exit', (code) => {
          if (results[wi] === undefined) reject(new Error(`worker ${wi} exited (code ${code}) before it finished`));
        });
        w.on('message', (m: FromWorker) => {
          if (m.type === 'progress') progress(m.done);
          else if (m.type === 'failed') reject(new Error(m.message));
          else if (m.type === 'analyzed') {
            candidates[wi] = m.candidates;
            pods[wi] = m.pods;
            manifests.push(...m.manifests);
            references.push(...m.references);
            if (--pendingAnalyze === 0) {
              const sliceOf = new Map(slices.flatMap((s, si) => o.inputs.slice(s.from, s.to).map((input) => [input.uri, si] as const)));
              const linked = linkedCandidates(manifests, candidates.flat(), references, sliceOf);
              workers.forEach((other, oi) => other.postMessage({ type: 'linked', uris: candidates[oi].filter((u) => linked.has(u)) } satisfies ToWorker));
            }
          } else if (m.type === 'linked') {
            analyzed[wi] = m.shared;
            if (--pendingLinked === 0) {
              // What the other slices hold, for worker `oi`: of the slices before it and after it.
              const ofOthers = <T>(lists: T[][], oi: number): T[] => lists.filter((_, k) => k !== oi).flat();
              workers.forEach((other, oi) =>
                other.postMessage({ type: 'check', before: analyzed.slice(0, oi).flat(), after: analyzed.slice(oi + 1).flat(), pods: ofOthers(pods, oi) } satisfies ToWorker),
              );
            }
          } else if (m.type === 'done') {
            results[wi] = m.results;
            if (--pendingDone === 0) resolve();
          }
        });
      });
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results.flat();
}
