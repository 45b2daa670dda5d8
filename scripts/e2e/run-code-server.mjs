#!/usr/bin/env node
// Runs the extension-host e2e suite (dist/test/e2e/index.js) inside a real VS Code: code-server (VS Code
// 1.100.3 server + web workbench, from npm) driven by Debian's chromium through playwright-core.
// See /work/shared/REAL-VSCODE.md for why it is done this way on machines without access to Microsoft's CDN.
//
//   node scripts/e2e/run-code-server.mjs [--timeout-ms N] [--keep-tmp] [--extension-path DIR]
//                                        [--tests-path FILE] [--workspace DIR] [--results DIR]
//
// Prerequisite: `npm run build` (dist/client.js, dist/server.js, dist/test/e2e/index.js).
// Exit code: 0 only if every test passed (and at least one ran); 1 otherwise; 130 on SIGINT.
//
// Environment:
//   MODELREADY_E2E_TIMEOUT_MS  overall wait for the suite's results (default 300000)
//   MODELREADY_E2E_GREP        only run tests whose full title matches this regexp (read by the suite)
//   MODELREADY_E2E_KEEP_TMP=1  keep the temp dir (user data, logs, workspace copy) and print its path
//   MODELREADY_CODE_SERVER     path of a code-server binary to use instead of running install-code-server.sh
//   MODELREADY_CHROMIUM        browser binary (default /usr/bin/chromium)
//   MODELREADY_E2E_HEADED=1    show the browser window (needs a display)
// Set for code-server and so for the extension host (it inherits code-server's environment):
//   MODELREADY_E2E_RESULTS=<abs results dir>, MODELREADY_E2E_SCREENSHOTS=1, MODELREADY_E2E_DRIVER=code-server
//
// Outputs in <repo>/test-results/: e2e-results.json, <name>.png screenshots the suite asked for,
// e2e-code-server.log (server stdout/stderr), e2e-browser.log (workbench console, incl. extension host
// output), and on failure e2e-logs/ (VS Code's own log folder) plus e2e-failure.png.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL, URLSearchParams } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');

const { values: opts } = parseArgs({
  options: {
    'timeout-ms': { type: 'string' },
    'keep-tmp': { type: 'boolean', default: false },
    'extension-path': { type: 'string' },
    'tests-path': { type: 'string' },
    workspace: { type: 'string' },
    results: { type: 'string' },
  },
});

const extensionPath = path.resolve(opts['extension-path'] ?? repo);
const testsPath = path.resolve(opts['tests-path'] ?? path.join(extensionPath, 'dist', 'test', 'e2e', 'index.js'));
const workspaceSrc = path.resolve(opts.workspace ?? path.join(repo, 'test', 'e2e', 'workspace'));
const resultsDir = path.resolve(opts.results ?? path.join(repo, 'test-results'));
const timeoutMs = Number(opts['timeout-ms'] ?? process.env.MODELREADY_E2E_TIMEOUT_MS ?? 300_000);
const keepTmp = opts['keep-tmp'] || process.env.MODELREADY_E2E_KEEP_TMP === '1';
const chromiumPath = process.env.MODELREADY_CHROMIUM ?? '/usr/bin/chromium';
const headed = process.env.MODELREADY_E2E_HEADED === '1';

const RESULTS_FILE = path.join(resultsDir, 'e2e-results.json');
const PROGRESS_FILE = path.join(resultsDir, 'e2e-progress.jsonl');
const REQUEST_PREFIX = '.screenshot-request-';
const VIEWPORT = { width: 1400, height: 900 };
const READY_TIMEOUT_MS = 60_000;

