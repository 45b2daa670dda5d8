import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { analyzeFile, checkText } from '../../server/src/engine/check';
import { applyFixes, fixAllText, preferredFix } from '../../server/src/engine/fix/apply';
import { complete } from '../../server/src/engine/language/completion';
import { hover } from '../../server/src/engine/language/hover';
import { documentSymbols } from '../../server/src/engine/language/symbols';
import { parseYaml } from '../../server/src/engine/parse/yaml';
import type { Finding, Fix, Range } from '../../server/src/engine/types';

/**
 * The engine's fuzz properties, shared by the bounded run in the test suite (test/fuzz/engine.fuzz.test.ts)
 * and the long run (`npm run fuzz`, scripts/fuzz.mjs):
 *
 * - checkText never throws and every finding's range (and every fix's edit range) lies inside the document;
 * - every fix, applied alone, and all preferred fixes together leave parseable YAML when the input parsed;
 * - fixAllText is idempotent: running it on its own output changes nothing;
 * - completion, hover and symbols at any position never throw.
 */

const ROOT = join(__dirname, '..', '..');
/** Seeds larger than this are left out: they slow every case and add little shape. */
const MAX_SEED_BYTES = 32 * 1024;

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...yamlFiles(path));
    else if (/\.ya?ml$/.test(name) && statSync(path).size <= MAX_SEED_BYTES) out.push(path);
  }
  return out.sort();
}

/** Seed manifests: the examples and the corpus (test/fixtures/corpus, else the shared upstream copy). */
export function loadSeeds(): { name: string; text: string }[] {
  const corpus = existsSync(join(ROOT, 'test', 'fixtures', 'corpus')) ? join(ROOT, 'test', 'fixtures', 'corpus') : '/work/shared/upstream/corpus';
  const files = [...yamlFiles(join(ROOT, 'examples')), ...yamlFiles(corpus)];
  return files.map((path) => ({ name: relative(ROOT, path), text: readFileSync(path, 'utf8') }));
}

const TOKENS = [':', ': ', '-', '- ', '{', '}', '[', ']', ',', '&a ', '*a', '&a', '\t', ' ', '  ', '\n', '"', "'", '#', '---\n', '...\n', '|', '>-', '? ', '!foo ', '!!str ', '!!binary ', '<<: *a', 'yes', 'no', 'on', '~', 'null', '1e400', '18446744073709551617', '0x1F', '\u0000', '\ufeff', '\r\n', '\ufffd', '%YAML 1.1\n', '{{ .Values.x }}', '{% if x %}\n', '<<<<<<< HEAD\n', '${VAR}', 'é', '😀'];

type Mutation =
  | { op: 'delete' | 'duplicate'; at: number }
  | { op: 'swap'; at: number; other: number }
  | { op: 'indent'; at: number; by: number; tab: boolean }
  | { op: 'insert'; at: number; col: number; text: string }
  | { op: 'truncate'; at: number };

const position = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete' as const, 'duplicate' as const), at: position }),
  fc.record({ op: fc.constant('swap' as const), at: position, other: position }),
  fc.record({ op: fc.constant('indent' as const), at: position, by: fc.integer({ min: -4, max: 4 }), tab: fc.boolean() }),
  fc.record({ op: fc.constant('insert' as const), at: position, col: position, text: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...TOKENS) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) }) }),
  fc.record({ op: fc.constant('truncate' as const), at: position }),
);

