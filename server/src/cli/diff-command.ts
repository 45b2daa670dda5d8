import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ReportDiff } from '../engine/report/diff';
import { diffReports, formatDiffMarkdown, formatDiffText } from '../engine/report/diff';
import type { ReadinessReport } from '../engine/report/model';
import { assembleReport, filterReport } from '../engine/report/model';
import type { Finding } from '../engine/types';
import { PROFILES } from '../engine/vocabulary';
import { analyse, INPUT_HELP, INPUT_OPTIONS } from './analyse';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from './errors';
import { FAIL_ON_HELP, failOnOption, fails } from './gate';
import { Configs, readStdin, SKIPPED_DIRS } from './inputs';
import type { Command, Io } from './main';
import type { InputFile } from './pipeline';
import { runCheck } from './run';
import { emit, oneOf, positiveInt } from './terminal';
import { VERSION } from '../version';

const FORMATS = ['text', 'markdown', 'json', 'sarif'] as const;

const USAGE = `Usage: modelready diff <git-ref> [options] [paths|globs...]

Compares the findings and the readiness score per area of the files at <git-ref> (read with git; nothing is
checked out) with the working tree: lists the new findings and the fixed ones. Findings are matched by their
fingerprint (rule, resource, detail), so moved lines are neither new nor fixed. Both sides are checked with the
working tree's configuration.

  --format, -f F           text (default) | markdown (a pull-request comment) | json | sarif (new findings only)
${FAIL_ON_HELP}
                           (counts new findings only)
${INPUT_HELP}

Exit codes: 0 no new findings to fail on, 1 new findings to fail on (default: new errors), 2 usage error.`;

function git(args: string[], cwd: string, input?: string): Buffer {
  const r = spawnSync('git', args, { cwd, input, maxBuffer: 1024 * 1024 * 1024 });
  if (r.error) throw new UsageError(`cannot run git: ${r.error.message}`);
  if (r.status !== 0) throw new UsageError(`git ${args[0]} failed: ${r.stderr.toString().trim() || `exit ${r.status}`}`);
  return r.stdout;
}

function hasMagic(p: string): boolean {
  return /[*?[\]{}]/.test(p);
}

/** The YAML files of `pathspecs` at `ref`, by path from the repository's root, with their text (one `git cat-file --batch`). */
function filesAt(ref: string, pathspecs: readonly string[], cwd: string): Map<string, string> {
  const specs = (pathspecs.length ? pathspecs : ['.']).map((p) => (hasMagic(p) ? `:(glob)${p}` : p));
  const listed = git(['ls-tree', '-r', '-z', '--full-name', '--name-only', ref, '--', ...specs], cwd)
    .toString('utf8')
    .split('\0')
    .filter((p) => /\.ya?ml$/i.test(p) && !p.split('/').some((s) => SKIPPED_DIRS.includes(s)));
  const texts = new Map<string, string>();
  if (listed.length === 0) return texts;
  const out = git(['cat-file', '--batch'], cwd, listed.map((p) => `${ref}:${p}\n`).join(''));
  // Each answer: `<sha> blob <size>\n<content>\n`.
  let at = 0;
  for (const path of listed) {
    const eol = out.indexOf(10, at);
    const header = out.subarray(at, eol).toString('utf8').split(' ');
    const size = Number(header[2]);
    if (header[1] !== 'blob' || !Number.isFinite(size)) throw new UsageError(`git cat-file: unexpected answer for ${path}`);
    texts.set(path, out.subarray(eol + 1, eol + 1 + size).toString('utf8'));
    at = eol + 1 + size + 1;
  }
  return texts;
}

export const diffCommand: Command = {
  usage: USAGE,
  allowPositionals: true,
  options: { ...INPUT_OPTIONS, format: { type: 'string', short: 'f' }, 'fail-on': { type: 'string' } },
  async run(values, positionals, io: Io) {
    const [ref, ...paths] = positionals;
    if (!ref) throw new UsageError('name the git ref to compare with, e.g. modelready diff origin/main');
    if (paths.includes('-')) throw new UsageError('diff compares files in git; it does not read standard input');
    const fmt = oneOf('format', values.format as string | undefined, FORMATS, 'text');
    const failOn = failOnOption(values['fail-on']);
    const root = git(['rev-parse', '--show-toplevel'], io.cwd).toString('utf8').trim();
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], io.cwd);

    const after = await analyse(values, paths, io);
    const before = await checkAt(ref, paths, root, after.results.map((r) => r.path), values, io);
    const diff = diffReports(before, after.report, ref);

    emit(io, await format(diff, after.report, fmt), values.output as string | undefined);
    if (fmt !== 'text' && !values.quiet) io.stderr.write(`modelready: ${diff.counts.new.total} new finding(s), ${diff.counts.fixed.total} fixed since ${ref}\n`);
    return fails(diff.counts.new, failOn) ? EXIT_FINDINGS : EXIT_OK;
  },
};

/** The report of the files at `ref`: those the working tree's run checks, and those deleted since. */
async function checkAt(ref: string, paths: string[], root: string, checked: string[], values: Record<string, string | boolean | undefined>, io: Io): Promise<ReadinessReport> {
  const profile = values.profile === undefined ? undefined : oneOf('profile', values.profile as string, PROFILES, 'production');
  const configs = new Configs({ cwd: io.cwd, configFile: values.config as string | undefined, profile, readStdin });
  const primary = configs.list[configs.forDir(io.cwd)];
  const inRun = new Set(checked.map((p) => resolve(p)));
  const inputs: InputFile[] = [];
  for (const [rel, text] of filesAt(ref, paths, io.cwd)) {
    const abs = join(root, rel);
    // A file the working tree has but does not check (ignored by the configuration) is left out on both sides.
    if (!inRun.has(abs) && existsSync(abs)) continue;
    inputs.push({ path: abs, uri: pathToFileURL(abs).href, text, config: configs.forDir(dirname(abs)) });
  }
  const results = await runCheck({ inputs, configs: configs.list, names: inputs.map((i) => i.path), jobs: positiveInt('jobs', values.jobs as string | undefined, 1), entry: io.entry, env: io.env });
  const baseUri = `${pathToFileURL(io.cwd).href.replace(/\/$/, '')}/`;
  return assembleReport(
    results.map((r) => r.summary),
    new Map<string, Finding[]>(results.map((r) => [r.uri, r.findings])),
    primary,
    { baseUri, toolVersion: VERSION },
  );
}

async function format(diff: ReportDiff, after: ReadinessReport, fmt: (typeof FORMATS)[number]): Promise<string> {
  switch (fmt) {
    case 'markdown':
      return formatDiffMarkdown(diff);
    case 'json':
      return `${JSON.stringify({ schemaVersion: after.schemaVersion, tool: after.tool, profile: after.profile, ...diff }, null, 2)}\n`;
    case 'sarif': {
      const added = new Set(diff.new.map((f) => f.id));
      return (await import('../engine/report/formatters/index.js')).formatSarif(filterReport(after, (f) => added.has(f.id)));
    }
    default:
      return formatDiffText(diff);
  }
}
