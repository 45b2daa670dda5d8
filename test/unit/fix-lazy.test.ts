import { strict as assert } from 'node:assert';
import { DEFAULT_CONFIG } from '../../server/src/engine/config/config';
import { analyzeFile, buildWorkspace, checkFile, checkText } from '../../server/src/engine/check';
import { editsPending, lazyFix, mapEdits } from '../../server/src/engine/fix/lazy';
import type { EditPlan, Finding, Fix, TextEdit } from '../../server/src/engine/types';
import { fixesFor, preferredOrSnippet } from '../../server/src/engine/rules/support/fixes';

const URI = 'file:///w/llm.yaml';
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: llm
spec:
  replicas: 1
  selector:
    matchLabels: { app: llm }
  template:
    metadata:
      labels: { app: llm }
    spec:
      containers:
        - name: vllm
          image: vllm/vllm-openai:latest
          args: ["--model", "meta-llama/Llama-3.1-8B-Instruct"]
`;
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n';

const edit = (line: number, newText: string): TextEdit => ({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText });
const fixOf = (findings: Finding[], title: string): Fix => findings.flatMap((f) => f.fixes ?? []).find((x) => x.title === title)!;

describe('fixes build their edits when asked for', () => {
  it('a lazy fix computes its edits on the first read, once', () => {
    let calls = 0;
    const fix = lazyFix({ title: 'Add x', isPreferred: true, edits: () => (calls++, [edit(0, 'x: 1\n')]) });
    assert.equal(calls, 0);
    assert.deepEqual({ title: fix.title, isPreferred: fix.isPreferred, snippet: fix.snippet }, { title: 'Add x', isPreferred: true, snippet: undefined });
    assert.ok(editsPending(fix));
    const first = fix.edits;
    assert.equal(fix.edits, first);
    assert.equal(calls, 1);
    assert.ok(!editsPending(fix));
  });

  it('mapEdits keeps an unread fix lazy and maps edits at hand at once', () => {
    let calls = 0;
    const down = (e: TextEdit): TextEdit => edit(e.range.start.line + 1, e.newText);
    const lazy = mapEdits(lazyFix({ title: 't', edits: () => (calls++, [edit(0, 'a')]) }), down);
    assert.equal(calls, 0);
    assert.deepEqual(lazy.edits, [edit(1, 'a')]);
    assert.equal(calls, 1);
    assert.deepEqual(mapEdits({ title: 't', edits: [edit(2, 'b')] }, down), { title: 't', edits: [edit(3, 'b')] });
  });

  it('check reports fixes whose edits are not built, and builds them when read', () => {
    const findings = checkText(URI, DEPLOYMENT);
    const pin = fixOf(findings, 'Pin the image by digest');
    assert.ok(editsPending(pin));
    for (const f of findings) assert.ok(editsPending(f.fixes!.find((x) => x.title.startsWith('Suppress'))!), `suppression fix of ${f.code}`);
    assert.ok(pin.edits.length > 0);
    assert.equal(pin.edits, pin.edits);
    assert.ok(!editsPending(pin));
  });

  it('fixesFor offers a plan as a lazy fix, drops a missing plan, and keeps written edits only when there are some', () => {
    let written = 0;
    const plan: EditPlan = { placeholders: () => false, edits: () => (written++, [edit(0, 'a')]) };
    const fixes = fixesFor({ title: 'planned', edits: plan, isPreferred: true }, { title: 'none', edits: undefined }, { title: 'empty', edits: [] }, { title: 'written', edits: [edit(1, 'b')] });
    assert.deepEqual(fixes.map((f) => f.title), ['planned', 'written']);
    assert.ok(editsPending(fixes[0]) && fixes[0].isPreferred);
    assert.equal(written, 0);
    assert.deepEqual(fixes[0].edits, [edit(0, 'a')]);
    assert.equal(written, 1);
    // Preferred when complete, a snippet when the plan holds placeholders (known without writing).
    assert.equal(preferredOrSnippet({ title: 'p', edits: plan }).isPreferred, true);
    assert.equal(preferredOrSnippet({ title: 'p', edits: { ...plan, placeholders: () => true } }).snippet, true);
    assert.equal(written, 1);
  });

  it('check writes no edits of the fixes rules plan (probes, settings a format states)', () => {
    const findings = checkText(URI, DEPLOYMENT);
    const probe = findings.find((f) => f.code === 'reliability/liveness-probe')!.fixes![0];
    assert.match(probe.title, /liveness probe/);
    assert.ok(editsPending(probe));
    assert.match(probe.edits[0].newText, /livenessProbe:/);
  });

  it('findings reused on moved lines keep their fixes lazy, and their edits move with them', () => {
    const before = analyzeFile(URI, `${CONFIG_MAP}---\n${DEPLOYMENT}`);
    const first = fixOf(checkFile(before, buildWorkspace([before])), 'Pin the image by digest');
    // The ConfigMap gains a line: the Deployment's findings are reused one line down.
    const text = `${CONFIG_MAP}  namespace: x\n---\n${DEPLOYMENT}`;
    const after = analyzeFile(URI, text, DEFAULT_CONFIG, before);
    const moved = fixOf(checkFile(after, buildWorkspace([after])), 'Pin the image by digest');
    assert.ok(editsPending(moved) && editsPending(first));
    assert.deepEqual(moved.edits, fixOf(checkText(URI, text), 'Pin the image by digest').edits);
    // Built from the first check's fix (the rule did not run again).
    assert.ok(!editsPending(first));
  });

  it('a structured clone of a finding (between CLI threads) holds no function and builds no edits', () => {
    const finding = checkText(URI, DEPLOYMENT).find((f) => f.code === 'reliability/image-pinned')!;
    const clone = structuredClone(finding);
    assert.ok(finding.fixes!.every(editsPending));
    assert.deepEqual(clone.fixes?.map((x) => x.title), finding.fixes!.map((x) => x.title));
  });
});
