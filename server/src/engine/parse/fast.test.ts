import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import { CORPUS, yamlFilesUnder } from '../../../../test/support/corpus';
import { fuzzCase, loadSeeds } from '../../../../test/fuzz/properties';
import { scanBlock } from './block-scan';
import { MAX_DEPTH, parseFast } from './fast';
import { splitDocuments } from './text';
import { PARSE_OPTIONS } from './yaml';

/**
 * The fast path is checked against `yaml` itself: for every chunk it either declines (undefined) or gives documents
 * equal to parseAllDocuments' on everything the engine can read — each node's class, range, style, source, value
 * and flow, the key/value structure, errors and warnings, and toJS().
 */

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

const plain = (v: unknown): unknown => (typeof v === 'number' && !Number.isFinite(v) ? `number ${v}` : typeof v === 'bigint' ? `bigint ${v}` : v);

function dumpNode(n: unknown): unknown {
  if (n === null || n === undefined) return n;
  if (isPair(n)) return { key: dumpNode(n.key), value: dumpNode(n.value) };
  if (isScalar(n)) return { cls: 'Scalar', range: n.range, type: n.type, source: n.source, value: plain(n.value), typeOf: typeof n.value, format: n.format, tag: n.tag, anchor: n.anchor };
  if (isMap(n) || isSeq(n)) return { cls: n.constructor.name, range: n.range, flow: n.flow, tag: n.tag, anchor: n.anchor, items: n.items.map(dumpNode) };
  return { cls: (n as object).constructor.name };
}

function dumpDoc(d: Document.Parsed): unknown {
  let js: string;
  try {
    js = JSON.stringify(d.toJS({ maxAliasCount: 1000 }), (_, v: unknown) => plain(v));
  } catch (e) {
    js = `error ${String(e)}`;
  }
  return { range: d.range, errors: d.errors.map((e) => e.code), warnings: d.warnings.map((w) => w.code), docStart: d.directives.docStart, contents: dumpNode(d.contents), js };
}

/** Whether the fast path took the chunk; throws when what it gave differs from `yaml`'s documents. */
function agrees(source: string, what: string): boolean {
  const fast = parseFast(source, PARSE_OPTIONS);
  if (!fast) return false;
  const docs = parseAllDocuments(source, PARSE_OPTIONS) as Document.Parsed[];
  assert.deepEqual(fast.map((f) => dumpDoc(f.doc)), docs.map(dumpDoc), `${what}:\n${source}`);
  // The plain data built with the nodes is what toJS() gives (own keys, their order, NaN and -0 told apart).
  fast.forEach((f, i) => assert.deepStrictEqual(f.value, docs[i].toJS(), `${what} (plain data):\n${source}`));
  return true;
}

/** Share of a file set's chunks (of each file's text as `edit` leaves it) the fast path took, each checked. */
function agreeOnFiles(files: string[], edit = (text: string): string => text): { chunks: number; fast: number } {
  let chunks = 0;
  let fast = 0;
  for (const file of files) {
    for (const { source, startOffset } of splitDocuments(edit(readFileSync(file, 'utf8')))) {
      chunks++;
      if (agrees(source, `${path.relative(ROOT, file)} at ${startOffset}`)) fast++;
    }
  }
  return { chunks, fast };
}

const MANIFEST = `# A leading comment
---
apiVersion: apps/v1   # trailing comment
kind: Deployment
metadata:
  name: "quoted \\"name\\" \\u00e9"
  labels: { app: demo, tier: 'single ''quoted''' }
  annotations:
spec:
  replicas: 010
  paused: no
  selector: {}
  template:
    spec:
      containers:
      - name: server
        image: vllm/vllm-openai:v0.10.1
        args: ["--model", x, 1:20, .inf, ~]
        command:
          -   /bin/sh
          - -c
          - |
            echo hello

            echo world
        env:
          - name: A
            value: >-
              folded
              text

          - name: B
            value: plain text
              continued here
        ports: []
        # commented out: a trailing comment as deep as the last item

  strategy: {}
`;

