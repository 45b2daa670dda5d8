import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

/**
 * A full garbage collection now, when the runtime allows it (best effort: never throws). The server calls it when
 * the editor closes a large file: V8 would otherwise keep that file's freed heap until the next one has grown past
 * it, and the process's peak memory would be the sum of the two. `--expose-gc` set at run time gives the `gc`
 * function to a new context (the server is not started with it).
 */
export function collectGarbage(): void {
  try {
    if (gc === undefined) {
      setFlagsFromString('--expose-gc');
      const exposed: unknown = runInNewContext('typeof gc === "function" ? gc : null');
      gc = typeof exposed === 'function' ? (exposed as () => void) : null;
    }
    gc?.();
  } catch {
    gc = null;
  }
}
