// The whole test suite: type-check, lint, build, unit + rule + protocol + CLI tests (mocha), then the
// end-to-end suite in a real VS Code (code-server). Ends with one line `N passed, N failed` over all suites.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const skipE2E = process.argv.includes('--no-e2e');
let passed = 0;
let failed = 0;

function step(name, cmd, args, env = {}) {
  process.stdout.write(`\n=== ${name}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function gate(name, cmd, args) {
  const status = step(name, cmd, args);
  if (status === 0) passed++;
  else {
    failed++;
    console.error(`${name} failed (exit ${status})`);
  }
  return status;
}

// The Neovim test needs Debian's neovim (the second LSP client). Install it where we may (root, as in CI).
if (spawnSync('nvim', ['--version']).status !== 0 && process.getuid?.() === 0) {
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  if (step('install neovim (Debian)', 'apt-get', ['install', '-y', '--no-install-recommends', 'neovim'], env) !== 0) {
    step('refresh the package lists', 'apt-get', ['update', '-y'], env);
    step('install neovim (Debian)', 'apt-get', ['install', '-y', '--no-install-recommends', 'neovim'], env);
  }
}

gate('type-check', 'npx', ['tsc', '-b']);
gate('lint', 'npx', ['eslint', '.']);
if (gate('build', 'node', ['scripts/build.mjs']) !== 0) {
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
}

const stats = join(mkdtempSync(join(tmpdir(), 'modelready-test-')), 'mocha.json');
// The mocha suites; `npx mocha '<glob>'` runs any one of them alone.
const SUITES = ['test/unit/**/*.test.ts', 'server/src/**/*.test.ts', 'test/protocol/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/corpus/**/*.test.ts', 'test/fuzz/**/*.test.ts', 'test/nvim/**/*.test.ts'];
const mochaStatus = step('mocha (unit, rules, protocol, CLI, corpus, fuzz, Neovim)', 'npx', ['mocha', ...SUITES], { MODELREADY_STATS: stats });
if (existsSync(stats)) {
  const s = JSON.parse(readFileSync(stats, 'utf8'));
  passed += s.passed;
  failed += s.failed;
} else if (mochaStatus !== 0) failed++;

if (!skipE2E) {
  const status = step('end-to-end in a real VS Code (code-server)', 'node', ['scripts/e2e/run-code-server.mjs']);
  const results = 'test-results/e2e-results.json';
  if (existsSync(results)) {
    const r = JSON.parse(readFileSync(results, 'utf8'));
    passed += r.passed ?? 0;
    failed += r.failed ?? 0;
    if (status !== 0 && !r.failed) failed++;
  } else failed++;
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
