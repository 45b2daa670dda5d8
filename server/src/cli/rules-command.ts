import { PROFILES } from '../engine/vocabulary';
import { EXIT_OK } from './errors';
import type { Command } from './main';
import { emit, oneOf } from './terminal';

const USAGE = `Usage: modelready rules [options]

Lists the rule catalogue: every readiness rule and built-in code with its area, default severity, severity
under the profile, whether it is fixable, and its documentation page.

  --format, -f F           text (default) | json
  --profile P              show severities under this profile (default: production)
  --output, -o FILE        write to FILE instead of stdout`;

export const rulesCommand: Command = {
  usage: USAGE,
  allowPositionals: false,
  options: { format: { type: 'string', short: 'f' }, profile: { type: 'string' }, output: { type: 'string', short: 'o' } },
  async run(values, _positionals, io) {
    const fmt = oneOf('format', values.format as string | undefined, ['text', 'json'] as const, 'text');
    const profile = oneOf('profile', values.profile as string | undefined, PROFILES, 'production');
    const [{ ruleCatalogue }, { DEFAULT_CONFIG }] = await Promise.all([import('../engine/report/model.js'), import('../engine/config/config.js')]);
    const catalogue = ruleCatalogue({ ...DEFAULT_CONFIG, profile });
    if (fmt === 'json') {
      emit(io, `${JSON.stringify({ profile, rules: catalogue }, null, 2)}\n`, values.output as string | undefined);
      return EXIT_OK;
    }
    const idWidth = Math.max(...catalogue.map((r) => r.id.length));
    const lines = catalogue.map(
      (r) => `${r.id.padEnd(idWidth)}  ${r.severity.padEnd(7)}  ${(r.effectiveSeverity === r.severity ? '' : `→ ${r.effectiveSeverity}`).padEnd(9)}  ${r.fixable ? 'fix' : '   '}  ${r.description}`,
    );
    const header = `${'rule'.padEnd(idWidth)}  default  ${profile.slice(0, 9).padEnd(9)}  fix  description`;
    emit(io, `${header}\n${lines.join('\n')}\n\n${catalogue.length} rules and codes; docs: https://github.com/modelready/modelready/tree/main/docs/rules\n`, values.output as string | undefined);
    return EXIT_OK;
  },
};
