import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { Workspace } from '../../server/src/engine/workspace';
import type { Config } from '../../server/src/engine/config/config';
import { DEFAULT_CONFIG } from '../../server/src/engine/config/config';
import { applyFixes } from '../../server/src/engine/fix/apply';
import type { Rule } from '../../server/src/engine/rules/define';
import type { Finding, Range } from '../../server/src/engine/types';
import type { Profile } from '../../server/src/engine/vocabulary';
import { PROFILES } from '../../server/src/engine/vocabulary';

/**
 * ESLint's RuleTester for ModelReady rules: a table of valid and invalid cases. A case is either whole YAML
 * (`yaml`, several documents allowed) or a mutation of the complete example manifest (`mutate`), which has
 * no findings under any profile. Every invalid case also checks that each preferred fix leaves parseable
 * YAML, removes its finding, and changes nothing when applied again.
 */

export const COMPLETE_EXAMPLE = readFileSync(join(__dirname, '..', '..', 'examples', 'support-assistant.modelready.yaml'), 'utf8');

export type Manifest = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface CaseBase {
  name: string;
  /** Whole YAML text; or */
  yaml?: string;
  /** a change to a copy of the complete example (as data; comments are not kept). */
  mutate?: (manifest: Manifest) => void;
  profile?: Profile;
  options?: Record<string, unknown>;
  /** Extra files in the workspace (uri → YAML), for cross-document and cross-file rules. */
  files?: Record<string, string>;
  /** Files that exist, for rules that check references. */
  existingFiles?: string[];
  /** The case is a Kustomize patch (a partial object, as node/kustomize.ts decides for real files). */
  partial?: boolean;
}

export interface ExpectedFinding {
  message: RegExp | string;
  /** The source text at the finding's range (the narrowest range rule). */
  text?: string;
  /** 1-based line of the range start. */
  line?: number;
  severity?: Finding['severity'];
  /** Whether the finding offers a preferred (auto-applicable) fix. */
  fixable?: boolean;
  /** The text after applying the preferred fix must satisfy this. */
  fixed?: (output: string) => void;
}

export interface InvalidCase extends CaseBase {
  findings: ExpectedFinding[];
}

export function mutateExample(mutate: (m: Manifest) => void): string {
  const m = parse(COMPLETE_EXAMPLE) as Manifest;
  mutate(m);
  return stringify(m, { lineWidth: 0 });
}

function sourceOf(c: CaseBase): string {
  if (c.yaml !== undefined) return c.yaml;
  if (c.mutate) return mutateExample(c.mutate);
  return COMPLETE_EXAMPLE;
}

function textAt(text: string, r: Range): string {
  const lines = text.split('\n');
  if (r.start.line === r.end.line) return lines[r.start.line].slice(r.start.character, r.end.character);
  return [lines[r.start.line].slice(r.start.character), ...lines.slice(r.start.line + 1, r.end.line), lines[r.end.line].slice(0, r.end.character)].join('\n');
}

const URI = 'file:///workspace/manifest.modelready.yaml';

export function run(rule: Rule, c: CaseBase, text = sourceOf(c)): Finding[] {
  const config: Config = {
    ...DEFAULT_CONFIG,
    profile: c.profile ?? 'production',
    rules: c.options ? { [rule.meta.id]: { options: c.options } } : {},
  };
  const existing = new Set(c.existingFiles ?? []);
  // Without `existingFiles` the case says nothing about the file system: references are "unknown".
  const workspace = new Workspace({
    fileExists: (p: string) => (c.existingFiles ? existing.has(p.replace(/^\.\//, '')) || existing.has(p) : undefined),
    today: '2026-11-25',
  });
  const file = workspace.analyze(URI, text, config, { partial: c.partial });
  for (const [uri, t] of Object.entries(c.files ?? {})) workspace.analyze(uri, t, config);
  const all = workspace.check(file, config, [rule]);
  const schemaErrors = all.filter((f) => f.code.startsWith('schema/'));
  assert.deepEqual(schemaErrors.map((f) => f.message), [], `the case's YAML must be schema-valid:\n${text}`);
  return all.filter((f) => f.code === rule.meta.id);
}

export function ruleTester(rule: Rule, cases: { valid: CaseBase[]; invalid: InvalidCase[] }): void {
  describe(rule.meta.id, () => {
    it('has no findings on the complete example under every profile', () => {
      for (const profile of PROFILES) {
        assert.deepEqual(run(rule, { name: 'example', profile }).map((f) => f.message), []);
      }
    });
    for (const c of cases.valid) {
      it(`valid: ${c.name}`, () => {
        const findings = run(rule, c);
        assert.deepEqual(findings.map((f) => f.message), [], 'expected no findings');
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, () => {
        const text = sourceOf(c);
        const findings = run(rule, c, text);
        assert.equal(findings.length, c.findings.length, `expected ${c.findings.length} finding(s), got: ${JSON.stringify(findings.map((f) => f.message), null, 1)}`);
        c.findings.forEach((expected, i) => {
          const f = findings[i];
          if (typeof expected.message === 'string') assert.equal(f.message, expected.message);
          else assert.match(f.message, expected.message);
          if (expected.text !== undefined) assert.equal(textAt(text, f.range), expected.text, 'range');
          if (expected.line !== undefined) assert.equal(f.range.start.line + 1, expected.line, 'line');
          if (expected.severity) assert.equal(f.severity, expected.severity);
          assert.equal(f.docsUrl.endsWith(`docs/rules/${rule.meta.id}.md`), true, 'docs link');
          // Fixes build their edits when asked for (engine/fix/lazy.ts): an offered fix must have some then.
          for (const x of f.fixes ?? []) assert.ok(Array.isArray(x.edits) && x.edits.length > 0, `fix "${x.title}" has no edits`);
          const preferred = f.fixes?.find((x) => x.isPreferred);
          if (expected.fixable !== undefined) assert.equal(!!preferred, expected.fixable, 'fixable');
          if (preferred) {
            const once = applyFixes(text, [preferred]).text;
            const docs = parseAllDocuments(once);
            assert.deepEqual((Array.isArray(docs) ? docs : [docs]).flatMap((d) => d.errors.map((e) => e.message)), [], `fix must leave valid YAML:\n${once}`);
            const after = run(rule, c, once);
            assert.ok(after.length < findings.length, `the fix must remove its finding:\n${once}`);
            // Idempotent: the fixed text does not ask for the same fix again (applying it twice changes nothing).
            const offeredAgain = after.some((x) => x.message === f.message && x.fixes?.some((y) => y.isPreferred && y.title === preferred.title));
            assert.ok(!offeredAgain, `the fix must not be offered again on its own output:\n${once}`);
            expected.fixed?.(once);
          }
        });
      });
    }
  });
}
