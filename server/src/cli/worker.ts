import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../engine/config/config';
import type { PodElsewhere } from '../engine/facts/model';
import type { FixOptions, ImplementationGlobs, InputFile, ManifestReference, SharedFile } from './pipeline';
import { gitStyle, Slice } from './pipeline';

/** What the main thread starts a worker with. */
export interface WorkerInit {
  inputs: InputFile[];
  configs: Config[];
  fix?: FixOptions;
  /** Display names of the inputs (same order). */
  names: string[];
}

export type ToWorker = { type: 'linked'; uris: string[] } | { type: 'check'; before: SharedFile[]; after: SharedFile[]; pods: PodElsewhere[] };
export type FromWorker =
  | { type: 'analyzed'; candidates: string[]; manifests: ImplementationGlobs[]; references: ManifestReference[]; pods: PodElsewhere[] }
  | { type: 'linked'; shared: SharedFile[] }
  | { type: 'progress'; done: number }
  | { type: 'done'; results: import('./pipeline').FileResult[] }
  | { type: 'failed'; message: string };

/**
 * A worker thread: phase 1 on start; then it hands over the candidates the main thread found linked; phase 2 when
 * the main thread sends the shared files of the other slices.
 */
export async function runWorker(): Promise<void> {
  const port = parentPort!;
  const init = workerData as WorkerInit;
  const post = (m: FromWorker) => port.postMessage(m);
  try {
    const diff = init.fix?.diff ? gitStyle((await import('diff')).createTwoFilesPatch) : undefined;
    const names = new Map(init.inputs.map((input, i) => [input, init.names[i]]));
    const slice = new Slice(init.inputs, init.configs, init.fix, (input) => names.get(input) ?? input.path, diff, (done) => post({ type: 'progress', done }));
    const t0 = performance.now();
    const { shared, candidates, manifests, references, pods } = slice.analyze();
    if (process.env.MODELREADY_TIMING) process.stderr.write(`modelready: worker analyze ${init.inputs.length} files ${(performance.now() - t0).toFixed(0)} ms\n`);
    post({ type: 'analyzed', candidates: slice.urisOf(candidates), manifests, references, pods });
    port.on('message', (m: ToWorker) => {
      if (m.type === 'linked') {
        const wanted = new Set(m.uris);
        // Every shared file of the slice, in input order (the order one thread sees them in).
        const linked = candidates.filter((i) => wanted.has(slice.urisOf([i])[0]));
        post({ type: 'linked', shared: slice.sharedFiles([...shared, ...linked].sort((a, b) => a - b)) });
        return;
      }
      try {
        const t1 = performance.now();
        const results = slice.check(m.before, m.after, m.pods);
        if (process.env.MODELREADY_TIMING) process.stderr.write(`modelready: worker check ${init.inputs.length} files, ${m.before.length + m.after.length} shared of other slices ${(performance.now() - t1).toFixed(0)} ms\n`);
        post({ type: 'done', results });
      } catch (e) {
        post({ type: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      }
      port.close();
    });
  } catch (e) {
    post({ type: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    port.close();
  }
}
