import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/**
 * A full garbage collection now. The server calls it when the editor closes a large file: V8 would otherwise keep
 * that file's freed heap until the next one has grown past it, and the process's peak memory would be the sum of
 * the two. `--expose-gc` set at run time gives the `gc` function to a new context (the server is not started with it).
 */
export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
