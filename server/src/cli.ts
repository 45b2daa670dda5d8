import { enableCompileCache } from './node/compile-cache';

// `modelready` starts here: V8's code cache first, then the CLI bundle (dist/cli-main.js) and, on first use,
// the validators beside it. Worker threads start from this file too.
enableCompileCache(__dirname);
void import('./cli-main.js');
