#!/usr/bin/env node
// Runs the same extension-host e2e suite (dist/test/e2e/index.js) in desktop VS Code through
// @vscode/test-electron 2.x (the 3.x line needs Node 22). For machines that can download VS Code from
// update.code.visualstudio.com; it cannot run on the offline build machines — use
// scripts/e2e/run-code-server.mjs there.
//
//   npm run build && node test/e2e/run-electron.mjs
//   (headless Linux: xvfb-run -a node test/e2e/run-electron.mjs)
//
// Environment:
//   MODELREADY_VSCODE_VERSION  VS Code version to download: 'stable' (default), 'insiders' or e.g. '1.91.0'
//                              (the oldest version package.json's engines.vscode allows)
//   MODELREADY_VSCODE_PATH     use this VS Code executable instead of downloading one
//   MODELREADY_E2E_GREP        only run tests whose full title matches this regexp
// Screenshots are a no-op here (MODELREADY_E2E_SCREENSHOTS is not set); results still go to
// test-results/e2e-results.json.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const extensionDevelopmentPath = repo;
const extensionTestsPath = path.join(repo, 'dist', 'test', 'e2e', 'index.js');
const workspaceSrc = path.join(repo, 'test', 'e2e', 'workspace');
const resultsDir = path.join(repo, 'test-results');
const resultsFile = path.join(resultsDir, 'e2e-results.json');

for (const p of [path.join(repo, 'dist', 'client.js'), extensionTestsPath]) {
  if (!fs.existsSync(p)) {
    console.error(`${p} not found — run \`npm run build\` first`);
    process.exit(1);
  }
}

// Short temp path: VS Code's IPC socket lives in the user-data dir and macOS limits socket paths to ~103 chars.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mr-e2e-'));
const workspace = path.join(tmp, 'workspace');
const userDataDir = path.join(tmp, 'ud');
const extensionsDir = path.join(tmp, 'ext');
fs.cpSync(workspaceSrc, workspace, { recursive: true }); // tests must never modify the repo's fixtures
fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
fs.mkdirSync(extensionsDir, { recursive: true });
fs.writeFileSync(
  path.join(userDataDir, 'User', 'settings.json'),
  JSON.stringify(
    {
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'git.enabled': false,
      'chat.disableAIFeatures': true,
    },
    null,
    2,
  ),
);
fs.mkdirSync(resultsDir, { recursive: true });
fs.rmSync(resultsFile, { force: true });

let code = 1;
try {
  await runTests({
    version: process.env.MODELREADY_VSCODE_VERSION ?? 'stable',
    ...(process.env.MODELREADY_VSCODE_PATH ? { vscodeExecutablePath: process.env.MODELREADY_VSCODE_PATH } : {}),
    extensionDevelopmentPath,
    extensionTestsPath,
    launchArgs: [
      workspace,
      '--disable-extensions', // every other extension; the one under development still loads
      // runTests itself adds --no-sandbox, --disable-updates, --skip-welcome, --disable-workspace-trust.
      `--user-data-dir=${userDataDir}`,
      `--extensions-dir=${extensionsDir}`,
    ],
    extensionTestsEnv: {
      MODELREADY_E2E_RESULTS: resultsDir,
      MODELREADY_E2E_SCREENSHOTS: undefined, // no browser page to take pictures of here
      MODELREADY_E2E_DRIVER: undefined,
    },
  });
  code = 0;
} catch (err) {
  console.error(`VS Code test run failed: ${err?.message ?? err}`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
}

let results;
try {
  results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
} catch {
  results = { tests: [{ title: 'e2e run', state: 'failed', error: 'the suite wrote no e2e-results.json' }] };
}
const tests = Array.isArray(results.tests) ? results.tests : [];
const passed = tests.filter((t) => t.state === 'passed').length;
const failed = tests.filter((t) => t.state === 'failed').length;
fs.writeFileSync(resultsFile, JSON.stringify({ ...results, passed, failed, tests, runner: 'electron' }, null, 2) + '\n');
for (const t of tests.filter((x) => x.state === 'failed')) console.log(`  FAIL  ${t.title}\n        ${t.error ?? ''}`);
console.log(`E2E: ${passed} passed, ${failed} failed`);
process.exit(code === 0 && failed === 0 && passed > 0 ? 0 : 1);