const t0 = Date.now();
const log = (msg) => console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${msg}`);

// ------------------------------------------------------------------ state owned by this process
let tmpDir;
let userDataDir;
let server; // ChildProcess of code-server (leader of its own process group)
let browser;
let serverLog;
let cleaning;
let interrupted; // name of the signal that stopped the run

async function cleanup() {
  if (cleaning) return cleaning;
  cleaning = (async () => {
    if (browser) {
      await Promise.race([browser.close().catch(() => {}), sleep(5_000)]);
      browser = undefined;
    }
    await stopServer();
    serverLog?.end();
    if (tmpDir) {
      if (keepTmp) log(`kept temp dir ${tmpDir}`);
      else fs.rmSync(tmpDir, { recursive: true, force: true, maxRetries: 3 });
    }
  })();
  return cleaning;
}

async function stopServer() {
  if (!server || !groupAlive()) return;
  // code-server, its extension host, the language server it spawns, ptyHost and file watcher all share
  // the process group that `detached: true` created; signal that group only (by its id). Children that
  // outlived a crashed code-server are still in the group, so this does not stop at the leader.
  killGroup('SIGTERM');
  if (await waitGroupGone(5_000)) return;
  log('code-server did not stop on SIGTERM; sending SIGKILL');
  killGroup('SIGKILL');
  await waitGroupGone(2_000);
}

function groupAlive() {
  try {
    process.kill(-server.pid, 0);
    return true;
  } catch {
    return server.exitCode === null && server.signalCode === null;
  }
}

async function waitGroupGone(ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!groupAlive()) return true;
    await sleep(100);
  }
  return false;
}

function killGroup(signal) {
  try {
    process.kill(-server.pid, signal);
  } catch {
    try {
      server.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

// Last resort if the process exits without running cleanup (e.g. an exception in an event handler).
process.on('exit', () => {
  if (server) killGroup('SIGKILL');
  if (tmpDir && !keepTmp) fs.rmSync(tmpDir, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, async () => {
    interrupted = sig;
    log(`${sig}: stopping`);
    await cleanup();
    process.exit(sig === 'SIGINT' ? 130 : 143);
  });
}

// ------------------------------------------------------------------ helpers
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function installCodeServer() {
  if (process.env.MODELREADY_CODE_SERVER) return process.env.MODELREADY_CODE_SERVER;
  const script = path.join(here, 'install-code-server.sh');
  const r = spawnSync('bash', [script], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${script} failed (exit ${r.status ?? r.signal})`);
  const bin = r.stdout.trim().split('\n').pop();
  if (!bin || !fs.existsSync(bin)) throw new Error(`${script} printed no code-server path (got ${JSON.stringify(r.stdout)})`);
  return bin;
}

function remoteUri(authority, absPath) {
  // pathToFileURL percent-encodes the path the way VS Code's URI parser expects.
  return `vscode-remote://${authority}${pathToFileURL(absPath).pathname}`;
}

function readResults() {
  try {
    return JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8'));
  } catch {
    return undefined; // not there yet (the suite writes it atomically, but be tolerant)
  }
}

function prepareResultsDir() {
  fs.mkdirSync(resultsDir, { recursive: true });
  const previous = readResults();
  for (const name of previous?.screenshots ?? []) fs.rmSync(path.join(resultsDir, `${name}.png`), { force: true });
  for (const f of fs.readdirSync(resultsDir)) {
    if (f.startsWith(REQUEST_PREFIX) || /^(e2e-failure\.png|e2e-progress\.jsonl|e2e-results\.json(\.tmp)?)$/.test(f)) {
      fs.rmSync(path.join(resultsDir, f), { force: true });
    }
  }
  fs.rmSync(path.join(resultsDir, 'e2e-logs'), { recursive: true, force: true });
}

function writeSettings(userDataDir) {
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.enabled': false,
    'chat.disableAIFeatures': true,
    'editor.minimap.enabled': false,
    'window.restoreWindows': 'none',
  };
  const dir = path.join(userDataDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
}