describe('fast YAML parse (parse/fast.ts)', () => {
  it('gives yaml\'s nodes for a manifest with every scalar style, flow collections, comments, odd spacing and empty values', () => {
    assert.ok(agrees(MANIFEST, 'manifest'));
  });

  it('gives yaml\'s nodes for short and long maps (duplicates looked for one by one, then in a set)', () => {
    assert.ok(agrees(`${Array.from({ length: 40 }, (_, i) => `k${i}: ${i}`).join('\n')}\n`, 'long map'));
    assert.ok(agrees('a: 1\nb: {x: 1, y: 2}\nc: [1, 2]\n', 'short maps'));
  });

  it('gives no documents for a chunk of comments only, as yaml does', () => {
    assert.deepEqual(parseFast('# only a comment\n\n', PARSE_OPTIONS), []);
  });

  const declined: [string, string][] = [
    ['a syntax error', 'a: [1, 2\nb: 3\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a duplicate key in a long map (keys kept in a set)', `${Array.from({ length: 40 }, (_, i) => `k${i}: ${i}`).join('\n')}\nk3: again\n`],
    ['keys that resolve to one value in a long map', `${Array.from({ length: 40 }, (_, i) => `k${i}: ${i}`).join('\n')}\ny: 1\nY: 2\n`],
    ['a key over 1024 characters', `${'k'.repeat(1100)}: 1\n`],
    ['keys that resolve to one value (YAML 1.1 booleans)', 'y: 1\nY: 2\n'],
    ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a directive', '%YAML 1.1\n---\na: 1\n'],
    ['a merge key', 'a: {b: 1}\nc:\n  <<: {b: 2}\n'],
    ['an explicit key', '? a\n: 1\n'],
    ['a keep-chomped block scalar', 'a: |+\n  x\n\nb: 1\n'],
    ['a tab', 'a:\t1\n'],
    ['a CR alone', 'a: 1\rb: 2\n'],
    ['a comment after a collection\'s last item, deeper than the item', 'a:\n  b: 1\n    # c\nd: 2\n'],
    ['a comment after a collection\'s last item, as deep as the item, then a shallower one', 'a:\n  b:\n    c: 1\n    # c\n  # d\nd: 2\n'],
    ['a comment in column 0 after a collection\'s last item, then one as deep as the collection', 'a:\n  b:\n  - x\n# c\n  # d\n  c: 1\n'],
    ['a comment indented under a value', 'a: 1\n    # c\nb: 2\n'],
    ['an empty value next to a comment', 'a:\n# c\nb: 1\n'],
    ['an empty value last', 'a: 1\nb:\n'],
    ['a scalar document', '--- text\n'],
    ['a collection on the `---` line', '--- a: 1\n'],
    ['a comment right after a quote', 'a: "x"#c\n'],
    ['an empty document', '---\n'],
    ['`---` run into text', '---#\na: 1\n'],
  ];
  for (const [what, source] of declined) {
    it(`falls back to yaml on ${what}`, () => assert.equal(parseFast(source, PARSE_OPTIONS), undefined));
  }

  // The block scanner (parse/block-scan.ts) reads these itself; the builder's nodes still equal yaml's.
  const scanned: [string, string][] = [
    ['a sequence in its key\'s column and mappings in items', 'spec:\n  containers:\n  - name: a\n    args: [--x, "y", \'z\']\n  -   name: b\n      env:\n        - name: C\n          value: "1"\n'],
    ['keys that start with a dash, odd spacing and comments', '--max-model-len: "2048"   # tokens\nkey  : v\n# between\nother: \'it\'\'s\'\n'],
    ['flow mappings and empty flow collections', 'ref: { name: hf-token, key: token }\nempty: { }\nlist: [ ]\nq: {a: "b c", d: \'e\'}\n'],
    ['literal and folded block scalars with blank lines', 'a: |\n  line one\n\n  # not a comment\nb: >-\n  folded\n  text\n\n  para\n\nc: |-\n    deep\n'],
    ['empty values and a comment-only tail', 'a:\nb:\n  - \n  - x\nc: 1\n# tail\n'],
    ['keys toJS names specially (null, numbers, booleans, names of Object.prototype)', 'constructor: 1\n__proto__: {a: b}\n~: 3\n0x1F: hex\n1.50: float\nyes: bool\ntoString: [x]\nnan: .nan\n'],
    ['CR LF line ends', 'a: 1\r\nb:\r\n  - x # c\r\n  - |\r\n    t\r\n'],
  ];
  for (const [what, source] of scanned) {
    it(`reads ${what} in one pass, as yaml does`, () => {
      assert.ok(scanBlock(source, MAX_DEPTH), 'the block scanner declined');
      assert.ok(agrees(source, what));
    });
  }

  // The block scanner leaves these to js-yaml (or `yaml`), which still read them as yaml does.
  const notScanned: [string, string][] = [
    ['escapes in a double-quoted scalar', 'a: "x\\ty"\n'],
    ['a plain scalar over two lines', 'a: one\n  two\n'],
    ['a quoted scalar over two lines', 'a: "one\n  two"\n'],
    ['a nested flow collection', 'a: [x, [y]]\n'],
    ['a flow mapping with a colon in a value', 'a: {url: http://x}\n'],
    ['a sequence in a sequence item', '- - a\n'],
    ['an anchor', 'a: &x 1\n'],
    ['a block scalar with an explicit indent', 'a: |2\n   x\n'],
    ['a mapping value on the key\'s line', 'a: b: c\n'],
    ['a sequence item where a key belongs', 'a: 1\n- b\n'],
    ['a control character', 'a: \u0001\n'],
  ];
  for (const [what, source] of notScanned) {
    it(`leaves ${what} to the other readers`, () => {
      assert.equal(scanBlock(source, MAX_DEPTH), undefined);
      agrees(source, what);
    });
  }

  it('agrees with yaml on every chunk of the real-world corpus, with LF and with CR LF line ends', () => {
    for (const [eol, edit] of [['LF', (text: string) => text], ['CR LF', (text: string) => text.replace(/\r?\n/g, '\r\n')]] as const) {
      const { chunks, fast } = agreeOnFiles(yamlFilesUnder(CORPUS), edit);
      // Most real manifests take the fast path; the rest fall back.
      assert.ok(fast / chunks > 0.8, `${eol}: ${fast} of ${chunks} chunks took the fast path`);
    }
    // And most of those the block scanner reads in one pass.
    const sources = yamlFilesUnder(CORPUS).flatMap((f) => splitDocuments(readFileSync(f, 'utf8')).map((c) => c.source)).filter((s) => parseFast(s, PARSE_OPTIONS)?.length);
    const byScanner = sources.filter((s) => scanBlock(s, MAX_DEPTH)).length;
    assert.ok(byScanner / sources.length > 0.9, `the block scanner read ${byScanner} of ${sources.length} chunks`);
  });

  it('agrees with yaml on every other YAML file of the repository (fixtures, examples, e2e workspace)', () => {
    const files = [path.join(ROOT, 'examples'), path.join(ROOT, 'test', 'e2e', 'workspace'), path.join(ROOT, 'test', 'fixtures')]
      .flatMap((dir) => yamlFilesUnder(dir))
      .filter((f) => !f.startsWith(CORPUS + path.sep));
    assert.ok(agreeOnFiles(files).fast > 0);
  });

  it('agrees with yaml on a sample of the bench corpus, and reads all of it with the block scanner', async () => {
    const gen = (await import(pathToFileURL(path.join(ROOT, 'bench', 'generate.mjs')).href)) as {
      rng(seed: number): unknown;
      CORPUS_MIX: { kind: string; make(i: number, r: unknown): string }[];
    };
    const r = gen.rng(7);
    let chunks = 0;
    let fast = 0;
    for (const [k, f] of gen.CORPUS_MIX.entries()) {
      for (let i = 0; i < 40; i++) {
        for (const { source } of splitDocuments(f.make(k * 40 + i, r))) {
          chunks++;
          assert.ok(scanBlock(source, MAX_DEPTH), `the block scanner declined bench ${f.kind} ${i}`);
          if (agrees(source, `bench ${f.kind} ${i}`)) fast++;
        }
      }
    }
    assert.equal(fast, chunks);
  });

  it('agrees with yaml on generated block-style manifests (property)', () => {
    fc.assert(fc.property(manifest, (text) => {
      for (const { source } of splitDocuments(text)) agrees(source, 'generated');
    }), { numRuns: 400 });
  });

  it('agrees with yaml on mutated real manifests (the fuzzer\'s inputs: broken syntax, tabs, anchors, tags...)', () => {
    fc.assert(fc.property(fuzzCase(loadSeeds()), (c) => {
      for (const { source } of splitDocuments(c.text)) agrees(source, c.kind);
    }), { numRuns: 400 });
  });
});

