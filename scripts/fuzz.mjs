// The long fuzz run: the properties of test/fuzz/engine.fuzz.test.ts (test/fuzz/properties.ts) on many cases.
//
//   npm run fuzz                      100,000 cases
//   npm run fuzz -- 20000             20,000 cases
//   npm run fuzz -- 100000 --workers=4 --seed=42
//
// Each worker runs its share with its own seed and prints progress every 1,000 cases. A failure prints the
// shrunk counterexample with fast-check's seed and path (re-run it with `fc.assert(..., { seed, path })`), and
// the run exits 1.
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { require as tsxRequire } from 'tsx/cjs/api';

const args = process.argv.slice(2);
const flag = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const numRuns = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
const workers = Math.max(1, Number(flag('workers') ?? Math.min(4, availableParallelism())));
const seed = flag('seed') !== undefined ? Number(flag('seed')) : Date.now() % 2 ** 31;

if (args.includes('--child')) {
  const { runFuzz } = tsxRequire('../test/fuzz/properties.ts', import.meta.url);
  const started = Date.now();
  try {
    const done = runFuzz(numRuns, { seed, onProgress: (n) => process.send?.({ progress: 1000 }) ?? console.log(`${n} cases`) });
    process.send?.({ done, ms: Date.now() - started });
    process.exit(0);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    if (e instanceof Error && e.cause) console.error('Caused by:', e.cause instanceof Error ? e.cause.message : String(e.cause));
    process.exit(1);
  }
}

const started = Date.now();
console.log(`fuzzing: ${numRuns} cases on ${workers} worker(s), seeds ${seed}..${seed + workers - 1}`);
let total = 0;
let failed = 0;
const runs = [];
for (let w = 0; w < workers; w++) {
  const share = Math.floor(numRuns / workers) + (w < numRuns % workers ? 1 : 0);
  runs.push(
    new Promise((resolve) => {
      const child = fork(fileURLToPath(import.meta.url), [String(share), `--seed=${seed + w}`, '--child'], { stdio: 'inherit' });
      child.on('message', (m) => {
        if (m.progress) {
          total += m.progress;
          if (total % 5_000 === 0) console.log(`${total} cases (${((Date.now() - started) / 1000).toFixed(0)} s)`);
        }
      });
      child.on('exit', (code) => {
        if (code !== 0) {
          failed++;
          console.error(`worker ${w} (seed ${seed + w}) found a failing case (above)`);
        }
        resolve();
      });
    }),
  );
}
await Promise.all(runs);
const seconds = (Date.now() - started) / 1000;
console.log(failed ? `fuzz: ${failed} worker(s) failed after ~${total} cases in ${seconds.toFixed(0)} s` : `fuzz: ${numRuns} cases passed in ${seconds.toFixed(0)} s (${(numRuns / seconds).toFixed(0)} cases/s)`);
process.exit(failed ? 1 : 0);