function startServer(bin, { port, userDataDir, extensionsDir, configFile, workspace, env }) {
  const args = [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--config', configFile,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    workspace,
  ];
  serverLog = fs.createWriteStream(path.join(resultsDir, 'e2e-code-server.log'));
  serverLog.write(`$ ${bin} ${args.join(' ')}\n`);
  server = spawn(bin, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`code-server did not report "HTTP server listening" within ${READY_TIMEOUT_MS / 1000} s`)),
      READY_TIMEOUT_MS,
    );
    const onData = (chunk) => {
      serverLog.write(chunk);
      if (seen !== null) {
        seen += chunk.toString();
        if (seen.includes('HTTP server listening on')) {
          seen = null;
          clearTimeout(timer);
          resolve();
        } else if (seen.length > 100_000) seen = seen.slice(-1_000);
      }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    server.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited early (${code ?? signal}); see test-results/e2e-code-server.log`));
    });
  });
}

async function takeScreenshot(page, file) {
  const tmp = `${file}.tmp.png`;
  await page.screenshot({ path: tmp, fullPage: false, timeout: 15_000 });
  fs.renameSync(tmp, file);
}

/** Serves the suite's `.screenshot-request-<name>` files. Returns the names it produced. */
async function serveScreenshotRequests(page, produced) {
  let files;
  try {
    files = fs.readdirSync(resultsDir);
  } catch {
    return;
  }
  for (const f of files) {
    if (!f.startsWith(REQUEST_PREFIX) || f.endsWith('.tmp')) continue;
    const name = f.slice(REQUEST_PREFIX.length);
    const request = path.join(resultsDir, f);
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
      fs.rmSync(request, { force: true });
      continue;
    }
    const png = path.join(resultsDir, `${name}.png`);
    try {
      await takeScreenshot(page, png);
      produced.add(name);
      log(`screenshot ${path.relative(repo, png)}`);
    } catch (err) {
      log(`screenshot ${name} failed: ${err.message}`);
    }
    fs.rmSync(request, { force: true }); // the suite waits for this, then for the png
  }
}

function formatTest(t) {
  const ms = t.durationMs !== undefined ? ` (${t.durationMs} ms)` : '';
  if (t.state === 'passed') return `  PASS  ${t.title}${ms}`;
  if (t.state === 'pending') return `  SKIP  ${t.title}`;
  return `  FAIL  ${t.title}${ms}\n        ${String(t.error ?? '').trimEnd().split('\n').join('\n        ')}`;
}

/** Prints the test results the suite appends to e2e-progress.jsonl as they arrive. */
function makeProgressTail() {
  let offset = 0;
  let partial = '';
  let printed = 0;
  const poll = () => {
    let fd;
    try {
      fd = fs.openSync(PROGRESS_FILE, 'r');
    } catch {
      return;
    }
    try {
      const size = fs.fstatSync(fd).size;
      if (size <= offset) return;
      const buf = Buffer.alloc(size - offset);
      fs.readSync(fd, buf, 0, buf.length, offset);
      offset = size;
      const lines = (partial + buf.toString('utf8')).split('\n');
      partial = lines.pop();
      for (const line of lines) {
        if (!line.trim()) continue;
        try {
          const entry = JSON.parse(line);
          if (entry.state === 'started') continue;
          console.log(formatTest(entry));
          printed++;
        } catch {
          /* ignore a malformed line */
        }
      }
    } finally {
      fs.closeSync(fd);
    }
  };
  return { poll, printed: () => printed };
}

function readProgress() {
  const entries = [];
  try {
    for (const line of fs.readFileSync(PROGRESS_FILE, 'utf8').split('\n')) {
      if (line.trim()) entries.push(JSON.parse(line));
    }
  } catch {
    /* missing or cut short: use what was read */
  }
  const finished = new Set(entries.filter((e) => e.state !== 'started').map((e) => e.title));
  const running = entries.filter((e) => e.state === 'started' && !finished.has(e.title)).map((e) => e.title);
  return { tests: entries.filter((e) => e.state !== 'started'), running };
}

/** Results when the suite did not deliver its own: whatever tests finished, plus one failure saying why. */
function failureResults(message) {
  const { tests, running } = readProgress();
  const detail = running.length ? ` (still running: ${running.map((t) => JSON.stringify(t)).join(', ')})` : '';
  return { tests: [...tests, { title: 'e2e run', state: 'failed', error: message + detail }] };
}

function copyVsCodeLogs() {
  if (!userDataDir) return;
  const src = path.join(userDataDir, 'logs');
  if (!fs.existsSync(src)) return;
  try {
    fs.cpSync(src, path.join(resultsDir, 'e2e-logs'), { recursive: true });
  } catch {
    /* best effort */
  }
}

// ------------------------------------------------------------------ main
async function main() {
  for (const [what, p] of [
    ['extension main (dist/client.js)', path.join(extensionPath, 'dist', 'client.js')],
    ['e2e suite bundle', testsPath],
    ['e2e workspace', workspaceSrc],
  ]) {
    if (!fs.existsSync(p)) throw new Error(`${what} not found: ${p} — run \`npm run build\` first`);
  }
  prepareResultsDir();

  log('installing / checking code-server');
  const bin = installCodeServer();

  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelready-e2e-'));
  userDataDir = path.join(tmpDir, 'user-data');
  const extensionsDir = path.join(tmpDir, 'extensions');
  const configFile = path.join(tmpDir, 'code-server-config.yaml');
  const workspace = path.join(tmpDir, path.basename(workspaceSrc));
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.cpSync(workspaceSrc, workspace, { recursive: true });
  writeSettings(userDataDir);
  // code-server reads this file instead of ~/.config/code-server/config.yaml; CLI flags win over it.
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n');

  const port = await freePort();
  const authority = `127.0.0.1:${port}`;
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    // Do not let a surrounding VS Code (terminal inside VS Code, test-electron) leak into this one.
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  }
  const xdg = path.join(tmpDir, 'xdg');
  Object.assign(env, {
    // code-server writes heartbeat/logs to XDG_DATA_HOME and VS Code a device id to XDG_CACHE_HOME:
    // keep them (and anything the extension host writes there) out of the user's home.
    XDG_DATA_HOME: path.join(xdg, 'data'),
    XDG_CACHE_HOME: path.join(xdg, 'cache'),
    XDG_CONFIG_HOME: path.join(xdg, 'config'),
    MODELREADY_E2E_RESULTS: resultsDir,
    MODELREADY_E2E_SCREENSHOTS: '1',
    MODELREADY_E2E_DRIVER: 'code-server',
  });

  log(`starting code-server on ${authority}`);
  await startServer(bin, { port, userDataDir, extensionsDir, configFile, workspace, env });
  let serverExit;
  server.once('exit', (code, signal) => (serverExit = code ?? signal));

  const { chromium } = await import('playwright-core');
  log('launching chromium');
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: !headed,
    // Chromium keeps crash reports and caches under XDG dirs (~/.config/chromium) even with its own profile.
    env: { ...process.env, XDG_CONFIG_HOME: path.join(xdg, 'browser-config'), XDG_CACHE_HOME: path.join(xdg, 'browser-cache') },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const browserLog = fs.createWriteStream(path.join(resultsDir, 'e2e-browser.log'));
  page.on('console', (m) => browserLog.write(`[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => browserLog.write(`[pageerror] ${e.stack ?? e.message}\n`));

  const payload = [
    ['extensionDevelopmentPath', remoteUri(authority, extensionPath)],
    ['extensionTestsPath', remoteUri(authority, testsPath)],
  ];
  const url = `http://${authority}/?${new URLSearchParams({ folder: workspace, payload: JSON.stringify(payload) })}`;
  log(`opening workbench (folder ${workspace})`);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: READY_TIMEOUT_MS });

  log(`waiting for ${path.relative(repo, RESULTS_FILE)} (timeout ${timeoutMs / 1000} s)`);
  const screenshots = new Set();
  const progress = makeProgressTail();
  const deadline = Date.now() + timeoutMs;
  let results;
  for (;;) {
    await serveScreenshotRequests(page, screenshots);
    results = readResults();
    progress.poll();
    if (results) break;
    if (interrupted) {
      results = failureResults(`interrupted by ${interrupted}`);
      break;
    }
    if (serverExit !== undefined) {
      results = failureResults(`code-server exited (${serverExit}) before the suite wrote its results`);
      break;
    }
    if (page.isClosed()) {
      results = failureResults('the workbench page closed before the suite wrote its results');
      break;
    }
    if (Date.now() > deadline) {
      results = failureResults(`timed out after ${timeoutMs / 1000} s waiting for ${RESULTS_FILE}`);
      break;
    }
    await sleep(200);
  }
  browserLog.end();

  progress.poll();
  const tests = Array.isArray(results.tests) ? results.tests : [];
  if (tests.some((t) => t.state === 'failed') || !tests.some((t) => t.state === 'passed')) {
    if (!page.isClosed()) await takeScreenshot(page, path.join(resultsDir, 'e2e-failure.png')).catch(() => {});
  }
  return finish(results, { screenshots: [...screenshots].sort(), printedLive: progress.printed() });
}

