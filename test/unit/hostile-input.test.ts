import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import type { DocumentOptions, ParseOptions, SchemaOptions } from 'yaml';
import { analyzeFile, buildWorkspace, checkFile, checkText } from '../../server/src/engine/check';
import type { Config } from '../../server/src/engine/config/config';
import { DEFAULT_CONFIG, parseConfigText } from '../../server/src/engine/config/config';
import { applyFixes, fixAllText, preferredFix } from '../../server/src/engine/fix/apply';
import { complete } from '../../server/src/engine/language/completion';
import { hover } from '../../server/src/engine/language/hover';
import { documentSymbols } from '../../server/src/engine/language/symbols';
import { parseYaml } from '../../server/src/engine/parse/yaml';
import type { Limits } from '../../server/src/engine/parse/yaml';
import { defineRule } from '../../server/src/engine/rules/define';
import type { Rule } from '../../server/src/engine/rules/define';
import { RULES } from '../../server/src/engine/rules/registry';
import type { Finding, Range } from '../../server/src/engine/types';

/**
 * Hostile input (DESIGN.md §6): every input here goes through the whole engine (parse, schema, rules,
 * fixes, completion, hover, symbols) without throwing, and every finding's range lies inside the document.
 */

const EXAMPLE = readFileSync(join(__dirname, '..', '..', 'examples', 'support-assistant.modelready.yaml'), 'utf8');
const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: demo\nmodel:\n  uri: hf://org/model\n';
const URI = 'file:///w/hostile.modelready.yaml';

function withLimits(limits: Partial<Limits>): Config {
  return { ...DEFAULT_CONFIG, limits: { ...DEFAULT_CONFIG.limits, ...limits } };
}

/** LSP lines: split at \n (a CRLF line keeps its \r, which the engine's line counter does too). */
function assertInside(text: string, range: Range, what: string): void {
  const lines = text.split('\n');
  const ok = (p: Range['start']): boolean => p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length;
  assert.ok(ok(range.start) && ok(range.end), `${what}: range ${JSON.stringify(range)} is outside the document (${lines.length} lines)`);
  assert.ok(range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character), `${what}: range ${JSON.stringify(range)} ends before it starts`);
}

function assertFindingsInside(text: string, findings: readonly Finding[]): void {
  for (const f of findings) {
    assertInside(text, f.range, `${f.code} "${f.message.slice(0, 80)}"`);
    for (const fix of f.fixes ?? []) for (const e of fix.edits) assertInside(text, e.range, `fix "${fix.title}" of ${f.code}`);
  }
}

/** The whole engine on one input: findings (ranges checked), fixes, language features. Returns the findings. */
function engine(text: string, config: Config = DEFAULT_CONFIG, uri = URI): Finding[] {
  const findings = checkText(uri, text, config);
  assertFindingsInside(text, findings);
  const fixes = findings.map(preferredFix).filter((f) => f !== undefined);
  applyFixes(text, fixes);
  if (text.length < 200_000) fixAllText(uri, text, config);
  const file = analyzeFile(uri, text, config);
  const lines = text.split('\n');
  const probe = new Set([0, 1, 2, Math.floor(lines.length / 2), lines.length - 1, lines.length]);
  for (const line of probe) {
    for (const character of [0, 2, (lines[line] ?? '').length]) {
      complete(file, line, character);
      hover(file, line, character);
    }
  }
  documentSymbols(file);
  return findings;
}

const codes = (findings: readonly Finding[]): string[] => findings.map((f) => f.code);

/** The options the engine's YAML wrapper parses with (parse/yaml.ts). */
const ENGINE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = { version: '1.1', uniqueKeys: true, prettyErrors: false, merge: true };

function yamlCodes(text: string, options: ParseOptions & DocumentOptions & SchemaOptions = ENGINE_OPTIONS): string[] {
  const docs = parseAllDocuments(text, options);
  return (Array.isArray(docs) ? docs : []).flatMap((d) => [...d.errors, ...d.warnings].map((e) => e.code));
}

/**
 * One input per error code of the `yaml` package. `engine` is what ModelReady reports for it: the same code
 * (as schema/yaml-syntax), or, for the codes its options never produce, how it reads the input instead.
 */