// Generated manifests: nested block maps and sequences, every scalar style, comments, blank lines, empty values,
// flow collections, odd spacing, LF or CR LF line ends.
const WORDS = ['a', 'name', 'y', 'Y', 'n', 'on', 'Off', 'yes', 'No', 'true', 'FALSE', '~', 'null', 'Null', '0', '1', '-1', '+1', '010', '0o17', '0x1F', '0b101', '1_000', '1:20', '-1:30:00', '1.5', '.5', '1e3', '-1.5E-3', '.inf', '-.Inf', '.NaN', '2024-01-02', '2001-12-14t21:59:43.10-05:00', 'v0.10.1', 'vllm/vllm-openai:v0.10.1', 'http://host:80/p?q=1', 'a#b', 'a b c', '--model', '-c', '50Gi', '500m', 'x:y', '=', '<', 'é', '{{ .Values.x }}'];
const word = fc.constantFrom(...WORDS);
const text = fc.stringMatching(/^[ -~é]{0,12}$/);
const doubleQuoted = fc.oneof(text, fc.constantFrom('\\n', '\\t', '\\"', '\\\\', '\\u00e9', '\\x41', 'a\\\n  b')).map((s) => `"${s.replace(/(?<!\\)"/g, '\\"').replace(/\\(?![nt"\\ux\n])/g, '\\\\')}"`);
const singleQuoted = text.map((s) => `'${s.replace(/'/g, "''")}'`);
const inlineScalar = fc.oneof({ weight: 4, arbitrary: word }, { weight: 2, arbitrary: doubleQuoted }, { weight: 2, arbitrary: singleQuoted });
const flowItem = fc.oneof(inlineScalar, fc.constantFrom('{}', '[]', '{a: b}', '[x, "y"]'));
// Over several lines too, indented at random (not always enough).
const flowSpace = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('', ' ') }, { weight: 1, arbitrary: fc.nat({ max: 6 }).map((n) => `\n${' '.repeat(n)}`) });
const flow = fc.tuple(fc.boolean(), fc.array(flowItem, { maxLength: 4 }), flowSpace, flowSpace).map(([map, items, pad, end]) =>
  map ? `{${pad}${items.map((v, i) => `k${i}: ${v}`).join(`,${pad}`)}${end}}` : `[${pad}${items.join(` ,${pad}`)}${end}]`,
);
const trailing = fc.constantFrom('', '', '', ' ', '  # note', ' #', '#no-space');
const filler = fc.array(fc.oneof({ weight: 1, arbitrary: fc.nat({ max: 8 }).map((n) => `${' '.repeat(n)}# c`) }, { weight: 4, arbitrary: fc.constantFrom('', ' ', '   ') }), { maxLength: 2 });
const blockHeader = fc.constantFrom('|', '>', '|-', '>-', '|2', '| # header');
const blockLines = fc.array(fc.oneof(word, fc.constant(''), word.map((w) => `  ${w}`)), { minLength: 1, maxLength: 4 });

