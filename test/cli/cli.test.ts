import { strict as assert } from 'node:assert';
import type { SpawnSyncReturns } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { RULES } from '../../server/src/engine/rules/registry';
import { BUILTIN_CODES } from '../../server/src/engine/codes';
import type { Run } from './support';
import { cleanEnv, CLI, ensureBuilt, ROOT, scratch } from './support';

// These tests run the built CLI (`node dist/cli.js`) as a user does. `npm test` builds first; when run alone,
// the bundle is rebuilt here if a source file is newer than it.

const FIXTURES = join(ROOT, 'test/fixtures/cli');
const EXAMPLES = join(ROOT, 'examples');
const HALF = join(EXAMPLES, 'half-finished.modelready.yaml');
const COMPLETE = join(EXAMPLES, 'support-assistant.modelready.yaml');
const ESC = '\u001b';
const ESC_RE = new RegExp(`${ESC}\\[`);
/** The two native examples, relative to the repository (examples/ holds other folders too). */
const EXAMPLE_FILES = ['examples/half-finished.modelready.yaml', 'examples/support-assistant.modelready.yaml'];

function run(args: string[], opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  const r: SpawnSyncReturns<string> = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: cleanEnv(opts.env),
    timeout: 180_000,
    maxBuffer: 512 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('modelready CLI (dist/cli.js)', function () {
  this.timeout(600_000);
  const temps: string[] = [];
  const temp = () => {
    const d = scratch();
    temps.push(d);
    return d;
  };

  before(ensureBuilt);
  after(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

  describe('help, version, usage errors', () => {
    it('prints the version everywhere, equal to package.json', () => {
      const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
      for (const args of [['--version'], ['-v'], ['check', '--version'], ['report', '--version'], ['rules', '--version'], ['init', '--version']]) {
        const r = run(args);
        assert.equal(r.code, 0, args.join(' '));
        assert.equal(r.stdout.trim(), version);
      }
    });

    it('prints help for the tool and for each command', () => {
      const top = run(['--help']);
      assert.equal(top.code, 0);
      assert.match(top.stdout, /Usage: modelready <command>/);
      for (const c of ['check', 'report', 'rules', 'init']) {
        const r = run([c, '--help']);
        assert.equal(r.code, 0, c);
        assert.match(r.stdout, new RegExp(`Usage: modelready ${c}`));
      }
      assert.match(run(['check', '--help']).stdout, /--max-warnings/);
    });

    it('exits 2 with a clear message on an unknown flag, command, format or value', () => {
      const cases: [string[], RegExp][] = [
        [['check', '--bogus', HALF], /Unknown option '--bogus'/],
        [['frobnicate'], /unknown command 'frobnicate'/],
        [['check', '--format', 'xml', HALF], /--format must be one of text, json, sarif, junit, github/],
        [['check', '--max-warnings', 'many', HALF], /--max-warnings must be a whole number/],
        [['check', '--profile', 'strict', HALF], /--profile must be one of development, production, regulated/],
        [['rules', 'extra'], /Unexpected argument 'extra'|positional/i],
      ];
      for (const [args, message] of cases) {
        const r = run(args);
        assert.equal(r.code, 2, args.join(' '));
        assert.match(r.stderr, message, args.join(' '));
        assert.equal(r.stdout, '');
      }
    });

    it('exits 2 naming a missing file, an empty glob and a bad --config', () => {
      const missing = run(['check', 'no/such/file.yaml']);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /cannot read 'no\/such\/file\.yaml': no such file or directory/);
      const glob = run(['check', 'examples/*.nothing']);
      assert.equal(glob.code, 2);
      assert.match(glob.stderr, /no files match the pattern 'examples\/\*\.nothing'/);
      const config = run(['check', '--config', 'nope.yaml', HALF]);
      assert.equal(config.code, 2);
      assert.match(config.stderr, /cannot read the configuration file 'nope\.yaml'/);
    });

    it('exits 2 on an invalid configuration file, naming the problem', () => {
      const dir = temp();
      writeFileSync(join(dir, '.modelready.yaml'), 'profile: strict\n');
      cpSync(HALF, join(dir, 'a.yaml'));
      const r = run(['check', 'a.yaml'], { cwd: dir });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /invalid configuration in \.modelready\.yaml:\n {2}profile: profile must be one of/);
    });
  });

  describe('check: exit codes and text output', () => {
    it('exits 0 on the complete example and 1 on the half-finished one', () => {
      const ok = run(['check', 'examples/support-assistant.modelready.yaml']);
      assert.equal(ok.code, 0, ok.stdout + ok.stderr);
      assert.match(ok.stdout, /1 file checked: no problems · readiness 100\/100 \(production\)/);
      const bad = run(['check', 'examples/half-finished.modelready.yaml']);
      assert.equal(bad.code, 1);
      assert.match(bad.stdout, /^examples\/half-finished\.modelready\.yaml\n/);
      assert.match(bad.stdout, /\n {2}26:10 +error +`serving\.image` uses the moving tag `:latest`.*reliability\/image-pinned\n/);
      assert.match(bad.stdout, /\n\d+ problems \(\d+ errors, \d+ warnings, 0 info\) in 1 of 1 file · readiness \d+\/100 \(production\)\n$/);
      assert.doesNotMatch(bad.stdout, ESC_RE, 'no colours when piped');
    });

    it('colours only when asked (FORCE_COLOR, --color) and never with --no-color or NO_COLOR', () => {
      assert.match(run(['check', HALF], { env: { FORCE_COLOR: '1' } }).stdout, new RegExp(`${ESC}\\[31merror`));
      assert.match(run(['check', HALF, '--color']).stdout, ESC_RE);
      assert.doesNotMatch(run(['check', HALF, '--no-color'], { env: { FORCE_COLOR: '1' } }).stdout, ESC_RE);
      assert.doesNotMatch(run(['check', HALF], { env: { NO_COLOR: '1' } }).stdout, ESC_RE);
    });

    it('--quiet shows errors only; --max-warnings turns warnings into exit 1', () => {
      const quiet = run(['check', HALF, '--quiet']);
      assert.equal(quiet.code, 1);
      assert.doesNotMatch(quiet.stdout, / warning {2}/);
      assert.match(quiet.stdout, / error {3}/);
      // A profile without errors here: development keeps security errors only.
      const dev = run(['check', COMPLETE, '--profile', 'development', '--format', 'json']);
      assert.equal(dev.code, 0);
      assert.equal(JSON.parse(dev.stdout).profile, 'development');
      const dir = temp();
      writeFileSync(join(dir, '.modelready.yaml'), 'profile: production\nrules:\n  reliability/image-pinned: warning\n  security/inline-secret: "off"\n  security/trust-remote-code: "off"\n  security/non-root: "off"\n  integration/auth: "off"\n  integration/tls: "off"\n  architecture/residency-regions: "off"\n  governance/risk-category: "off"\n');
      cpSync(HALF, join(dir, 'half.yaml'));
      const within = run(['check', 'half.yaml', '--max-warnings', '1000'], { cwd: dir });
      assert.equal(within.code, 0, within.stdout);
      const over = run(['check', 'half.yaml', '--max-warnings', '3'], { cwd: dir });
      assert.equal(over.code, 1);
      assert.match(over.stdout, /too many warnings \(\d+, maximum 3\)/);
    });

    it('reads stdin with -, named <stdin> or --stdin-filename', () => {
      const text = readFileSync(HALF, 'utf8');
      const r = run(['check', '-', '--format', 'json'], { input: text });
      assert.equal(r.code, 1);
      const report = JSON.parse(r.stdout);
      assert.equal(report.files.length, 1);
      assert.equal(report.files[0].path, '<stdin>');
      assert.ok(report.findings.every((f: { path: string }) => f.path === '<stdin>'));
      const named = run(['check', '-', '--stdin-filename', 'k8s/contract.modelready.yaml'], { input: text });
      assert.equal(named.code, 1);
      assert.match(named.stdout, /^k8s\/contract\.modelready\.yaml\n/);
      const clean = run(['check', '-'], { input: readFileSync(COMPLETE, 'utf8') });
      assert.equal(clean.code, 0);
    });

    it('expands globs and walks directories (skipping node_modules, .git and ignore globs)', () => {
      const glob = run(['check', 'examples/*.yaml', '--format', 'json']);
      assert.deepEqual(
        JSON.parse(glob.stdout).files.map((f: { path: string }) => f.path),
        ['examples/half-finished.modelready.yaml', 'examples/support-assistant.modelready.yaml'],
      );
      const dir = temp();
      cpSync(join(FIXTURES, 'tree'), join(dir, 'tree'), { recursive: true });
      mkdirSync(join(dir, 'tree/.git'));
      cpSync(HALF, join(dir, 'tree/.git/in-git.yaml'));
      const walk = run(['check', 'tree', '--format', 'json'], { cwd: dir });
      const paths = JSON.parse(walk.stdout).files.map((f: { path: string }) => f.path);
      assert.deepEqual(paths, ['tree/half.yaml', 'tree/nested/complete.yml']);
      // A file named explicitly is checked even where a walk would skip it.
      const explicit = run(['check', 'tree/skipped/ignored.yaml', '--format', 'json'], { cwd: dir });
      assert.deepEqual(JSON.parse(explicit.stdout).files.map((f: { path: string }) => f.path), ['tree/skipped/ignored.yaml']);
      // Default: the current directory.
      const here = run(['check', '--format', 'json'], { cwd: join(dir, 'tree') });
      assert.deepEqual(JSON.parse(here.stdout).files.map((f: { path: string }) => f.path), ['half.yaml', 'nested/complete.yml']);
    });
  });

  describe('check: formats', () => {
    it('json: the report model, parsed back', () => {
      const r = run(['check', ...EXAMPLE_FILES, '--format', 'json']);
      assert.equal(r.code, 1);
      const report = JSON.parse(r.stdout);
      assert.equal(report.schemaVersion, 1);
      assert.equal(report.tool.name, 'ModelReady');
      assert.equal(report.profile, 'production');
      assert.ok(!Number.isNaN(Date.parse(report.generatedAt)));
      assert.equal(report.files.length, 2);
      assert.equal(report.counts.total, report.findings.length);
      assert.equal(report.counts.error + report.counts.warning + report.counts.info, report.counts.total);
      const f = report.findings.find((x: { ruleId: string }) => x.ruleId === 'reliability/image-pinned');
      assert.deepEqual([f.path, f.line, f.column, f.severity], ['examples/half-finished.modelready.yaml', 26, 10, 'error']);
      assert.match(f.docsUrl, /docs\/rules\/reliability\/image-pinned\.md$/);
      assert.ok(f.description.length > 0);
      // Every number traces back: area rules point at findings, findings are grouped by area and rule.
      assert.equal(typeof report.score.overall, 'number');
      for (const a of report.score.areas) for (const rule of a.rules) for (const id of rule.findings) assert.equal(report.findings[id].ruleId, rule.id);
      const grouped = report.groups.flatMap((g: { rules: { findings: number[] }[] }) => g.rules.flatMap((x) => x.findings)).sort((a: number, b: number) => a - b);
      assert.deepEqual(grouped, report.findings.map((x: { id: number }) => x.id));
    });

    it('sarif: validates against the SARIF 2.1.0 JSON Schema, with every rule and relative locations', () => {
      const r = run(['check', ...EXAMPLE_FILES, '--format', 'sarif']);
      assert.equal(r.code, 1);
      const log = JSON.parse(r.stdout);
      const schema = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/sarif-schema-2.1.0.json'), 'utf8'));
      // The OASIS file says draft-04 (`id`, not `$id`); nothing else in it differs from draft-07, which ajv speaks.
      schema.$id = schema.id;
      delete schema.id;
      schema.$schema = 'http://json-schema.org/draft-07/schema#';
      const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
      addFormats(ajv);
      const validate = ajv.compile(schema);
      assert.ok(validate(log) as boolean, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
      const run0 = log.runs[0];
      const ids = run0.tool.driver.rules.map((x: { id: string }) => x.id);
      for (const rule of RULES) assert.ok(ids.includes(rule.meta.id), rule.meta.id);
      for (const c of BUILTIN_CODES) assert.ok(ids.includes(c.id), c.id);
      for (const rule of run0.tool.driver.rules) {
        assert.ok(rule.name && rule.shortDescription.text && rule.fullDescription.text && rule.helpUri, rule.id);
        assert.ok(['error', 'warning', 'note', 'none'].includes(rule.defaultConfiguration.level), rule.id);
      }
      const result = run0.results.find((x: { ruleId: string }) => x.ruleId === 'reliability/image-pinned');
      assert.equal(result.level, 'error');
      const loc = result.locations[0].physicalLocation;
      assert.deepEqual(loc.artifactLocation, { uri: 'examples/half-finished.modelready.yaml', uriBaseId: '%SRCROOT%' });
      assert.equal(loc.region.startLine, 26);
      assert.equal(loc.region.startColumn, 10);
      assert.match(run0.originalUriBaseIds['%SRCROOT%'].uri, /^file:\/\/.*\/$/);
      assert.equal(run0.tool.driver.rules[result.ruleIndex].id, result.ruleId);
    });

    it('junit: well-formed XML, one testsuite per file, failures for errors and warnings', () => {
      const r = run(['check', ...EXAMPLE_FILES, join(FIXTURES, 'xss'), '--format', 'junit']);
      assert.equal(r.code, 1);
      assert.equal(XMLValidator.validate(r.stdout), true);
      const xml = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(r.stdout);
      const suites = xml.testsuites.testsuite;
      assert.equal(suites.length, 3);
      const clean = suites.find((s: Record<string, string>) => s['@_name'] === 'examples/support-assistant.modelready.yaml');
      assert.equal(clean['@_failures'], '0');
      assert.equal(clean.testcase.length, 1);
      const half = suites.find((s: Record<string, string>) => s['@_name'] === 'examples/half-finished.modelready.yaml');
      assert.ok(Number(half['@_failures']) > 0);
      assert.ok(half.testcase.some((t: { failure?: Record<string, string> }) => t.failure?.['@_type'] === 'error'));
      assert.ok(!r.stdout.includes('<script>'), 'manifest values are escaped');
    });

    it('github: one workflow command per finding, with escaped data', () => {
      const r = run(['check', ...EXAMPLE_FILES, '--format', 'github']);
      assert.equal(r.code, 1);
      const lines = r.stdout.trimEnd().split('\n');
      const json = JSON.parse(run(['check', ...EXAMPLE_FILES, '--format', 'json']).stdout);
      assert.equal(lines.length, json.findings.length);
      for (const line of lines) {
        assert.match(line, /^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[a-z]+\/[a-z0-9-]+::\S/);
        assert.doesNotMatch(line.slice(2), /\r|\n/);
      }
      assert.ok(lines.some((l) => l.startsWith('::error file=examples/half-finished.modelready.yaml,line=26,col=10,')));
      // `%` is escaped as %25 (the safe-rollout message mentions "25%").
      const pct = json.findings.find((f: { message: string }) => f.message.includes('%'));
      if (pct) assert.ok(lines.some((l) => l.includes('%25')));
    });

    it('stops quietly with the run\'s exit code when the reader closes the pipe early (| head)', () => {
      // Far more output than a pipe holds, so the CLI is still writing when `head` exits.
      const script = `set -o pipefail; "${process.execPath}" "${CLI}" check --jobs 1 "${join(ROOT, 'test/fixtures')}" | head -n 1`;
      const r = spawnSync('bash', ['-c', script], { cwd: ROOT, encoding: 'utf8', env: cleanEnv() });
      assert.equal(r.stdout.split('\n').filter(Boolean).length, 1);
      assert.doesNotMatch(r.stderr, /EPIPE|Unhandled|at /);
      assert.equal(r.status, 1, 'the fixtures have errors: the exit code is the run\'s');
    });

    it('--output writes the file instead of stdout', () => {
      const dir = temp();
      const out = join(dir, 'out.sarif');
      const r = run(['check', HALF, '--format', 'sarif', '--output', out]);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.equal(JSON.parse(readFileSync(out, 'utf8')).version, '2.1.0');
    });
  });

  describe('check --fix and --fix-dry-run', () => {
    it('--fix-dry-run prints a unified diff and changes nothing', () => {
      const dir = temp();
      cpSync(HALF, join(dir, 'half.yaml'));
      const before = readFileSync(join(dir, 'half.yaml'), 'utf8');
      const r = run(['check', 'half.yaml', '--fix-dry-run'], { cwd: dir });
      assert.match(r.stdout, /^--- a\/half\.yaml\n\+\+\+ b\/half\.yaml\n@@ -\d+,\d+ \+\d+,\d+ @@/);
      assert.match(r.stdout, /\n-\s+value: hf_FAKEtokenForModelReadyExamplesOnly\n/);
      assert.match(r.stderr, /would be applied; nothing was changed/);
      assert.equal(readFileSync(join(dir, 'half.yaml'), 'utf8'), before);
      const stdin = run(['check', '-', '--fix-dry-run'], { input: before });
      assert.match(stdin.stdout, /^--- a\/<stdin>/);
    });

    it('--fix rewrites the file atomically, is idempotent, and the diff matches the dry run', () => {
      const dir = temp();
      cpSync(HALF, join(dir, 'half.yaml'));
      const original = readFileSync(join(dir, 'half.yaml'), 'utf8');
      const dry = run(['check', 'half.yaml', '--fix-dry-run'], { cwd: dir });
      const first = run(['check', 'half.yaml', '--fix', '--format', 'json'], { cwd: dir });
      const fixed = readFileSync(join(dir, 'half.yaml'), 'utf8');
      assert.notEqual(fixed, original);
      assert.ok(!fixed.includes('hf_FAKEtoken'), 'the literal token was replaced');
      assert.deepEqual(readdirSync(dir).sort(), ['.modelready.yaml', 'half.yaml'], 'no temporary file left behind');
      const remaining = JSON.parse(first.stdout);
      const before = JSON.parse(run(['check', HALF, '--format', 'json']).stdout);
      assert.ok(remaining.counts.total < before.counts.total, 'fewer findings after --fix');
      const second = run(['check', 'half.yaml', '--fix'], { cwd: dir });
      assert.equal(readFileSync(join(dir, 'half.yaml'), 'utf8'), fixed, 'a second --fix changes nothing');
      assert.match(second.stdout, /fixed 0 problem\(s\) in 0 file\(s\)/);
      const again = run(['check', 'half.yaml', '--fix-dry-run'], { cwd: dir });
      assert.equal(again.stdout, '');
      assert.ok(dry.stdout.length > 0);
    });

    it('--fix refuses stdin', () => {
      const r = run(['check', '-', '--fix'], { input: 'a: 1\n' });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--fix cannot write to standard input/);
    });
  });

  describe('report', () => {
    it('writes markdown, html and json from the same report model', () => {
      const md = run(['report', ...EXAMPLE_FILES]);
      assert.equal(md.code, 0);
      assert.match(md.stdout, /^# ModelReady readiness report\n/);
      assert.match(md.stdout, /## Scores by area/);
      assert.match(md.stdout, /\[reliability\/image\\-pinned\]\(https:\/\/github\.com\/modelready\/modelready\/blob\/main\/docs\/rules\/reliability\/image-pinned\.md\)/);
      const json = JSON.parse(run(['report', ...EXAMPLE_FILES, '--format', 'json']).stdout);
      const checkJson = JSON.parse(run(['check', ...EXAMPLE_FILES, '--format', 'json']).stdout);
      delete json.generatedAt;
      delete checkJson.generatedAt;
      assert.deepEqual(json, checkJson);
      assert.match(md.stdout, new RegExp(`\\*\\*Readiness: ${json.score.overall}/100\\*\\*`));
    });

    it('html is self-contained, has a chart, and escapes every manifest string', () => {
      const dir = temp();
      const out = join(dir, 'report.html');
      const r = run(['report', join(FIXTURES, 'xss'), ...EXAMPLE_FILES, '--format', 'html', '--output', out]);
      assert.equal(r.code, 0, r.stderr);
      const html = readFileSync(out, 'utf8');
      assert.match(html, /^<!DOCTYPE html>/);
      assert.match(html, /<style>/);
      assert.match(html, /<svg role="img"[^>]*>.*<rect/s);
      assert.doesNotMatch(html, /<script/i, 'no script element at all');
      assert.doesNotMatch(html, /<img/i);
      assert.doesNotMatch(html, /(src|href)="https?:\/\/[^"]*\.(css|js)"/, 'no external resources');
      assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
      assert.ok(html.includes('&lt;script&gt;') || html.includes('&lt;/div&gt;'), 'the manifest values appear escaped');
      // Every <div> that opens closes: a `</div>` from a manifest cannot end one early.
      assert.equal((html.match(/<div\b/g) ?? []).length, (html.match(/<\/div>/g) ?? []).length);
      const md = run(['report', join(FIXTURES, 'xss')]).stdout;
      assert.doesNotMatch(md, /<script|<\/div>|<img/i);
    });
  });

  describe('rules', () => {
    it('--format json lists every rule in RULES and every built-in code', () => {
      const r = run(['rules', '--format', 'json']);
      assert.equal(r.code, 0);
      const { rules } = JSON.parse(r.stdout);
      const ids = rules.map((x: { id: string }) => x.id);
      assert.deepEqual(ids, [...ids].sort());
      for (const rule of RULES) {
        const entry = rules.find((x: { id: string }) => x.id === rule.meta.id);
        assert.ok(entry, rule.meta.id);
        assert.equal(entry.area, rule.meta.area);
        assert.equal(entry.severity, rule.meta.severity);
        assert.equal(entry.fixable, rule.meta.fixable);
        assert.match(entry.docsUrl, new RegExp(`docs/rules/${rule.meta.id}\\.md$`));
      }
      assert.equal(rules.length, RULES.length + BUILTIN_CODES.length);
    });

    it('text lists one rule per line', () => {
      const r = run(['rules']);
      assert.equal(r.code, 0);
      for (const rule of RULES) assert.match(r.stdout, new RegExp(`^${rule.meta.id} `, 'm'));
    });
  });

  describe('init', () => {
    it('writes a commented .modelready.yaml and a manifest that passes the development profile; refuses to overwrite', () => {
      const dir = mkdtempSync(join(tmpdir(), 'modelready-init-'));
      temps.push(dir);
      const r = run(['init', '--manifest', '--name', 'chat-model'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /wrote \.modelready\.yaml\nwrote chat-model\.modelready\.yaml\n/);
      const config = readFileSync(join(dir, '.modelready.yaml'), 'utf8');
      assert.match(config, /^# /m);
      assert.match(config, /^profile: production$/m);
      const dev = run(['check', 'chat-model.modelready.yaml', '--profile', 'development'], { cwd: dir });
      assert.equal(dev.code, 0, dev.stdout);
      assert.match(dev.stdout, /no problems/);
      // The starter configuration itself is valid: checking with it is not a configuration error.
      assert.notEqual(run(['check', '.'], { cwd: dir }).code, 2);
      const again = run(['init'], { cwd: dir });
      assert.equal(again.code, 2);
      assert.match(again.stderr, /\.modelready\.yaml already exists; use --force to overwrite it/);
      assert.equal(readFileSync(join(dir, '.modelready.yaml'), 'utf8'), config);
      assert.equal(run(['init', '--force'], { cwd: dir }).code, 0);
    });
  });

  describe('large runs (worker threads)', () => {
    it('gives the same report with workers as in one thread, cross-file facts included', () => {
      const dir = temp();
      const half = readFileSync(HALF, 'utf8');
      const complete = readFileSync(COMPLETE, 'utf8');
      for (let i = 0; i < 210; i++) {
        const sub = join(dir, `team-${i % 6}`);
        mkdirSync(sub, { recursive: true });
        const text = (i % 2 ? half : complete).replace(/^ {2}name: .*$/m, `  name: model-${i}`);
        writeFileSync(join(sub, `m-${i}.modelready.yaml`), text);
      }
      cpSync(join(FIXTURES, 'service.yaml'), join(dir, 'team-5/service.yaml'));
      const one = run(['check', '.', '--format', 'json', '--jobs', '1'], { cwd: dir });
      const auto = run(['check', '.', '--format', 'json'], { cwd: dir });
      const two = run(['check', '.', '--format', 'json', '--jobs', '2'], { cwd: dir });
      assert.equal(one.code, 1, one.stderr);
      assert.equal(auto.code, 1, auto.stderr);
      assert.equal(two.code, 1, two.stderr);
      const a = JSON.parse(one.stdout);
      const b = JSON.parse(two.stdout);
      const c = JSON.parse(auto.stdout);
      for (const x of [a, b, c]) delete x.generatedAt;
      assert.equal(a.files.length, 211);
      assert.deepEqual(b, a);
      assert.deepEqual(c, a);
      // Piped: no progress bar, nothing on stderr.
      assert.equal(two.stderr, '');
    });
  });
});
