// The language-server part: for one server, opens each test file, times open→diagnostics, edits,
// completion and hover, checks that the planted schema error is reported, and samples memory.
import { LspClient } from './lsp.mjs';
import { summarize } from './stats.mjs';
import { MAX_NUM_SEQS, VLLM_TAGS } from './generate.mjs';

/** A diagnostic on `line` that reads like a type/schema error (not some other rule on that line). */
export function reportsSchemaError(diagnostics, line) {
  return diagnostics.some((d) => d.range.start.line === line && /type|integer|number|expected|schema/i.test(`${d.code ?? ''} ${d.message}`));
}

/** Finds the value captured by `re` in `text` and returns the edit that replaces it with next(value). */
function valueEdit(text, re, next) {
  const m = new RegExp(re.source, 'd').exec(text);
  if (!m) throw new Error(`no match for ${re} in ${JSON.stringify(text)}`);
  const [start, end] = m.indices[1];
  return { start, end, text: next(m[1]) };
}

const cycle = (list) => (v) => list[(list.indexOf(v) + 1) % list.length];

/**
 * The i-th edit of a run: a value inside one document (replicas, image tag or a vLLM argument), spread
 * over the file and never on the planted `replicas: "two"`.
 */
function nthEdit(client, file, i) {
  const { docs, plantedDoc } = file.gen;
  let d = docs.length === 1 ? 0 : (i * 37 + 11) % docs.length;
  let kind = ['replicas', 'image', 'maxNumSeqs'][i % 3];
  if (kind === 'replicas' && d === plantedDoc) kind = 'image';
  const line = docs[d][kind];
  const text = client.line(file.uri, line);
  const e =
    kind === 'replicas'
      ? valueEdit(text, /replicas: (\d+)/, (v) => String((Number(v) % 4) + 1))
      : kind === 'image'
        ? valueEdit(text, /vllm-openai:(\S+)/, cycle(VLLM_TAGS))
        : valueEdit(text, /--max-num-seqs=(\d+)/, cycle(MAX_NUM_SEQS));
  return { line, ...e };
}

/** Positions for hover (inside a key) and completion (a value after `: ` and a key start), spread over the file. */
function nthPosition(client, file, q, what) {
  const d = (q * 53 + 7) % file.gen.docs.length;
  const sites = file.gen.docs[d];
  if (what === 'hover') {
    const key = ['replicas', 'image', 'containerPort'][q % 3];
    const line = sites[key];
    return { line, character: client.line(file.uri, line).indexOf(key) + 2 };
  }
  const line = sites.imagePullPolicy;
  const text = client.line(file.uri, line);
  return q % 2 === 0 ? { line, character: text.length } : { line, character: text.indexOf('imagePullPolicy') };
}

function cpuDelta(before, after) {
  return before === null || after === null ? null : Math.round(after - before);
}

function countItems(result) {
  if (!result) return 0;
  return Array.isArray(result) ? result.length : (result.items?.length ?? 0);
}

/** Node flags ModelReady's server runs with: the extension starts it with these (SERVER_NODE_FLAGS, server/src/protocol.ts). */
export const MODELREADY_NODE_FLAGS = ['--max-semi-space-size=4'];

/**
 * Runs every measurement on one server, started in `cwd` with `root` as its workspace folder.
 * `files` are { size, uri, gen } with gen from vllmFile(); `log` prints progress.
 */
