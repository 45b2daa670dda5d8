#!/usr/bin/env node
// `npm run bench`: ModelReady's language server side by side with yaml-language-server on the same
// vLLM Deployment files and schema, then the CLI and the extension. Writes bench/results.md and
// bench/results.json and prints the table. See bench/README.md.
//
// Options: --quick (small run to try the harness), --no-build (use dist/ as it is), --no-package,
// --cpu-prof (profile ModelReady's server into bench/.work/profiles), --only=lsp,cli,extension,
// --real-corpus=DIR (also time the CLI on real manifests; or MODELREADY_BENCH_REAL_CORPUS)
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cliStartup, cliThroughput, nodeStartup, realCorpus } from './cli.mjs';
import { activation, packageVsix, vscodeActivation } from './extension.mjs';
import { generateCorpus, vllmFile } from './generate.mjs';
import { renderMarkdown } from './report.mjs';
import { MODELREADY_NODE_FLAGS, benchServer, measureStartup } from './servers.mjs';
import { machine } from './stats.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH);
const WORK = join(BENCH, '.work');
const SCHEMA = join(BENCH, 'fixtures', 'deployment-apps-v1.json');
const YLS_BIN = join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const only = argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const wants = (part) => !only || only.includes(part);
const quick = flag('quick');
const options = {
  quick,
  sizes: quick ? [1, 100] : [1, 100, 1000],
  /** The largest file again with every document carrying findings (about 9 each). */
  findingsSize: quick ? 100 : 1000,
  workspaceFiles: quick ? 1000 : 5000,
  edits: quick ? 10 : 50,
  requests: quick ? 6 : 30,
  corpusSize: quick ? 1000 : 10_000,
  startupRuns: quick ? 5 : 20,
  activationRuns: quick ? 3 : 10,
  /** Fresh code-server windows, about 15 s each. */
  vscodeActivationRuns: quick ? 1 : 3,
  cpuProf: flag('cpu-prof'),
  realCorpus: argv.find((a) => a.startsWith('--real-corpus='))?.slice(14) ?? process.env.MODELREADY_BENCH_REAL_CORPUS,
};

const started = performance.now();
const log = (msg) => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${msg}`);
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const load = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

/**
 * This machine's speed, in ms (median of 3, each in a fresh `node`): a fixed arithmetic loop, and a fixed
 * allocation-heavy one (objects, strings, a Map: what the CLI does most, and what noisy neighbours on a virtual
 * machine slow most). The same build measured 12% apart an hour apart here; compare runs at like speeds.
 */
function machineSpeed() {
  const timed = (body) => `const t=process.hrtime.bigint();${body};process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const loops = {
    loop: timed('let x=0;for(let i=0;i<3e8;i++)x+=i%7'),
    alloc: timed('let s=0;for(let r=0;r<6;r++){const a=[];for(let i=0;i<1e6;i++)a.push({i,k:"k"+(i%5000)});const m=new Map();for(const o of a)m.set(o.k,(m.get(o.k)||0)+o.i);s+=m.size}'),
  };
  const median = (body) => Math.round([0, 1, 2].map(() => Number(spawnSync(process.execPath, ['-e', body], { encoding: 'utf8' }).stdout)).sort((a, b) => a - b)[1]);
  return { loop: median(loops.loop), alloc: median(loops.alloc) };
}

