import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { BUILTIN_CODES } from '../../server/src/engine/codes';
import { ALL_FORMATS } from '../../server/src/engine/rules/define';
import { RULES } from '../../server/src/engine/rules/registry';
import { AREAS, PROFILES } from '../../server/src/engine/vocabulary';

/**
 * The catalogue holds together: every registered rule has valid metadata, lives in `rules/<area>/<name>.ts` with
 * its test table beside it and its page in `docs/rules/<area>/<name>.md`; every built-in code has its page; every
 * page, rule module and catalogue entry (docs/rules/README.md) belongs to a registered rule or built-in code.
 *
 * The last group fails while a rule is written but not yet listed in its area's index or the registry: that is
 * the point (a rule that is not registered is not in the product).
 */

const ROOT = path.resolve(__dirname, '..', '..');
const RULES_DIR = path.join(ROOT, 'server', 'src', 'engine', 'rules');
const DOCS_DIR = path.join(ROOT, 'docs', 'rules');

const SEVERITIES = ['error', 'warning', 'info'] as const;
const PAGE_SECTIONS = ['## What it checks', '## Why', '## Examples', '## Options', '## Fix'];

const ruleIds = RULES.map((r) => r.meta.id);
const builtinIds = BUILTIN_CODES.map((c) => c.id);
const known = new Set([...ruleIds, ...builtinIds]);

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
const read = (p: string) => readFileSync(p, 'utf8');

/** `area/name` of every page under docs/rules/<area>/. */
function docPages(): string[] {
  return readdirSync(DOCS_DIR)
    .filter((d) => isDir(path.join(DOCS_DIR, d)))
    .flatMap((area) =>
      readdirSync(path.join(DOCS_DIR, area))
        .filter((f) => f.endsWith('.md') && f !== 'README.md')
        .map((f) => `${area}/${f.slice(0, -3)}`),
    )
    .sort();
}

/** `area/name` of every rule module under rules/<area>/ (a file with `export default defineRule(`). */
function ruleModules(): string[] {
  return readdirSync(RULES_DIR)
    .filter((d) => isDir(path.join(RULES_DIR, d)))
    .flatMap((area) =>
      readdirSync(path.join(RULES_DIR, area))
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && /export default defineRule\s*(<[^>]*>)?\s*\(/.test(read(path.join(RULES_DIR, area, f))))
        .map((f) => `${area}/${f.slice(0, -3)}`),
    )
    .sort();
}

/** Rule ids linked from the catalogue index, `[`id`](id.md)`. */
function catalogueIds(): string[] {
  const readme = read(path.join(DOCS_DIR, 'README.md'));
  return [...readme.matchAll(/\[`([a-z]+\/[a-z0-9-]+)`\]\(([^)]+)\)/g)].map((m) => {
    assert.equal(m[2], `${m[1]}.md`, `README links ${m[1]} to ${m[2]}`);
    return m[1];
  });
}

/** The value of a row of the page's summary table, e.g. `Fixable`. */
function tableRow(page: string, row: string): string | undefined {
  return new RegExp(`^\\| ${row} \\| (.*) \\|$`, 'm').exec(page)?.[1];
}