const YAML_ERRORS: { code: string; text: string; via?: string; options?: ParseOptions & DocumentOptions & SchemaOptions; engine: (problems: string[]) => void }[] = [
  { code: 'ALIAS_PROPS', text: 'a: &x 1\nb: !!str *x\n', engine: (p) => assert.ok(p.includes('ALIAS_PROPS')) },
  { code: 'BAD_ALIAS', text: 'a: & 1\nb: *\n', engine: (p) => assert.ok(p.includes('BAD_ALIAS')) },
  { code: 'BAD_DIRECTIVE', text: '%FOO bar\n---\na: 1\n', engine: (p) => assert.ok(p.includes('BAD_DIRECTIVE')) },
  { code: 'BAD_DQ_ESCAPE', text: 'a: "\\q"\n', engine: (p) => assert.ok(p.includes('BAD_DQ_ESCAPE')) },
  { code: 'BAD_INDENT', text: 'a: |2\n x\n', engine: (p) => assert.ok(p.includes('BAD_INDENT')) },
  { code: 'BAD_PROP_ORDER', text: '&x ? a\n: b\n', engine: (p) => assert.ok(p.includes('BAD_PROP_ORDER')) },
  { code: 'BAD_SCALAR_START', text: 'a: `x`\nb: @y\n', engine: (p) => assert.ok(p.includes('BAD_SCALAR_START')) },
  { code: 'BLOCK_AS_IMPLICIT_KEY', text: 'a: b: c\n', engine: (p) => assert.ok(p.includes('BLOCK_AS_IMPLICIT_KEY')) },
  { code: 'BLOCK_IN_FLOW', text: '{ a: - b }\n', engine: (p) => assert.ok(p.includes('BLOCK_IN_FLOW')) },
  { code: 'DUPLICATE_KEY', text: 'a: 1\na: 2\n', engine: (p) => assert.ok(p.includes('DUPLICATE_KEY')) },
  // Found by a brute-force search: a block scalar header after a compact sequence in an empty-key map.
  { code: 'IMPOSSIBLE', text: ":  - \n|-'a\n", engine: (p) => assert.ok(p.includes('IMPOSSIBLE')) },
  { code: 'KEY_OVER_1024_CHARS', text: `${'k'.repeat(1100)}: v\n`, engine: (p) => assert.ok(p.includes('KEY_OVER_1024_CHARS')) },
  { code: 'MISSING_CHAR', text: 'a: {b: 1\nc: "open\n', engine: (p) => assert.ok(p.includes('MISSING_CHAR')) },
  { code: 'MULTILINE_IMPLICIT_KEY', text: 'a\nb: c\n', engine: (p) => assert.ok(p.includes('MULTILINE_IMPLICIT_KEY')) },
  { code: 'MULTIPLE_ANCHORS', text: 'a: &x &y 1\n', engine: (p) => assert.ok(p.includes('MULTIPLE_ANCHORS')) },
  // parse() (one document) only: the engine splits the file at `---` and reads both documents.
  { code: 'MULTIPLE_DOCS', text: 'a: 1\n---\nb: 2\n', via: 'parse()', engine: (p) => assert.deepEqual(p, []) },
  { code: 'MULTIPLE_TAGS', text: 'a: !!str !!str 1\n', engine: (p) => assert.ok(p.includes('MULTIPLE_TAGS')) },
  // stringKeys only: the engine accepts a collection as a key (toJS stringifies it).
  { code: 'NON_STRING_KEY', text: '? [a, b]\n: c\n', via: 'stringKeys', options: { ...ENGINE_OPTIONS, stringKeys: true }, engine: (p) => assert.deepEqual(p, []) },
  // yaml catches its own stack overflow on deep nesting; the wrapper reports it once, as the depth limit.
  { code: 'RESOURCE_EXHAUSTION', text: `${'['.repeat(20_000)}${']'.repeat(20_000)}\n`, engine: (p) => assert.deepEqual(p, ['LIMIT_DEPTH']) },
  { code: 'TAB_AS_INDENT', text: 'a:\n\tb: 1\n', engine: (p) => assert.ok(p.includes('TAB_AS_INDENT')) },
  { code: 'TAG_RESOLVE_FAILED', text: 'a: !e!foo bar\nb: !foo baz\nc: !!int abc\n', engine: (p) => assert.deepEqual(p, ['TAG_RESOLVE_FAILED', 'TAG_RESOLVE_FAILED', 'TAG_RESOLVE_FAILED']) },
  { code: 'UNEXPECTED_TOKEN', text: 'a: [x, , y]\nb: 1\n]\n', engine: (p) => assert.ok(p.includes('UNEXPECTED_TOKEN')) },
  // The core schema's known tags only: under YAML 1.1 a scalar tag on a collection is an unresolved tag (a warning).
  { code: 'BAD_COLLECTION_TYPE', text: 'a: !!binary [1]\nb: !!set [x]\n', via: 'the core schema', options: { uniqueKeys: true, prettyErrors: false }, engine: (p) => assert.deepEqual(p, ['TAG_RESOLVE_FAILED', 'TAG_RESOLVE_FAILED']) },
];

