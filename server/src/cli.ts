import { enableCompileCache } from './node/compile-cache';

// `modelready` starts here: V8's code cache first, then the CLI bundle (dist/cli-main.js) and, on first use,
// the validators beside it. Worker threads start from this file too.
enableCompileCache(__dirname);
// require, not import(): a dynamic import sends the 2 MB bundle through the ESM loader's CommonJS lexer first.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('./cli-main.js');
