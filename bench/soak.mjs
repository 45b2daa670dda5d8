// Soak test of the language server: one scripted session of many random edits over the protocol against one
// document (the complete example), then memory (RSS) and latency at the end compared with the start.
//
//   npm run soak                       10,000 edits (npm run build first)
//   node bench/soak.mjs 2000 --seed=7  fewer edits, fixed seed
//
// Every edit is an incremental didChange, and the next one is sent only after the diagnostics for its version
// arrived: latency is didChange → publishDiagnostics of that version, as an editor sees it. Edits come in
// pairs (a random change, then its undo), so the document stays the example ± one edit and the first and the
// last edits are comparable. Every 25th edit also asks for completion and hover at a random position.
// Printed, and written to bench/soak-results.json.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import rpc from 'vscode-languageserver-protocol/node';
import { MODELREADY_NODE_FLAGS } from './servers.mjs';

const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = rpc;
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const EDITS = Number(args.find((a) => /^\d+$/.test(a)) ?? 10_000);
const SEED = Number(args.find((a) => a.startsWith('--seed='))?.split('=')[1] ?? 1);
const WINDOW = Math.min(500, Math.floor(EDITS / 4));
const URI = 'file:///soak/support-assistant.modelready.yaml';
const TEXT = readFileSync(join(ROOT, 'examples', 'support-assistant.modelready.yaml'), 'utf8');

/** mulberry32: a small seeded generator, so a run can be repeated. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(SEED);
const pick = (list) => list[Math.floor(random() * list.length)];

function lineStarts(text) {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
function positionAt(starts, offset) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

const TOKENS = ['x', 'a', ' ', ':', '-', '\n', '  ', 'cloud', 'vllm', '8000', 'true', 'no', '"', '#', '{', '[', 'foo: bar\n', '\t'];

/** A random edit of `text`: insert a token, delete a short span, or retype a word. Returns the edit and its undo. */
function randomEdit(text) {
  const offset = Math.floor(random() * text.length);
  const kind = random();
  if (kind < 0.45) {
    const token = pick(TOKENS);
    return { from: offset, to: offset, insert: token, undo: { from: offset, to: offset + token.length, insert: '' } };
  }
  if (kind < 0.75) {
    const to = Math.min(text.length, offset + 1 + Math.floor(random() * 10));
    return { from: offset, to, insert: '', undo: { from: offset, to: offset, insert: text.slice(offset, to) } };
  }
  const m = /[A-Za-z0-9-]+/.exec(text.slice(offset));
  const from = m ? offset + m.index : offset;
  const to = m ? from + m[0].length : offset;
  const word = pick(['cloud', 'clod', 'vllm', 'latest', 'true', 'yes', '0', '99999', 'europe-west4', 'servng']);
  return { from, to, insert: word, undo: { from, to: from + word.length, insert: text.slice(from, to) } };
}

function apply(text, e) {
  return text.slice(0, e.from) + e.insert + text.slice(e.to);
}

function rssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, median: +q(0.5).toFixed(2), p95: +q(0.95).toFixed(2), max: +s[s.length - 1].toFixed(2), mean: +(s.reduce((a, b) => a + b, 0) / s.length).toFixed(2) };
}