describe('hostile input: every error code of the yaml package', function () {
  this.timeout(60_000);

  for (const c of YAML_ERRORS) {
    it(`${c.code}${c.via ? ` (only via ${c.via})` : ''}`, () => {
      if (c.code === 'MULTIPLE_DOCS') {
        assert.throws(() => parse(c.text), (e: { code?: string }) => e.code === 'MULTIPLE_DOCS');
        // The one place the engine uses parse(): the configuration file. It reports, never throws.
        const { problems } = parseConfigText(c.text);
        assert.match(problems[0].message, /multiple documents/i);
      } else if (c.code === 'NON_STRING_KEY') {
        assert.throws(() => parse(c.text, c.options), (e: { code?: string }) => e.code === 'NON_STRING_KEY');
      } else {
        assert.ok(yamlCodes(c.text, c.options).includes(c.code), `yaml reports ${c.code}: ${yamlCodes(c.text, c.options).join(', ')}`);
      }
      const problems = parseYaml(c.text).documents.flatMap((d) => d.problems.map((p) => p.code));
      c.engine(problems);
      // In a manifest (the file name says so) every problem is a finding with a message and an in-document range,
      // except the echoes of a structural error, which that error counts.
      const findings = engine(c.text).filter((f) => f.code === 'meta/limit' || f.code === 'schema/yaml-syntax');
      assert.equal(findings.length > 0, problems.length > 0, 'a broken document is reported');
      assert.ok(findings.length <= problems.length);
      if (findings.length < problems.length) assert.ok(findings.some((f) => /more syntax problems? after it/.test(f.message)), 'the cascade is counted');
      for (const f of findings) assert.ok(f.message.length > 10, f.message);
    });
  }
});

