import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import * as ts from 'typescript';
import { identifierOf, registerInIndex, scaffold } from '../../scripts/new-rule';
import type { ScaffoldFile } from '../../scripts/new-rule';
import { RULES_BY_ID } from '../../server/src/engine/rules/registry';

const ROOT = resolve(__dirname, '..', '..');
const KNOWN = new Set(RULES_BY_ID.keys());
const MONITORING_INDEX = readFileSync(join(ROOT, 'server/src/engine/rules/monitoring/index.ts'), 'utf8');

/** Type-checks files as if they were in the repository (the compiler options of tsconfig.base.json). */
function typeErrors(files: readonly ScaffoldFile[]): string[] {
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.base.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const overlay = new Map(files.map((f) => [join(ROOT, f.path), f.text]));
  const host = ts.createCompilerHost({ ...options, noEmit: true, composite: false, types: ['node', 'mocha'] });
  const { fileExists, readFile } = host;
  host.fileExists = (f) => overlay.has(f) || fileExists(f);
  host.readFile = (f) => overlay.get(f) ?? readFile(f);
  const program = ts.createProgram({ rootNames: [...overlay.keys()], options: { ...options, noEmit: true, composite: false, types: ['node', 'mocha'] }, host });
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('npm run new-rule (scripts/new-rule.ts)', () => {
  const files = scaffold('monitoring/queue-depth', MONITORING_INDEX, KNOWN);
  const byPath = new Map(files.map((f) => [f.path, f.text]));

  it('writes the rule, its table test, its page and the area index entry', () => {
    assert.deepEqual(files.map((f) => f.path), [
      'server/src/engine/rules/monitoring/queue-depth.ts',
      'server/src/engine/rules/monitoring/queue-depth.test.ts',
      'docs/rules/monitoring/queue-depth.md',
      'server/src/engine/rules/monitoring/index.ts',
    ]);
    assert.match(byPath.get('server/src/engine/rules/monitoring/queue-depth.ts')!, /export default defineRule\(\{\n {2}meta: \{\n {4}id: 'monitoring\/queue-depth',\n {4}area: 'monitoring',/);
    assert.match(byPath.get('server/src/engine/rules/monitoring/queue-depth.test.ts')!, /ruleTester\(rule, \{/);
  });

  it('lists the rule in its area index, imports and entries sorted by name', () => {
    const index = byPath.get('server/src/engine/rules/monitoring/index.ts')!;
    const imports = [...index.matchAll(/^import \w+ from '\.\/([a-z-]+)';$/gm)].map((m) => m[1]);
    assert.deepEqual(imports, ['alerts', 'drift', 'metrics', 'queue-depth', 'request-logging', 'retraining', 'runbook', 'slos']);
    const entries = /= \[([^\]]*)\]/.exec(index)![1].split(',').map((s) => s.trim()).filter(Boolean);
    assert.deepEqual(entries, imports.map(identifierOf));
    assert.ok(index.startsWith("import type { Rule } from '../define';\n"), 'other imports stay in place');
  });

  it('keeps a one-line list on one line', () => {
    const index = "import type { Rule } from '../define';\nimport tls from './tls';\n\nexport const INTEGRATION_RULES: readonly Rule[] = [tls];\n";
    assert.equal(registerInIndex(index, 'auth'), "import type { Rule } from '../define';\nimport auth from './auth';\nimport tls from './tls';\n\nexport const INTEGRATION_RULES: readonly Rule[] = [auth, tls];\n");
  });

  it('writes a page with the sections and the summary rows the catalogue consistency test asks for', () => {
    const page = byPath.get('docs/rules/monitoring/queue-depth.md')!;
    assert.equal(page.split('\n')[0], '# monitoring/queue-depth');
    for (const section of ['## What it checks', '## Why', '## Examples', '## Options', '## Fix']) assert.ok(page.includes(`\n${section}\n`), section);
    assert.match(page, /^\| Default severity \| warning \|$/m);
    assert.match(page, /^\| Fixable \| no \|$/m);
  });

  it('writes TypeScript that type-checks against the engine and the rule tester', function () {
    this.timeout(60_000);
    assert.deepEqual(typeErrors(files.filter((f) => f.path.endsWith('.ts'))), []);
  });

  it('writes TypeScript that passes the linter', async function () {
    this.timeout(60_000);
    const eslint = new ESLint({ cwd: ROOT });
    for (const f of files.filter((x) => x.path.endsWith('.ts'))) {
      const [result] = await eslint.lintText(f.text, { filePath: join(ROOT, f.path) });
      assert.deepEqual(result.messages.map((m) => `${f.path}:${m.line} ${m.ruleId}: ${m.message}`), []);
    }
  });

  it('refuses an unknown area, a name not in kebab case and an id that exists', () => {
    assert.throws(() => scaffold('observability/queue-depth', MONITORING_INDEX, KNOWN), /area must be one of architecture, reliability/);
    assert.throws(() => scaffold('monitoring/QueueDepth', MONITORING_INDEX, KNOWN), /kebab case/);
    assert.throws(() => scaffold('monitoring/runbook', MONITORING_INDEX, KNOWN), /monitoring\/runbook exists already/);
    assert.throws(() => registerInIndex(MONITORING_INDEX, 'runbook'), /imports runbook already/);
  });
});