export async function benchServer({ name, command, args, cwd, root, settings, files, edits, requests, log }) {
  const client = new LspClient({ name, command, args, cwd, settings });
  const out = { name, files: {} };
  await client.start(root);
  out.initializeMs = Math.round(client.initializeMs);
  await client.changeConfiguration();
  await client.settle(1);
  // Background work after start-up (ModelReady indexes the workspace folder) must not overlap the timings.
  out.startupWorkMs = Math.round(await client.waitIdle());
  out.memoryAfterStart = client.memory();
  log(`  ${name}: initialize ${out.initializeMs} ms, then busy for ${out.startupWorkMs} ms, ${Math.round(out.memoryAfterStart.rssMB)} MB`);

  try {
    for (const file of files) {
      const r = {};
      await client.waitIdle();
      const cpuBeforeOpen = client.cpuMs();
      const opened = await client.open(file.uri, file.gen.text);
      r.openMs = Math.round(opened.ms * 10) / 10;
      r.openCpuMs = cpuDelta(cpuBeforeOpen, client.cpuMs());
      r.diagnosticsAtOpen = opened.diagnostics.length;
      r.plantedAtOpen = reportsSchemaError(opened.diagnostics, file.gen.plantedLine);
      log(`  ${name}, ${file.key ?? file.size} doc(s): open→diagnostics ${r.openMs} ms, ${r.diagnosticsAtOpen} diagnostic(s)`);

      await client.waitIdle();
      const cpuBeforeEdits = client.cpuMs();
      const times = [];
      let last = opened;
      for (let i = 0; i < edits; i++) {
        const e = nthEdit(client, file, i);
        last = await client.edit(file.uri, e.line, e.start, e.end, e.text);
        times.push(last.ms);
      }
      const editsCpu = cpuDelta(cpuBeforeEdits, client.cpuMs());
      r.edit = { ...summarize(times), cpuMsPerEdit: editsCpu === null ? null : Math.round((editsCpu / edits) * 10) / 10, samples: times.map((t) => Math.round(t * 10) / 10) };
      r.plantedAfterEdits = reportsSchemaError(last.diagnostics, file.gen.plantedLine);
      log(`  ${name}, ${file.key ?? file.size} doc(s): ${edits} edits, median ${r.edit.median} ms, p95 ${r.edit.p95} ms, max ${r.edit.max} ms`);

      // An error typed into another document must show up, and go away when it is undone.
      const { docs, plantedDoc } = file.gen;
      const target = docs[(plantedDoc + 1) % docs.length].containerPort;
      const bad = valueEdit(client.line(file.uri, target), /containerPort: (\S+)/, () => '"eight"');
      const introduced = await client.edit(file.uri, target, bad.start, bad.end, bad.text);
      r.introducedFound = reportsSchemaError(introduced.diagnostics, target);
      const fixed = await client.edit(file.uri, target, bad.start, bad.start + bad.text.length, '8000');
      r.introducedCleared = !reportsSchemaError(fixed.diagnostics, target);

      for (const what of ['completion', 'hover']) {
        const lat = [];
        let answered = 0;
        let items = 0;
        for (let q = 0; q < requests; q++) {
          const pos = nthPosition(client, file, q, what);
          const { ms, result } = await client[what](file.uri, pos.line, pos.character);
          lat.push(ms);
          if (what === 'completion') {
            items += countItems(result);
            if (countItems(result) > 0) answered++;
          } else if (result) answered++;
        }
        r[what] = { ...summarize(lat), answered, ...(what === 'completion' ? { itemsPerRequest: Math.round(items / requests) } : {}) };
      }
      log(`  ${name}, ${file.key ?? file.size} doc(s): completion median ${r.completion.median} ms, hover median ${r.hover.median} ms`);

      r.memory = client.memory();
      await client.close(file.uri);
      out.files[file.key ?? file.size] = r;
    }
  } finally {
    out.memory = client.memory();
    await client.stop();
  }
  return out;
}

/**
 * Starts a server with `root` as its workspace folder and measures the background work after start-up
 * (ModelReady indexes every YAML file of the workspace): time until its CPU goes quiet, and memory then.
 */
export async function measureStartup({ name, command, args, cwd, root, settings }) {
  const client = new LspClient({ name, command, args, cwd, settings });
  try {
    const t0 = performance.now();
    await client.start(root);
    await client.changeConfiguration();
    await client.settle(1);
    await client.waitIdle();
    return { untilIdleMs: Math.round(performance.now() - t0), initializeMs: Math.round(client.initializeMs), memory: client.memory() };
  } finally {
    await client.stop();
  }
}
