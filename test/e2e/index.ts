/**
 * Entry point of the extension-host (e2e) test suite: VS Code loads the bundle of this file
 * (`dist/test/e2e/index.js`, given as extensionTestsPath) and calls `run()`.
 *
 * The build bundles this file with esbuild into one CommonJS file (mocha and vscode stay external):
 *   esbuild test/e2e/index.ts --bundle --platform=node --format=cjs --external:vscode --external:mocha \
 *     --outfile=dist/test/e2e/index.js
 * so suite files cannot be found on disk with a glob. They are listed below as lazy `import()`s, which
 * esbuild keeps lazy inside the bundle: their top-level `describe(...)` calls run only when `run()` loads
 * them, after mocha has installed `describe`/`it`/hooks on the global object ('pre-require').
 * To add a suite file, add a line to SUITES. The `.js` extension is what TypeScript's Node16 resolution wants
 * for `import()`; esbuild maps it to the `.ts` source.
 *
 * Results go to `<results>/e2e-results.json` (`<results>` = $MODELREADY_E2E_RESULTS, default
 * `<repo>/test-results`), which the code-server driver waits for:
 *   { passed, failed, pending, tests: [{ title, state: 'passed'|'failed'|'pending', durationMs?, error? }], ... }
 *
 * While running, each test start (`state: 'started'`) and result is also appended as one JSON line to
 * `<results>/e2e-progress.jsonl`, which the driver tails to print results live and to name a hanging test.
 *
 * Env: MODELREADY_E2E_GREP=<regexp> runs only matching tests.
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { resultsDir } from './screenshot';

const SUITES: Array<[name: string, load: () => Promise<unknown>]> = [
  // First: it activates the extension by opening a YAML file, as a user does, and records VS Code's timing of that.
  ['suite/activation.test', () => import('./suite/activation.test.js')],
  ['suite/smoke.test', () => import('./suite/smoke.test.js')],
  ['suite/editor.test', () => import('./suite/editor.test.js')],
  ['suite/report.test', () => import('./suite/report.test.js')],
  ['suite/generate.test', () => import('./suite/generate.test.js')],
];

export const RESULTS_FILE = 'e2e-results.json';
export const PROGRESS_FILE = 'e2e-progress.jsonl';

export interface TestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
  stack?: string;
}

export interface E2EResults {
  passed: number;
  failed: number;
  pending: number;
  tests: TestResult[];
  vscodeVersion: string;
  appHost: string;
  remoteName: string | undefined;
  startedAt: string;
  durationMs: number;
}

export async function run(): Promise<void> {
  const startedAt = new Date();
  const tests: TestResult[] = [];
  const dir = resultsDir();
  fs.mkdirSync(dir, { recursive: true });
  const progress = path.join(dir, PROGRESS_FILE);
  fs.rmSync(progress, { force: true });
  const appendProgress = (entry: TestResult | { title: string; state: 'started' }) => {
    try {
      fs.appendFileSync(progress, JSON.stringify(entry) + '\n');
    } catch {
      // progress is a convenience for the driver's live output; the results file is what counts
    }
  };
  const record = (result: TestResult) => {
    tests.push(result);
    appendProgress(result);
  };
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 60_000,
    reporter: 'spec',
    // Under code-server the extension host's console ends up in log files: no ANSI colours there.
    color: !process.env.MODELREADY_E2E_DRIVER,
  });
  const grep = process.env.MODELREADY_E2E_GREP;
  if (grep) mocha.grep(new RegExp(grep));

  mocha.suite.emit('pre-require', globalThis, 'test/e2e/index.ts', mocha);
  for (const [name, load] of SUITES) {
    try {
      await load();
    } catch (err) {
      // A suite that throws while loading is reported as a failed test instead of a silent hang.
      record({ title: `load ${name}`, state: 'failed', ...errorFields(err) });
    }
  }

  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    // 'started' lines let the driver name the test that was running when it gives up waiting.
    runner.on('test', (t: Mocha.Test) => appendProgress({ title: t.fullTitle(), state: 'started' }));
    runner.on('pass', (t: Mocha.Test) => record({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    // Also fires for failing hooks ("before all" hook ...), which then count as failed tests.
    runner.on('fail', (t: Mocha.Runnable, err: unknown) =>
      record({ title: t.fullTitle(), state: 'failed', durationMs: t.duration, ...errorFields(err) }),
    );
    runner.on('pending', (t: Mocha.Test) => record({ title: t.fullTitle(), state: 'pending' }));
  });

  const results: E2EResults = {
    passed: tests.filter((t) => t.state === 'passed').length,
    failed: tests.filter((t) => t.state === 'failed').length,
    pending: tests.filter((t) => t.state === 'pending').length,
    tests,
    vscodeVersion: vscode.version,
    appHost: vscode.env.appHost,
    remoteName: vscode.env.remoteName,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
  };
  writeResults(dir, results);

  if (failures > 0 || results.failed > 0) {
    throw new Error(`${results.failed} e2e test(s) failed`);
  }
}

function writeResults(dir: string, results: E2EResults): void {
  const file = path.join(dir, RESULTS_FILE);
  // Atomic replace: the driver polls for this file and must never read half of it.
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(results, null, 2) + '\n');
  fs.renameSync(`${file}.tmp`, file);
}

function errorFields(err: unknown): Pick<TestResult, 'error' | 'stack'> {
  if (err instanceof Error) return { error: err.message, stack: err.stack };
  return { error: String(err) };
}
