import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Config } from '../engine/config/config';
import type { FileResult, FixOptions, IndexedPod, InputFile, SharedFile } from './pipeline';
import { claimAll, gitStyle, linkedCandidates, mergeAscending, Slice } from './pipeline';
import type { FromWorker, ToWorker, WorkerInit } from './worker';
import type { Claiming } from './claim';
import { claimFor } from './claim';
import { unpackResults } from './wire';

/** Runs above this many files use worker threads (below, starting workers costs more than it saves). */
export const PARALLEL_THRESHOLD = 200;
/** Fewest files a thread gets: more threads than that only add start-up cost. */
const MIN_PER_THREAD = 100;
/** Files a thread claims at a time: few enough that the threads finish together, enough that claiming costs nothing. */
const CHUNK_FILES = 32;

export interface RunOptions {
  inputs: InputFile[];
  configs: Config[];
  fix?: FixOptions;
  /** Whether findings get fingerprints (CheckOptions); default true. */
  fingerprints?: boolean;
  /** Display name of each input (same order). */
  names: string[];
  /** Threads that check, the main thread included: undefined picks (one per core above PARALLEL_THRESHOLD files). */
  jobs?: number;
  /** The CLI's entry file (workers load it). */
  entry: string;
  /** The environment (MODELREADY_STRIDE deals the files out in turn; see claim.ts). */
  env?: NodeJS.ProcessEnv;
  onProgress?: (done: number, total: number) => void;
}

function threadCount(files: number, jobs: number | undefined): number {
  if (jobs !== undefined) return Math.max(1, Math.min(jobs, files));
  if (files <= PARALLEL_THRESHOLD) return 1;
  return Math.max(1, Math.min(availableParallelism(), Math.floor(files / MIN_PER_THREAD)));
}

type Message<T extends FromWorker['type']> = Extract<FromWorker, { type: T }>;

/** A worker's replies, awaited by type; a failure anywhere rejects `failure`. */
class Channel {
  private readonly waiting = new Map<string, (m: FromWorker) => void>();
  private readonly arrived = new Map<string, FromWorker>();
  private finished = false;

  constructor(
    readonly worker: Worker,
    index: number,
    onProgress: (done: number) => void,
    fail: (e: Error) => void,
  ) {
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.finished) fail(new Error(`worker ${index} exited (code ${code}) before it finished`));
    });
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'progress') return onProgress(m.done);
      if (m.type === 'failed') return fail(new Error(m.message));
      if (m.type === 'done') this.finished = true;
      const resolve = this.waiting.get(m.type);
      if (resolve) {
        this.waiting.delete(m.type);
        resolve(m);
      } else this.arrived.set(m.type, m);
    });
  }

  next<T extends FromWorker['type']>(type: T): Promise<Message<T>> {
    const m = this.arrived.get(type);
    if (m) {
      this.arrived.delete(type);
      return Promise.resolve(m as Message<T>);
    }
    return new Promise((resolve) => this.waiting.set(type, resolve as (m: FromWorker) => void));
  }

  send(m: ToWorker): void {
    this.worker.postMessage(m);
  }
}

/**
 * Checks every input; results in input order. Progress counts two steps per file (analyse, check). With several
 * threads the main thread is one of them: it claims and checks files like the workers, and hands the facts that
 * cross threads between them (pipeline.ts).
 */
export async function runCheck(o: RunOptions): Promise<FileResult[]> {
  const total = o.inputs.length * 2;
  let done = 0;
  const progress = (n: number) => {
    done += n;
    o.onProgress?.(done, total);
  };
  const diff = o.fix?.diff ? gitStyle((await import('diff')).createTwoFilesPatch) : undefined;
  const n = threadCount(o.inputs.length, o.jobs);
  const name = (i: number) => o.names[i];
  if (n <= 1) {
    const slice = new Slice(o.inputs, o.configs, o, name, claimAll(o.inputs.length), diff, progress);
    slice.analyze();
    return slice.check();
  }

  const next = o.env?.MODELREADY_STRIDE ? undefined : new Int32Array(new SharedArrayBuffer(4));
  const claiming = (thread: number): Claiming => ({ thread, threads: n, next, size: CHUNK_FILES });
  let fail: (e: Error) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => (fail = reject));
  failure.catch(() => undefined);
  const all = <T>(promises: Promise<T>[]) => Promise.race([Promise.all(promises), failure]);
  const channels = Array.from({ length: n - 1 }, (_, k) => {
    const init: WorkerInit = { inputs: o.inputs, configs: o.configs, fix: o.fix, fingerprints: o.fingerprints, names: o.names, claiming: claiming(k + 1) };
    return new Channel(new Worker(o.entry, { workerData: init }), k + 1, progress, fail);
  });
  try {
    const slice = new Slice(o.inputs, o.configs, o, name, claimFor(claiming(0), o.inputs.length), diff, progress);
    const mine = slice.analyze();
    const theirs = await all(channels.map((c) => c.next('analyzed')));
    const uri = (i: number) => o.inputs[i].uri;
    const threadOf = new Map<string, number>(slice.own.map((i) => [uri(i), 0]));
    theirs.forEach((m, k) => m.own.forEach((i) => threadOf.set(uri(i), k + 1)));
    const each = [mine, ...theirs];
    const linked = linkedCandidates(
      each.flatMap((m) => m.manifests),
      each.flatMap((m) => m.candidates.map(uri)),
      each.flatMap((m) => m.references),
      threadOf,
    );
    const linkedOf = (candidates: readonly number[]) => candidates.filter((i) => linked.has(uri(i)));
    channels.forEach((c, k) => c.send({ type: 'linked', indices: linkedOf(theirs[k].candidates) }));
    const shared: SharedFile[][] = [slice.sharedFiles(mergeAscending(mine.shared, linkedOf(mine.candidates)))];
    for (const m of await all(channels.map((c) => c.next('linked')))) shared.push(m.shared);
    // What thread t sees of the others: their shared files and pods, in input order (as one thread sees them).
    const ofOthers = <T extends { index: number }>(lists: readonly (readonly T[])[], t: number): T[] =>
      lists
        .filter((_, k) => k !== t)
        .flat()
        .sort((a, b) => a.index - b.index);
    const pods: IndexedPod[][] = each.map((m) => m.pods);
    channels.forEach((c, k) => c.send({ type: 'check', others: ofOthers(shared, k + 1), pods: ofOthers(pods, k + 1).map((p) => p.pod) }));
    const results: FileResult[] = new Array<FileResult>(o.inputs.length);
    slice.check(ofOthers(shared, 0), ofOthers(pods, 0).map((p) => p.pod)).forEach((r, k) => (results[slice.own[k]] = r));
    (await all(channels.map((c) => c.next('done')))).forEach((m, k) => unpackResults(m.results).forEach((r, j) => (results[theirs[k].own[j]] = r)));
    return results;
  } finally {
    await Promise.all(channels.map((c) => c.worker.terminate()));
  }
}
