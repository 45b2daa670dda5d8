import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from './errors';
import type { Io } from './main';

/**
 * Colours: `--no-color` / `--color` win; then NO_COLOR (any non-empty value: off) and FORCE_COLOR (`0`/`false`:
 * off, anything else: on), as https://no-color.org and Node do; otherwise only when writing to a terminal.
 */
export function useColor(flags: { color?: boolean; 'no-color'?: boolean }, env: NodeJS.ProcessEnv, stream: NodeJS.WriteStream): boolean {
  if (flags['no-color']) return false;
  if (flags.color) return true;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return !(env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false');
  return !!stream.isTTY && env.TERM !== 'dumb';
}

/** A progress bar on stderr for long runs, only on a terminal; erased when done. Nothing at all when piped. */
export class Progress {
  private last = 0;
  private shown = false;
  private readonly start = Date.now();

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly files: number,
    private readonly enabled: boolean,
  ) {}

  static for(io: Io, files: number, quiet: boolean): Progress {
    // Long runs only: a handful of files finishes before a bar could be read.
    return new Progress(io.stderr, files, !quiet && !!io.stderr.isTTY && files >= 100 && !io.env.CI);
  }

  update(done: number, total: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 80 || now - this.start < 250) return;
    this.last = now;
    const width = 30;
    const ratio = total ? done / total : 1;
    const cells = Math.round(ratio * width);
    const files = Math.min(this.files, Math.round(ratio * this.files));
    this.stream.write(`\r\u001b[2Kmodelready ${'█'.repeat(cells)}${'░'.repeat(width - cells)} ${files}/${this.files} files`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) this.stream.write('\r\u001b[2K');
    this.shown = false;
  }
}

/** Writes a command's output to `--output FILE` (created or replaced) or stdout. */
export function emit(io: Io, text: string, output: string | undefined): void {
  if (output === undefined || output === '-') {
    io.stdout.write(text);
    return;
  }
  const abs = resolve(io.cwd, output);
  try {
    writeFileSync(abs, text, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot write '${output}': ${(e as Error).message}`);
  }
}

export function positiveInt(name: string, value: string | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`--${name} must be a whole number${min > 0 ? ` ≥ ${min}` : ''}, not '${value}'`);
  return Number(value);
}

export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, not '${value}'`);
  return value as T;
}
