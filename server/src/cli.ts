import { setFlagsFromString } from 'node:v8';
import { enableCompileCache } from './node/compile-cache';

// Optimising compiles were a quarter of a run's CPU (about 4 s per thread on the bench's 10,000 files, most of it on
// lukewarm functions, many compiled again after a deopt). Here a function is optimised after running longer (about
// 4.5x V8's default budget) and inlines less: 0.7 s of compiles instead of 3.9 s. 300,000 measured best once the
// engine got leaner (2026-12: 2-5% faster than 600,000 on the bench's files; 1,200,000 slower). Read as functions
// run and compile, so set before the bundle loads; flags are per process (workers too).
setFlagsFromString('--interrupt-budget=300000');
setFlagsFromString('--max-inlined-bytecode-size-cumulative=300');
// Young-generation GCs run on helper threads besides the JavaScript thread by default. A large run keeps every core
// busy with a checking thread, so the helpers only take turns with the other thread's work: without them, 3% less
// wall time on the bench's 10,000 files with two threads. `--jobs 1` asks for this thread only, helpers included.
setFlagsFromString('--no-parallel-scavenge');
// A large run keeps every file's analysis until it is checked, so the old generation only grows, and each major GC
// on the way frees next to nothing: on the bench's 10,000 files, two per thread (120-140 ms for the second), in the
// middle of the run. A worker thread's old generation starts at 256 MB instead (V8's default is far smaller) and
// skips them: 4% less wall time with two threads. A run that grows past it is collected as usual from there. It
// holds for the heaps made after this line, the workers'; the main thread's exists already.
setFlagsFromString('--initial-old-space-size=256');

// `modelready` starts here: V8's code cache first, then the CLI bundle (dist/cli-main.js) and, on first use,
// the validators beside it. Worker threads start from this file too.
enableCompileCache(__dirname);
// require, not import(): a dynamic import sends the 2 MB bundle through the ESM loader's CommonJS lexer first.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('./cli-main.js');