export function mutate(text: string, mutations: readonly Mutation[]): string {
  let lines = text.split('\n');
  for (const m of mutations) {
    const i = Math.floor(m.at * lines.length);
    switch (m.op) {
      case 'delete':
        lines.splice(i, 1);
        break;
      case 'duplicate':
        lines.splice(i, 0, lines[i] ?? '');
        break;
      case 'swap': {
        const j = Math.floor(m.other * lines.length);
        [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
        break;
      }
      case 'indent': {
        const line = lines[i] ?? '';
        lines[i] = m.by >= 0 ? (m.tab ? '\t' : ' '.repeat(m.by)) + line : line.replace(new RegExp(`^ {0,${-m.by}}`), '');
        break;
      }
      case 'insert': {
        const line = lines[i] ?? '';
        const col = Math.floor(m.col * (line.length + 1));
        lines[i] = line.slice(0, col) + m.text + line.slice(col);
        break;
      }
      case 'truncate': {
        const joined = lines.join('\n');
        lines = joined.slice(0, Math.max(0, Math.floor(m.at * joined.length))).split('\n');
        break;
      }
    }
  }
  return lines.join('\n');
}

const HEADERS = [
  { apiVersion: 'modelready.dev/v1alpha1', kind: 'ModelDeployment' },
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'serving.kserve.io/v1beta1', kind: 'InferenceService' },
  { apiVersion: 'ray.io/v1', kind: 'RayService' },
  { apiVersion: 'leaderworkerset.x-k8s.io/v1', kind: 'LeaderWorkerSet' },
  { apiVersion: 'v1', kind: 'Service' },
];

/** Sets `value` at a random path of a parsed seed (so random data lands where the schema and rules look). */
function plant(seed: unknown, steps: readonly number[], value: unknown): unknown {
  if (!seed || typeof seed !== 'object') return value;
  const root = structuredClone(seed) as Record<string, unknown>;
  let node: Record<string, unknown> = root;
  for (const step of steps) {
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[step % keys.length];
    const next = node[key];
    if (!next || typeof next !== 'object' || step % 5 === 0) {
      node[key] = value;
      return root;
    }
    node = next as Record<string, unknown>;
  }
  node[`k${steps.length}`] = value;
  return root;
}

export interface FuzzCase {
  kind: string;
  text: string;
  uri: string;
  /** Positions for completion/hover (line, character), maybe past the end. */
  probes: [number, number][];
}

export function fuzzCase(seeds: readonly { name: string; text: string }[]): fc.Arbitrary<FuzzCase> {
  const seed = fc.constantFrom(...seeds);
  const uri = fc.constantFrom('file:///w/fuzz.modelready.yaml', 'file:///w/fuzz.yaml', 'file:///w/.modelready.yaml');
  const probes = fc.array(fc.tuple(fc.nat({ max: 400 }), fc.nat({ max: 120 })), { minLength: 1, maxLength: 4 });
  const mutated = fc.record({ seed, mutations: fc.array(mutation, { minLength: 1, maxLength: 6 }) }).map(({ seed: s, mutations }) => ({ kind: `mutated ${s.name}`, text: mutate(s.text, mutations) }));
  const json = fc.record({ header: fc.constantFrom(...HEADERS), body: fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 6 }) }).map(({ header, body }) => ({ kind: 'jsonValue', text: stringify({ ...header, ...body }) }));
  const bare = fc.jsonValue({ maxDepth: 5 }).map((v) => ({ kind: 'bare jsonValue', text: stringify(v) }));
  const planted = fc.record({ seed, steps: fc.array(fc.nat(), { maxLength: 6 }), value: fc.jsonValue({ maxDepth: 3 }) }).map(({ seed: s, steps, value }) => {
    let data: unknown;
    try {
      data = parse(s.text, { version: '1.1' });
    } catch {
      data = undefined;
    }
    return { kind: `planted ${s.name}`, text: data && typeof data === 'object' ? stringify(plant(data, steps, value)) : s.text };
  });
  const mutatedJson = fc.record({ base: json, mutations: fc.array(mutation, { maxLength: 3 }) }).map(({ base, mutations }) => ({ kind: 'mutated jsonValue', text: mutate(base.text, mutations) }));
  return fc
    .record({
      input: fc.oneof({ weight: 6, arbitrary: mutated }, { weight: 2, arbitrary: planted }, { weight: 2, arbitrary: json }, { weight: 1, arbitrary: mutatedJson }, { weight: 1, arbitrary: bare }),
      uri,
      probes,
    })
    .map(({ input, uri: u, probes: p }) => ({ kind: input.kind, text: input.text, uri: u, probes: p }));
}