/** Writes the final e2e-results.json with counts, prints the summary and returns the exit code. */
function finish(results, { screenshots = [], printedLive = 0 } = {}) {
  const tests = Array.isArray(results.tests) ? results.tests : [];
  const passed = tests.filter((t) => t.state === 'passed').length;
  const failed = tests.filter((t) => t.state === 'failed').length;
  const pending = tests.filter((t) => t.state === 'pending').length;
  if (failed > 0 || passed === 0) copyVsCodeLogs();
  const final = { ...results, passed, failed, pending, tests, runner: 'code-server', screenshots, wallTimeMs: Date.now() - t0 };
  try {
    fs.mkdirSync(resultsDir, { recursive: true });
    fs.writeFileSync(RESULTS_FILE, JSON.stringify(final, null, 2) + '\n');
  } catch (err) {
    console.error(`[e2e] could not write ${RESULTS_FILE}: ${err.message}`);
  }

  // Tests the live output has not shown yet (e.g. the driver's own "e2e run" failure).
  for (const t of tests.slice(printedLive)) console.log(formatTest(t));
  if (failed > 0) {
    console.log('\nFailures:');
    for (const t of tests.filter((x) => x.state === 'failed')) console.log(formatTest(t));
  }
  if (passed === 0 && failed === 0) console.log('  (no tests ran)');
  if (final.vscodeVersion) log(`VS Code ${final.vscodeVersion} (${final.appHost}, remote ${final.remoteName})`);
  if (failed > 0 || passed === 0) log(`logs: ${path.relative(process.cwd(), resultsDir) || '.'}/e2e-*.log, e2e-logs/, e2e-failure.png`);
  console.log(`E2E: ${passed} passed, ${failed} failed${pending ? `, ${pending} pending` : ''}`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  console.error(`[e2e] error: ${err?.stack ?? err}`);
  code = finish(failureResults(String(err?.message ?? err)));
} finally {
  await cleanup();
}
process.exit(code);