type Gen = (indent: number, depth: number) => fc.Arbitrary<string[]>;
/** A value after `key:` or `- `, as the lines that follow (the first one continues the key's line). */
const value: Gen = (indent, depth) => {
  const options: fc.Arbitrary<string[]>[] = [
    fc.tuple(inlineScalar, trailing).map(([v, t]) => [` ${v}${t}`]),
    fc.tuple(flow, trailing).map(([v, t]) => [` ${v}${t}`]),
    fc.constantFrom([''], [' '], ['   ']),
    fc.tuple(blockHeader, blockLines).map(([h, lines]) => [` ${h}`, ...lines.map((l) => (l ? `${' '.repeat(indent + 2)}${l}` : ''))]),
    fc.tuple(word, word).map(([a, b]) => [` ${a}`, `${' '.repeat(indent + 2)}${b}`]),
  ];
  if (depth < 3) {
    options.push(block(indent + 2, depth + 1).map((lines) => ['', ...lines]));
    options.push(seq(indent, depth + 1).map((lines) => ['', ...lines]));
  }
  return fc.oneof(...options);
};
const block: Gen = (indent, depth) =>
  fc.array(fc.tuple(fc.oneof(word, singleQuoted, doubleQuoted), value(indent, depth), filler), { minLength: 1, maxLength: 4 }).map((pairs) => {
    const seen = new Set<string>();
    return pairs.filter(([k]) => !seen.has(k) && !!seen.add(k)).flatMap(([k, v, f]) => [`${' '.repeat(indent)}${k}:${v[0]}`, ...v.slice(1), ...f]);
  });
const seq: Gen = (indent, depth) =>
  fc.array(fc.tuple(fc.constantFrom('- ', '-   '), fc.oneof(value(indent + 2, depth), depth < 3 ? block(0, depth + 1) : fc.constant([' x'])), filler), { minLength: 1, maxLength: 4 }).map((items) =>
    items.flatMap(([dash, v, f]) => {
      // A compact map in an item: its first key sits after the dash, the others under it.
      const lines = v[0].startsWith(' ') || v[0] === '' ? [`${' '.repeat(indent)}${dash.trimEnd()}${v[0]}`, ...v.slice(1)] : [`${' '.repeat(indent)}${dash}${v[0]}`, ...v.slice(1).map((l) => `${' '.repeat(indent + dash.length)}${l}`)];
      return [...lines, ...f];
    }),
  );
const manifest = fc
  .tuple(fc.constantFrom('', '---\n', '# head\n---\n', '--- # c\n', '--- '), block(0, 0), fc.constantFrom('', '\n', '\n# tail\n'), fc.boolean())
  .map(([head, lines, tail, crlf]) => `${head}${lines.join('\n')}${tail}`.replace(/\n/g, crlf ? '\r\n' : '\n'));
