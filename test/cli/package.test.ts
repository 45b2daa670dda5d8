import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { groups } from '../../server/src/engine/schema/generated/validators';
import { cli, ensureBuilt, exec, ROOT, scratch, VLLM_DEPLOYMENT } from './support';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
/** What runs the CLI: its entry, the CLI bundle and the validators of every schema group (sorted, as listed). */
const CLI_FILES = ['dist/cli-main.js', 'dist/cli.js', ...groups.map((g) => `dist/validators-${g}.js`).sort()];

describe('distribution: npm package, GitHub Action, pre-commit, Marketplace', function () {
  this.timeout(600_000);
  const dirs: string[] = [];
  const temp = () => {
    const d = mkdtempSync(join(tmpdir(), 'modelready-dist-'));
    dirs.push(d);
    return d;
  };
  before(ensureBuilt);
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('packs the CLI as the npm package `modelready`, which installs into an empty prefix and runs', () => {
    const out = temp();
    const packed = exec(process.execPath, [join(ROOT, 'scripts/build-cli-package.mjs'), '--pack', out], ROOT);
    assert.equal(packed.code, 0, packed.stderr);
    const tarball = packed.stdout.trim();
    assert.equal(tarball, join(out, `modelready-${pkg.version}.tgz`));
    const listed = exec('tar', ['tzf', tarball], out).stdout.trim().split('\n').sort();
    assert.deepEqual(listed, ['package/LICENSE', 'package/README.md', ...CLI_FILES.map((f) => `package/${f}`), 'package/package.json']);
    const manifest = JSON.parse(exec('tar', ['xzOf', tarball, 'package/package.json'], out).stdout);
    assert.deepEqual({ name: manifest.name, bin: manifest.bin, dependencies: manifest.dependencies }, { name: 'modelready', bin: { modelready: 'dist/cli.js' }, dependencies: undefined });

    const prefix = join(out, 'prefix');
    const installed = exec('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', tarball], out);
    assert.equal(installed.code, 0, installed.stderr);
    const bin = join(prefix, 'bin/modelready');
    // Run away from the repository, so that nothing resolves from its node_modules.
    const work = scratch();
    dirs.push(work);
    assert.equal(exec(bin, ['--version'], work).stdout.trim(), pkg.version);
    writeFileSync(join(work, 'serve.yaml'), VLLM_DEPLOYMENT);
    const checked = exec(bin, ['check', '.', '--format', 'json'], work);
    assert.equal(checked.code, 1, checked.stderr);
    const report = JSON.parse(checked.stdout) as { findings: { ruleId: string }[] };
    assert.ok(report.findings.some((f) => f.ruleId === 'reliability/image-pinned'));
  });

  describe('GitHub Action', () => {
    const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));
    const runLocal = (cwd: string, ...withs: string[]) => {
      const summary = join(cwd, 'summary.md');
      const r = exec(process.execPath, [join(ROOT, 'scripts/action/run-local.mjs'), '--summary', summary, ...withs.flatMap((w) => ['--with', w])], cwd);
      return { ...r, summary: existsSync(summary) ? readFileSync(summary, 'utf8') : '', result: JSON.parse(r.stdout.trim().split('\n').pop()!) as { result: string; steps: { check: { outputs: Record<string, string> } } } };
    };

    it('is a composite action with the inputs path, profile, baseline, fail-on and sarif', () => {
      assert.equal(action.runs.using, 'composite');
      for (const input of ['path', 'profile', 'baseline', 'fail-on', 'sarif']) assert.ok(input in action.inputs, input);
      assert.ok(action.runs.steps.some((s: { uses?: string }) => s.uses?.startsWith('github/codeql-action/upload-sarif@')));
      const workflow = readFileSync(join(ROOT, '.github/workflows/modelready.yml'), 'utf8');
      assert.match(workflow, /uses: \.\/\n\s+with:\n\s+path: examples/);
    });

    it('runs its steps locally: annotations, a job summary, SARIF, and a failing result on errors', () => {
      const dir = scratch();
      dirs.push(dir);
      cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
      const r = runLocal(dir, 'path=examples', 'sarif=true');
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.result.result, 'failure');
      assert.equal(r.result.steps.check.outputs['exit-code'], '1');
      assert.match(r.stdout, /^::error file=examples\/half-finished\.modelready\.yaml,line=\d+/m);
      assert.match(r.summary, /^# ModelReady readiness report/m);
      assert.match(r.summary, /## Scores by area/);
      assert.match(r.stderr, /Upload SARIF to code scanning: would run github\/codeql-action\/upload-sarif@v3 with \{"sarif_file":".*modelready\.sarif","category":"modelready"\}/);
      const sarif = JSON.parse(readFileSync(r.result.steps.check.outputs['sarif-file'], 'utf8'));
      assert.ok(sarif.runs[0].results.length > 0 && sarif.runs[0].results.every((x: { partialFingerprints: Record<string, string> }) => /^[0-9a-f]{16}$/.test(x.partialFingerprints['modelready/v1'])));
    });

    it('passes with a baseline that accepts every finding, and the summary says so', () => {
      const dir = scratch();
      dirs.push(dir);
      cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
      assert.equal(cli(['check', 'examples', '--write-baseline', 'accepted.json'], dir).code, 0);
      const r = runLocal(dir, 'path=examples', 'baseline=accepted.json');
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual([r.result.result, r.result.steps.check.outputs['exit-code']], ['success', '0']);
      assert.match(r.summary, /Baseline `accepted\.json`: \d+ accepted finding\(s\) hidden\./);
      assert.match(r.stderr, /Upload SARIF to code scanning: skipped/);
    });
  });

  it('declares a pre-commit hook that runs the CLI the repository root packs', () => {
    const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; language: string; entry: string; files: string }[];
    const hook = hooks.find((h) => h.id === 'modelready')!;
    assert.deepEqual([hook.language, hook.entry], ['node', 'modelready check']);
    assert.ok(new RegExp(hook.files).test('deploy/serve.yaml') && !new RegExp(hook.files).test('README.md'));
    // pre-commit installs `npm pack` of the root: it must hold the CLI its bin names (built by prepack).
    assert.equal(pkg.bin.modelready, './dist/cli.js');
    assert.match(pkg.scripts.prepack, /scripts\/build\.mjs/);
    const packed = exec('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], ROOT);
    assert.equal(packed.code, 0, packed.stderr);
    const files = (JSON.parse(packed.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path).sort();
    assert.deepEqual(files, ['LICENSE', 'README.md', ...CLI_FILES, 'package.json']);
  });

  it('is ready for the Marketplace and Open VSX: a 128×128 PNG icon, metadata, vsce package without --allow-missing-repository', () => {
    const png = readFileSync(join(ROOT, pkg.icon));
    assert.equal(png.subarray(1, 4).toString('ascii'), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    assert.ok(pkg.repository.url && pkg.categories.includes('Linters') && pkg.keywords.length >= 5 && pkg.galleryBanner.color);
    assert.doesNotMatch(pkg.scripts.package, /allow-missing-repository/);
    const out = temp();
    const r = exec('npx', ['vsce', 'package', '--no-dependencies', '-o', join(out, 'modelready.vsix')], ROOT);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const manifest = exec('unzip', ['-p', join(out, 'modelready.vsix'), 'extension.vsixmanifest'], out).stdout;
    assert.match(manifest, /<Icon>extension\/images\/icon\.png<\/Icon>/);
    assert.match(manifest, /<Categories>Linters/);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const section of [/npx modelready check/, /uses: modelready\/modelready@/, /\.pre-commit-config\.yaml/, /--write-baseline/, /vsce publish/, /ovsx publish/]) assert.match(readme, section);
  });
});