function git() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'server', 'client', 'schemas'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${head} + uncommitted changes` : head;
  } catch {
    return 'no git';
  }
}

/**
 * Builds the production bundles and copies them to bench/.work/dist, so that a rebuild of dist/ by
 * someone else during the run does not change what is measured. Packages the .vsix from the same build.
 */
function buildAndSnapshot() {
  let build = 'as found in dist/';
  if (!flag('no-build')) {
    log('npm run build:production');
    const r = spawnSync('npm', ['run', 'build:production'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status === 0) build = 'production';
    else if (existsSync(join(ROOT, 'dist', 'server.js'))) log(`build failed, measuring the existing dist/:\n${r.stderr.slice(-1500)}`);
    else throw new Error(`npm run build:production failed:\n${r.stderr}`);
  }
  const server = readFileSync(join(ROOT, 'dist', 'server.js'), 'utf8');
  if (build !== 'production') build = /\/\/# sourceMappingURL=\S+\s*$/.test(server) ? 'development' : 'production';
  const dist = join(WORK, 'dist');
  mkdirSync(dist, { recursive: true });
  // Every bundle: the CLI's entry loads cli-main.js, and both the server and the CLI load the precompiled
  // validators beside them (without them they compiled the schemas at run time).
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  for (const f of readdirSync(join(ROOT, 'dist')).filter((f) => f.endsWith('.js'))) copyFileSync(join(ROOT, 'dist', f), join(dist, f));
  const vsix = wants('extension') && !flag('no-package') ? (log('npm run package'), packageVsix({ cwd: ROOT })) : undefined;
  return { build, dist, vsix };
}

function writeLspFiles() {
  const dir = join(WORK, 'lsp');
  rmSync(dir, { recursive: true, force: true }); // this folder is the servers' workspace: only this run's files
  mkdirSync(dir, { recursive: true });
  const files = options.sizes.map((size) => ({ key: String(size), size, gen: vllmFile(size), name: `vllm-${size}.yaml` }));
  const size = options.findingsSize;
  files.push({ key: `${size}-findings`, size, findings: true, gen: vllmFile(size, 42, { flawed: true }), name: `vllm-${size}-findings.yaml` });
  return files.map((f) => {
    const path = join(dir, f.name);
    writeFileSync(path, f.gen.text);
    return { ...f, path, uri: pathToFileURL(path).href };
  });
}

async function lspPart(dist) {
  if (!existsSync(YLS_BIN)) throw new Error('yaml-language-server is not installed: run `npm install` (it is a devDependency).');
  const files = writeLspFiles();
  log(`test files: ${files.map((f) => `${f.size} doc(s) ${(f.gen.text.length / 1024).toFixed(0)} KB`).join(', ')}`);
  const yaml = {
    // Exact paths: YLS prefixes patterns with **/, which does not match dot folders such as bench/.work.
    schemas: { [pathToFileURL(SCHEMA).href]: files.map((f) => f.path) },
    validate: true,
    completion: true,
    hover: true,
    format: { enable: false },
    schemaStore: { enable: false }, // no network: the catalog is not fetched
    kubernetesCRDStore: { enable: false },
  };
  // An empty workspace folder: the files are opened cold. ModelReady indexes its workspace folder at
  // start-up and would otherwise have analysed them before they are opened (measured separately below).
  const emptyRoot = join(WORK, 'workspace');
  mkdirSync(emptyRoot, { recursive: true });
  const common = { cwd: ROOT, root: emptyRoot, settings: { yaml, modelready: {} }, files, edits: options.edits, requests: options.requests, log };
  const profDir = join(WORK, 'profiles');
  const profArgs = options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
  log('ModelReady language server');
  const modelready = await benchServer({ ...common, name: 'ModelReady', command: process.execPath, args: [...MODELREADY_NODE_FLAGS, ...profArgs, join(dist, 'server.js'), '--stdio'] });
  if (options.cpuProf) log(`CPU profile written to ${relative(ROOT, profDir)}/ (open it in Chrome DevTools › Performance)`);
  log('yaml-language-server');
  const yls = await benchServer({ ...common, name: 'yaml-language-server', command: process.execPath, args: [YLS_BIN, '--stdio'] });
  log('ModelReady start-up with the test files in its workspace folder (indexing)');
  const indexing = await measureStartup({ ...common, root: join(WORK, 'lsp'), name: 'ModelReady', command: process.execPath, args: [...MODELREADY_NODE_FLAGS, join(dist, 'server.js'), '--stdio'] });
  indexing.documents = files.reduce((n, f) => n + f.size, 0);
  indexing.files = files.length;
  log(`  ${indexing.untilIdleMs} ms until idle, ${Math.round(indexing.memory.rssMB)} MB`);
  log(`ModelReady start-up in a workspace of ${options.workspaceFiles.toLocaleString('en-US')} manifest files (indexing)`);
  const ws = generateCorpus(join(WORK, `workspace-${options.workspaceFiles}`), options.workspaceFiles, 11);
  const workspace = await measureStartup({ ...common, root: ws.dir, name: 'ModelReady', command: process.execPath, args: [...MODELREADY_NODE_FLAGS, join(dist, 'server.js'), '--stdio'] });
  workspace.files = ws.files.length;
  workspace.bytes = ws.bytes;
  log(`  ${workspace.untilIdleMs} ms until idle, ${Math.round(workspace.memory.rssMB)} MB, peak ${Math.round(workspace.memory.peakMB)} MB`);
  return { modelready, yls, indexing, workspace };
}

function cliPart(dist) {
  log(`generating ${options.corpusSize.toLocaleString('en-US')} manifests into bench/.work/corpus (cached)`);
  const corpus = generateCorpus(join(WORK, 'corpus'), options.corpusSize);
  const cli = join(dist, 'cli.js');
  log(`CLI throughput: ${corpus.files.length} files, ${(corpus.bytes / 2 ** 20).toFixed(1)} MB`);
  const throughput = cliThroughput({ cli, corpus, cwd: ROOT, workDir: WORK });
  log(`  ${throughput.filesPerSecond} files/s, ${throughput.mbPerSecond} MB/s, ${throughput.coresUsed} cores used, exit ${throughput.exitCode}`);
  // The same run again: the first one (a build's first run, as on a fresh CI machine) left the V8 code cache.
  const throughputWarm = cliThroughput({ cli, corpus, cwd: ROOT, workDir: WORK });
  log(`  again, compile cache warm: ${throughputWarm.filesPerSecond} files/s, ${throughputWarm.coresUsed} cores used`);
  const oneVllm = join(WORK, 'lsp', 'vllm-1.yaml');
  if (!existsSync(oneVllm)) writeFileSync(oneVllm, vllmFile(1).text);
  const oneNative = corpus.files.find((f) => f.endsWith('-native.yaml'));
  log(`CLI start-up, ${options.startupRuns} runs on one file`);
  const startup = cliStartup({ cli, file: oneVllm, cwd: ROOT, runs: options.startupRuns });
  const startupNative = cliStartup({ cli, file: oneNative, cwd: ROOT, runs: options.startupRuns });
  const node = nodeStartup({ cwd: ROOT, runs: options.startupRuns });
  log(`  median ${startup.median} ms (vLLM Deployment), ${startupNative.median} ms (native); bare \`node -e 0\` ${node.median} ms`);
  let real;
  if (options.realCorpus) {
    const corpusReal = realCorpus(options.realCorpus);
    log(`CLI on a real corpus: ${corpusReal.files.length} files in ${options.realCorpus}`);
    real = { ...cliThroughput({ cli, corpus: corpusReal, cwd: ROOT, workDir: WORK }), dir: options.realCorpus };
    const jobs1 = cliThroughput({ cli, corpus: corpusReal, cwd: ROOT, workDir: WORK, jobs: 1 });
    real.oneCore = { wallMs: jobs1.wallMs, cpuMs: jobs1.cpuMs, filesPerSecond: jobs1.filesPerSecond };
    log(`  ${real.filesPerSecond} files/s on ${real.coresUsed} cores, ${Math.round(real.files / (real.cpuMs / 1000))} files per CPU-second; one job: ${jobs1.filesPerSecond} files/s`);
  }
  return { throughput, throughputWarm, startup, startupNative, node, real };
}