function inside(text: string, range: Range): boolean {
  const lines = text.split('\n');
  const ok = (p: Range['start']): boolean => Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length;
  const ordered = range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character);
  return ok(range.start) && ok(range.end) && ordered;
}

function fail(c: FuzzCase, message: string): never {
  throw new Error(`${message}\n  case: ${c.kind} (${c.uri})\n  text: ${JSON.stringify(c.text.length > 2000 ? c.text.slice(0, 2000) + '…' : c.text)}`);
}

function parses(text: string): boolean {
  return parseYaml(text).documents.every((d) => !d.hasErrors);
}

/** Checking: no throw; every range inside the document. */
export function checkProperty(c: FuzzCase): Finding[] {
  const findings = checkText(c.uri, c.text);
  for (const f of findings) {
    if (!inside(c.text, f.range)) fail(c, `${f.code} "${f.message}" has range ${JSON.stringify(f.range)} outside the document`);
    for (const fix of f.fixes ?? []) for (const e of fix.edits) if (!inside(c.text, e.range)) fail(c, `fix "${fix.title}" of ${f.code} edits ${JSON.stringify(e.range)} outside the document`);
  }
  return findings;
}

/** Fixes: each one alone and the preferred ones together keep parseable YAML parseable; fix-all is idempotent. */
export function fixProperty(c: FuzzCase): void {
  const findings = checkProperty(c);
  const parsed = parses(c.text);
  // Every real fix; of the suppression comments (all alike) only the first few, which keeps a case cheap.
  const all = findings.flatMap((f) => f.fixes ?? []);
  const fixes = [...all.filter((f) => !f.title.startsWith('Suppress ')), ...all.filter((f) => f.title.startsWith('Suppress ')).slice(0, 3)];
  if (parsed) {
    for (const fix of fixes) {
      const { text } = applyFixes(c.text, [fix]);
      if (!parses(text)) fail(c, `fix "${fix.title}" leaves YAML that does not parse:\n${JSON.stringify(text)}`);
    }
    const together = applyFixes(c.text, findings.map(preferredFix).filter((f): f is Fix => f !== undefined)).text;
    if (!parses(together)) fail(c, `the preferred fixes together leave YAML that does not parse:\n${JSON.stringify(together)}`);
  }
  const once = fixAllText(c.uri, c.text).text;
  if (parsed && !parses(once)) fail(c, `fixAllText leaves YAML that does not parse:\n${JSON.stringify(once)}`);
  const twice = fixAllText(c.uri, once).text;
  if (twice !== once) fail(c, `fixAllText is not idempotent:\n first: ${JSON.stringify(once)}\nsecond: ${JSON.stringify(twice)}`);
}

/** Language features at random positions (inside, at the end of and past the document): no throw. */
export function languageProperty(c: FuzzCase): void {
  const file = analyzeFile(c.uri, c.text);
  const lines = c.text.split('\n');
  for (const [l, ch] of c.probes) {
    const line = l % (lines.length + 2);
    const character = ch % ((lines[line] ?? '').length + 3);
    complete(file, line, character);
    hover(file, line, character);
  }
  documentSymbols(file);
}

/** Every property on one case (checking is part of the fix property). */
export function allProperties(c: FuzzCase): void {
  fixProperty(c);
  languageProperty(c);
}

/** Runs all properties on `numRuns` cases (a fresh random seed unless given); returns the number of cases run. */
export function runFuzz(numRuns: number, options: { seed?: number; onProgress?: (done: number) => void } = {}): number {
  const seeds = loadSeeds();
  let done = 0;
  fc.assert(
    fc.property(fuzzCase(seeds), (c) => {
      allProperties(c);
      done++;
      if (options.onProgress && done % 1000 === 0) options.onProgress(done);
    }),
    { numRuns, seed: options.seed, endOnFailure: true },
  );
  return done;
}
