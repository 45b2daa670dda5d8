import { checkPaths, formatText, UsageError } from './check';

const USAGE = `Usage: modelready check <files...>

Checks model deployment manifests and prints one line per finding:
  file:line:col severity code message
Exit codes: 0 no errors, 1 errors found, 2 usage error.`;

export function main(argv: readonly string[]): number {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write('0.1.0\n');
    return 0;
  }
  if (command !== 'check') {
    process.stderr.write(`modelready: unknown command '${command}'\n${USAGE}\n`);
    return 2;
  }
  const unknown = rest.find((a) => a.startsWith('-'));
  if (unknown) {
    process.stderr.write(`modelready: unknown option '${unknown}'\n${USAGE}\n`);
    return 2;
  }
  if (rest.length === 0) {
    process.stderr.write(`modelready: no files given\n${USAGE}\n`);
    return 2;
  }
  try {
    const results = checkPaths(rest);
    const out = formatText(results);
    if (out) process.stdout.write(`${out}\n`);
    const all = results.flatMap((r) => r.findings);
    const errors = all.filter((f) => f.severity === 'error').length;
    const warnings = all.filter((f) => f.severity === 'warning').length;
    process.stdout.write(`${results.length} file(s) checked: ${errors} error(s), ${warnings} warning(s), ${all.length - errors - warnings} info\n`);
    return errors > 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`modelready: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
