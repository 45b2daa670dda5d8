import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../engine/config/config';
import type { PodElsewhere } from '../engine/facts/model';
import type { Analyzed, FixOptions, InputFile, SharedFile } from './pipeline';
import { gitStyle, mergeAscending, Slice } from './pipeline';
import { claimFor } from './claim';
import type { Claiming } from './claim';
import type { PackedResults } from './wire';
import { packResults } from './wire';

/** What the main thread starts a worker with: every input of the run, and how inputs are claimed. */
export interface WorkerInit {
  inputs: InputFile[];
  configs: Config[];
  fix?: FixOptions;
  fingerprints?: boolean;
  /** Display names of the inputs (same order). */
  names: string[];
  claiming: Claiming;
}

/** The main thread's messages: which of the worker's candidates are linked (run indices); then the check. */
export type ToWorker = { type: 'linked'; indices: number[] } | { type: 'check'; others: SharedFile[]; pods: PodElsewhere[] };
export type FromWorker =
  | ({ type: 'analyzed'; own: number[] } & Omit<Analyzed, 'shared'>)
  | { type: 'linked'; shared: SharedFile[] }
  | { type: 'progress'; done: number }
  | { type: 'done'; results: PackedResults }
  | { type: 'failed'; message: string };

/**
 * A worker thread: phase 1 over the chunks it claims; then it hands over its shared files (those holding facts
 * other files read, and the candidates the main thread found linked); phase 2 when the main thread sends the shared
 * files of the other threads.
 */
export async function runWorker(): Promise<void> {
  const port = parentPort!;
  const init = workerData as WorkerInit;
  const post = (m: FromWorker) => port.postMessage(m);
  const failed = (e: unknown) => post({ type: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  try {
    const diff = init.fix?.diff ? gitStyle((await import('diff')).createTwoFilesPatch) : undefined;
    const slice = new Slice(init.inputs, init.configs, init, (i) => init.names[i], claimFor(init.claiming, init.inputs.length), diff, (done) => post({ type: 'progress', done }));
    const t0 = performance.now();
    const { shared, candidates, manifests, references, pods } = slice.analyze();
    if (process.env.MODELREADY_TIMING) process.stderr.write(`modelready: worker ${init.claiming.thread} analyze ${slice.own.length} files ${(performance.now() - t0).toFixed(0)} ms\n`);
    post({ type: 'analyzed', own: slice.own, candidates, manifests, references, pods });
    port.on('message', (m: ToWorker) => {
      if (m.type === 'linked') {
        post({ type: 'linked', shared: slice.sharedFiles(mergeAscending(shared, m.indices)) });
        return;
      }
      try {
        const t1 = performance.now();
        const results = slice.check(m.others, m.pods);
        if (process.env.MODELREADY_TIMING) process.stderr.write(`modelready: worker ${init.claiming.thread} check ${slice.own.length} files, ${m.others.length} shared of other threads ${(performance.now() - t1).toFixed(0)} ms\n`);
        post({ type: 'done', results: packResults(results) });
      } catch (e) {
        failed(e);
      }
      port.close();
    });
  } catch (e) {
    failed(e);
    port.close();
  }
}