function notes(results) {
  const n = [
    'Both servers run one after the other (never at the same time), each as a fresh `node <server> --stdio` process driven over stdio by bench/lsp.mjs (vscode-jsonrpc), ModelReady’s with the Node flags the extension starts it with (' + MODELREADY_NODE_FLAGS.join(' ') + '); times are taken in the benchmark process, from sending a message to receiving the answer or the diagnostics.',
    `Files are opened in the order ${options.sizes.join(', ')} documents and closed after their measurements, so “open → diagnostics” of the 1-document file includes each server's first-use costs (schema compilation, JIT warm-up). Peak RSS is the server process's VmHWM from /proc, a high-water mark over its life so far.`,
    'yaml-language-server is configured over LSP (`workspace/didChangeConfiguration`, then answers to its `workspace/configuration` pulls): `yaml.schemas` maps bench/fixtures/deployment-apps-v1.json (Kubernetes 1.34) to the test files, validate/completion/hover on, schema store and CRD store off (no network). It waits a built-in 200 ms after each change before validating. It publishes diagnostics without a `version`, so an edit is matched with the first publish after it; ModelReady publishes the version and is matched by it.',
    'The edits are single-line incremental `didChange`s of a value inside one document (replicas, image tag, `--max-num-seqs`), spread over the file and never on the planted error; the next edit is sent once the previous one’s diagnostics arrived. “Typed in · cleared”: one more edit turns `containerPort: 8000` of another document into `"eight"` (must be reported), one more restores it (must go away).',
    'Server CPU time is read from /proc/<pid>/stat (10 ms ticks) around the open and around the 50 edits (mean per edit). Unlike the latencies it hardly changes when other processes compete for the CPU, so compare it across runs on a busy machine. YLS’s 200 ms wait is not CPU time.',
    'Completion is asked at the end of an `imagePullPolicy` value and at the start of that key; hover on the `replicas`, `image` and `containerPort` keys. “n/m answered” counts requests with a non-empty answer.',
    `The “every one with findings” file has ${options.findingsSize.toLocaleString('en-US')} vLLM Deployments without probes, security contexts and rollout settings (about 9 findings each, one planted schema error), the size of file where every edit re-publishes thousands of diagnostics.`,
    `Workspace indexing: ModelReady started with a folder of ${options.workspaceFiles.toLocaleString('en-US')} generated single-manifest files (the CLI corpus's mix, bench/.work/workspace-${options.workspaceFiles}) as its workspace; time from start until its CPU is idle (including 400 ms of quiet), and its peak RSS.`,
    `The bundles measured are a copy of dist/ (${results.versions.build} build) taken at the start, in bench/.work/dist, so that a rebuild of dist/ during the run does not change them.`,
  ];
  const tp = results.cli?.throughput;
  if (tp) {
    if (results.cli.real) n.push(`CLI on a real corpus: the YAML files under the folder given with --real-corpus (here ${results.cli.real.dir}: manifests from public LLM-serving repositories), once with \`--jobs ${os.availableParallelism()}\` and once with \`--jobs 1\`; files per CPU-second counts every file given, also those that are not manifests.`);
    if (results.cli.node) n.push('CLI start-up is compared with a bare `node -e 0` measured the same way in the same run (median of the same number of runs); the compile cache (V8 code cache in the temp folder) is warm after the untimed first run.');
    n.push(
      `CLI: one run of \`node dist/cli.js check\` over the corpus given as ${tp.mode}${tp.parallelOption ? ` with \`${tp.parallelOption}\`` : ', without a parallel option (the CLI had none in --help)'}. The CLI rows are measured first, right after the build is copied, before the language servers. CPU time is the user + system time of the CLI and everything it started (the parent shell’s cutime/cstime), so “cores used” shows whether it used both cores. The first run is the build’s first (the V8 code cache in the temp folder is empty, as on a fresh CI machine; the CLI writes it at exit); the same run again uses it. Corpus mix: 30 % native ModelDeployment, 20 % vLLM and 10 % TGI Deployments, 15 % Service, 10 % HPA, 15 % KServe InferenceService, one manifest per file. Start-up: median of ${options.startupRuns} runs after one untimed run.`,
    );
  }
  const vs = results.extension?.vscode;
  if (vs && !vs.error) {
    n.push(
      vs.source === 'code-server'
        ? `Activation as VS Code reports it: the e2e suite's activation test alone (test/e2e/suite/activation.test.ts), in ${vs.runs} fresh code-server ${vs.vscodeVersion} windows (headless chromium) on the measured bundles. It opens a YAML file (\`${vs.activationEvent}\`) and reads ModelReady's row of the workbench's own activation times (Developer: Startup Performance, which the Running Extensions editor also shows): “load code” (require of dist/client.js), “call activate” (the synchronous part of activate()), “finish activate” (until its promise settles). Running Extensions shows load + call as “Activation: N ms”; that is the figure compared with the target.`
        : `Activation as VS Code reports it was not measured in this run (${vs.why}): the figures are the last e2e run's (${vs.source}, ${vs.date}, commit ${vs.commit ?? 'unknown'}).`,
    );
  }
  if (results.extension?.activation) {
    n.push(
      'The stub row is **not** VS Code: a fresh Node process `require()`s dist/client.js with a stub `vscode` module (every API a no-op proxy) and awaits `activate()` with a fake context (bench/activation-child.mjs). It counts the bundle’s load and the extension’s own activation code, not the extension host or the real API; “then the session” is the load of dist/session.js (the language client and the rest), which activate() leaves to the next turn of the event loop, until the client is created and starting.',
    );
  }
  if (results.load.busy) n.push('The load average was high when the run started: other processes were using the CPU, so latencies and throughput are worse than on an idle machine. Re-run on an idle machine for figures to compare with DESIGN §7.');
  return n;
}

