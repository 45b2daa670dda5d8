import { isMainThread } from 'node:worker_threads';

// One file for both roles: the CLI, and the worker threads it starts for large runs (they load this file again).
if (isMainThread) {
  void import('./cli/main.js').then(async ({ main }) => {
    process.exitCode = await main(process.argv.slice(2), {
      cwd: process.cwd(),
      env: process.env,
      stdout: process.stdout,
      stderr: process.stderr,
      // Workers start from the entry the user ran (dist/cli.js: the compile cache), else this file.
      entry: require.main?.filename ?? __filename,
    });
  });
} else {
  void import('./cli/worker.js').then(({ runWorker }) => runWorker());
}