const server = spawn(process.execPath, [...MODELREADY_NODE_FLAGS, join(ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
let stderr = '';
server.stderr.on('data', (d) => (stderr += d.toString()));
server.on('exit', (code) => {
  if (!done) {
    console.error(`server exited (${code}) during the soak; stderr:\n${stderr}`);
    process.exit(1);
  }
});
let done = false;
const connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
const waiting = new Map();
let diagnosticsCount = 0;
connection.onNotification('textDocument/publishDiagnostics', (p) => {
  if (p.uri !== URI) return;
  diagnosticsCount = p.diagnostics.length;
  const w = waiting.get(p.version);
  if (w) {
    waiting.delete(p.version);
    w(p);
  }
});
connection.onRequest('workspace/configuration', () => [{}]);
connection.onRequest('client/registerCapability', () => null);
connection.listen();

function diagnosticsFor(version) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no diagnostics for version ${version} within 30 s; stderr: ${stderr}`)), 30_000);
    waiting.set(version, (p) => (clearTimeout(timer), resolve(p)));
  });
}

await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } } });
await connection.sendNotification('initialized', {});
let version = 1;
let text = TEXT;
const opened = diagnosticsFor(version);
await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'yaml', version, text } });
const initialDiagnostics = (await opened).diagnostics.length;
const rssStart = rssMb(server.pid);

const latencies = [];
const requestLatencies = [];
const rssSamples = [{ edit: 0, rssMb: rssStart }];
let undo;
const started = performance.now();
for (let i = 0; i < EDITS; i++) {
  const edit = undo ?? randomEdit(text);
  undo = undo ? undefined : edit.undo;
  const starts = lineStarts(text);
  const range = { start: positionAt(starts, edit.from), end: positionAt(starts, edit.to) };
  text = apply(text, edit);
  version++;
  const t0 = performance.now();
  const published = diagnosticsFor(version);
  await connection.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version }, contentChanges: [{ range, text: edit.insert }] });
  await published;
  latencies.push(performance.now() - t0);
  if (i % 25 === 24) {
    const lines = text.split('\n');
    const line = Math.floor(random() * lines.length);
    const position = { line, character: Math.floor(random() * (lines[line].length + 1)) };
    const r0 = performance.now();
    await connection.sendRequest('textDocument/completion', { textDocument: { uri: URI }, position });
    await connection.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position });
    requestLatencies.push({ edit: i, ms: performance.now() - r0 });
  }
  if ((i + 1) % 500 === 0) {
    rssSamples.push({ edit: i + 1, rssMb: rssMb(server.pid) });
    process.stdout.write(`\r${i + 1}/${EDITS} edits, RSS ${rssSamples.at(-1).rssMb?.toFixed(1)} MB`);
  }
}
const totalS = (performance.now() - started) / 1000;
process.stdout.write('\n');
const rssEnd = rssMb(server.pid);
const finalMatches = text === TEXT;
done = true;
await connection.sendRequest('shutdown');
await connection.sendNotification('exit');

const firstReq = requestLatencies.filter((r) => r.edit < WINDOW).map((r) => r.ms);
const lastReq = requestLatencies.filter((r) => r.edit >= EDITS - WINDOW).map((r) => r.ms);
const results = {
  date: new Date().toISOString(),
  node: process.version,
  edits: EDITS,
  seed: SEED,
  document: 'examples/support-assistant.modelready.yaml',
  documentBackToOriginal: finalMatches,
  diagnosticsAtOpen: initialDiagnostics,
  diagnosticsAtEnd: diagnosticsCount,
  totalSeconds: +totalS.toFixed(1),
  latencyMs: { [`first${WINDOW}`]: stats(latencies.slice(0, WINDOW)), [`last${WINDOW}`]: stats(latencies.slice(-WINDOW)), all: stats(latencies) },
  completionPlusHoverMs: { [`first${WINDOW}`]: firstReq.length ? stats(firstReq) : undefined, [`last${WINDOW}`]: lastReq.length ? stats(lastReq) : undefined },
  rssMb: { start: rssStart && +rssStart.toFixed(1), end: rssEnd && +rssEnd.toFixed(1), growth: rssStart && rssEnd ? +(rssEnd - rssStart).toFixed(1) : undefined, samples: rssSamples.map((s) => ({ edit: s.edit, rssMb: s.rssMb && +s.rssMb.toFixed(1) })) },
};
writeFileSync(join(ROOT, 'bench', 'soak-results.json'), `${JSON.stringify(results, null, 2)}\n`);
const l = results.latencyMs;
console.log(`soak: ${EDITS} edits in ${results.totalSeconds} s (seed ${SEED}); document back to the original: ${finalMatches}`);
console.log(`  didChange → diagnostics, first ${WINDOW}: median ${l[`first${WINDOW}`].median} ms, p95 ${l[`first${WINDOW}`].p95} ms`);
console.log(`  didChange → diagnostics, last ${WINDOW}:  median ${l[`last${WINDOW}`].median} ms, p95 ${l[`last${WINDOW}`].p95} ms`);
console.log(`  RSS: ${results.rssMb.start} MB at the start, ${results.rssMb.end} MB at the end (${results.rssMb.growth >= 0 ? '+' : ''}${results.rssMb.growth} MB)`);
console.log('  written to bench/soak-results.json');
process.exit(0);
