// The extension part: load-and-activate time of the bundled client (see activation-child.mjs for what
// that is and is not) and the size of the packaged .vsix.
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarize } from './stats.mjs';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'activation-child.mjs');

/** Runs the activation child `runs` times, each in a fresh process, and summarises the times. */
export function activation({ client, workDir, runs = 10 }) {
  // An extension root without a server: activate() does not wait for the server, so none is started.
  const root = join(workDir, 'ext-root');
  mkdirSync(root, { recursive: true });
  const samples = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, [CHILD, client, root], { encoding: 'utf8', timeout: 30_000 });
    last = JSON.parse(r.stdout.trim().split('\n').at(-1) || '{}');
    if (last.error || r.status !== 0) return { error: last.error ?? r.stderr.slice(0, 1000) };
    samples.push(last);
  }
  return {
    runs,
    total: summarize(samples.map((s) => s.totalMs)),
    require: summarize(samples.map((s) => s.requireMs)),
    activate: summarize(samples.map((s) => s.activateMs)),
    subscriptions: last.subscriptions,
    clientBytes: statSync(client).size,
  };
}

/** `npm run package` in the repository; returns the .vsix size or the failure. */
export function packageVsix({ cwd }) {
  const t0 = performance.now();
  const r = spawnSync('npm', ['run', 'package'], { cwd, encoding: 'utf8', timeout: 300_000 });
  const ms = Math.round(performance.now() - t0);
  const file = join(cwd, 'dist', 'modelready.vsix');
  if (r.status !== 0) return { error: `npm run package exited ${r.status}: ${(r.stderr || r.stdout).slice(-1500)}`, ms };
  return { file: 'dist/modelready.vsix', bytes: statSync(file).size, ms };
}
