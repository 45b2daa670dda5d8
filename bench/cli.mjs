// The CLI part: throughput over the generated corpus and start-up time on one file.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { summarize } from './stats.mjs';

const NODE = process.execPath;

/** Clock ticks per second for /proc/<pid>/stat times. */
function clockTicks() {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  return Number(r.stdout.trim()) || 100;
}

/**
 * Runs a command through `sh`, with stdout/stderr sent to files, and returns its exit code, wall time and
 * the CPU time (user + system) of everything it started: the shell's cutime/cstime after waiting for it,
 * so worker threads and child processes of a parallel CLI are counted.
 */
function runMeasured(cmd, args, { cwd, outFile, errFile }) {
  const script = 'o=$1; e=$2; shift 2; "$@" >"$o" 2>"$e"; rc=$?; echo "$rc"; cat /proc/$$/stat';
  const t0 = performance.now();
  const r = spawnSync('sh', ['-c', script, 'sh', outFile, errFile, cmd, ...args], { cwd, encoding: 'utf8' });
  const wallMs = performance.now() - t0;
  const [rcLine, statLine = ''] = r.stdout.trim().split('\n');
  const fields = statLine.slice(statLine.lastIndexOf(')') + 2).split(' ');
  const ticks = clockTicks();
  const cpuMs = fields.length > 14 ? ((Number(fields[13]) + Number(fields[14])) / ticks) * 1000 : null;
  return { code: Number(rcLine), wallMs, cpuMs, stdout: readFileSync(outFile, 'utf8'), stderr: readFileSync(errFile, 'utf8') };
}

/** A parallelism option the CLI advertises in `--help` or `check --help` (e.g. `--jobs N`), if any. */
export function parallelOption(cli, cwd) {
  const help = [['--help'], ['check', '--help']].map((a) => spawnSync(NODE, [cli, ...a], { cwd, encoding: 'utf8' })).map((r) => `${r.stdout}\n${r.stderr}`);
  const m = /(--(?:jobs|parallel|workers|threads|concurrency))\b(?:,? -\w)?(?:[ =]<?(\w+)>?)?/.exec(help.join('\n'));
  if (!m) return null;
  return { flag: m[1], takesValue: !!m[2] };
}

/**
 * Checks the whole corpus in one CLI run: first as a directory argument; if the CLI rejects a directory
 * (exit 2, usage error), with every file on the command line.
 */
export function cliThroughput({ cli, corpus, cwd, workDir, jobs }) {
  const cores = jobs ?? availableParallelism();
  const par = parallelOption(cli, cwd);
  const parArgs = par ? (par.takesValue ? [par.flag, String(cores)] : [par.flag]) : [];
  const io = { cwd, outFile: join(workDir, 'cli-stdout.txt'), errFile: join(workDir, 'cli-stderr.txt') };
  const dir = relative(cwd, corpus.dir);
  let mode = 'directory argument';
  let run = runMeasured(NODE, [cli, 'check', ...parArgs, dir], io);
  if (run.code === 2) {
    mode = 'file arguments (the CLI does not take a directory)';
    run = runMeasured(NODE, [cli, 'check', ...parArgs, ...corpus.files.map((f) => relative(cwd, f))], io);
  }
  // The summary line: `N file(s) checked: …` or `… in K of N files …`.
  const summary = /^.*(?:(\d+) file\(s\) checked|in \d+ of (\d+) files).*$/m.exec(run.stdout);
  const checked = summary ? Number(summary[1] ?? summary[2]) : null;
  const seconds = run.wallMs / 1000;
  return {
    files: corpus.files.length,
    bytes: corpus.bytes,
    mode,
    parallelOption: par ? parArgs.join(' ') : null,
    exitCode: run.code,
    checked,
    summary: summary?.[0] ?? null,
    findingLines: run.stdout.split('\n').filter((l) => / (error|warning|info) /.test(l)).length,
    stderr: run.stderr.slice(0, 2000),
    wallMs: Math.round(run.wallMs),
    cpuMs: run.cpuMs === null ? null : Math.round(run.cpuMs),
    coresUsed: run.cpuMs === null ? null : Math.round((run.cpuMs / run.wallMs) * 100) / 100,
    filesPerSecond: Math.round(corpus.files.length / seconds),
    mbPerSecond: Math.round((corpus.bytes / 2 ** 20 / seconds) * 100) / 100,
  };
}

/** Median wall time of `runs` runs of `node cli check <file>` (after one untimed run that warms the disk cache). */
export function cliStartup({ cli, file, cwd, runs = 20 }) {
  const args = [cli, 'check', relative(cwd, file)];
  const first = spawnSync(NODE, args, { cwd, encoding: 'utf8' });
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    spawnSync(NODE, args, { cwd, stdio: 'ignore' });
    times.push(performance.now() - t0);
  }
  return { file: relative(cwd, file), ...summarize(times), exitCode: first.status, output: first.stdout.trim().split('\n').slice(-3).join('\n') };
}

/** Median wall time of a bare `node -e 0`: the floor any Node CLI starts from. */
export function nodeStartup({ cwd, runs = 20 }) {
  spawnSync(NODE, ['-e', '0'], { cwd });
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    spawnSync(NODE, ['-e', '0'], { cwd, stdio: 'ignore' });
    times.push(performance.now() - t0);
  }
  return summarize(times);
}

/** The YAML files under `dir` (a real corpus, e.g. manifests cloned from public repositories), as generateCorpus returns them. */
export function realCorpus(dir) {
  const files = readdirSync(dir, { recursive: true })
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => join(dir, f))
    .sort();
  return { dir, files, bytes: files.reduce((n, f) => n + statSync(f).size, 0) };
}
