import { analyse, INPUT_HELP, INPUT_OPTIONS } from './analyse';
import { EXIT_OK } from './errors';
import type { Command } from './main';
import { emit, oneOf } from './terminal';

const FORMATS = ['markdown', 'html', 'json'] as const;

const USAGE = `Usage: modelready report [options] [paths|globs...]

Writes the readiness report: the overall score and the score per area (with the rules and findings behind each
number), the files and their deployments, and every finding grouped by area and rule.

  --format, -f F           markdown (default) | html (one self-contained page) | json
${INPUT_HELP}

Exit code: 0 when the report was written (whatever it says), 2 on a usage or configuration error.`;

export const reportCommand: Command = {
  usage: USAGE,
  allowPositionals: true,
  options: { ...INPUT_OPTIONS, format: { type: 'string', short: 'f' } },
  async run(values, positionals, io) {
    const fmt = oneOf('format', values.format as string | undefined, FORMATS, 'markdown');
    const { report } = await analyse(values, positionals, io, { fingerprints: () => fmt === 'json' });
    const m = await import('../engine/report/formatters/index.js');
    const text = fmt === 'html' ? m.formatHtml(report) : fmt === 'json' ? m.formatJson(report) : m.formatMarkdown(report);
    emit(io, text, values.output as string | undefined);
    if (values.output && values.output !== '-' && !values.quiet) io.stderr.write(`modelready: wrote ${values.output} (readiness ${report.score.overall ?? 'n/a'}/100)\n`);
    return EXIT_OK;
  },
};