async function main() {
  mkdirSync(WORK, { recursive: true });
  const loadStart = load();
  const speedStart = machineSpeed();
  const { build, dist, vsix } = buildAndSnapshot();
  const pkg = readJson(join(ROOT, 'package.json'));
  const results = {
    date: new Date().toISOString(),
    machine: machine(),
    versions: {
      node: process.version,
      modelready: pkg.version,
      git: git(),
      build,
      yamlLanguageServer: existsSync(YLS_BIN) ? readJson(join(ROOT, 'node_modules', 'yaml-language-server', 'package.json')).version : null,
      vscodeJsonrpc: readJson(join(ROOT, 'node_modules', 'vscode-jsonrpc', 'package.json')).version,
    },
    options,
  };
  // The CLI first: its rows have no peer to compare with in the same conditions, and after minutes of language-server
  // runs this VM runs the same build up to 13% slower (see the machine-speed line); the servers are compared side by side.
  if (wants('cli')) results.cli = cliPart(dist);
  if (wants('lsp')) results.lsp = await lspPart(dist);
  if (wants('extension')) {
    log(`extension activation in VS Code (code-server), ${options.vscodeActivationRuns} runs`);
    const vscode = vscodeActivation({ dist, workDir: WORK, runs: options.vscodeActivationRuns });
    log(`extension activation with a stub vscode, ${options.activationRuns} runs`);
    results.extension = { vscode, activation: activation({ client: join(dist, 'client.js'), workDir: WORK, runs: options.activationRuns }), vsix };
  }
  const loadEnd = load();
  results.load = { start: loadStart, end: loadEnd, busy: loadStart[0] > results.machine.cores * 0.5 };
  results.machine.speedMs = { start: speedStart, end: machineSpeed() };
  results.durationSeconds = Math.round((performance.now() - started) / 1000);
  results.notes = notes(results);

  const md = renderMarkdown(results);
  // Only a full run replaces the committed results; --quick and --only runs go to bench/.work/.
  const out = quick || only ? WORK : BENCH;
  writeFileSync(join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(out, 'results.md'), md);
  console.log(`\n${md}`);
  log(`wrote ${relative(ROOT, join(out, 'results.md'))} and results.json`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
