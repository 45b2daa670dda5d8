import type { ParseArgsConfig } from 'node:util';
import { parseArgs } from 'node:util';
import { EXIT_OK, EXIT_USAGE, UsageError } from './errors';
import { VERSION } from '../version';

// Start-up matters (≤ 300 ms for one file): this module loads only node:util. Each command's module, and the
// engine behind it, is imported when the command runs, so `--help`, `--version` and `init` never load the engine.

export const MAIN_USAGE = `Usage: modelready <command> [options]

Production-readiness checks for generative-AI model deployment manifests.

Commands:
  check [paths|globs...]   check manifests; exit 0 clean, 1 findings, 2 usage/config error
  report [paths|globs...]  write the readiness report (markdown, html or json)
  diff <git-ref> [paths]   new and fixed findings, and the score per area, since a git ref (pull requests)
  rules                    list the rule catalogue
  init                     write a starter .modelready.yaml (and a ModelDeployment with --manifest)
  generate <manifest>      write the Kubernetes or KServe manifests of a ModelDeployment (--check for CI)
  import <files...>        write a ModelDeployment from the Kubernetes/KServe manifests of a model server

Options:
  -h, --help               help (also after a command: modelready check --help)
  -v, --version            version

Docs: https://github.com/modelready/modelready`;

export type Options = ParseArgsConfig['options'];

export interface Command {
  usage: string;
  options: NonNullable<Options>;
  allowPositionals: boolean;
  run(values: Record<string, string | boolean | undefined>, positionals: string[], io: Io): Promise<number>;
}

/** The process' streams and places, passed in so that commands can be driven by tests. */
export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** The file the CLI runs from (worker threads start it again). */
  entry: string;
}

const COMMANDS: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./check-command.js')).checkCommand,
  report: async () => (await import('./report-command.js')).reportCommand,
  diff: async () => (await import('./diff-command.js')).diffCommand,
  rules: async () => (await import('./rules-command.js')).rulesCommand,
  init: async () => (await import('./init-command.js')).initCommand,
  generate: async () => (await import('./generate-command.js')).generateCommand,
  import: async () => (await import('./import-command.js')).importCommand,
};

export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

function parseError(e: unknown): UsageError | undefined {
  const code = (e as { code?: string }).code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) return new UsageError((e as Error).message.split('. To specify')[0]);
  return undefined;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      const target = command === 'help' && rest[0] ? COMMANDS[rest[0]] : undefined;
      io.stdout.write(`${target ? (await target()).usage : MAIN_USAGE}\n`);
      return command === undefined ? EXIT_USAGE : EXIT_OK;
    }
    if (command === '-v' || command === '--version') {
      io.stdout.write(`${VERSION}\n`);
      return EXIT_OK;
    }
    const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!load) {
      throw new UsageError(command.startsWith('-') ? `unknown option '${command}' (options come after a command, e.g. 'modelready check ${command}')` : `unknown command '${command}'. Commands: ${Object.keys(COMMANDS).join(', ')}`);
    }
    const cmd = await load();
    let parsed;
    try {
      parsed = parseArgs({ args: [...rest], options: { ...COMMON_OPTIONS, ...cmd.options }, allowPositionals: cmd.allowPositionals, strict: true });
    } catch (e) {
      throw parseError(e) ?? e;
    }
    if (parsed.values.help) {
      io.stdout.write(`${cmd.usage}\n`);
      return EXIT_OK;
    }
    if (parsed.values.version) {
      io.stdout.write(`${VERSION}\n`);
      return EXIT_OK;
    }
    return await cmd.run(parsed.values as Record<string, string | boolean | undefined>, parsed.positionals, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`modelready: ${e.message}\nRun 'modelready ${command && Object.hasOwn(COMMANDS, command) ? `${command} ` : ''}--help' for usage.\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`modelready: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT_USAGE;
  }
}
