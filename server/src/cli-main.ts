import { isMainThread } from 'node:worker_threads';

// One file for both roles: the CLI, and the worker threads it starts for large runs (they load this file again).
if (isMainThread) {
  // A reader that stops early (`modelready check | head`) closes the pipe: the rest of the output has nowhere to go,
  // which is no failure of the run (as for `git log | head`): exit with the run's code, without a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit();
  });
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
