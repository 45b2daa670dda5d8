import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A second editor: headless Neovim (Debian's `neovim`, 0.7.2) starts `node dist/server.js --stdio` through its
 * built-in LSP client (test/nvim/init.lua), opens a manifest with an error and reads back diagnostics,
 * completion, a code action and hover, which it writes as JSON for this test to check.
 *
 * This test installs nothing: it needs `nvim` on the PATH (`.ci/run` installs it with
 * `apt-get install -y --no-install-recommends neovim`) and a built `dist/server.js` (`npm run build`). Without
 * nvim it is skipped with a message saying so.
 */

const ROOT = join(__dirname, '..', '..');
const SERVER = join(ROOT, 'dist', 'server.js');
const INIT = join(__dirname, 'init.lua');

const MANIFEST = `apiVersion: modelready.dev/v1alpha1
kind: ModelDeployment
metadata:
  name: demo
model:
  uri: hf://org/model
architecture:
  target: clod
`;

interface NvimResult {
  nvim?: { major: number; minor: number; patch: number };
  errors: string[];
  diagnostics?: { lnum: number; col: number; end_col: number; severity: number; message: string; source?: string; code?: string }[];
  server_capabilities?: { completion: boolean; codeAction: boolean; hover: boolean };
  completion?: string[];
  codeActions?: { title: string; kind?: string; isPreferred?: boolean; edit?: { changes?: Record<string, { range: unknown; newText: string }[]> } }[];
  hover?: string;
}

function nvimAvailable(): boolean {
  return spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;
}

describe('Neovim (headless, built-in LSP client)', function () {
  this.timeout(60_000);
  let result: NvimResult;
  let dir: string;

  before(async function () {
    if (!nvimAvailable()) {
      console.log('      skipped: `nvim` is not installed (apt-get install -y neovim); .ci/run installs it');
      this.skip();
    }
    assert.ok(existsSync(SERVER), 'dist/server.js is built (npm run build)');
    dir = mkdtempSync(join(tmpdir(), 'modelready-nvim-'));
    const file = join(dir, 'demo.modelready.yaml');
    const out = join(dir, 'result.json');
    writeFileSync(file, MANIFEST);
    const env = {
      ...process.env,
      MODELREADY_SERVER: SERVER,
      MODELREADY_FILE: file,
      MODELREADY_OUT: out,
      // `  target: |` on line 7: completion of the enum value.
      MODELREADY_COMPLETION_LINE: '7',
      MODELREADY_COMPLETION_CHAR: '10',
      XDG_CONFIG_HOME: join(dir, 'config'),
      XDG_DATA_HOME: join(dir, 'data'),
      XDG_STATE_HOME: join(dir, 'state'),
      XDG_CACHE_HOME: join(dir, 'cache'),
    };
    const nvim = spawn('nvim', ['--headless', '-n', '-i', 'NONE', '-u', INIT], { env, stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
    let output = '';
    nvim.stdout.on('data', (d: Buffer) => (output += d.toString()));
    nvim.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => nvim.kill('SIGKILL'), 50_000);
      nvim.on('exit', (c) => (clearTimeout(timer), resolve(c)));
    });
    assert.ok(existsSync(out), `nvim wrote its result (exit ${code}); output: ${output}`);
    result = JSON.parse(readFileSync(out, 'utf8')) as NvimResult;
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs without errors in the client', () => {
    assert.deepEqual(result.errors, []);
    assert.ok(result.nvim && (result.nvim.major > 0 || result.nvim.minor >= 7), JSON.stringify(result.nvim));
    assert.deepEqual(result.server_capabilities, { completion: true, codeAction: true, hover: true });
  });

  it('shows the schema error as a diagnostic on `clod`', () => {
    const d = result.diagnostics!.find((x) => /`target`/.test(x.message));
    assert.ok(d, JSON.stringify(result.diagnostics));
    assert.equal(d.lnum, 7);
    assert.equal(d.col, 10);
    assert.equal(d.end_col, 14);
    assert.equal(d.severity, 1, 'error');
    assert.equal(d.source, 'modelready');
    assert.match(d.message, /did you mean `cloud`/);
  });

  it('completes the enum value', () => {
    assert.ok(result.completion!.includes('cloud'), JSON.stringify(result.completion));
    assert.ok(result.completion!.includes('on-prem'));
  });

  it('offers the did-you-mean quick fix as a code action', () => {
    const fix = result.codeActions!.find((a) => /cloud/.test(a.title));
    assert.ok(fix, JSON.stringify(result.codeActions));
    assert.equal(fix.kind, 'quickfix');
    const edits = Object.values(fix.edit!.changes!)[0];
    assert.deepEqual(edits.map((e) => e.newText), ['cloud']);
  });

  it('answers hover', () => {
    assert.ok(typeof result.hover === 'string' && result.hover.length > 0, JSON.stringify(result.hover));
  });
});