describe('rule catalogue consistency', () => {
  describe('the registry', () => {
    it('is sorted by id, without duplicates', () => {
      const sorted = [...ruleIds].sort();
      assert.deepEqual(ruleIds, sorted, 'RULES must be sorted by id');
      const dupes = ruleIds.filter((id, i) => ruleIds.indexOf(id) !== i);
      assert.deepEqual(dupes, [], 'duplicate rule ids');
    });

    it('shares no id with a built-in code', () => {
      assert.deepEqual(ruleIds.filter((id) => builtinIds.includes(id)), []);
    });
  });

  for (const rule of RULES) {
    const { meta } = rule;
    describe(meta.id, () => {
      const [area, name] = meta.id.split('/');

      it('has valid metadata', () => {
        assert.match(meta.id, /^[a-z]+\/[a-z0-9]+(-[a-z0-9]+)*$/, 'id is `area/name` in kebab case');
        assert.ok(AREAS.includes(meta.area), `area ${meta.area} is one of ${AREAS.join(', ')}`);
        assert.equal(area, meta.area, 'the id starts with the area');
        assert.ok((SEVERITIES as readonly string[]).includes(meta.severity), `severity ${meta.severity}`);
        assert.ok(typeof meta.description === 'string' && meta.description.trim().length > 10, 'description');
        assert.ok(typeof meta.rationale === 'string' && meta.rationale.trim().length > 20, 'rationale');
        assert.ok(meta.profiles.length > 0, 'profiles is not empty');
        for (const p of meta.profiles) assert.ok(PROFILES.includes(p), `profile ${p}`);
        assert.ok(meta.formats.length > 0, 'formats is not empty');
        for (const f of meta.formats) assert.ok((ALL_FORMATS as readonly string[]).includes(f) || f === 'inferencepool', `format ${f}`);
        assert.equal(typeof meta.fixable, 'boolean', 'fixable');
        if (meta.defaultOptions !== undefined) assert.ok(meta.defaultOptions && typeof meta.defaultOptions === 'object' && !Array.isArray(meta.defaultOptions), 'defaultOptions is an object');
      });

      it(`lives in rules/${meta.id}.ts with its test table beside it`, async () => {
        const file = path.join(RULES_DIR, area, `${name}.ts`);
        assert.ok(existsSync(file), `${path.relative(ROOT, file)} exists`);
        const mod = (await import(file)) as { default?: { meta?: { id?: string } } };
        assert.equal(mod.default?.meta?.id, meta.id, `the default export of ${path.relative(ROOT, file)} is this rule`);
        const test = path.join(RULES_DIR, area, `${name}.test.ts`);
        assert.ok(existsSync(test), `${path.relative(ROOT, test)} exists`);
        assert.match(read(test), /ruleTester\(/, 'the test uses the rule tester');
      });

      it(`has its page docs/rules/${meta.id}.md`, () => {
        const file = path.join(DOCS_DIR, area, `${name}.md`);
        assert.ok(existsSync(file), `docs/rules/${meta.id}.md exists`);
        const page = read(file);
        assert.equal(page.split('\n')[0], `# ${meta.id}`, 'the page starts with `# <id>`');
        for (const section of PAGE_SECTIONS) assert.ok(page.includes(`\n${section}\n`), `the page has a "${section}" section`);
        const severity = tableRow(page, 'Default severity');
        assert.ok(severity?.startsWith(meta.severity), `the page's default severity (${severity}) is ${meta.severity}`);
        const fixable = tableRow(page, 'Fixable');
        assert.ok(fixable?.startsWith(meta.fixable ? 'yes' : 'no'), `the page's Fixable row (${fixable}) agrees with meta.fixable (${meta.fixable})`);
        if (meta.defaultOptions) {
          for (const option of Object.keys(meta.defaultOptions)) assert.ok(page.includes(`\`${option}\``), `the page documents the option \`${option}\``);
        }
      });
    });
  }

  describe('built-in codes', () => {
    for (const code of BUILTIN_CODES) {
      it(`${code.id} has its page`, () => {
        const file = path.join(DOCS_DIR, `${code.id}.md`);
        assert.ok(existsSync(file), `docs/rules/${code.id}.md exists`);
        const page = read(file);
        assert.equal(page.split('\n')[0], `# ${code.id}`);
        assert.equal(code.id.split('/')[0], code.area);
        for (const section of PAGE_SECTIONS) assert.ok(page.includes(`\n${section}\n`), `the page has a "${section}" section`);
        assert.ok(tableRow(page, 'Default severity')?.startsWith(code.severity), 'the page states the default severity');
      });
    }
  });

  describe('the catalogue index (docs/rules/README.md)', () => {
    it('links every registered rule and built-in code', () => {
      const listed = new Set(catalogueIds());
      assert.deepEqual([...known].filter((id) => !listed.has(id)).sort(), [], 'ids missing from docs/rules/README.md');
    });
  });

  // These fail while rules are written but not yet wired into their area's index and the registry.
  describe('nothing is left unregistered', () => {
    it('every page under docs/rules/<area>/ belongs to a registered rule or a built-in code', () => {
      assert.deepEqual(docPages().filter((id) => !known.has(id)), [], 'pages without a rule in RULES or BUILTIN_CODES');
    });

    it('every rule module under rules/<area>/ is registered', () => {
      assert.deepEqual(ruleModules().filter((id) => !known.has(id)), [], 'rule files not listed in an area index / RULES');
    });

    it('every entry of the catalogue index is registered and has its page', () => {
      const ids = catalogueIds();
      assert.deepEqual(ids.filter((id) => !known.has(id)), [], 'catalogue entries not in RULES or BUILTIN_CODES');
      assert.deepEqual(ids.filter((id) => !existsSync(path.join(DOCS_DIR, `${id}.md`))), [], 'catalogue entries without a page');
    });
  });
});
