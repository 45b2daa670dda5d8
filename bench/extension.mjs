// The extension part: activation as VS Code reports it (the e2e suite's activation test in code-server),
// load-and-activate time of the bundled client with a stub `vscode` (see activation-child.mjs for what that
// is and is not) and the size of the packaged .vsix.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarize } from './stats.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH);
const CHILD = join(BENCH, 'activation-child.mjs');
const DRIVER = join(ROOT, 'scripts', 'e2e', 'run-code-server.mjs');
const INSTALL = join(ROOT, 'scripts', 'e2e', 'install-code-server.sh');
/** What the e2e suite's activation test writes (test/e2e/suite/activation.test.ts). */
const ACTIVATION_JSON = 'activation.json';
const TIMES = ['shownMs', 'codeLoadingTime', 'activateCallTime', 'activateResolvedTime'];

/**
 * The code-server binary if scripts/e2e/install-code-server.sh has installed it (its marker file is there) and
 * chromium is there: the bench installs nothing, which would need the network.
 */
function installedCodeServer() {
  if (process.env.MODELREADY_CODE_SERVER) return process.env.MODELREADY_CODE_SERVER;
  const version = /^CS_VERSION=(\S+)$/m.exec(readFileSync(INSTALL, 'utf8'))?.[1];
  const dir = process.env.MODELREADY_CODE_SERVER_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'modelready', `code-server-${version}`);
  const bin = join(dir, 'node_modules', '.bin', 'code-server');
  const chromium = process.env.MODELREADY_CHROMIUM ?? '/usr/bin/chromium';
  return existsSync(join(dir, '.modelready-install-complete')) && existsSync(bin) && existsSync(chromium) ? bin : undefined;
}

/**
 * Activation as VS Code itself measures it: the e2e suite's activation test, alone, in `runs` fresh code-server
 * windows on the snapshot `dist`, each reading ModelReady's activation times from the workbench and writing
 * activation.json. "Shown" is what the Running Extensions editor shows (load code + call activate).
 * Without an installed code-server, the last e2e run's test-results/activation.json is reported, with its date.
 */
export function vscodeActivation({ dist, workDir, runs = 3 }) {
  const bin = installedCodeServer();
  if (!bin) return lastE2eActivation('code-server is not installed (scripts/e2e/install-code-server.sh)');
  // An extension root holding the snapshot's bundles; the e2e suite is the one built with them, in dist/
  // (it reads fixtures relative to itself).
  const tests = join(ROOT, 'dist', 'test', 'e2e', 'index.js');
  if (!existsSync(tests)) return { error: 'not measured: dist/test/e2e/index.js is missing (npm run build)' };
  const ext = join(workDir, 'vscode-ext');
  rmSync(ext, { recursive: true, force: true });
  for (const f of ['package.json', 'syntaxes', 'images', 'media']) cpSync(join(ROOT, f), join(ext, f), { recursive: true });
  cpSync(dist, join(ext, 'dist'), { recursive: true });
  if (existsSync(join(ROOT, 'dist', 'webview'))) cpSync(join(ROOT, 'dist', 'webview'), join(ext, 'dist', 'webview'), { recursive: true });
  const results = join(workDir, 'vscode-activation');
  const samples = [];
  for (let i = 0; i < runs; i++) {
    rmSync(join(results, ACTIVATION_JSON), { force: true });
    const r = spawnSync(process.execPath, [DRIVER, '--extension-path', ext, '--tests-path', tests, '--results', results], {
      encoding: 'utf8',
      timeout: 180_000,
      env: { ...process.env, MODELREADY_CODE_SERVER: bin, MODELREADY_E2E_GREP: '^activation ', MODELREADY_E2E_TIMEOUT_MS: '120000' },
    });
    if (r.status !== 0 || !existsSync(join(results, ACTIVATION_JSON))) {
      return { error: `the activation test failed (exit ${r.status ?? r.signal}): ${(r.stdout + r.stderr).trim().split('\n').slice(-5).join(' / ')}` };
    }
    samples.push(JSON.parse(readFileSync(join(results, ACTIVATION_JSON), 'utf8')));
  }
  const last = samples.at(-1);
  return {
    source: 'code-server',
    runs,
    ...Object.fromEntries(TIMES.map((k) => [k, summarize(samples.map((s) => s[k]))])),
    activationEvent: last.activationEvent,
    vscodeVersion: last.vscodeVersion,
    samples,
  };
}

/** The activation times the last e2e run wrote (test-results/activation.json), with its date and commit. */
function lastE2eActivation(why) {
  const file = join(ROOT, 'test-results', ACTIVATION_JSON);
  if (!existsSync(file)) return { error: `not measured: ${why}, and no test-results/${ACTIVATION_JSON} from an e2e run` };
  const a = JSON.parse(readFileSync(file, 'utf8'));
  return {
    source: `test-results/${ACTIVATION_JSON}`,
    why,
    runs: 1,
    ...Object.fromEntries(TIMES.map((k) => [k, summarize([a[k]])])),
    activationEvent: a.activationEvent,
    vscodeVersion: a.vscodeVersion,
    date: a.date,
    commit: a.commit,
    samples: [a],
  };
}

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
    // null for a client that loads everything during activation.
    session: samples.every((s) => s.sessionMs !== null) ? summarize(samples.map((s) => s.sessionMs)) : null,
    subscriptions: last.subscriptions,
    clientBytes: statSync(client).size,
    sessionBytes: existsSync(join(dirname(client), 'session.js')) ? statSync(join(dirname(client), 'session.js')).size : null,
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
