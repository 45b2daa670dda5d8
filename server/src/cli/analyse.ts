import { pathToFileURL } from 'node:url';
import type { Config } from '../engine/config/config';
import type { ReadinessReport } from '../engine/report/model';
import { assembleReport, displayPath } from '../engine/report/model';
import type { Finding } from '../engine/types';
import { PROFILES } from '../engine/vocabulary';
import { UsageError } from './errors';
import { collectInputs, readStdin } from './inputs';
import type { Io } from './main';
import type { FileResult, FixOptions } from './pipeline';
import { addOverlayFindings } from './overlays';
import { runCheck } from './run';
import { oneOf, positiveInt, Progress } from './terminal';
import { VERSION } from '../version';

/** Options shared by `check` and `report`. */
export const INPUT_OPTIONS = {
  profile: { type: 'string' },
  config: { type: 'string', short: 'c' },
  'stdin-filename': { type: 'string' },
  output: { type: 'string', short: 'o' },
  jobs: { type: 'string', short: 'j' },
  quiet: { type: 'boolean', short: 'q' },
  kustomize: { type: 'string' },
} as const;

export const INPUT_HELP = `Inputs:
  paths|globs              files, directories (walked for *.yaml/*.yml, skipping node_modules, .git and the
                           configuration's ignore globs) or globs ('k8s/**/*.yaml'); '-' reads stdin;
                           default: the current directory
  --stdin-filename NAME    the name stdin's text is checked and shown as (default <stdin>)
  --config, -c FILE        use this configuration for every file (default: nearest .modelready.yaml upward)
  --profile P              development | production | regulated (overrides the configuration)
  --jobs, -j N             threads that check, this one included (default: one per core when more than 200
                           files; 1: this thread only)
  --output, -o FILE        write to FILE instead of stdout
  --kustomize TOOL         build Kustomize overlays with kubectl | kustomize | PATH (from PATH, never downloaded)
                           and check what they build (default: the configuration's kustomize, else off)`;

export interface Analysed {
  report: ReadinessReport;
  results: FileResult[];
  /** The working directory's configuration (its `baseline`, for `check`). */
  config: Config;
}

type Values = Record<string, string | boolean | undefined>;

export interface AnalyseOptions {
  fix?: FixOptions;
  /**
   * Whether the report's findings get fingerprints, given the working directory's configuration (whose `baseline`
   * `check` applies): only outputs, baselines and diffs read them. Default: yes.
   */
  fingerprints?: (config: Config) => boolean;
}

/** Collects the inputs, checks them (fixing first when asked) and builds the readiness report. */
export async function analyse(values: Values, positionals: string[], io: Io, options: AnalyseOptions = {}): Promise<Analysed> {
  const { fix } = options;
  const profile = values.profile === undefined ? undefined : oneOf('profile', values.profile as string, PROFILES, 'production');
  const jobs = positiveInt('jobs', values.jobs as string | undefined, 1);
  if (fix?.write && positionals.includes('-')) throw new UsageError('--fix cannot write to standard input; use --fix-dry-run to see the changes');
  const collected = await collectInputs(positionals, {
    cwd: io.cwd,
    configFile: values.config as string | undefined,
    profile,
    stdinFilename: values['stdin-filename'] as string | undefined,
    readStdin,
  });
  if (collected.inputs.length === 0) throw new UsageError(`no *.yaml or *.yml files found in ${positionals.length ? positionals.map((p) => `'${p}'`).join(', ') : 'the current directory'}`);
  const baseUri = `${pathToFileURL(io.cwd).href.replace(/\/$/, '')}/`;
  const fingerprints = options.fingerprints?.(collected.primary) ?? true;
  const names = collected.inputs.map((i) => (i.stdin && !values['stdin-filename'] ? i.path : displayPath(i.uri, baseUri)));
  const progress = Progress.for(io, collected.inputs.length, !!values.quiet);
  const timing = io.env.MODELREADY_TIMING ? (label: string, t0: number) => io.stderr.write(`modelready: ${label} ${(performance.now() - t0).toFixed(0)} ms\n`) : undefined;
  const t0 = performance.now();
  let results: FileResult[];
  try {
    results = await runCheck({ inputs: collected.inputs, configs: collected.configs, fix, fingerprints, names, jobs, entry: io.entry, env: io.env, onProgress: (d, t) => progress.update(d, t) });
  } finally {
    progress.done();
  }
  timing?.('check', t0);
  const t1 = performance.now();
  const failed = results.find((r) => r.error);
  if (failed) throw new UsageError(failed.error!);
  await addOverlayFindings((values.kustomize as string | undefined) ?? collected.primary.kustomize, collected.inputs, collected.configs, results, io);
  const findingsByUri = new Map<string, Finding[]>(results.map((r) => [r.uri, r.findings]));
  const report = assembleReport(
    results.map((r) => r.summary),
    findingsByUri,
    collected.primary,
    { baseUri, toolVersion: VERSION, fingerprints },
  );
  timing?.('report', t1);
  // stdin without --stdin-filename is shown as <stdin>, not as a path in the working directory.
  const stdin = collected.inputs.find((i) => i.stdin);
  if (stdin && !values['stdin-filename']) {
    const rename = <T extends { uri: string; path: string }>(x: T) => {
      if (x.uri === stdin.uri) x.path = stdin.path;
    };
    report.files.forEach(rename);
    report.findings.forEach((f) => {
      rename(f);
      f.related?.forEach(rename);
    });
    report.score.areas.forEach((a) => a.rules.forEach((r) => r.checks.forEach(rename)));
  }
  return { report, results, config: collected.primary };
}