describe('hostile input: files', function () {
  this.timeout(120_000);

  it('merge-conflict markers are syntax errors on the marker lines', () => {
    const text = EXAMPLE.replace('serving:\n', '<<<<<<< HEAD\nserving:\n=======\nserving:\n>>>>>>> feature\n');
    const findings = engine(text);
    const syntax = findings.filter((f) => f.code === 'schema/yaml-syntax');
    assert.ok(syntax.length > 0);
    const markerLines = text.split('\n').flatMap((l, i) => (/^(<{7}|={7}|>{7})/.test(l) ? [i] : []));
    assert.ok(syntax.some((f) => markerLines.includes(f.range.start.line)), JSON.stringify(syntax.map((f) => f.range)));
  });

  it('binary files, decoded as the server gets them (replacement characters), give no crash and no noise', () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), bytes]);
    for (const b of [bytes, png]) {
      const text = new TextDecoder('utf-8').decode(b);
      assert.ok(text.includes('\ufffd'));
      engine(text, DEFAULT_CONFIG, 'file:///w/blob.yaml');
      engine(text);
    }
  });

  it('non-UTF-8 text (Latin-1, UTF-16) decoded as UTF-8 is read, not thrown on', () => {
    const latin1 = Buffer.from(`${HEAD}metadata:\n  description: Café déjà vu\n`.replace('metadata:\n  name: demo\n', ''), 'latin1');
    const findings = engine(new TextDecoder('utf-8').decode(latin1));
    assert.ok(!codes(findings).includes('schema/yaml-syntax'), JSON.stringify(findings.filter((f) => f.code === 'schema/yaml-syntax')));
    // UTF-16LE with its BOM: every other character is a NUL.
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEAD, 'utf16le')]);
    engine(new TextDecoder('utf-8').decode(utf16));
  });

  it('NUL bytes', () => {
    engine(`${HEAD}serving:\n  runtime: vl\u0000lm\n\u0000\u0000\n`);
    engine('\u0000'.repeat(1000));
    engine(`${HEAD}"\u0000": "\u0000"\n`);
  });

  it('a 50 MB file: one meta/limit finding naming the setting; with the limit raised it is checked', () => {
    const filler = `  ${'y'.repeat(98)}\n`.repeat(500_000);
    const text = `${EXAMPLE}\nfiller: |\n${filler}`;
    assert.ok(text.length > 50_000_000);
    const over = checkText(URI, text);
    assert.equal(over.length, 1);
    assert.equal(over[0].code, 'meta/limit');
    assert.match(over[0].message, /modelready\.limits\.maxFileSizeBytes/);
    assert.deepEqual(over[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    const started = performance.now();
    const raised = checkText(URI, text, withLimits({ maxFileSizeBytes: 100_000_000, maxStringLength: 100_000_000, timeoutMsPerDocument: 60_000 }));
    const ms = performance.now() - started;
    assert.deepEqual(codes(raised), ['schema/invalid'], 'only the unknown `filler` property');
    assert.match(raised[0].message, /filler/);
    assertFindingsInside(text, raised);
    console.log(`      50 MB file with the limit raised: ${ms.toFixed(0)} ms`);
  });

  it('100,000 documents: one meta/limit finding; with the limit raised it is checked', () => {
    const text = 'a: 1\n---\n'.repeat(100_000);
    const over = checkText(URI, text);
    assert.deepEqual(codes(over), ['meta/limit']);
    assert.match(over[0].message, /100001 YAML documents.*modelready\.limits\.maxDocuments/);
    const started = performance.now();
    const raised = checkText(URI, text, withLimits({ maxDocuments: 200_000, timeoutMsPerDocument: 60_000 }));
    const ms = performance.now() - started;
    assert.deepEqual(raised, []);
    console.log(`      100,000 documents with the limit raised: ${ms.toFixed(0)} ms`);
  });

  it('10,000-deep flow nesting: one meta/limit finding for maxDepth, no stack overflow', () => {
    for (const text of [`${HEAD}serving: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, `${HEAD}serving: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`]) {
      const findings = engine(text);
      assert.deepEqual(codes(findings), ['meta/limit']);
      assert.match(findings[0].message, /deeper than 200 levels.*modelready\.limits\.maxDepth/);
      assert.equal(findings[0].range.start.line, 6);
    }
  });

  it('10,000-deep nesting with maxDepth raised: the parser runs out of stack and that is a meta/limit finding', () => {
    const text = `${HEAD}serving: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    const findings = engine(text, withLimits({ maxDepth: 1_000_000 }));
    assert.deepEqual(codes(findings), ['meta/limit']);
    assert.match(findings[0].message, /too deep for the YAML parser.*modelready\.limits\.maxDepth/);
  });

  it('10,000-deep block nesting (compact sequences, and indented mappings with the size limit raised)', () => {
    const compact = `${HEAD}serving:\n  ${'- '.repeat(10_000)}x\n`;
    assert.deepEqual(codes(engine(compact)), ['meta/limit']);
    let block = '';
    for (let i = 0; i < 10_000; i++) block += `${' '.repeat(i + 2)}k:\n`;
    const text = `${HEAD}serving:\n${block}`;
    const config = withLimits({ maxFileSizeBytes: 100_000_000, timeoutMsPerDocument: 60_000 });
    const findings = checkText(URI, text, config);
    assertFindingsInside(text, findings);
    assert.deepEqual(codes(findings), ['meta/limit']);
    assert.match(findings[0].message, /deeper than 200 levels|too deep for the YAML parser/);
  });

  it('alias bombs ("billion laughs") stop at maxAliasCount with a message naming it', () => {
    let text = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nl0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < 10; i++) text += `l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(',')}]\n`;
    const started = performance.now();
    const findings = engine(text);
    assert.ok(performance.now() - started < 10_000);
    const alias = findings.find((f) => /alias/i.test(f.message));
    assert.ok(alias, JSON.stringify(findings.map((f) => f.message)));
    // An alias to itself and a merge of an alias bomb.
    engine(`${HEAD}a: &a [*a]\nb: &b { <<: *b }\n`);
  });

  it('huge numbers and keys: 1e400 and .inf are not integers; 2^64+1 does not crash', () => {
    const findings = engine(`${HEAD}scaling:\n  minReplicas: 1e400\n  maxReplicas: .inf\n  expectedPeakRps: .nan\nresources:\n  replicas: 18446744073709551617\n`);
    const schema = findings.filter((f) => f.code === 'schema/invalid').map((f) => f.message);
    assert.ok(schema.some((m) => /`minReplicas` must be an integer, not number Infinity/.test(m)), JSON.stringify(schema));
    assert.ok(schema.some((m) => /`maxReplicas` must be an integer, not number Infinity/.test(m)), JSON.stringify(schema));
    engine(`${HEAD}x: ${'9'.repeat(10_000)}\n${'k'.repeat(1023)}: 1\n"${'q'.repeat(100_000)}": 2\n`);
  });

  it('duplicate keys: one finding on the whole repeated key', () => {
    const text = `${HEAD}model:\n  uri: hf://other/model\n`;
    const findings = engine(text);
    const dup = findings.filter((f) => f.code === 'schema/yaml-syntax');
    assert.equal(dup.length, 1);
    assert.match(dup[0].message, /^Map keys must be unique\. Later keys would silently override earlier ones\.$/);
    assert.deepEqual(dup[0].range, { start: { line: 6, character: 0 }, end: { line: 6, character: 5 } });
  });

  it('tabs, CRLF and a BOM', () => {
    assert.ok(codes(engine(`${HEAD}serving:\n\truntime: vllm\n`)).includes('schema/yaml-syntax'));
    engine(`${HEAD}serving:\n  runtime:\tvllm\t\n  port:\t8000 # tab\t\n`);
    const crlf = `\ufeff${EXAMPLE.replace(/\n/g, '\r\n')}`;
    const findings = engine(crlf);
    assert.deepEqual(findings.filter((f) => f.severity === 'error'), []);
    const lf = checkText(URI, EXAMPLE);
    assert.deepEqual(findings.map((f) => [f.code, f.range.start.line]), lf.map((f) => [f.code, f.range.start.line]));
    engine('\r\n\r\n---\r\n\r\n');
    engine(`${HEAD}a: 1\rb: 2\r`);
  });

  it('YAML 1.1 booleans: yes/no/on/off are booleans (as Kubernetes reads them); a string field says why and offers quotes', () => {
    const findings = engine(`${HEAD}serving:\n  runtime: vllm\n  tls: on\n  trustRemoteCode: no\n  servedModelName: yes\n`);
    const schema = findings.filter((f) => f.code === 'schema/invalid');
    assert.equal(schema.length, 1, JSON.stringify(schema.map((f) => f.message)));
    assert.match(schema[0].message, /`servedModelName` must be a string, but unquoted `yes` is the boolean true in YAML 1\.1 \(as Kubernetes reads it\)\. Quote it: `"yes"`/);
    const fixed = fixAllText(URI, `${HEAD}serving:\n  runtime: vllm\n  servedModelName: yes\n`).text;
    assert.match(fixed, /servedModelName: "yes"/);
  });

  it('`<<` merge keys are resolved before the schema check', () => {
    const findings = engine(`${HEAD}x-defaults: &d\n  runtime: vllm\n  port: 8000\nserving:\n  <<: *d\n  servedModelName: demo\n  tlss: true\n`);
    const schema = findings.filter((f) => f.code === 'schema/invalid').map((f) => f.message);
    assert.ok(schema.some((m) => /`x-defaults`/.test(m)));
    assert.ok(schema.some((m) => /tlss.*did you mean `tls`/.test(m)), JSON.stringify(schema));
    // `port` came in through the merge: no "did you mean `port`" for `portt`, whose rename would shadow it.
    assert.ok(!checkText(URI, `${HEAD}x-defaults: &d\n  runtime: vllm\n  port: 8000\nserving:\n  <<: *d\n  portt: 1\n`).some((f) => /did you mean `port`/.test(f.message)));
    engine(`${HEAD}serving:\n  <<: [{ runtime: vllm }, { port: 1 }]\n`);
    engine(`${HEAD}serving:\n  <<: 42\n`);
    engine(`${HEAD}serving:\n  <<: *missing\n`);
  });

  it('custom tags: !Ref and unknown !foo are clear findings, !!binary is read', () => {
    const ref = engine(`${HEAD}serving:\n  runtime: vllm\n  image: !Ref ImageParam\n`);
    assert.ok(ref.some((f) => f.code === 'schema/yaml-syntax' && f.message === 'Unresolved tag: !Ref' && f.range.start.line === 8), JSON.stringify(ref));
    const foo = engine(`${HEAD}serving: !foo\n  runtime: vllm\n`);
    assert.ok(foo.some((f) => f.code === 'schema/yaml-syntax' && /!foo/.test(f.message)));
    engine(`${HEAD}metadata:\n  name: !!binary ZGVtbw==\n`);
    engine(`${HEAD}serving: !!map\n  runtime: !!str vllm\n  port: !!int "8000"\n  args: !!seq [a]\n`);
    // A %TAG directive belongs to the document after it (the splitter once cut it off: "Could not resolve tag").
    const tagged = engine(`%TAG !e! tag:example.com,2000:\n---\n${HEAD}serving: !e!thing { runtime: vllm }\n`);
    assert.deepEqual(tagged.filter((f) => f.code === 'schema/yaml-syntax').map((f) => [f.severity, f.message]), [['warning', 'Unresolved tag: tag:example.com,2000:thing']]);
    const directive = engine(`%YAML 1.1\n# comment\n---\n${HEAD}...\n%YAML 1.1\r\n---\n${HEAD}`);
    assert.ok(!codes(directive).includes('schema/yaml-syntax'), JSON.stringify(directive.filter((f) => f.code === 'schema/yaml-syntax')));
  });

  it('documents that are scalars, lists, null or empty, mixed with a manifest', () => {
    const text = `--- 42\n--- [a, b]\n---\n- x\n- y\n--- ~\n---\n--- "text"\n---\n${HEAD}...\n--- |\n  block\n`;
    const findings = engine(text);
    assert.ok(findings.length > 0);
    assert.ok(findings.every((f) => f.range.start.line >= 9 && f.range.start.line < 15), JSON.stringify(findings.map((f) => [f.code, f.range.start.line])));
  });

  it('Helm and Jinja templates are reported once as templates, not as syntax errors', () => {
    const helm = engine(`${HEAD}scaling:\n  minReplicas: {{ .Values.replicas }}\n{{- if .Values.gpu }}\nresources: {}\n{{- end }}\n`);
    assert.deepEqual(codes(helm), ['meta/template']);
    const jinja = engine(`${HEAD}{% if gpu %}\nresources:\n  accelerator: { type: nvidia-l4, count: 1 }\n{% endif %}\n`);
    assert.deepEqual(codes(jinja), ['meta/template']);
    assert.match(jinja[0].message, /Jinja/);
    assert.equal(jinja[0].range.start.line, 6);
    // A Jinja chat template inside a block scalar is data, not a template file.
    const chat = engine(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: chat\ndata:\n  template.jinja: |\n    {% for m in messages %}{{ m.content }}{% endfor %}\n`, DEFAULT_CONFIG, 'file:///w/cm.yaml');
    assert.ok(!codes(chat).includes('meta/template'));
  });

  it('control characters, lone surrogates, and very long lines', () => {
    engine(`${HEAD}metadata:\n  description: "\u0007\u001b[31m\ud800 \udfff"\n`);
    engine(`${HEAD}x: ${'a '.repeat(500_000)}\n`);
    engine(`${HEAD}${'#'.repeat(1_000_000)}\n`);
  });
});

describe('hostile input: regressions found by fuzzing', function () {
  this.timeout(60_000);

  it('a multi-line quoted scalar the parser rejects keeps its range on real lines (yaml\'s LineCounter skipped its newlines)', () => {
    // Shrunk from a mutated corpus manifest: the range ended at character 324 of a 90-character line.
    for (const text of [':#\n#\n"\nc', `:#\n${HEAD}serving:\n  args:\n    - "a\n      b"\n`]) {
      const findings = engine(text);
      assert.ok(findings.some((f) => f.code === 'schema/yaml-syntax'));
    }
  });
});

describe('hostile input: more regressions found by fuzzing', function () {
  this.timeout(60_000);

  it('fix-all on a bare manifest converges (fixes inserting at one point land one per pass) and a second run changes nothing', () => {
    for (const text of ['apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\n', `${HEAD}x: 1\n`]) {
      const once = fixAllText(URI, text);
      assert.ok(once.fixed > 20);
      const twice = fixAllText(URI, once.text);
      assert.equal(twice.fixed, 0);
      assert.equal(twice.text, once.text);
    }
  });

  it('a fix whose parent is a list or a scalar adds nothing (it used to write the key at the document start, twice)', () => {
    for (const text of [
      'apiVersion: serving.kserve.io/v1alpha2\nkind: LLMInferenceService\nmetadata:\n  name: pd\nspec:\n  - null\n  - veRc\n',
      `${HEAD}serving: [1, 2]\n`,
    ]) {
      const once = fixAllText(URI, text).text;
      assert.ok(parseYaml(once).documents.every((d) => !d.hasErrors), once);
      assert.ok(once.startsWith(text.slice(0, 20)), 'nothing written before the header');
      assert.equal(fixAllText(URI, once).text, once);
    }
  });

  it('a key inserted next to a tagged first key gets the mapping\'s column, not the column after the tag', () => {
    const text = `!!str "x":\n  a: 1\n${HEAD}`;
    const fixes = checkText(URI, text).flatMap((f) => f.fixes ?? []).filter((f) => !f.title.startsWith('Suppress '));
    assert.ok(fixes.length > 0);
    for (const fix of fixes) assert.ok(parseYaml(applyFixes(text, [fix]).text).documents.every((d) => !d.hasErrors), fix.title);
  });

  it('did-you-mean never suggests a key the mapping already has (the rename would duplicate it)', () => {
    const text = `noapiVersion: x\n${HEAD}`;
    const unknown = checkText(URI, text).find((f) => f.code === 'schema/invalid' && /noapiVersion/.test(f.message));
    assert.ok(unknown);
    assert.doesNotMatch(unknown.message, /did you mean/);
    assert.equal(preferredFix(unknown), undefined);
  });

  it('a fix never inserts a key that is already there with a wrong value, and a BOM is not a column', () => {
    for (const text of [`${HEAD}scaling:\n  minReplicas: 1\n  maxReplicas:\n    - [a]\n`, '\ufeffapiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\n']) {
      const fixes = checkText(URI, text).flatMap((f) => f.fixes ?? []);
      for (const fix of fixes) assert.ok(parseYaml(applyFixes(text, [fix]).text).documents.every((d) => !d.hasErrors), `${fix.title}: ${applyFixes(text, [fix]).text}`);
    }
  });

  it('the Kubernetes grace-period fix inserts the key into the pod spec instead of replacing the pod spec', () => {
    const corpus = join(__dirname, '..', 'fixtures', 'corpus', 'gke-samples', 'ai-ml', 'llm-serving-gemma', 'vllm', 'vllm-2b-it-h100-80gb.yaml');
    const text = readFileSync(corpus, 'utf8');
    const finding = checkText('file:///w/vllm.yaml', text).find((f) => f.code === 'reliability/graceful-shutdown');
    assert.ok(finding);
    const fix = finding.fixes!.find((f) => /grace period/.test(f.title))!;
    const fixed = applyFixes(text, [fix]).text;
    assert.ok(parseYaml(fixed).documents.every((d) => !d.hasErrors));
    assert.equal(fixed.split('\n').length, text.split('\n').length + 1, 'one line added, nothing replaced');
    assert.match(fixed, /\n {6}terminationGracePeriodSeconds: 150\n/);
    assert.ok(fixed.includes('containers:'));
  });
});

describe('hostile input: time limit per document', function () {
  this.timeout(60_000);

  it('a tiny limit cuts every document off with one meta/limit finding naming the setting', () => {
    const text = `${EXAMPLE}---\n${EXAMPLE}`;
    const findings = engine(text, withLimits({ timeoutMsPerDocument: 1e-9 }));
    const limit = findings.filter((f) => f.code === 'meta/limit');
    assert.equal(limit.length, 2);
    assert.deepEqual(new Set(findings.map((f) => f.code)), new Set(['meta/limit']));
    for (const f of limit) {
      assert.match(f.message, /took longer than 1e-9 ms.*modelready\.limits\.timeoutMsPerDocument/);
      assert.deepEqual(f.data, { setting: 'timeoutMsPerDocument' });
    }
  });

  it('a document over the limit is cut off between rules; the rest of the file is still checked', () => {
    const area = RULES[0].meta.area;
    const slowId = `${area}/test-slow`;
    let slowCalls = 0;
    let busyMs = 0;
    const slow: Rule = defineRule({
      meta: { ...RULES[0].meta, id: slowId, formats: ['modeldeployment'], profiles: ['production'] },
      check({ unit, report }) {
        if (unit.spec.metadata?.name !== 'slow') return;
        slowCalls++;
        const until = performance.now() + busyMs;
        while (performance.now() < until) {
          // busy: a rule that takes longer than the whole budget
        }
        report({ at: 'metadata.name', message: 'slow rule ran' });
      },
    });
    const after: Rule = defineRule({ meta: { ...RULES[0].meta, id: `${area}/test-after`, formats: ['modeldeployment'], profiles: ['production'] }, check: ({ report }) => report({ at: 'metadata.name', message: 'after ran' }) });
    const fast = EXAMPLE.replace('name: support-assistant', 'name: fast');
    const text = `${EXAMPLE.replace('name: support-assistant', 'name: slow')}---\n${fast}`;
    const file = analyzeFile(URI, text);
    // The budget leaves each document 50 ms for its rules after its parse and schema check (timing-independent).
    const budget = Math.max(...file.documents.map((d) => d.elapsedMs ?? 0)) + 50;
    busyMs = budget + 20;
    const config = withLimits({ timeoutMsPerDocument: budget });
    const findings = checkFile(file, buildWorkspace([file]), config, {}, [slow, after]);
    assertFindingsInside(text, findings);
    assert.equal(slowCalls, 1);
    const secondStart = EXAMPLE.split('\n').length;
    const firstDoc = findings.filter((f) => f.range.start.line < secondStart);
    const secondDoc = findings.filter((f) => f.range.start.line >= secondStart);
    assert.deepEqual(firstDoc.map((f) => f.code).sort(), [slowId, 'meta/limit'].sort());
    assert.match(firstDoc.find((f) => f.code === 'meta/limit')!.message, /the remaining rules were skipped/);
    assert.deepEqual(secondDoc.map((f) => f.code), [`${area}/test-after`]);
  });

  it('a cut-off document is checked again on the next edit (its result is not reused)', () => {
    const tiny = withLimits({ timeoutMsPerDocument: 1e-9 });
    const first = analyzeFile(URI, EXAMPLE, tiny);
    assert.equal(first.documents[0].timedOut, true);
    const again = analyzeFile(URI, EXAMPLE, DEFAULT_CONFIG, first);
    assert.notEqual(again.documents[0].timedOut, true);
    assert.ok(!checkFile(again, buildWorkspace([again])).some((f) => f.code === 'meta/limit'));
  });

  it('the default limit (1000 ms) does not cut off the complete example, even on a cold start', () => {
    const findings = checkText('file:///w/cold.modelready.yaml', EXAMPLE);
    assert.ok(!findings.some((f) => f.code === 'meta/limit'), JSON.stringify(findings.map((f) => f.message)));
  });
});

describe('hostile input: one broken structure', () => {
  it('reports a document indented one level too deep once, with the count of the errors it causes', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\n    metadata:\n      name: x\n    spec:\n      replicas: 1\n      template:\n        spec:\n          containers: []\n';
    const syntax = engine(text).filter((f) => f.code === 'schema/yaml-syntax');
    assert.equal(syntax.length, 1, syntax.map((f) => f.message).join('\n'));
    assert.match(syntax[0].message, /and \d+ more syntax problems? after it/);
  });
});
