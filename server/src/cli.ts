import { setFlagsFromString } from 'node:v8';
import { enableCompileCache } from './node/compile-cache';

// Optimising compiles are most of a run's fixed cost (about 4 s of CPU per thread on the bench's 10,000 files, many
// functions compiled again after a deopt): inlining less cuts that by a third, more than the inlined code saves.
// Read when a function is compiled, so set before the bundle runs; flags are per process (workers too).
setFlagsFromString('--max-inlined-bytecode-size-cumulative=300');

// `modelready` starts here: V8's code cache first, then the CLI bundle (dist/cli-main.js) and, on first use,
// the validators beside it. Worker threads start from this file too.
enableCompileCache(__dirname);
// require, not import(): a dynamic import sends the 2 MB bundle through the ESM loader's CommonJS lexer first.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('./cli-main.js');
